"""The data a check runs on when it is not the store itself: a scratch Oxigraph store in
memory with the data being checked, the ontology and, for validation in context, what the
store says about the nodes the data describes and refers to (two steps out). The store is
only read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pyoxigraph as ox
from rdflib import BNode, URIRef
from rdflib.term import Node

from ..ontology import Ontology
from ..rdf.terms import term_to_sparql, to_oxigraph, to_rdflib
from ..store import Store
from ..vocab import GRAPH, ONTOLOGY_GRAPH
from .engine import CHUNK, Select

__all__ = ["context_quads", "scratch_select", "describe_nodes"]


def describe_nodes(select: Select, nodes: Iterable[Node]
                   ) -> list[tuple[Node, Node, Node]]:
    """The statements about ``nodes`` (IRIs), and about the blank nodes they point to,
    outside the ontology graph."""
    iris = sorted({str(n) for n in nodes if isinstance(n, URIRef)})
    out: list[tuple[Node, Node, Node]] = []
    skip = f"FILTER (?g != <{ONTOLOGY_GRAPH}>)"
    for k in range(0, len(iris), CHUNK):
        values = " ".join(term_to_sparql(URIRef(i)) for i in iris[k:k + CHUNK])
        rows = select(
            f"SELECT ?s ?p ?o WHERE {{ VALUES ?n {{ {values} }} "
            f"{{ GRAPH ?g {{ ?n ?p ?o }} BIND (?n AS ?s) {skip} }} UNION "
            f"{{ GRAPH ?g {{ ?n ?q ?s . ?s ?p ?o }} FILTER (isBlank(?s)) {skip} }} }}")
        out += [(s, p, o) for s, p, o in rows if s is not None]
    return out


def context_quads(store: Store, quads: Sequence[ox.Quad]) -> list[ox.Quad]:
    """What ``store`` says about the nodes ``quads`` describe and refer to, and about the
    nodes those statements refer to in turn."""
    def select(sparql: str) -> list[tuple[Node | None, ...]]:
        return store.query(sparql).rows

    seen: set[str] = set()
    wanted = {to_rdflib(t) for q in quads for t in (q.subject, q.object)
              if isinstance(t, ox.NamedNode)}
    found: list[tuple[Node, Node, Node]] = []
    for _ in range(2):
        fresh = {n for n in wanted if str(n) not in seen}
        seen.update(str(n) for n in fresh)
        step = describe_nodes(select, fresh)
        found += step
        wanted = {o for _, _, o in step if isinstance(o, URIRef)}
    blanks: dict[str, ox.BlankNode] = {}

    def term(node: Node) -> object:
        if isinstance(node, BNode):  # the store's blank nodes, kept apart from the file's
            return blanks.setdefault(str(node), ox.BlankNode())
        return to_oxigraph(node)

    return [ox.Quad(term(s), term(p), term(o)) for s, p, o in found]


def scratch_select(quads: Iterable[ox.Quad], ontology: Ontology) -> Select:
    """A ``select`` over a new in-memory Oxigraph store holding ``quads`` and the ontology
    (in ``graph:ontology``, as in a store; statements of no named graph in ``graph:checked``)."""
    scratch = ox.Store()
    graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
    scratch.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph)
                   for s, p, o in ontology.graph)
    checked = ox.NamedNode(str(GRAPH["checked"]))
    scratch.extend(q if not isinstance(q.graph_name, ox.DefaultGraph)
                   else ox.Quad(q.subject, q.predicate, q.object, checked) for q in quads)

    def select(sparql: str) -> list[tuple[Node | None, ...]]:
        solutions = scratch.query(sparql, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]
        return [tuple(to_rdflib(s[n]) for n in names) for s in solutions]

    return select
