"""The pairs importer (CSV/TSV of place pairs), the import report, and the import CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from friendship_graph.cli import main
from friendship_graph.errors import FriendshipGraphError
from friendship_graph.importers.common import ImportFileError, parse_date
from friendship_graph.importers.pairs import import_pairs, load_mapping, read_pairs
from friendship_graph.importers.places import normalise_space
from friendship_graph.queries import run_query
from friendship_graph.store import Store
from friendship_graph.vocab import DCTERMS, FG, FGC, GEO, GRAPH, ID, RDF, RDFS, SKOS, XSD

DATA = Path(__file__).resolve().parent / "data" / "importers"
SAMPLE = DATA / "twin_cities_sample.csv"
WP = GRAPH["wikipedia-twin-towns"]


def _import(store: Store, path: Path = SAMPLE, **options):  # noqa: ANN202
    return import_pairs(store, path, name="wikipedia-twin-towns", **options)


def test_sample_report(memory_store: Store) -> None:
    report = _import(memory_store)
    assert report.rows_read == 33
    assert report.rejected_by_reason == {"empty name": 1, "self-pair": 1,
                                         "unknown country": 2, "unparseable coordinate": 1}
    rows = {row: reason for row, reason, _ in report.rejected}
    assert rows["23"] == "self-pair" and rows["33"] == "unparseable coordinate"
    assert report.partnerships_created == 28
    assert report.quads_written == sum(1 for _ in memory_store.quads(graph=WP))


def test_places_countries_and_provenance(memory_store: Store) -> None:
    _import(memory_store, retrieved="2026-11-29", licenses=["https://example.org/licence"])
    q = list(memory_store.quads(ID["place/hu/szolnok"], None, None, WP))
    facts = {(p, o) for _, p, o, _ in q}
    assert (RDF.type, FG.City) in facts
    assert (RDFS.label, Literal("Szolnok", lang="en")) in facts
    assert (FG.country, ID["country/hu"]) in facts
    assert (GEO.lat, Literal("47.1747", datatype=XSD.decimal)) in facts
    hu = {(p, o) for _, p, o, _ in memory_store.quads(ID["country/hu"], None, None, WP)}
    assert (RDF.type, FG.Country) in hu and (FG.isoCode, Literal("HU")) in hu
    # constituent countries are places of their own
    england = ID["place/gb/england"]
    assert (england, RDF.type, FG.ConstituentCountry, WP) in set(memory_store.quads(england))
    abingdon = ID["place/gb/abingdon-on-thames"]
    assert (abingdon, FG.locatedIn, england, WP) in set(memory_store.quads(abingdon))
    assert (abingdon, FG.country, ID["country/gb"], WP) in set(memory_store.quads(abingdon))
    # the dataset describes itself
    source = ID["source/wikipedia-twin-towns"]
    assert (source, RDF.type, FG.Dataset, WP) in set(memory_store.quads(source))
    assert (source, DCTERMS.license, URIRef("https://example.org/licence"), WP) in set(
        memory_store.quads(source))
    assert (WP, DCTERMS.created, Literal("2026-11-29", datatype=XSD.date), WP) in set(
        memory_store.quads(WP))
    # no Chinese labels invented
    assert not [o for _, _, o, _ in memory_store.quads(None, RDFS.label, None, WP)
                if getattr(o, "language", None) == "zh"]


def test_qualified_names_and_empty_country_recovered(memory_store: Store) -> None:
    _import(memory_store)
    setagaya = ID["place/jp/setagaya-tokyo"]
    facts = {(p, o) for _, p, o, _ in memory_store.quads(setagaya)}
    assert (RDF.type, FG.District) in facts
    assert (FG.locatedIn, ID["place/jp/tokyo"]) in facts
    assert (RDFS.label, Literal("Setagaya", lang="en")) in facts
    assert (SKOS.altLabel, Literal("Setagaya (Tokyo)", lang="en")) in facts
    gangdong = ID["place/kr/gangdong-seoul"]
    assert (gangdong, FG.locatedIn, ID["place/kr/seoul"], WP) in set(memory_store.quads(gangdong))
    # "Varna, Bulgaria" with an empty country column: the country is taken from the name
    assert any(memory_store.quads(ID["place/bg/varna"], FG.country, ID["country/bg"]))


def test_szolnok_jinzhong_is_one_partnership_with_two_sources(jinzhong_store: Store) -> None:
    report = _import(jinzhong_store)
    assert report.partnerships_merged == 1 and report.places_merged >= 2
    p = ID["partnership/jinzhong-szolnok"]
    graphs = {g for _, _, _, g in jinzhong_store.quads(p, FG.partner)}
    assert graphs == {WP, GRAPH["jinzhong-2019-10-30"]}
    assert not any(jinzhong_store.quads(ID["partnership/cn-jinzhong--hu-szolnok"]))
    rows = jinzhong_store.query("""SELECT ?p WHERE { ?p fg:partner id:place\\/hu\\/szolnok ,
                                   id:place\\/cn\\/jinzhong }""").rows
    assert {r[0] for r in rows} == {p}
    # the article's kind stays the most specific one: Wikipedia states only fg:Partnership
    assert (p, RDF.type, FG.Partnership, WP) in set(jinzhong_store.quads(p, RDF.type))


def test_reimport_replaces_the_graph(memory_store: Store) -> None:
    first = _import(memory_store)
    size = len(memory_store)
    second = _import(memory_store)
    assert len(memory_store) == size
    assert second.places_merged == 0 and second.partnerships_created == first.partnerships_created
    assert any(memory_store.quads(ID["place/hu/szolnok"], GEO.lat, None, WP))


@pytest.mark.parametrize(("name", "message"), [
    ("bad_encoding.csv", "not valid utf-8"),
    ("missing_columns.csv", "missing required column"),
])
def test_malformed_files_write_nothing(memory_store: Store, name: str, message: str) -> None:
    before = memory_store.content_hash()
    with pytest.raises(ImportFileError, match=message) as error:
        _import(memory_store, DATA / name)
    assert isinstance(error.value, FriendshipGraphError)
    assert memory_store.content_hash() == before


def test_bad_encoding_names_the_line() -> None:
    with pytest.raises(ImportFileError, match=r"bad_encoding\.csv:2"):
        read_pairs(DATA / "bad_encoding.csv")


def test_mapping_file_and_tsv(memory_store: Store) -> None:
    mapping = load_mapping(DATA / "pairs_custom.toml")
    report = import_pairs(memory_store, DATA / "pairs_custom.tsv", mapping=mapping,
                          name="custom")
    assert report.partnerships_created == 3 and not report.rejected
    assert any(memory_store.quads(ID["partnership/cn-jinzhong--hu-szolnok"], FG.status,
                                  FGC.established))


def test_date_kind_and_status_columns(memory_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("a,ca,b,cb,since,kind,status\n"
                    "Alpha,France,Beta,Germany,1999-05,sister-city / friendship-city "
                    "partnership,ended\n"
                    "Gamma,France,Delta,Germany,May 1999,,\n"
                    "Eps,France,Zeta,Germany,,Nonsense,\n", encoding="utf-8")
    mapping = {"name1": "a", "country1": "ca", "name2": "b", "country2": "cb", "date": "since",
               "kind": "kind", "status": "status"}
    report = import_pairs(memory_store, path, mapping=mapping, name="p")
    assert report.rejected_by_reason == {"unknown value": 1, "unparseable date": 1}
    p = ID["partnership/de-beta--fr-alpha"]
    facts = {(pr, o) for _, pr, o, _ in memory_store.quads(p)}
    assert (RDF.type, FG.SisterCityPartnership) in facts
    assert (FG.status, FGC.ended) in facts
    assert (FG.startDate, Literal("1999-05", datatype=XSD.gYearMonth)) in facts


def test_parse_date() -> None:
    assert parse_date("2019") == Literal("2019", datatype=XSD.gYear)
    assert parse_date("2019-02-30") is None and parse_date("2019-13") is None
    assert parse_date("") is None


_NAMES = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r"),
                 min_size=1, max_size=30).filter(lambda s: s.strip() == s and s.strip()
                                                  and "(" not in s and "–" not in s
                                                  and " - " not in s and "," not in s)
_ANY_NAMES = st.one_of(_NAMES, st.sampled_from(['O"Brien, "quoted"', "晋中市", "Line\nbreak",
                                                 "semi;colon", "tab\there"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_ANY_NAMES, _ANY_NAMES), min_size=1, max_size=4),
       st.sampled_from([",", "\t", ";"]))
def test_names_round_trip_into_labels(tmp_path_factory, pairs, delimiter) -> None:  # noqa: ANN001
    """Arbitrary names (quotes, commas, CJK, newlines) reach the labels exactly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["name1", "country1", "name2", "country2"])
    for a, b in pairs:
        writer.writerow([a, "France", b, "Japan"])
    path = tmp_path_factory.mktemp("rt") / "pairs.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    records = read_pairs(path, delimiter=delimiter)
    assert [(r.a.name, r.b.name) for r in records] == pairs
    with Store.memory() as store:
        report = import_pairs(store, path, name="rt", delimiter=delimiter, progress=False)
        labels = {str(o) for _, _, o, _ in store.quads(None, RDFS.label, None, GRAPH["rt"])}
        alts = {str(o) for _, _, o, _ in store.quads(None, SKOS.altLabel, None, GRAPH["rt"])}
        for a, b in pairs:
            for name in (a, b):
                normalised = normalise_space(name)  # the importer's own rule for spaces
                if name.strip():
                    assert (name in labels | alts) or (normalised in labels | alts), name
        assert report.rows_read == len(pairs)


