"""Validation: the SPARQL engine finds what pySHACL finds; files are checked in the context
of the store; loads check what they add; unknown terms; readable and machine reports; the
bundled store and the 1M synthetic network (slow)."""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

import pyshacl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from conftest import DATA, REPO, run_on_a_terminal
from friendship_graph.cli import main
from friendship_graph.ontology import ONTOLOGY_ENV, load_ontology
from friendship_graph.store import Store, parse_file, to_rdflib
from friendship_graph.validate import (
    load_checked,
    validate_files,
    validate_graph,
    validate_store,
)
from friendship_graph.validate.report import short
from friendship_graph.validate.shapes import compile_shapes, path_text
from friendship_graph.vocab import SH

SHAPES = DATA / "shapes"
FIXTURES = sorted(SHAPES.glob("*.ttl"))
EXT = DATA / "extensions"
NEW_PARTNERSHIP = DATA / "validate" / "new-partnership.ttl"
MISSPELLED = DATA / "validate" / "misspelled.ttl"


def _graph(*paths: Path) -> Graph:
    graph = Graph()
    for path in paths:
        for quad in parse_file(path):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate),
                       to_rdflib(quad.object)))
    return graph


def _key(shapes: Graph, focus, path, value, shape, component, severity) -> tuple:  # noqa: ANN001
    return (str(focus), path_text(shapes, path, short),
            str(value) if value is not None else "", str(shape) if isinstance(shape, URIRef)
            else "(nested)", str(component).rsplit("#", 1)[-1], severity)


def pyshacl_findings(data: Graph, ontology: Graph) -> Counter:
    """The top-level results of pySHACL, the reference engine, on data + ontology."""
    union = Graph()
    union += ontology
    union += data
    _, report, _ = pyshacl.validate(union, shacl_graph=ontology, inference="none",
                                    advanced=True, allow_warnings=True)
    out: Counter = Counter()
    for result in report.objects(None, SH.result):
        out[_key(ontology, report.value(result, SH.focusNode),
                 ontology.value(report.value(result, SH.sourceShape), SH.path),
                 report.value(result, SH.value), report.value(result, SH.sourceShape),
                 report.value(result, SH.sourceConstraintComponent),
                 str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1])] += 1
    return out


def our_findings(data: Graph, extra: list[Path] | None = None) -> Counter:
    ontology = load_ontology([str(p) for p in extra or []]).graph
    report = validate_graph(data, extra_ontology=extra or [])
    out: Counter = Counter()
    for finding, (focus, path, value, shape, component) in zip(report.findings, report.results,
                                                               strict=True):
        if finding.component != "UnknownTerm":
            out[_key(ontology, focus, path, value, shape, component, finding.severity)] += 1
    return out


# ----------------------------------------------------------------------------- same as pySHACL


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_same_findings_as_pyshacl_on_every_fixture(fixture: Path) -> None:
    data = _graph(fixture)
    expected = pyshacl_findings(data, load_ontology().graph)
    assert our_findings(data) == expected
    if fixture.stem != "good":
        assert {k[3].rsplit("#", 1)[-1] for k in expected} == {fixture.stem}


def test_same_findings_as_pyshacl_with_an_extension_shape() -> None:
    extra = [EXT / "ports.ttl"]
    for data_file in (EXT / "ports-bad.ttl", EXT / "ports-data.trig"):
        data = _graph(data_file)
        expected = pyshacl_findings(data, load_ontology([str(p) for p in extra]).graph)
        assert our_findings(data, extra) == expected


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), share=st.sampled_from([0.02, 0.1, 0.3]))
def test_same_findings_as_pyshacl_on_damaged_jinzhong_data(seed: int, share: float) -> None:
    """The Jinzhong dataset with a random share of its statements removed breaks many shapes
    in many ways: both engines report the same results."""
    triples = sorted(_graph(REPO / "data" / "jinzhong-2019-10-30.trig"), key=str)
    kept = random.Random(seed).sample(triples, int(len(triples) * (1 - share)))
    data = Graph()
    for triple in kept:
        data.add(triple)
    assert our_findings(data) == pyshacl_findings(data, load_ontology().graph)


