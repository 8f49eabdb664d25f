"""SHACL validation with reports a librarian can act on.

The shapes are the ``sh:NodeShape``/``sh:PropertyShape`` resources of the ontology
(``ontology/shapes.ttl`` and any extension). They are compiled to SPARQL
(:mod:`~friendship_graph.validate.shapes`) and run where the data is: on the store itself
(any backend), or on a scratch Oxigraph store in memory holding the files being checked, the
ontology and, for validation in context, what the files refer to in the store. The data is
validated together with the ontology, so ``sh:targetClass`` and ``sh:class`` follow
``rdfs:subClassOf``: a class a librarian adds under ``fg:Place`` is checked by the place
shapes with no code change. Validation never changes the data it checks. See
``docs/decisions/0009-validation-at-scale.md`` for the engines measured.

Besides the shapes, every class or property of the project's namespace (and of the
vocabularies it aligns with) that nobody declares is reported, with the closest declared term
(:mod:`~friendship_graph.validate.terms`): a warning, or with ``strict`` a violation.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ..errors import LoadError
from ..ontology import Ontology, load_ontology
from ..rdf.files import parse_file
from ..rdf.terms import to_oxigraph, to_rdflib
from ..store import LoadReport, Store, packed_select
from ..vocab import INFERRED_GRAPH, ONTOLOGY_GRAPH
from .context import context_quads, scratch_select
from .engine import Progress, Select, run_shapes
from .findings import Rows, describe, node_graphs, rows_of
from .locate import locate_findings
from .report import Finding, ValidationReport, short
from .shapes import Compiled, compile_shapes
from .terms import unknown_terms

__all__ = ["Finding", "ValidationReport", "LoadedAndChecked", "validate_files",
           "validate_store", "validate_quads", "validate_graph", "check_shapes",
           "load_checked"]


@lru_cache(maxsize=8)
def _compiled(ontology: Ontology) -> Compiled:
    return compile_shapes(ontology.graph)


def _ontology(extra: Sequence[str | os.PathLike[str]] = ()) -> Ontology:
    return load_ontology([str(p) for p in extra])


def _unknown(triples: Iterable[tuple[Node, Node, Node]], ontology: Ontology, strict: bool,
             subject_of: dict[str, Node] | None = None) -> ValidationReport:
    """The unknown terms of ``triples`` as findings (the node: a subject that uses one)."""
    triples = list(triples)
    subjects: dict[str, Node] = dict(subject_of or {})
    for s, p, o in triples:
        subjects.setdefault(str(p), s)
        subjects.setdefault(str(o), s)
    report = ValidationReport()
    for term in unknown_terms(triples, ontology.graph):
        kind = "class" if term.as_class else "property"
        fix = (f"did you mean {short(term.suggestion)}?" if term.suggestion else
               f"declare the {kind} in an extension (see the librarians' guide) or use a "
               "declared one")
        node = subjects.get(term.iri)
        report.findings.append(Finding(
            severity="Violation" if strict else "Warning",
            focus=str(node) if isinstance(node, URIRef) else "[]", focus_label="", path="",
            value=term.iri, message=f"{short(term.iri)} is not a {kind} that the "
            "ontology or an extension declares", shape="", component="UnknownTerm", fix=fix))
        report.results.append((node, None, URIRef(term.iri), None, ""))
    return report


def _validate_scratch(quads: list[ox.Quad], ontology: Ontology, *, strict: bool,
                      store: Store | None, progress: Progress | None) -> ValidationReport:
    """``quads`` (with what they refer to in ``store``), on a scratch store in memory."""
    subjects = {to_rdflib(q.subject) for q in quads}
    context = context_quads(store, quads) if store is not None else []
    select = scratch_select([*quads, *context], ontology)
    focus = sorted(subjects, key=str) if store is not None else None
    results = run_shapes(select, ontology.graph, _compiled(ontology), focus=focus,
                         progress=progress, neighbourhood=_neighbourhood(select))
    report = describe(results, ontology.graph, rows_of(select))
    triples = [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
               for q in quads]
    report.extend(_unknown(triples, ontology, strict))
    report.checked_triples = len({q.triple for q in quads})
    return report


def _neighbourhood(select: Select):  # noqa: ANN202
    def fetch(nodes: Iterable[Node]) -> Graph:
        from .context import describe_nodes

        graph = Graph()
        for triple in describe_nodes(select, nodes):
            graph.add(triple)
        return graph

    return fetch


def validate_quads(quads: Iterable[ox.Quad], store: Store | None = None, *,
                   strict: bool = False, extra_ontology: Sequence[str | os.PathLike[str]] = (),
                   progress: Progress | None = None) -> ValidationReport:
    """Validate pyoxigraph quads (about to be loaded). With ``store``, in context: the nodes
    the quads describe are checked together with what the store says about them and about
    the nodes they refer to, and only those nodes are checked. The store is only read."""
    quads = list(quads)
    report = _validate_scratch(quads, _ontology(extra_ontology), strict=strict, store=store,
                               progress=progress)
    report.sort()
    return report


def validate_graph(data: Graph, *, extra_ontology: Sequence[str | os.PathLike[str]] = (),
                   strict: bool = False) -> ValidationReport:
    """Validate an rdflib Graph of data (the ontology is added for the hierarchy)."""
    quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in data]
    return validate_quads(quads, strict=strict, extra_ontology=extra_ontology)


def validate_files(paths: Sequence[str | os.PathLike[str]], *,
                   store: Store | Callable[[], Store] | None = None, strict: bool = False,
                   extra_ontology: Sequence[str | os.PathLike[str]] = (),
                   progress: Progress | None = None) -> ValidationReport:
    """Validate RDF files, all together as they would be loaded; with ``store``, in the
    context of that store's data (see :func:`validate_quads`), which stays unchanged.
    ``store`` may be a function that opens one (``Config.open_store``): it is called once the
    files have been read, so a broken file is reported before any store is opened or built.

    Each finding names the file and line of its node (or of the unknown term). Parse errors
    raise :class:`~friendship_graph.errors.LoadError`.
    """
    quads = [quad for path in paths for quad in parse_file(path)]
    ontology = _ontology(extra_ontology)
    if callable(store):
        with store() as opened:
            report = _validate_scratch(quads, ontology, strict=strict, store=opened,
                                       progress=progress)
    else:
        report = _validate_scratch(quads, ontology, strict=strict, store=store,
                                   progress=progress)
    locate_findings(report.findings, paths)
    report.sort()
    return report


def validate_store(store: Store, *, strict: bool = False, progress: Progress | None = None
                   ) -> ValidationReport:
    """Validate everything in a store, where it is (the shapes run as SPARQL on the store;
    nothing is copied). Each finding names the named graph that describes its node."""
    ontology = _ontology()

    def select(sparql: str) -> list[tuple[Node | None, ...]]:
        return store.query(sparql).rows

    results = run_shapes(select, ontology.graph, _compiled(ontology), progress=progress,
                         neighbourhood=_neighbourhood(select))
    def rows(columns: Sequence[str], where: str) -> list[tuple[str, ...]]:
        return packed_select(store, columns, where)

    report = describe(results, ontology.graph, rows, graphs=True)
    skip = f"FILTER (?g NOT IN (<{ONTOLOGY_GRAPH}>, <{INFERRED_GRAPH}>))"
    anything = URIRef(str(ONTOLOGY_GRAPH))  # stands for the subjects and objects
    terms = [(anything, p, anything) for (p,) in select(
        f"SELECT DISTINCT ?p WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {skip} }}")]
    terms += [(anything, RDF.type, c) for (c,) in select(
        f"SELECT DISTINCT ?c WHERE {{ GRAPH ?g {{ ?s a ?c }} {skip} }}")]
    unknown = _unknown(terms, ontology, strict)
    _store_examples(select, rows, unknown)
    report.extend(unknown)
    report.checked_triples = len(store) - _count(select, ONTOLOGY_GRAPH)
    report.sort()
    return report


def _count(select: Select, graph: Node) -> int:
    rows = select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(rows[0][0]) if rows else 0


def _store_examples(select: Select, rows: Rows, report: ValidationReport) -> None:
    """For each unknown term, a node of the store that uses it and that node's graph."""
    for index, finding in enumerate(report.findings):
        iri = report.results[index][2]
        found = select(f"SELECT ?s WHERE {{ {{ ?s <{iri}> ?o }} UNION {{ ?s a <{iri}> }} "
                       "FILTER (isIRI(?s)) } LIMIT 1")
        if found:
            finding.focus = str(found[0][0])
            report.results[index] = (found[0][0], None, iri, None, "")
    graphs = node_graphs(rows, (URIRef(f.focus) for f in report.findings if f.focus != "[]"))
    for finding in report.findings:
        finding.graph = graphs.get(finding.focus, "")


