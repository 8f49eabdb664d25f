"""Projection rules: what the ontology says becomes a node or an edge.

The annotations ``fg:projectAs``, ``fg:edgeEndpoints`` and ``fg:derivedFrom`` are inherited
along ``rdfs:subClassOf`` and ``rdfs:subPropertyOf`` from the nearest annotated ancestor;
:func:`projection_rules` reads them and the hierarchy with one query and sorts every class
and property into one of the kinds :class:`ProjectionRules` lists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.term import Node

from ..vocab import FG, RDF, RDFS

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["ProjectionRules", "projection_rules"]

_NODE = FG.NodeProjection
_EDGE = FG.EdgeProjection


@dataclass
class ProjectionRules:
    """What the ontology says about the projection, read with one query."""

    parents: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    annotations: dict[URIRef, dict[URIRef, set[Node]]] = field(default_factory=dict)
    symmetric: set[URIRef] = field(default_factory=set)
    #: entity classes: their instances are the nodes edges connect
    node_classes: set[URIRef] = field(default_factory=set)
    #: edge classes -> endpoint properties (with subproperties)
    edge_classes: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    #: node classes with endpoints (events, agreements) -> endpoint properties
    connector_classes: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    #: properties drawn as direct edges -> the classes they are derived from (may be empty)
    edge_properties: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    _specific: dict[frozenset[URIRef], URIRef] = field(default_factory=dict, repr=False)

    def ancestors(self, iri: URIRef) -> list[URIRef]:
        """``iri`` and its ancestors, nearest first."""
        out, level, seen = [], [iri], {iri}
        while level:
            out.extend(level)
            nxt = []
            for node in level:
                for parent in sorted(self.parents.get(node, ())):
                    if parent not in seen:
                        seen.add(parent)
                        nxt.append(parent)
            level = nxt
        return out

    def descendants(self, iri: URIRef) -> set[URIRef]:
        """``iri`` and everything below it."""
        children: dict[URIRef, set[URIRef]] = defaultdict(set)
        for child, parents in self.parents.items():
            for parent in parents:
                children[parent].add(child)
        out, stack = {iri}, [iri]
        while stack:
            for child in children.get(stack.pop(), ()):
                if child not in out:
                    out.add(child)
                    stack.append(child)
        return out

    def inherited(self, iri: URIRef, prop: URIRef) -> set[Node]:
        """The values of an annotation on ``iri`` or on its nearest annotated ancestors."""
        level, seen = [iri], {iri}
        while level:
            values = {v for node in level for v in self.annotations.get(node, {}).get(prop, ())}
            if values:
                return values
            nxt = []
            for node in level:
                for parent in self.parents.get(node, ()):
                    if parent not in seen:
                        seen.add(parent)
                        nxt.append(parent)
            level = nxt
        return set()

    def depth(self, iri: URIRef) -> int:
        """How many classes (or properties) ``iri`` is below the top, itself included."""
        return len(self.ancestors(iri))

    def most_specific(self, types: Iterable[URIRef]) -> URIRef:
        """Of several types, the one with the most ancestors (ties: the smallest IRI)."""
        key = frozenset(types)
        found = self._specific.get(key)
        if found is None:
            found = self._specific[key] = max(sorted(key), key=self.depth)
        return found


_RULES_QUERY = """
SELECT ?s ?rel ?o WHERE {
    { VALUES ?rel { rdfs:subClassOf rdfs:subPropertyOf fg:projectAs fg:edgeEndpoints
                    fg:derivedFrom }
      ?s ?rel ?o . FILTER (isIRI(?s) && isIRI(?o)) }
    UNION
    { ?s a owl:SymmetricProperty . BIND (rdf:type AS ?rel) BIND (owl:SymmetricProperty AS ?o) }
}
"""


def projection_rules(store: Store) -> ProjectionRules:
    """Read the projection annotations and the class/property hierarchy from the store."""
    rules = ProjectionRules()
    for s, rel, o in store.query(_RULES_QUERY).rows:
        _add_statement(rules, s, rel, o)
    terms = set(rules.parents) | set(rules.annotations)
    terms |= {p for parents in rules.parents.values() for p in parents}
    for term in terms:
        _classify(rules, term)
    return rules


def _add_statement(rules: ProjectionRules, s: URIRef, rel: URIRef, o: URIRef) -> None:
    """One row of the rules query: a hierarchy link, a symmetric property or an annotation."""
    if rel in (RDFS.subClassOf, RDFS.subPropertyOf):
        if s != o:
            rules.parents.setdefault(s, set()).add(o)
    elif rel == RDF.type:
        rules.symmetric.add(s)
    else:
        rules.annotations.setdefault(s, {}).setdefault(rel, set()).add(o)


def _classify(rules: ProjectionRules, term: URIRef) -> None:
    """Sort ``term`` into the node classes, edge classes, connector classes or edge
    properties, by its inherited ``fg:projectAs`` and ``fg:edgeEndpoints`` (a term with no
    single mode is none of them)."""
    modes = rules.inherited(term, FG.projectAs)
    if len(modes) != 1:
        return
    mode = next(iter(modes))
    endpoints = frozenset(
        sub for prop in rules.inherited(term, FG.edgeEndpoints)
        for sub in rules.descendants(prop)  # type: ignore[arg-type]
    )
    if mode == _EDGE and endpoints:
        rules.edge_classes[term] = endpoints
    elif mode == _EDGE:
        rules.edge_properties[term] = frozenset(
            c for c in rules.inherited(term, FG.derivedFrom) if isinstance(c, URIRef))
    elif mode == _NODE and endpoints:
        rules.connector_classes[term] = endpoints
    elif mode == _NODE:
        rules.node_classes.add(term)