def test_every_bundled_shape_compiles_to_sparql() -> None:
    compiled = compile_shapes(load_ontology().graph)
    assert compiled.unsupported == {}
    assert compiled.shapes >= len(FIXTURES) - 1


def test_a_constraint_without_translation_is_checked_by_pyshacl(tmp_path: Path) -> None:
    """sh:closed has no SPARQL template here: its shape runs through pySHACL, on the focus
    nodes' neighbourhood, and is found all the same."""
    shape = tmp_path / "closed.ttl"
    shape.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "ex:ClosedShape a sh:NodeShape ; rdfs:label \"closed\"@en , \"封闭\"@zh ;\n"
        "  sh:targetClass ex:Thing ; sh:closed true ;\n"
        "  sh:property [ sh:path rdfs:label ] ; sh:ignoredProperties ( "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ) ;\n"
        "  sh:message \"only labels\"@en .\n", encoding="utf-8")
    data = tmp_path / "data.ttl"
    data.write_text("@prefix ex: <https://example.org/> .\n"
                    "ex:a a ex:Thing ; <http://www.w3.org/2000/01/rdf-schema#label> \"a\" ;\n"
                    "  ex:other 1 .\n", encoding="utf-8")
    compiled = compile_shapes(load_ontology([str(shape)]).graph)
    assert URIRef("https://example.org/ClosedShape") in compiled.unsupported
    report = validate_files([data], extra_ontology=[shape])
    assert [(f.focus, f.message, f.value) for f in report.findings
            if f.severity == "Violation"] == [("https://example.org/a", "only labels", "1")]


# ----------------------------------------------------------------------------- in context


def test_a_file_is_checked_with_what_it_refers_to_in_the_store(jinzhong_store: Store) -> None:
    alone = validate_files([NEW_PARTNERSHIP])
    assert [f.component for f in alone.findings] == ["ClassConstraintComponent"] * 2
    assert {f.value for f in alone.findings} == {
        "https://w3id.org/friendship-graph/id/place/cn/pingyao",
        "https://w3id.org/friendship-graph/id/place/vn/hoi-an"}
    before = jinzhong_store.content_hash()
    in_context = validate_files([NEW_PARTNERSHIP], store=jinzhong_store)
    assert in_context.conforms and in_context.findings == [], in_context.to_text()
    assert jinzhong_store.content_hash() == before


def test_only_the_nodes_a_file_describes_are_checked(jinzhong_store: Store,
                                                     tmp_path: Path) -> None:
    """A problem already in the store is not reported against a new file; a problem the file
    makes for a node of the store is."""
    jinzhong_store.load_files([SHAPES / "PlaceLabelShape.ttl"])
    assert not validate_store(jinzhong_store).conforms
    assert validate_files([NEW_PARTNERSHIP], store=jinzhong_store).findings == []
    bad = tmp_path / "third-partner.ttl"
    bad.write_text("<https://w3id.org/friendship-graph/id/partnership/pingyao-hoi-an-test> "
                   "<https://w3id.org/friendship-graph/ontology#partner> "
                   "<https://w3id.org/friendship-graph/id/place/cn/jinzhong> .\n",
                   encoding="utf-8")
    report = validate_files([NEW_PARTNERSHIP, bad], store=jinzhong_store)
    assert [(f.component, f.file, f.line) for f in report.findings] == [
        ("MaxCountConstraintComponent", str(NEW_PARTNERSHIP), 9)]


def test_load_checks_what_it_adds_and_strict_refuses(tmp_path: Path,
                                                     jinzhong_file: Path) -> None:
    path = tmp_path / "store"
    with Store.open(path) as store:
        store.load_files([jinzhong_file])
        done = load_checked(store, [NEW_PARTNERSHIP], strict=True)
        assert done.validation.findings == [] and done.load.added > 0
        before = store.content_hash()
    runner = CliRunner()
    bad = SHAPES / "PartnershipPartnersShape.ttl"
    refused = runner.invoke(main, ["--store", str(path), "load", "--strict", str(bad)])
    assert refused.exit_code == 2
    assert "SHACL violation" in refused.stderr and "nothing was loaded" in refused.stderr
    with Store.open(path, read_only=True) as store:
        assert store.content_hash() == before
    loaded = runner.invoke(main, ["--store", str(path), "load", str(bad)])
    assert loaded.exit_code == 0, loaded.output
    assert f"{bad}:15: Violation:" in loaded.stderr
    assert "1 violation(s), 0 warning(s) in what was added" in loaded.stderr
    with Store.open(path, read_only=True) as store:
        assert store.content_hash() != before