def test_cli_import_report_and_query(tmp_path: Path) -> None:
    store = tmp_path / "store"
    runner = CliRunner()
    result = runner.invoke(main, ["--store", str(store), "import", "pairs", str(SAMPLE),
                                  "--source", "wikipedia-twin-towns", "--report",
                                  str(tmp_path / "r.csv"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["rows_read"] == 33 and summary["rejected"] == 5
    assert "rejected: 5 rows" in result.stderr
    with (tmp_path / "r.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert {r["reason"] for r in rows if r["kind"] == "rejected"} == {
        "empty name", "self-pair", "unknown country", "unparseable coordinate"}
    result = runner.invoke(main, ["--store", str(store), "query", "partners", "--param",
                                  "place=Irkutsk", "--format", "json"])
    assert result.exit_code == 0, result.output
    with Store.open(store, read_only=True) as s:
        rows = run_query(s, "partners", {"place": "Irkutsk"}).dicts()
    assert len(rows) == 12 == len({str(r["partnership"]) for r in rows})


def test_cli_import_errors_are_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "import", "pairs",
                                       str(DATA / "missing_columns.csv")])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "Traceback" not in result.output
    assert "--name1 COLUMN" in result.stderr
    result = CliRunner().invoke(main, ["import", "pairs", str(SAMPLE)])
    assert result.exit_code == 2 and "--store" in result.stderr
