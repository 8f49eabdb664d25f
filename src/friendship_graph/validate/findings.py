"""From validation results to findings a librarian can act on: the node's label, the shape's
message, the value, a suggested fix and, for store data, the named graph holding the node."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from ..rdf.terms import escaped_value, term_to_sparql, unescape_value
from ..vocab import GRAPH, SH
from .engine import CHUNK, RawResult, Select
from .report import Finding, ValidationReport, literal_hint, short
from .shapes import path_text

__all__ = ["describe", "node_graphs", "rows_of", "Rows"]

_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_DEFAULT = {
    "MinCountConstraintComponent": "Less than {arg} values on {path}",
    "MaxCountConstraintComponent": "More than {arg} values on {path}",
    "ClassConstraintComponent": "Value is not an instance of {arg}",
    "DatatypeConstraintComponent": "Value is not a literal with datatype {arg}",
}


def _iris(nodes: Iterable[Node]) -> list[str]:
    return sorted({str(n) for n in nodes if isinstance(n, URIRef)})


#: Runs a SELECT of string columns (SPARQL expressions) over a WHERE clause: rows of strings.
Rows = Callable[[Sequence[str], str], list[tuple[str, ...]]]


def rows_of(select: Select) -> Rows:
    """:data:`Rows` through ``select`` (a store has a faster one: ``packed_select``)."""
    def rows(columns: Sequence[str], where: str) -> list[tuple[str, ...]]:
        names = " ".join(f"({c} AS ?c{i})" for i, c in enumerate(columns))
        return [tuple("" if v is None else str(v) for v in row)
                for row in select(f"SELECT {names} WHERE {{ {where} }}")]

    return rows


def _restricted(iris: list[str]) -> list[str]:
    """``VALUES ?n`` blocks for the nodes; for very many, one pass over everything instead
    (cheaper than many blocks), the caller keeping the nodes it asked for."""
    if len(iris) > _ALL_AT_ONCE:
        return [""]
    return [f"VALUES ?n {{ {' '.join(term_to_sparql(URIRef(i)) for i in iris[k:k + CHUNK])} }}"
            for k in range(0, len(iris), CHUNK)]


#: Above this many nodes, their labels and graphs are read in one pass over the data.
_ALL_AT_ONCE = 3 * CHUNK


def _labels(rows: Rows, nodes: Iterable[Node]) -> dict[str, str]:
    """The English (else untagged, else any) label of each node."""
    found: dict[str, dict[str, str]] = {}
    iris = _iris(nodes)
    wanted = set(iris)
    for block in _restricted(iris):
        for node, label, lang in rows(["STR(?n)", escaped_value("?l"), "LANG(?l)"],
                                      f"{block} ?n <{RDFS.label}> ?l "
                                      "FILTER (isIRI(?n) && isLiteral(?l))"):
            if node in wanted:
                found.setdefault(node, {}).setdefault(lang, unescape_value(label))
    return {n: ls.get("en") or ls.get("") or ls[sorted(ls)[0]] for n, ls in found.items()}


def node_graphs(rows: Rows, nodes: Iterable[Node]) -> dict[str, str]:
    """The named graph (the source) that describes each node: the one that gives its type
    (else any statement about it); the first in order when several do."""
    iris = _iris(nodes)
    out: dict[str, str] = {}
    skip = ", ".join(term_to_sparql(g) for g in (GRAPH["ontology"], GRAPH["inferred"]))
    for pattern in (f"?n <{RDF.type}> ?o", "?n ?p ?o"):
        todo = [i for i in iris if i not in out]
        wanted = set(todo)
        for block in _restricted(todo) if todo else []:
            for node, graph in rows(["STR(?n)", "STR(?g)"],
                                    f"{block} GRAPH ?g {{ {pattern} }} "
                                    f"FILTER (isIRI(?n) && ?g NOT IN ({skip}))"):
                if node in wanted and (node not in out or graph < out[node]):
                    out[node] = graph
    return out


@lru_cache(maxsize=256)
def _message(shapes: Graph, shape: Node) -> str:
    messages = {m.language or "": str(m) for m in shapes.objects(shape, SH.message)
                if isinstance(m, Literal)}
    return messages.get("en") or messages.get("") or next(iter(messages.values()), "")


def _term(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, Literal):
        return str(node)
    return short(str(node)) if isinstance(node, URIRef) else "[]"


def _fix(shapes: Graph, ontology: Graph, result: RawResult, path: str) -> str:
    """What to write instead, from the constraint and its argument."""
    c, arg, value = result.component, result.argument, result.value
    name = _term(arg)
    if c == "MinCountConstraintComponent":
        return f"add {path}" if int(arg) == 1 else f"give it {int(arg)} different {path} values"
    if c == "MaxCountConstraintComponent":
        return f"keep only {int(arg)} {path} value(s) and remove the others"
    if c == "ClassConstraintComponent":
        return f"make {_term(value)} a {name} (a node with rdf:type {name} or a class below it)"
    if c == "DatatypeConstraintComponent" and isinstance(value, Literal):
        return f"write {literal_hint([arg], str(value))}"
    if c in ("MinInclusiveConstraintComponent", "MaxInclusiveConstraintComponent",
             "MinExclusiveConstraintComponent", "MaxExclusiveConstraintComponent"):
        sign = {"MinI": ">=", "MaxI": "<=", "MinE": ">", "MaxE": "<"}[c[:4]]
        return f"give a number {sign} {name}"
    if c == "InConstraintComponent":
        return "use one of " + ", ".join(_term(m) for m in Collection(shapes, arg))
    if c == "HasValueConstraintComponent":
        return f"add {path} {name}"
    if c == "LanguageInConstraintComponent":
        return "tag it " + " or ".join(f"@{t}" for t in Collection(shapes, arg))
    if c == "PatternConstraintComponent":
        return f"write it to match the pattern {arg}"
    if c == "OrConstraintComponent" and isinstance(value, Literal):
        types = [d for m in Collection(shapes, arg) for d in shapes.objects(m, SH.datatype)]
        if types:
            return f"write {literal_hint(types, str(value))}"
    if c == "NodeConstraintComponent":
        choices = _listed(shapes, ontology, arg)
        if choices:
            return "use one of " + ", ".join(choices)
    return ""


def _listed(shapes: Graph, ontology: Graph, shape: Node) -> list[str]:
    """The values a nested shape allows when it asks for ``path hasValue X`` (a concept
    scheme, say): every node of the ontology that has it."""
    out: list[str] = []
    for prop in [shape, *shapes.objects(shape, SH.property)]:
        path, wanted = shapes.value(prop, SH.path), shapes.value(prop, SH.hasValue)
        if isinstance(path, URIRef) and wanted is not None:
            out += sorted(_term(s) for s in ontology.subjects(path, wanted))
    return out


def describe(results: Sequence[RawResult], shapes: Graph, rows: Rows, *,
             graphs: bool = False) -> ValidationReport:
    """The findings of ``results``; with ``graphs``, each names the graph of its node."""
    labels = _labels(rows, (r.focus for r in results))
    where = node_graphs(rows, (r.focus for r in results)) if graphs else {}
    report = ValidationReport(shapes=shapes)
    paths: dict[Node | None, str] = {}
    for result in results:
        if result.path not in paths:
            paths[result.path] = path_text(shapes, result.path, short)
        path = paths[result.path]
        message = _message(shapes, result.shape) or result.message or _DEFAULT.get(
            result.component, "does not conform to {shape}").format(
                arg=_term(result.argument), path=path, shape=_term(result.shape))
        focus = str(result.focus) if not isinstance(result.focus, BNode) else "[]"
        report.findings.append(Finding(
            severity=_SEVERITY.get(result.severity, "Violation"), focus=focus,
            focus_label=labels.get(str(result.focus), ""), path=path,
            value=str(result.value) if isinstance(result.value, Literal | URIRef) else "",
            message=message, shape=_term(result.shape), component=result.component,
            fix=_fix(shapes, shapes, result, path), graph=where.get(str(result.focus), "")))
        report.results.append((result.focus, result.path, result.value, result.shape,
                               result.component))
    return report
