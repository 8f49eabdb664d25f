"""Validation results in words: findings with their file and line (or graph and node), the
shape's message, the offending value and a suggested fix; as text, JSON or a SHACL report."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ..vocab import PREFIXES, SH

__all__ = ["Finding", "ValidationReport", "short", "literal_hint", "SEVERITIES"]

#: Severities in the order findings are listed.
SEVERITIES = ("Violation", "Warning", "Info")
_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_SEVERITY_IRI = {name: iri for iri, name in _SEVERITY.items()}


@lru_cache(maxsize=65536)
def short(iri: str) -> str:
    """``fg:Place`` for the IRI of fg:Place; an IRI in no known namespace as it is."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


@dataclass
class Finding:
    """One result, in words.

    ``file`` and ``line`` say where a file's data has the problem; ``graph`` says which named
    graph of a store holds the node. ``fix`` suggests what to write instead.
    """

    severity: str
    focus: str
    focus_label: str
    path: str
    value: str
    message: str
    shape: str
    file: str = ""
    line: int | None = None
    component: str = ""
    fix: str = ""
    graph: str = ""

    def text(self) -> str:
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        else:
            where = f"{short(self.graph)}: " if self.graph else ""
        what = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        label = f"{self.focus_label} " if self.focus_label else ""
        fix = f" Fix: {self.fix}" if self.fix else ""
        return f"{where}{self.severity}: {label}<{self.focus}>{what}: {self.message}{value}{fix}"


@dataclass
class ValidationReport:
    """All findings, in order: violations, warnings, infos."""

    findings: list[Finding] = field(default_factory=list)
    checked_triples: int = 0
    #: The RDF of each finding (focus, path, value, shape), for :meth:`to_turtle`.
    results: list[tuple[Node, Node | None, Node | None, Node | None, str]] = field(
        default_factory=list, repr=False)
    shapes: Graph | None = field(default=None, repr=False)

    @property
    def conforms(self) -> bool:
        return self.violation_count == 0

    @property
    def violation_count(self) -> int:
        return self.count("Violation")

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def first_message(self) -> str:
        return next((f.text() for f in self.findings if f.severity == "Violation"), "")

    def sort(self) -> None:
        order = {s: i for i, s in enumerate(SEVERITIES)}
        pairs = sorted(zip(self.findings, self.results or [None] * len(self.findings),
                           strict=True),
                       key=lambda p: (order[p[0].severity], p[0].file, p[0].line or 0,
                                      p[0].focus, p[0].path, p[0].message, p[0].value))
        self.findings = [f for f, _ in pairs]
        if self.results:
            self.results = [r for _, r in pairs]

    def extend(self, other: ValidationReport) -> None:
        self.findings += other.findings
        self.results += other.results or [None] * len(other.findings)
        self.checked_triples += other.checked_triples

    def to_json(self) -> str:
        return json.dumps({"conforms": self.conforms, "violations": self.violation_count,
                           "warnings": self.count("Warning"), "infos": self.count("Info"),
                           "checked_triples": self.checked_triples,
                           "findings": [asdict(f) for f in self.findings]},
                          ensure_ascii=False, indent=1) + "\n"

    def to_text(self) -> str:
        lines = [f.text() for f in self.findings]
        summary = ", ".join(f"{self.count(s)} {s.lower()}(s)" for s in SEVERITIES)
        verdict = "conforms" if self.conforms else "does NOT conform"
        lines.append(f"{self.checked_triples} triples checked: {verdict} ({summary})")
        return "\n".join(lines) + "\n"

    def to_graph(self) -> Graph:
        """The findings as a SHACL validation report (``sh:ValidationReport``)."""
        graph = Graph()
        for prefix, iri in PREFIXES.items():
            graph.bind(prefix, iri)
        report = BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(self.conforms)))
        for finding, rdf in zip(self.findings, self.results or [None] * len(self.findings),
                                strict=True):
            result = BNode()
            graph.add((report, SH.result, result))
            graph.add((result, RDF.type, SH.ValidationResult))
            graph.add((result, SH.resultSeverity, _SEVERITY_IRI[finding.severity]))
            graph.add((result, SH.resultMessage, Literal(finding.message)))
            if rdf is None:
                continue
            focus, path, value, shape, component = rdf
            graph.add((result, SH.focusNode, focus))
            if path is not None:
                graph.add((result, SH.resultPath, _copy(self.shapes, path, graph)))
            if value is not None:
                graph.add((result, SH.value, value))
            if shape is not None:
                graph.add((result, SH.sourceShape, shape))
            if component:
                graph.add((result, SH.sourceConstraintComponent, SH[component]))
        return graph

    def to_turtle(self) -> str:
        return self.to_graph().serialize(format="turtle")


def _copy(source: Graph | None, node: Node, target: Graph) -> Node:
    """A path node with its structure (lists, alternatives) copied from the shapes graph."""
    if not isinstance(node, BNode) or source is None:
        return node
    if (node, RDF.first, None) in source:
        items = [_copy(source, item, target) for item in Collection(source, node)]
        head = BNode()
        Collection(target, head, items)
        return head
    copy = BNode()
    for predicate, value in source.predicate_objects(node):
        target.add((copy, predicate, _copy(source, value, target)))
    return copy


def literal_hint(datatypes: Sequence[URIRef], value: str) -> str:
    """``"2019"^^xsd:gYear`` and the like: how to write a value with each datatype."""
    shown = [f'"{value}"^^{short(str(d))}' if d != XSD.string else f'"{value}"'
             for d in datatypes]
    return " or ".join(shown)
