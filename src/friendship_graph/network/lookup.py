"""Finding a node by name: in a projected graph (:func:`find_node`) or in the store
(:func:`resolve_node`), by IRI, prefixed name or label."""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx
from rdflib import Literal

from .labels import expand_name
from .selection import SelectionError

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["find_node", "resolve_node"]


def find_node(graph: nx.Graph, name: str) -> str:
    """The node of ``graph`` named by an IRI (node id) or a label, alternative label or
    Chinese label (case-insensitive). Raises :class:`SelectionError` when no node or more
    than one node matches."""
    if name in graph:
        return name
    iri = expand_name(name)
    if iri is not None and str(iri) in graph:
        return str(iri)
    wanted = name.strip().casefold()
    found = []
    for node, data in graph.nodes(data=True):
        names = {str(data.get("label", "")), str(data.get("label_zh", ""))}
        names |= set(str(data.get("alt_labels", "")).split("|"))
        if wanted in {n.casefold() for n in names if n} or wanted == str(node).casefold():
            found.append(str(node))
    if not found:
        raise SelectionError(f"no node named {name!r} in the network; give its IRI or its "
                             "label as shown by 'friendship-graph analyze --rank degree'")
    if len(found) > 1:
        raise SelectionError(f"{name!r} names {len(found)} nodes ({', '.join(sorted(found)[:5])}"
                             f"{', ...' if len(found) > 5 else ''}); give the IRI instead")
    return found[0]


_RESOLVE_LABEL = """
SELECT DISTINCT ?x WHERE {
    VALUES ?p { rdfs:label skos:prefLabel skos:altLabel }
    ?x ?p ?l .
    FILTER (isIRI(?x) && isLiteral(?l) && LCASE(STR(?l)) = LCASE(STR(?name)))
}
"""


def resolve_node(store: Store, name: str, graph: nx.Graph | None = None) -> str:
    """The IRI named by ``name``: an IRI, a prefixed name, or a label, alternative label or
    label in any language (case-insensitive). When a label names several things, those in
    ``graph`` are preferred; still several (or none) raise :class:`SelectionError`."""
    iri = expand_name(name)
    if iri is not None:
        if store.query("ASK { { ?x ?p ?o } UNION { ?s ?p ?x } }", {"x": iri}).boolean:
            return str(iri)
        raise SelectionError(f"nothing in the store is named <{iri}>")
    found = sorted(str(row[0]) for row in store.query(_RESOLVE_LABEL, {"name": Literal(name)}))
    if len(found) > 1 and graph is not None:
        found = [f for f in found if f in graph] or found
    if not found:
        raise SelectionError(f"no place or node is labelled {name!r}; give its IRI or a label "
                             "as 'friendship-graph query' shows it")
    if len(found) > 1:
        raise SelectionError(f"{name!r} names {len(found)} things ({', '.join(found[:5])}"
                             f"{', ...' if len(found) > 5 else ''}); give the IRI instead")
    return found[0]
