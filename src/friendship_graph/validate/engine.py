"""Running the shapes: the compiled SPARQL checks, and pySHACL for what they do not cover.

The data is reached through one function, ``select(sparql) -> rows`` (rdflib terms): a
:class:`~friendship_graph.store.Store`'s query, or a scratch Oxigraph store in memory holding
a file and what it refers to. Nothing here writes to the data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from ..rdf.terms import term_to_sparql
from ..vocab import SH
from .shapes import Compiled, target_pattern

__all__ = ["Select", "Progress", "RawResult", "run_shapes", "focus_blocks", "CHUNK"]

#: Runs a SELECT over the data (and the ontology); returns its rows as rdflib terms.
Select = Callable[[str], list[tuple[Node | None, ...]]]
#: Told ``(done, total, what)`` as the checks run.
Progress = Callable[[int, int, str], None]
#: Focus nodes per ``VALUES`` block when the focus nodes are restricted.
CHUNK = 2000


@dataclass(frozen=True)
class RawResult:
    """One validation result, as SHACL says it (before it is put in words)."""

    shape: Node
    component: str
    severity: URIRef
    focus: Node
    path: Node | None
    value: Node | None
    parameter: URIRef | None = None
    argument: Node | None = None
    message: str = ""


def focus_blocks(focus: Sequence[Node] | None) -> list[str]:
    """The restrictions to run each check under: none, or ``VALUES`` blocks of the given IRIs
    and a filter for blank nodes (which no query can name)."""
    if focus is None:
        return [""]
    iris = sorted({str(n) for n in focus if isinstance(n, URIRef)})
    blocks = []
    for k in range(0, len(iris), CHUNK):
        values = " ".join(term_to_sparql(URIRef(i)) for i in iris[k:k + CHUNK])
        blocks.append(f"VALUES ?focus {{ {values} }}")
    if any(isinstance(n, BNode) for n in focus):
        blocks.append("FILTER (isBlank(?focus))")
    return blocks


def run_shapes(select: Select, shapes: Graph, compiled: Compiled, *,
               focus: Sequence[Node] | None = None, progress: Progress | None = None,
               neighbourhood: Callable[[Iterable[Node]], Graph] | None = None,
               ) -> list[RawResult]:
    """Every result of the shapes on the data behind ``select`` (only for ``focus`` nodes,
    when given). Shapes the compiler could not translate are run by pySHACL on
    ``neighbourhood(focus nodes)`` (the focus nodes' statements and their values')."""
    blocks = focus_blocks(focus)
    total = len(compiled.checks) + len(compiled.unsupported)
    results: list[RawResult] = []
    for done, check in enumerate(compiled.checks):
        if progress is not None:
            progress(done, total, _name(check.shape))
        for block in blocks:
            for row in select(check.query(block)):
                focus_node = row[0]
                value = row[1] if check.per_value else (focus_node if check.focus_is_value
                                                        else None)
                results.append(RawResult(check.shape, check.component, check.severity,
                                         focus_node, check.path, value, check.parameter,
                                         check.argument))
    for done, shape in enumerate(sorted(compiled.unsupported, key=str),
                                 start=len(compiled.checks)):
        if progress is not None:
            progress(done, total, _name(shape))
        results += _with_pyshacl(select, shapes, shape, blocks, neighbourhood)
    if progress is not None:
        progress(total, total, "")
    return results


def _name(shape: Node) -> str:
    return str(shape).rsplit("#", 1)[-1].rsplit("/", 1)[-1] if isinstance(shape, URIRef) \
        else "(a nested shape)"


def _with_pyshacl(select: Select, shapes: Graph, shape: Node, blocks: list[str],
                  neighbourhood: Callable[[Iterable[Node]], Graph] | None) -> list[RawResult]:
    """One shape by pySHACL, on a data graph of its focus nodes' neighbourhood only."""
    import pyshacl

    targets = target_pattern(shapes, shape)
    nodes: set[Node] = set()
    for block in blocks:
        nodes.update(row[0] for row in select(
            f"SELECT DISTINCT ?focus WHERE {{ {block} {targets} }}") if row[0] is not None)
    if not nodes or neighbourhood is None:
        return []
    data = neighbourhood(nodes)
    data += shapes
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                    inplace=False, allow_warnings=True, use_shapes=[shape],
                                    focus_nodes=sorted(nodes, key=str))
    out = []
    for result in report.objects(None, SH.result):
        component = report.value(result, SH.sourceConstraintComponent)
        messages = [str(m) for m in report.objects(result, SH.resultMessage)]
        out.append(RawResult(
            shape, str(component).rsplit("#", 1)[-1], report.value(result, SH.resultSeverity)
            or SH.Violation, report.value(result, SH.focusNode),
            shapes.value(report.value(result, SH.sourceShape), SH.path),
            report.value(result, SH.value), message=messages[0] if messages else ""))
    return out
