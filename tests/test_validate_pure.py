"""Validation does not mutate: checking data against the shapes - with the ontology's class
hierarchy and its SHACL rules (inference) in play - leaves the data, and the store, exactly as
they were. pySHACL asked to work in place with RDFS inference WOULD grow the data graph.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyshacl
import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from friendship_graph.cli import main
from friendship_graph.ontology import load_ontology
from friendship_graph.store import Store, parse_file, to_rdflib
from friendship_graph.validate import (
    validate_files,
    validate_graph,
    validate_quads,
    validate_store,
)
from friendship_graph.vocab import FG


def graph_hash(graph: Graph) -> str:
    return hashlib.sha256("\n".join(sorted(
        " ".join(term.n3() for term in triple) for triple in graph)).encode()).hexdigest()


@pytest.fixture
def data(jinzhong_file: Path) -> Graph:
    graph = Graph()
    for quad in parse_file(jinzhong_file):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def test_validate_graph_leaves_the_data_graph_unchanged(data: Graph) -> None:
    size, digest = len(data), graph_hash(data)
    report = validate_graph(data)
    assert report.checked_triples == size
    assert len(data) == size
    assert graph_hash(data) == digest
    assert not any(data.triples((None, FG.twinnedWith, None)))  # no derived fact leaked in
    assert not any(data.triples((None, None, URIRef("http://www.w3.org/ns/shacl#Violation"))))


def test_the_rules_do_run_during_validation_on_a_copy(data: Graph) -> None:
    """The inference is real: the same pySHACL call in place derives fg:twinnedWith."""
    ontology = load_ontology().graph
    union = Graph()
    for triple in ontology:
        union.add(triple)
    for triple in data:
        union.add(triple)
    before = len(union)
    pyshacl.validate(union, shacl_graph=ontology, inference="none", advanced=True,
                     inplace=True, allow_warnings=True)
    assert len(union) > before
    assert any(union.triples((None, FG.twinnedWith, None)))


def test_pyshacl_in_place_with_rdfs_inference_would_grow_the_data(data: Graph) -> None:
    ontology = load_ontology().graph
    size = len(data)
    pyshacl.validate(data, shacl_graph=ontology, ont_graph=ontology, inference="rdfs",
                     inplace=True, allow_warnings=True)
    assert len(data) > size  # what the project's validation must never do


def test_validate_store_leaves_the_store_unchanged(jinzhong_store: Store) -> None:
    before, size = jinzhong_store.content_hash(), len(jinzhong_store)
    validate_store(jinzhong_store)
    assert len(jinzhong_store) == size
    assert jinzhong_store.content_hash() == before


def test_validate_quads_and_files_leave_their_inputs_unchanged(jinzhong_file: Path) -> None:
    quads = parse_file(jinzhong_file)
    snapshot = [str(q) for q in quads]
    content = jinzhong_file.read_bytes()
    validate_quads(quads)
    validate_files([jinzhong_file])
    assert [str(q) for q in quads] == snapshot
    assert jinzhong_file.read_bytes() == content


def test_load_with_validate_rejection_leaves_the_store_unchanged(tmp_path: Path) -> None:
    """``load --validate`` of a file with violations writes nothing."""
    bad = Path(__file__).resolve().parent / "data" / "shapes" / "DateValueShape.ttl"
    store = tmp_path / "store"
    with Store.open(store) as writer:
        before = writer.content_hash()
    result = CliRunner().invoke(main, ["--store", str(store), "load", "--validate", str(bad)])
    assert result.exit_code == 2
    assert "SHACL violation" in result.stderr
    with Store.open(store, read_only=True) as reader:
        assert reader.content_hash() == before


def test_cli_validate_on_a_store_leaves_it_unchanged(tmp_path: Path, jinzhong_file: Path) -> None:
    store = tmp_path / "store"
    with Store.open(store) as writer:
        writer.load_files([jinzhong_file])
        before = writer.content_hash()
    result = CliRunner().invoke(main, ["--store", str(store), "validate"])
    assert result.exit_code in (0, 1), result.stderr
    with Store.open(store, read_only=True) as reader:
        assert reader.content_hash() == before