def check_shapes(quads: list[ox.Quad], paths: Sequence[str | os.PathLike[str]]) -> None:
    """Refuse a load whose data violates the shapes, checked alone (no store): a
    ``check=`` for :meth:`Store.load_files <friendship_graph.store.Store.load_files>`."""
    _refuse(validate_quads(quads), paths)


def _refuse(report: ValidationReport, paths: Sequence[str | os.PathLike[str]]) -> None:
    if not report.conforms:
        raise LoadError(", ".join(str(p) for p in paths),
                        f"{report.violation_count} SHACL violation(s) or unknown term(s): "
                        f"{report.first_message()}; run 'friendship-graph validate' on the "
                        "file for the full report")


@dataclass
class LoadedAndChecked:
    """What :func:`load_checked` did: the load, and the findings on what it added."""

    load: LoadReport
    validation: ValidationReport


def load_checked(store: Store, paths: Sequence[str | os.PathLike[str]], *,
                 strict: bool = False, **options: object) -> LoadedAndChecked:
    """Load files into ``store`` after validating what they add, in the context of the store
    (only the nodes the files describe are checked). With ``strict``, a file with violations
    (or unknown terms) is refused and the store is left as it was; without, the findings are
    returned and the data is loaded. ``options`` go to :meth:`Store.load_files`."""
    found = ValidationReport()

    def check(quads: list[ox.Quad], files: Sequence[str | os.PathLike[str]]) -> None:
        report = validate_quads(quads, store, strict=strict)
        locate_findings(report.findings, files)
        report.sort()
        if strict:
            _refuse(report, files)
        found.extend(report)

    loaded = store.load_files(list(paths), check=check, **options)  # type: ignore[arg-type]
    found.sort()
    return LoadedAndChecked(loaded, found)
