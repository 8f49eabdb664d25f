"""SHACL validation with reports a librarian can act on.

The shapes are the ``sh:NodeShape``/``sh:PropertyShape`` resources of the ontology
(``ontology/shapes.ttl`` and any extension). Data is validated together with the ontology, so
``sh:targetClass`` and ``sh:class`` follow ``rdfs:subClassOf``: a class a librarian adds under
``fg:Place`` is checked by the place shapes with no code change. Validation works on a copy and
never changes the data it checks (pySHACL ``inplace=False``, no inference).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from .errors import LoadError
from .ontology import load_ontology
from .rdf.files import parse_file
from .rdf.terms import to_rdflib
from .store import Store
from .vocab import ONTOLOGY_GRAPH, PREFIXES, SH

__all__ = ["Finding", "ValidationReport", "validate_files", "validate_store", "validate_quads",
           "validate_graph", "check_shapes"]

_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass
class Finding:
    """One result of a SHACL report, in words."""

    severity: str
    focus: str
    focus_label: str
    path: str
    value: str
    message: str
    shape: str
    file: str = ""
    line: int | None = None

    def text(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else (
            f"{self.file}: " if self.file else "")
        what = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        label = f"{self.focus_label} " if self.focus_label else ""
        return f"{where}{self.severity}: {label}<{self.focus}>{what}: {self.message}{value}"


@dataclass
class ValidationReport:
    """All findings, and the raw pySHACL report graph for machines."""

    findings: list[Finding] = field(default_factory=list)
    report_graph: Graph | None = None
    checked_triples: int = 0

    @property
    def conforms(self) -> bool:
        return self.violation_count == 0

    @property
    def violation_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == "Violation")

    def first_message(self) -> str:
        for finding in self.findings:
            if finding.severity == "Violation":
                return finding.text()
        return ""

    def to_json(self) -> str:
        return json.dumps({"conforms": self.conforms, "violations": self.violation_count,
                           "findings": [asdict(f) for f in self.findings]},
                          ensure_ascii=False, indent=1)

    def to_turtle(self) -> str:
        graph = self.report_graph if self.report_graph is not None else Graph()
        return graph.serialize(format="turtle")

    def to_text(self) -> str:
        lines = [f.text() for f in self.findings]
        counts = {s: sum(1 for f in self.findings if f.severity == s)
                  for s in ("Violation", "Warning", "Info")}
        summary = ", ".join(f"{n} {s.lower()}(s)" for s, n in counts.items())
        verdict = "conforms" if self.conforms else "does NOT conform"
        lines.append(f"{self.checked_triples} triples checked: {verdict} ({summary})")
        return "\n".join(lines) + "\n"


def _short(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def validate_graph(data: Graph, *, extra_ontology: Sequence[str | os.PathLike[str]] = ()
                   ) -> ValidationReport:
    """Validate an rdflib Graph of data (the ontology is added for the hierarchy)."""
    import pyshacl

    ontology = load_ontology([str(p) for p in extra_ontology])
    union = Graph()
    for triple in ontology.graph:
        union.add(triple)
    checked = 0
    for triple in data:
        union.add(triple)
        checked += 1
    conforms, report, _ = pyshacl.validate(
        union, shacl_graph=ontology.graph, inference="none", advanced=True,
        inplace=False, allow_warnings=True, abort_on_first=False,
    )
    findings = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        labels = {lb.language or "": str(lb) for lb in union.objects(focus, RDFS.label)
                  if isinstance(lb, Literal)} if focus is not None else {}
        label = labels.get("en") or labels.get("") or (
            labels[sorted(labels)[0]] if labels else None)
        messages = [str(m) for m in report.objects(result, SH.resultMessage)]
        findings.append(Finding(
            severity=_SEVERITY.get(report.value(result, SH.resultSeverity), "Violation"),
            focus=str(focus), focus_label=str(label) if label is not None else "",
            path=_short(str(path)) if isinstance(path, URIRef) else "",
            value=str(value) if isinstance(value, Literal | URIRef) else "",
            message=messages[0] if messages else "does not conform",
            shape=_short(str(report.value(result, SH.sourceShape))),
        ))
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    findings.sort(key=lambda f: (order[f.severity], f.focus, f.path, f.message))
    return ValidationReport(findings, report, checked)


def _locate(findings: Iterable[Finding], path: Path) -> None:
    """Fill in the file and the first line that mentions each finding's focus node."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return
    for finding in findings:
        finding.file = str(path)
        iri = finding.focus
        local = re.split(r"[/#]", iri)[-1]
        # the full IRI, or a prefixed name ending in the local name (``\/`` escapes included)
        pattern = re.compile(re.escape(f"<{iri}>") + (
            rf"|(?:[:/]){re.escape(local)}(?![\w.\\-])" if local else ""))
        for number, line in enumerate(lines, start=1):
            if pattern.search(line):
                finding.line = number
                break


def validate_files(paths: Sequence[str | os.PathLike[str]], *,
                   extra_ontology: Sequence[str | os.PathLike[str]] = ()) -> ValidationReport:
    """Validate RDF files (all together, as they would be loaded). Parse errors raise
    :class:`~friendship_graph.errors.LoadError`."""
    data = Graph()
    owners: dict[str, Path] = {}
    for path in paths:
        for quad in parse_file(path):
            triple = (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
            data.add(triple)
            owners.setdefault(str(triple[0]), Path(path))
    report = validate_graph(data, extra_ontology=extra_ontology)
    by_file: dict[Path, list[Finding]] = {}
    for finding in report.findings:
        owner = owners.get(finding.focus, Path(paths[0]))
        by_file.setdefault(owner, []).append(finding)
    for path, findings in by_file.items():
        _locate(findings, path)
    return report


def validate_quads(quads: Iterable[ox.Quad], store: Store | None = None) -> ValidationReport:
    """Validate pyoxigraph quads about to be loaded."""
    data = Graph()
    for quad in quads:
        data.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return validate_graph(data)


def check_shapes(quads: list[ox.Quad], paths: Sequence[str | os.PathLike[str]]) -> None:
    """Refuse a load whose data violates the shapes: the check ``load --validate`` gives
    :meth:`Store.load_files <friendship_graph.store.Store.load_files>` (``check=``), so that
    nothing is written when there is a violation."""
    report = validate_quads(quads)
    if not report.conforms:
        raise LoadError(", ".join(str(p) for p in paths),
                        f"{report.violation_count} SHACL violation(s): "
                        f"{report.first_message()}; run "
                        "'friendship-graph validate' on the file for the full report")


def validate_store(store: Store) -> ValidationReport:
    """Validate everything in a store except its ontology graph."""
    data = Graph()
    for s, p, o, g in store.quads():
        if g is not None and str(g) == str(ONTOLOGY_GRAPH):
            continue
        data.add((s, p, o))
    return validate_graph(data)
