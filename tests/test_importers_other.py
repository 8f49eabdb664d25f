"""The template (librarians' CSV) and edges (KONECT/SNAP) importers, and the bundled world
network file."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal

from friendship_graph.cli import main
from friendship_graph.importers.common import ImportFileError
from friendship_graph.importers.edges import import_edges
from friendship_graph.importers.template import COLUMNS, import_template
from friendship_graph.store import Store
from friendship_graph.vocab import DCTERMS, FG, FGC, GRAPH, ID, RDF, RDFS

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "importers"
EXAMPLE = REPO / "data" / "template" / "example.csv"


def test_template_header_is_documented() -> None:
    with (REPO / "data" / "template" / "template.csv").open(encoding="utf-8") as stream:
        header = next(csv.reader(stream))
    assert header == list(COLUMNS)
    docs = (REPO / "docs" / "importers.md").read_text(encoding="utf-8")
    assert all(f"`{column}`" in docs for column in COLUMNS)


def test_template_example(jinzhong_store: Store) -> None:
    report = import_template(jinzhong_store, EXAMPLE, name="template-example")
    assert report.rows_read == 8 and not report.rejected
    g = GRAPH["template-example"]
    # resolves to the article's nodes
    p = ID["partnership/pingyao-kyakhta"]
    facts = {(pr, o) for _, pr, o, _ in jinzhong_store.quads(p, None, None, g)}
    assert (FG.status, FGC.intended) in facts and (FG.level, FGC.countyLevel) in facts
    agreement = ID["agreement/pingyao-kyakhta-letter-of-intent-2019"]
    facts = {(pr, o) for _, pr, o, _ in jinzhong_store.quads(agreement, None, None, g)}
    assert (RDF.type, FG.LetterOfIntent) in facts
    assert (FG.party, ID["place/ru/kyakhta"]) in facts
    quotes = [o for pr, o in facts if pr == FG.supportedBy]
    assert quotes and any(jinzhong_store.quads(quotes[0], FG.quote, None, g))
    event = ID["event/kyakhta-delegation-visit-2019-02"]
    assert any(jinzhong_store.quads(event, RDF.type, FG.DelegationVisit, g))
    london = ID["place/gb/london"]
    assert any(jinzhong_store.quads(london, RDFS.label, Literal("London", lang="en"), g))


def test_template_bad_rows_and_columns(memory_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("record,kind,place1,country1,place2,country2,date,source\n"
                    "partnership,,Alpha,France,Beta,Germany,,\n"
                    "meeting,,Alpha,France,Beta,Germany,,S\n"
                    "agreement,Nonsense,Alpha,France,Beta,Germany,,S\n"
                    "event,Meeting,Alpha,France,,,20190,S\n"
                    "event,Meeting,Alpha,France,,,2019,S\n", encoding="utf-8")
    report = import_template(memory_store, path, name="t")
    assert report.rejected_by_reason == {"unknown value": 3, "unparseable date": 1}
    assert any(memory_store.quads(None, RDF.type, FG.Meeting, GRAPH["t"]))
    bad = tmp_path / "bad.csv"
    bad.write_text("record,place1,country1,source,colour\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="unknown template column"):
        import_template(memory_store, bad)


def test_edges_as_nodes(memory_store: Store) -> None:
    report = import_edges(memory_store, DATA / "edges_sample.txt", name="net")
    assert report.rows_read == 6
    assert report.nodes_created == 3 and report.edges_created == 3
    assert report.duplicate_rows == 1
    assert report.rejected_by_reason == {"empty name": 1, "self-pair": 1}
    g = GRAPH["net"]
    assert any(memory_store.quads(ID["node/net/1"], RDF.type, FG.NetworkNode, g))
    assert len(list(memory_store.quads(None, FG.linkedTo, None, g))) == 3


def test_edges_as_places(memory_store: Store) -> None:
    import_edges(memory_store, DATA / "edges_sample.txt", name="net", as_places=True)
    g = GRAPH["net"]
    assert any(memory_store.quads(ID["node/net/1"], RDF.type, FG.Place, g))
    assert len(list(memory_store.quads(None, RDF.type, FG.Twinning, g))) == 3


def test_edges_not_an_edge_list(memory_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("one\ntwo\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="no line has two"):
        import_edges(memory_store, path)


def test_cli_template_and_edges(tmp_path: Path) -> None:
    store = tmp_path / "s"
    runner = CliRunner()
    result = runner.invoke(main, ["--store", str(store), "import", "template", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["--store", str(store), "import", "edges", "--as", "places",
                                  str(DATA / "edges_sample.txt")])
    assert result.exit_code == 0, result.output
    assert "rejected: 2 rows" in result.stderr


WORLD = REPO / "data" / "world" / "world.nq.gz"


def test_world_file_has_both_sources_and_the_merge() -> None:
    """Scans the bundled file's lines (no store: fast)."""
    assert WORLD.stat().st_size < 15_000_000
    wp, wd = str(GRAPH["wikipedia-twin-towns"]), str(GRAPH["wikidata-sister-cities"])
    szolnok_jinzhong: set[str] = set()
    licences: dict[str, set[str]] = {wp: set(), wd: set()}
    graphs: set[str] = set()
    partner = f"<{FG.partner}>"
    with gzip.open(WORLD, "rt", encoding="utf-8") as handle:
        for line in handle:
            graph = line.rstrip(" .\n").rsplit(" ", 1)[-1].strip("<>")
            graphs.add(graph)
            if line.startswith(f"<{ID['partnership/jinzhong-szolnok']}> {partner}"):
                szolnok_jinzhong.add(graph)
            if f"<{DCTERMS.license}>" in line:
                licences[graph].add(line.split(" ")[2].strip("<>"))
    assert graphs == {wp, wd}
    assert szolnok_jinzhong == {wp}  # the article's partnership, now also from Wikipedia
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in licences[wp]
    assert "https://creativecommons.org/publicdomain/zero/1.0/" in licences[wd]


def test_default_store_loader_reads_gzipped_nquads(tmp_path: Path) -> None:
    """The default store's builder loads *.nq.gz files keeping their graphs (as for the
    bundled world network)."""
    from friendship_graph.importers.pairs import import_pairs
    from friendship_graph.store.default import build_store

    with Store.memory() as store:
        import_pairs(store, DATA / "pairs_custom.tsv", name="custom",
                     mapping={"name1": "ort_a", "country1": "land_a", "name2": "ort_b",
                              "country2": "land_b"})
        data = store.dump(None, format="nq")
    path = tmp_path / "mini.nq.gz"
    path.write_bytes(gzip.compress(data))
    build_store(tmp_path / "store", [path])
    with Store.open(tmp_path / "store", read_only=True) as built:
        assert GRAPH["custom"] in built.graphs()
        assert any(built.quads(ID["partnership/cn-jinzhong--hu-szolnok"], FG.partner))
        assert any(built.quads(None, FG.twinnedWith, None, GRAPH["inferred"]))