# ----------------------------------------------------------------------------- unknown terms


def test_unknown_terms_with_file_line_and_the_closest_term(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.setenv(ONTOLOGY_ENV, str(DATA / "project" / "ext" / "tea-road.ttl"))
    report = validate_files([MISSPELLED])
    found = [(f.severity, f.line, short(f.value), f.fix) for f in report.findings]
    assert found == [
        ("Warning", 8, "fg:TeaRoadAliance", "did you mean fg:TeaRoadAlliance?"),
        ("Warning", 10, "dcterms:tilte", "did you mean dcterms:title?"),
        ("Warning", 12, "fg:populaton", "did you mean fg:population?"),
    ]
    assert report.conforms
    strict = validate_files([MISSPELLED], strict=True)
    assert not strict.conforms and strict.violation_count == 3


def test_unknown_terms_cli_warning_then_error() -> None:
    runner = CliRunner()
    args = ["--ontology", str(DATA / "project" / "ext" / "tea-road.ttl"), "validate", "--alone"]
    warned = runner.invoke(main, [*args, str(MISSPELLED)], env={ONTOLOGY_ENV: ""})
    assert warned.exit_code == 0, warned.output
    assert (f"{MISSPELLED}:8: Warning: <https://w3id.org/friendship-graph/id/alliance/tea-road>"
            ": fg:TeaRoadAliance is not a class that the ontology or an extension declares"
            ) in warned.output
    assert "Fix: did you mean fg:TeaRoadAlliance?" in warned.output
    failed = runner.invoke(main, [*args, "--strict", str(MISSPELLED)], env={ONTOLOGY_ENV: ""})
    assert failed.exit_code == 1


def test_declared_terms_of_the_ontology_and_aligned_vocabularies_pass() -> None:
    report = validate_files([REPO / "data" / "jinzhong-2019-10-30.trig"])
    assert not [f for f in report.findings if f.component == "UnknownTerm"]


# ----------------------------------------------------------------------------- reports


def test_json_and_turtle_reports() -> None:
    runner = CliRunner()
    bad = SHAPES / "PartnershipStatusShape.ttl"
    as_json = runner.invoke(main, ["validate", "--alone", "--format", "json", str(bad)])
    assert as_json.exit_code == 1
    data = json.loads(as_json.stdout)
    assert data["conforms"] is False and data["violations"] == 1
    (finding,) = data["findings"]
    assert finding["file"] == str(bad) and finding["line"] == 15
    assert finding["value"] == "https://w3id.org/friendship-graph/concept/cityLevel"
    assert finding["fix"] == "use one of fgc:ended, fgc:established, fgc:intended"
    assert finding["message"].startswith("A partnership must have exactly one fg:status")
    as_ttl = runner.invoke(main, ["validate", "--alone", "--format", "ttl", str(bad)])
    assert as_ttl.exit_code == 1
    graph = Graph().parse(data=as_ttl.stdout, format="turtle")
    (report,) = graph.subjects(SH.conforms, Literal(False))
    (result,) = graph.objects(report, SH.result)
    assert graph.value(result, SH.sourceConstraintComponent) == SH.NodeConstraintComponent
    assert str(graph.value(result, SH.focusNode)) == "https://example.org/fixture/partnership"
    alternative = runner.invoke(main, ["validate", "--alone", "--format", "ttl",
                                       str(SHAPES / "DateValueShape.ttl")])
    graph = Graph().parse(data=alternative.stdout, format="turtle")
    (path,) = graph.objects(None, SH.resultPath)
    assert graph.value(path, SH.alternativePath) is not None


def test_validate_in_a_subprocess_prints_no_progress_when_not_a_terminal() -> None:
    import subprocess

    done = subprocess.run([sys.executable, "-m", "friendship_graph.cli", "validate", "--alone",
                           str(SHAPES / "good.ttl")], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "conforms (0 violation(s)" in done.stdout


def test_validate_shows_progress_on_a_terminal() -> None:
    """With stderr a terminal (a pseudo-terminal here), a progress bar (rich) goes there;
    stdout keeps the report alone."""
    code, stdout, seen = run_on_a_terminal(["validate", "--alone", str(SHAPES / "good.ttl")],
                                           timeout=120)
    assert code == 0
    assert b"validating" in seen
    triples = len(Graph().parse(SHAPES / "good.ttl"))  # --alone: the file's own triples
    assert stdout.decode().splitlines() == [
        f"{triples} triples checked: conforms (0 violation(s), 0 warning(s), 0 info(s))"]


# ----------------------------------------------------------------------------- at scale


@pytest.mark.slow
def test_the_bundled_store_validates_with_its_graphs_named() -> None:
    from friendship_graph.store import default_store

    with default_store() as store:
        before = store.content_hash()
        report = validate_store(store)
        assert store.content_hash() == before
    assert report.checked_triples > 300_000
    assert report.conforms, report.first_message()
    assert report.findings and all(f.graph.startswith("https://w3id.org/friendship-graph/graph/")
                                   for f in report.findings)
    first = report.findings[0].text()
    assert first.startswith("graph:") and "<https://w3id.org/friendship-graph/id/" in first


@pytest.mark.slow
def test_the_1m_synthetic_network_validates(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from synthetic import generate
    finally:
        sys.path.pop(0)
    path = generate(1_000_000, seed=1)
    Store.build(tmp_path / "store", [path])
    with Store.open(tmp_path / "store", read_only=True) as store:
        before = store.content_hash()
        report = validate_store(store)
        assert store.content_hash() == before
    assert report.checked_triples >= 1_000_000
    assert not [f for f in report.findings if f.component == "UnknownTerm"]
    assert report.conforms, report.first_message()


def test_unknown_terms_in_the_store_name_their_graph(jinzhong_store: Store) -> None:
    jinzhong_store.load_files([MISSPELLED])
    report = validate_store(jinzhong_store)
    unknown = {short(f.value): f for f in report.findings if f.component == "UnknownTerm"}
    assert sorted(unknown) == ["dcterms:tilte", "fg:TeaRoadAliance", "fg:populaton"]
    assert unknown["fg:TeaRoadAliance"].graph == \
        "https://w3id.org/friendship-graph/graph/misspelled"
    assert unknown["fg:TeaRoadAliance"].focus == \
        "https://w3id.org/friendship-graph/id/alliance/tea-road"
    assert unknown["fg:TeaRoadAliance"].text().startswith("graph:misspelled: Warning: ")


def test_a_recursive_shape_goes_to_pyshacl(tmp_path: Path) -> None:
    shape = tmp_path / "recursive.ttl"
    shape.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .\n"
        "ex:ChainShape a sh:NodeShape ; sh:targetClass ex:Link ;\n"
        "  sh:property [ sh:path ex:next ; sh:node ex:ChainShape ; sh:maxCount 1 ] .\n",
        encoding="utf-8")
    compiled = compile_shapes(load_ontology([str(shape)]).graph)
    assert "recursive" in compiled.unsupported[URIRef("https://example.org/ChainShape")]


@pytest.mark.server
def test_the_same_findings_on_a_real_sparql_server(tmp_path: Path, jinzhong_file: Path) -> None:
    """The compiled queries are plain SPARQL 1.1: a remote store (oxigraph serve) gives the
    findings the embedded store gives."""
    from conftest import OxigraphServer

    files = [jinzhong_file, SHAPES / "PlaceLabelShape.ttl", SHAPES / "LongitudeShape.ttl"]
    server = OxigraphServer(tmp_path / "db").start()
    try:
        with Store.remote(server.url) as remote:
            remote.load_files(files)
            found = validate_store(remote)
    finally:
        server.stop()
    with Store.memory() as store:
        store.load_files(files)
        expected = validate_store(store)
    assert [f.text() for f in found.findings] == [f.text() for f in expected.findings]
    assert found.violation_count == expected.violation_count == 3
