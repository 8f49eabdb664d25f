"""The gexf and graphml importers, entity resolution with the Wikipedia list, and compare."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Literal

from friendship_graph.cli import main
from friendship_graph.compare import compare_sources
from friendship_graph.errors import FriendshipGraphError
from friendship_graph.importers.common import ImportFileError
from friendship_graph.importers.gexf import import_gexf, import_graphml
from friendship_graph.importers.pairs import import_pairs
from friendship_graph.queries import run_query
from friendship_graph.store import Store
from friendship_graph.vocab import FG, GEO, GRAPH, ID, OWL, RDF, RDFS, WD

DATA = Path(__file__).resolve().parent / "data" / "importers"
GEXF = DATA / "sister_cities_sample.gexf"
WD_GRAPH = GRAPH["wikidata-sister-cities"]
WP_GRAPH = GRAPH["wikipedia-twin-towns"]


@pytest.fixture
def both(jinzhong_store: Store) -> Store:
    import_pairs(jinzhong_store, DATA / "twin_cities_sample.csv", name="wikipedia-twin-towns")
    import_gexf(jinzhong_store, GEXF, name="wikidata-sister-cities")
    return jinzhong_store


def test_gexf_alone(memory_store: Store) -> None:
    report = import_gexf(memory_store, GEXF, name="wikidata-sister-cities")
    assert report.rows_read == 9
    assert report.rejected_by_reason == {"unknown country": 1}  # Hargeisa, "Somaliland"
    irkutsk = ID["place/ru/irkutsk"]
    facts = {(p, o) for _, p, o, _ in memory_store.quads(irkutsk, None, None, WD_GRAPH)}
    assert (OWL.sameAs, WD["Q6576"]) in facts
    assert (RDFS.label, Literal("Irkutsk", lang="en")) in facts
    assert (RDF.type, FG.City) in facts
    assert any(p == FG.population for p, _ in facts)


def test_same_places_and_pairs_merge_across_sources(both: Store) -> None:
    irkutsk = ID["place/ru/irkutsk"]
    graphs = {g for _, _, _, g in both.quads(irkutsk, FG.country)}
    assert graphs == {WP_GRAPH, WD_GRAPH}
    # one position per place: the first source's
    assert {g for _, _, _, g in both.quads(irkutsk, GEO.lat)} == {WP_GRAPH}
    # Szolnok: the article's node, with Wikipedia's and Wikidata's statements
    szolnok = ID["place/hu/szolnok"]
    assert {g for _, _, _, g in both.quads(szolnok, FG.country)} == {
        WP_GRAPH, WD_GRAPH, GRAPH["jinzhong-2019-10-30"]}
    assert (szolnok, OWL.sameAs, WD["Q181276"], WD_GRAPH) in set(both.quads(szolnok))
    # a pair both sources state is one partnership with two sources
    only_wikidata = ID["partnership/lt-vilnius--ru-irkutsk"]
    assert {g for _, _, _, g in both.quads(only_wikidata, FG.partner)} == {WD_GRAPH}
    shared = ID["partnership/jp-kanazawa--ru-irkutsk"]
    assert {g for _, _, _, g in both.quads(shared, FG.partner)} == {WP_GRAPH, WD_GRAPH}


def test_partners_of_irkutsk_once_each(both: Store) -> None:
    rows = run_query(both, "partners", {"place": "Irkutsk"}).dicts()
    partnerships = [str(r["partnership"]) for r in rows]
    assert len(partnerships) == len(set(partnerships))
    labels = {str(r["partnerLabel"]) for r in rows}
    assert {"Eugene", "Kanazawa", "Vilnius", "Ulaanbaatar"} <= labels  # both sources


def test_compare(both: Store) -> None:
    result = compare_sources(both, "wikipedia-twin-towns", "graph:wikidata-sister-cities")
    counts = result.counts()
    assert result.shared >= 3
    assert counts["coverage_a"] > 0 and counts["coverage_b"] > 0
    kinds = {row.kind for row in result.rows}
    assert kinds <= {"only_in_a", "only_in_b", "coverage_a", "coverage_b", "date", "country"}
    assert json.loads(result.to_json())["summary"]["shared"] == result.shared
    assert result.to_csv().splitlines()[0].startswith("kind,place_a")
    with pytest.raises(FriendshipGraphError, match="no source"):
        compare_sources(both, "nope", "wikidata-sister-cities")


def test_compare_one_sided_and_dates(memory_store: Store, tmp_path: Path) -> None:
    a = tmp_path / "a.csv"
    a.write_text("name1,country1,name2,country2,date\nAlpha,France,Beta,Germany,1990\n"
                 "Alpha,France,Gamma,Italy,\n", encoding="utf-8")
    b = tmp_path / "b.csv"
    b.write_text("name1,country1,name2,country2,date\nBeta,Germany,Alpha,France,1991\n"
                 "Gamma,Italy,Beta,Germany,\n", encoding="utf-8")
    import_pairs(memory_store, a, name="a")
    import_pairs(memory_store, b, name="b")
    result = compare_sources(memory_store, "a", "b")
    got = {(row.kind, row.label_a, row.label_b, row.value_a, row.value_b)
           for row in result.rows if row.kind == "date"}
    assert got == {("date", "Beta", "Alpha", "1990", "1991")}
    assert result.counts()["only_in_a"] == 1 and result.counts()["only_in_b"] == 1


def test_cli_compare(tmp_path: Path) -> None:
    store = tmp_path / "s"
    runner = CliRunner()
    for fmt, path, name in (("pairs", DATA / "twin_cities_sample.csv", "wp"),
                            ("gexf", GEXF, "wd")):
        result = runner.invoke(main, ["--store", str(store), "import", fmt, str(path),
                                      "--source", name, "--no-progress"])
        assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["--store", str(store), "compare", "wp", "wd", "--format",
                                  "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["shared"] >= 3
    result = runner.invoke(main, ["--store", str(store), "compare", "wp", "wd"])
    assert result.exit_code == 0 and "shared" in result.stdout
    result = runner.invoke(main, ["--store", str(store), "compare", "wp", "wd", "--format",
                                  "csv", "--kind", "coverage_b"])
    assert result.exit_code == 0
    assert all(line.startswith("coverage_b") for line in result.stdout.splitlines()[1:])


def test_graphml_and_attribute_mapping(memory_store: Store, tmp_path: Path) -> None:
    graph = nx.read_gexf(GEXF)
    renamed = nx.Graph()
    for node, data in graph.nodes(data=True):
        renamed.add_node(node, name=data["label"], land=data["country"], lat=data["lat"],
                         lon=data["lon"])
    renamed.add_edges_from(graph.edges())
    path = tmp_path / "g.graphml"
    nx.write_graphml(renamed, path)
    report = import_graphml(memory_store, path, name="g",
                            mapping={"name": "name", "country": "land"})
    assert report.partnerships_created == 8
    assert any(memory_store.quads(ID["place/ru/irkutsk"], OWL.sameAs, WD["Q6576"]))


def test_not_a_graph(memory_store: Store) -> None:
    before = memory_store.content_hash()
    with pytest.raises(ImportFileError, match="not a valid GEXF"):
        import_gexf(memory_store, DATA / "not_a_graph.gexf")
    assert memory_store.content_hash() == before
