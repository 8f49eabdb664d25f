"""The store: named graphs per source, atomic loads, derived facts, locking, no network."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from friendship_graph.errors import LoadError, NetworkAccessError, StoreInUseError
from friendship_graph.store import Store, graph_for_file
from friendship_graph.vocab import FG, GRAPH, ID, INFERRED_GRAPH, ONTOLOGY_GRAPH

DATA = Path(__file__).parent / "data" / "store"
SMALL = DATA / "small.ttl"
BAD_LAST = DATA / "bad-last-line.ttl"


def test_new_store_holds_the_ontology(memory_store: Store) -> None:
    assert ONTOLOGY_GRAPH in memory_store.graphs()
    assert memory_store.query("ASK { fg:PrefectureLevelCity rdfs:subClassOf+ fg:Place }").boolean


def test_each_file_goes_to_its_own_named_graph(memory_store: Store) -> None:
    report = memory_store.load_files([SMALL])
    assert report.added > 0
    assert graph_for_file(SMALL) == GRAPH["small"]
    assert GRAPH["small"] in memory_store.graphs()
    graphs = {g for *_, g in memory_store.quads(ID["place/xx/alpha"], None, None)}
    assert graphs == {GRAPH["small"], INFERRED_GRAPH}


def test_twinned_with_is_derived_both_ways(memory_store: Store) -> None:
    memory_store.load_files([SMALL])
    alpha, beta = ID["place/xx/alpha"], ID["place/xx/beta"]
    derived = {(s, o, g) for s, _, o, g in memory_store.quads(None, FG.twinnedWith, None)}
    assert derived == {(alpha, beta, INFERRED_GRAPH), (beta, alpha, INFERRED_GRAPH)}


def test_removing_a_source_removes_what_it_implied(memory_store: Store) -> None:
    memory_store.load_files([SMALL])
    memory_store.remove_graph(GRAPH["small"])
    assert not list(memory_store.quads(None, FG.twinnedWith, None))
    assert GRAPH["small"] not in memory_store.graphs()


@pytest.mark.parametrize("replace", [False, True])
def test_a_file_failing_on_its_last_line_changes_nothing(memory_store: Store,
                                                         replace: bool) -> None:
    memory_store.load_files([SMALL])
    before = memory_store.content_hash()
    with pytest.raises(LoadError) as error:
        memory_store.load_files([BAD_LAST], graph=str(GRAPH["small"]), replace=replace)
    assert error.value.line == len(BAD_LAST.read_text().splitlines())
    assert str(BAD_LAST) in str(error.value)
    assert memory_store.content_hash() == before


def test_several_files_are_all_or_nothing(memory_store: Store) -> None:
    before = memory_store.content_hash()
    with pytest.raises(LoadError):
        memory_store.load_files([SMALL, BAD_LAST])
    assert memory_store.content_hash() == before


def test_replace_swaps_a_source_as_a_unit(memory_store: Store, tmp_path: Path) -> None:
    memory_store.load_files([SMALL])
    newer = tmp_path / "small.ttl"
    newer.write_text(SMALL.read_text().replace('"Beta"@en', '"Beta (new)"@en'), "utf-8")
    memory_store.load_files([newer], replace=True)
    labels = {str(o) for _, _, o, _ in memory_store.quads(ID["place/xx/beta"], None, None)
              if isinstance(o, Literal)}
    assert labels == {"Beta (new)"}


def test_language_tags_and_datatypes_survive(memory_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "lex.nt"
    xsd = "http://www.w3.org/2001/XMLSchema#"
    path.write_text(f'<http://x/a> <http://x/p> "2019-02"^^<{xsd}gYearMonth> .\n'
                    '<http://x/a> <http://x/q> "晋中"@zh-Hans .\n')
    memory_store.load_files([path])
    values = {o for _, _, o, _ in memory_store.quads(URIRef("http://x/a"), None, None)}
    assert values == {Literal("2019-02", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")),
                      Literal("晋中", lang="zh-Hans")}


def test_content_hash_is_order_independent(tmp_path: Path) -> None:
    with Store.memory(ontology=False) as one, Store.memory(ontology=False) as two:
        one.load_files([SMALL])
        two.load_files([SMALL])
        assert one.content_hash() == two.content_hash()


def test_on_disk_store_persists_and_reopens_read_only(disk_store: Path) -> None:
    with Store.open(disk_store) as store:
        store.load_files([SMALL])
        expected = store.content_hash()
    with Store.open(disk_store, read_only=True) as store:
        assert store.content_hash() == expected


def test_a_second_writer_is_refused(disk_store: Path) -> None:
    with Store.open(disk_store), pytest.raises(StoreInUseError, match="store is in use"):
        Store.open(disk_store)


def test_readers_share_but_not_with_a_writer(disk_store: Path) -> None:
    Store.open(disk_store).close()
    with (Store.open(disk_store, read_only=True), Store.open(disk_store, read_only=True),
          pytest.raises(StoreInUseError)):
        Store.open(disk_store)


def test_reading_a_missing_store_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="no store at"):
        Store.open(tmp_path / "nothing", read_only=True)


@pytest.mark.parametrize("sparql", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "select * { service <http://example.org/sparql> { ?s ?p ?o } }",
])
def test_service_is_refused(memory_store: Store, sparql: str) -> None:
    with pytest.raises(NetworkAccessError, match="SERVICE"):
        memory_store.query(sparql)


def test_load_is_refused(memory_store: Store) -> None:
    with pytest.raises(NetworkAccessError, match="LOAD"):
        memory_store.update("LOAD <http://example.org/data.ttl>")


def test_keywords_inside_strings_are_fine(memory_store: Store) -> None:
    result = memory_store.query('SELECT ?x WHERE { BIND("SERVICE LOAD" AS ?x) }')
    assert [str(r[0]) for r in result.rows] == ["SERVICE LOAD"]


def test_remote_json_ld_context_is_refused(memory_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text('{"@context": "http://example.org/context.jsonld", "@id": "http://x/a"}')
    with pytest.raises(LoadError, match="remote @context"):
        memory_store.load_files([path])


def test_rdf_xml_entities_are_refused(memory_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "bomb.rdf"
    path.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><r/>')
    with pytest.raises(LoadError, match="ENTITY"):
        memory_store.load_files([path])


def test_unknown_file_ending_is_a_clear_error(memory_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_text("hello")
    with pytest.raises(LoadError, match="cannot tell the RDF format"):
        memory_store.load_files([path])


def test_non_canonical_literals_are_refused_or_canonicalised(memory_store: Store,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "lex.nt"
    path.write_text('<http://x/a> <http://x/p> "01"^^'
                    '<http://www.w3.org/2001/XMLSchema#integer> .\n')
    before = memory_store.content_hash()
    with pytest.raises(LoadError, match="canonical"):
        memory_store.load_files([path])
    assert memory_store.content_hash() == before
    memory_store.load_files([path], canonicalize=True)
    [(_, _, value, _)] = list(memory_store.quads(URIRef("http://x/a"), None, None))
    assert str(value) == "1"


def test_statements_are_plain_strings(tmp_path: Path) -> None:
    data = tmp_path / "s.trig"
    data.write_text(
        '@prefix fg: <https://w3id.org/friendship-graph/ontology#> .\n'
        '<http://x/g1> { <http://x/a> fg:partner <http://x/b> ; fg:note "tab\\there"@en, '
        '"50%"^^<http://www.w3.org/2001/XMLSchema#string> . _:n fg:partner <http://x/c> .\n'
        '<http://x/a> fg:partner _:m . }\n'
        '<http://x/g2> { <http://x/a> fg:partner <http://x/b> . }\n', encoding="utf-8")
    with Store.memory(ontology=False) as store:
        store.load_files([data])
        partner, note = str(FG.partner), str(FG.note)
        # IRI objects only; blank subjects and objects left out; one row per graph holding it.
        assert sorted(store.statements([partner], graphs=True)) == [
            ("http://x/a", partner, "http://x/b", "", "http://x/g1"),
            ("http://x/a", partner, "http://x/b", "", "http://x/g2")]
        assert store.statements([partner], ["http://x/c"]) == []
        assert store.statements([note]) == []  # literals only when asked for
        assert sorted(store.statements([note], literals=True)) == [
            ("http://x/a", note, "50%", "", ""), ("http://x/a", note, "tab\there", "en", "")]
        assert store.statements([]) == []
