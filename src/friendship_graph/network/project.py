"""The projection: :func:`to_networkx` builds a networkx MultiGraph of the store.

It runs in steps a reader can follow:

1. **select** -- the ontology's projection rules and the user's options, resolved into a
   :class:`~.selection.Selection` (:mod:`.rules`, :mod:`.selection`);
2. **read** -- the instances of the drawn classes and the statements of the drawn
   properties, with a few SELECTs over the whole store (:mod:`.read`);
3. **draw** -- every partnership becomes an edge (a clique when it has more than two ends),
   every event or agreement a node linked to its ends or a clique, every statement of a
   drawn property an edge (:func:`_draw_things`, :func:`_draw_statements`);
4. **build** -- one edge per pair and key, nodes with their attributes (:mod:`.attributes`),
   then the focus and depth (:func:`_build`, :func:`_narrow`).

The loops of step 3 work on plain strings: they are the hot part on large networks.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import itertools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

import networkx as nx
from rdflib import URIRef

from .attributes import add_country_labels, concept_labels, edge_attributes, node_attributes
from .labels import pick_label
from .lookup import resolve_node
from .read import ATTRIBUTE_PROPS, P, Thing, read_statements
from .rules import ProjectionRules
from .selection import Selection, country_finder, select

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["to_networkx"]

T = TypeVar("T")

#: An edge before merging: (end, end, key, attributes).
_Edge = tuple[str, str, str, dict[str, object]]


def _without_gc(func: Callable[..., T]) -> Callable[..., T]:
    """Pause the cyclic garbage collector while a function builds many small objects (it
    would otherwise rescan them again and again); the collector runs normally afterwards."""

    @functools.wraps(func)
    def wrapper(*args: object, **kwargs: object) -> T:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return wrapper


@_without_gc
def to_networkx(store: Store, *, kinds: Sequence[str] | None = None,
                statuses: Sequence[str] | None = None,
                countries: Sequence[str] | None = None,
                focus: str | None = None, depth: int = 1, events: str = "nodes",
                as_of: str | dt.date | None = None, isolates: bool = False,
                attributes: bool = True,
                rules: ProjectionRules | None = None) -> nx.MultiGraph:
    """Build a :class:`networkx.MultiGraph` of the store, as the ontology's annotations say.

    Parameters
    ----------
    store
        Any :class:`~friendship_graph.store.Store` (only ``store.query`` is used).
    kinds
        Relation kinds to draw: class or property IRIs, prefixed names (``fg:Twinning``),
        labels in any language or local names; each includes everything below it.
        Default: every edge class, every connector class (see ``events``) and every edge
        property not derived from another drawn class.
    statuses
        Keep only edges whose status is one of these (IRIs, ``fgc:established`` or labels);
        edges without a status (events, direct relations) are kept.
    countries
        Keep only edges with at least one end in one of these countries (IRIs, ISO codes or
        labels); an event is kept with all its edges when one of its ends is.
    focus, depth
        Keep only the nodes at most ``depth`` steps from the node ``focus`` (IRI or label).
    events
        ``"nodes"``: events and agreements are nodes linked to their endpoint values;
        ``"cliques"``: an edge between every two endpoint values; ``"none"``: left out.
    as_of
        ``YYYY[-MM[-DD]]``: only partnerships in force then (established or ended; started, if
        the start is known, by the end of that period; not ended, if the end is known, before
        its start) and events dated by the end of that period (undated events are left out).
    isolates
        Also add the instances of node classes (places, agents, documents) without an edge.
    attributes
        ``False`` reads only the structure (node ids, edge keys and ``relation``, plus what
        the selection needs): several times faster on large networks, for analysis.
    rules
        Projection rules read before (to save the ontology query when projecting often).

    Node ids and edge keys are IRIs; see the package documentation for the attributes.
    """
    selection = select(store, rules, kinds=kinds, statuses=statuses, countries=countries,
                       events=events, as_of=as_of)
    center = resolve_node(store, focus) if focus is not None else None
    things, statements = _read(store, selection, attributes=attributes, isolates=isolates)
    labels = dict(selection.labels)
    if attributes:
        labels.update(concept_labels(store, things, labels))
    specific = _most_specific(selection.rules)
    country_of = country_finder(things)
    drawn = _Drawn()
    _draw_things(drawn, things, selection, specific, country_of, labels, attributes=attributes)
    _draw_statements(drawn, statements, selection, country_of, labels, attributes=attributes)
    graph = _build(drawn, things, selection, specific, country_of, labels, center,
                   isolates=isolates, attributes=attributes)
    if center is not None:
        graph = _narrow(graph, center, depth)
    if selection.period is not None:
        graph.graph["as_of"] = str(as_of)
    return graph


# --------------------------------------------------------------------------- read


def _read(store: Store, selection: Selection, *, attributes: bool,
          isolates: bool) -> tuple[dict[str, Thing], list[tuple[str, str, str, str]]]:
    """Read what the selection draws: the instances of its classes (and of the node classes
    when nodes get attributes or isolates are added), their ends, the attribute values it
    needs, and the statements of its properties."""
    classes = set(selection.edge_classes) | set(selection.connectors)
    if attributes or isolates:
        classes |= selection.rules.node_classes
    endpoint_props = set().union(*selection.edge_classes.values(),
                                 *selection.connectors.values())
    return read_statements(store, classes, endpoint_props, _needed(selection, attributes),
                           selection.properties, sources=attributes, quotes=attributes)


def _needed(selection: Selection, attributes: bool) -> list[URIRef | str]:
    """The attribute properties to read: all of them, or only what the selection tests."""
    if attributes:
        return list(ATTRIBUTE_PROPS)
    needed: list[URIRef | str] = []
    if selection.statuses is not None or selection.period is not None:
        needed.append(P.status)
    if selection.period is not None:
        needed += [P.start, P.end, P.date, P.signed]
    if selection.countries is not None:
        needed.append(P.country)
    return needed


def _most_specific(rules: ProjectionRules) -> Callable[[set[str]], str]:
    """:meth:`ProjectionRules.most_specific` on strings, remembering every answer."""
    cache: dict[frozenset[str], str] = {}

    def specific(types: set[str]) -> str:
        key = frozenset(types)
        found = cache.get(key)
        if found is None:
            found = cache[key] = str(rules.most_specific({URIRef(t) for t in key}))
        return found

    return specific


# --------------------------------------------------------------------------- draw


class _Drawn:
    """The edges drawn so far, the event and agreement nodes, and the entities seen."""

    __slots__ = ("edges", "connector_nodes", "entities")

    def __init__(self) -> None:
        self.edges: list[_Edge] = []
        self.connector_nodes: set[str] = set()
        #: instances of node classes (the candidates for ``isolates``)
        self.entities: list[str] = []

    def clique(self, iri: str, ends: dict[str, set[str]], attrs: dict[str, object]) -> None:
        """An edge keyed ``iri`` between every two ends."""
        for a, b in itertools.combinations(sorted(ends), 2):
            self.edges.append((a, b, iri, attrs))

    def star(self, iri: str, ends: dict[str, set[str]], attrs: dict[str, object],
             roles: bool) -> None:
        """The node ``iri`` linked to each end (with the end's ``role`` properties)."""
        self.connector_nodes.add(iri)
        for value, props in sorted(ends.items()):
            edge = dict(attrs)
            if roles:
                edge["role"] = " ".join(sorted(str(r) for r in props))
            self.edges.append((iri, value, iri, edge))


def _ends(thing: Thing, endpoint_props: frozenset[str]) -> dict[str, set[str]]:
    """The endpoint values of a thing -> the endpoint properties that give them."""
    ends: dict[str, set[str]] = {}
    for prop in endpoint_props:
        for value in thing.endpoints.get(prop, ()):
            ends.setdefault(value, set()).add(prop)
    return ends


def _draw_things(drawn: _Drawn, things: dict[str, Thing], selection: Selection,
                 specific: Callable[[set[str]], str], country_of: Callable[[str], set[str]],
                 labels: dict[str, dict[str, str]], *, attributes: bool) -> None:
    """Draw the partnerships (edges, cliques beyond two ends) and the events and agreements
    (stars or cliques) the selection keeps; note the instances of node classes."""
    edge_ends = {str(c): frozenset(str(p) for p in e) for c, e in selection.edge_classes.items()}
    connector_ends = {str(c): frozenset(str(p) for p in e)
                      for c, e in selection.connectors.items()}
    node_classes = {str(c) for c in selection.rules.node_classes}
    keeps = selection.keeps if selection.filters else None
    cliques = selection.events == "cliques"
    for iri, thing in things.items():
        if not thing.types:
            continue
        type_ = specific(thing.types)
        is_edge = type_ in edge_ends
        endpoint_props = edge_ends[type_] if is_edge else connector_ends.get(type_)
        if endpoint_props is None:
            if type_ in node_classes:
                drawn.entities.append(iri)
            continue
        ends = _ends(thing, endpoint_props)
        if len(ends) < (2 if is_edge else 1):
            continue
        if keeps is not None and not keeps(thing, is_edge, ends, country_of):
            continue
        attrs = (edge_attributes(iri, thing, type_, labels) if attributes
                 else {"relation": type_, "id": iri})
        if is_edge or cliques:
            drawn.clique(iri, ends, attrs)
        else:
            drawn.star(iri, ends, attrs, attributes)


def _draw_statements(drawn: _Drawn, statements: list[tuple[str, str, str, str]],
                     selection: Selection, country_of: Callable[[str], set[str]],
                     labels: dict[str, dict[str, str]], *, attributes: bool) -> None:
    """Draw each statement of a drawn property as an edge keyed ``<s> <p> <o>`` (one per
    pair for symmetric properties) when one of its ends is in a kept country."""
    seen_symmetric: set[tuple[str, str, str]] = set()
    symmetric = {str(s) for s in selection.rules.symmetric}
    countries = selection.countries
    for s, p, o, graph_iri in statements:
        if countries is not None and not (country_of(s) | country_of(o)) & countries:
            continue
        if p in symmetric:
            s, o = min(s, o), max(s, o)  # one edge per pair, with a key that does not depend
            pair = (s, p, o)             # on the order the statements come in
            if pair in seen_symmetric:
                continue
            seen_symmetric.add(pair)
        attrs: dict[str, object] = {"relation": p}
        if attributes:
            attrs["sources"] = graph_iri
            relation_label = pick_label(labels.get(p, {}))
            if relation_label:
                attrs["relation_label"] = relation_label
        drawn.edges.append((s, o, f"<{s}> <{p}> <{o}>", attrs))


# --------------------------------------------------------------------------- build


def _merge(edges: list[_Edge], attributes: bool) -> dict[tuple[str, str, str], dict[str, object]]:
    """One edge per (pair, key); repeated statements merge their sources."""
    merged: dict[tuple[str, str, str], dict[str, object]] = {}
    for a, b, key, attrs in edges:
        pair = (a, b, key) if a <= b else (b, a, key)
        if pair in merged:
            if attributes:
                sources = set(str(merged[pair].get("sources", "")).split())
                sources |= set(str(attrs.get("sources", "")).split())
                merged[pair]["sources"] = " ".join(sorted(s for s in sources if s))
            continue
        merged[pair] = attrs
    return merged


def _build(drawn: _Drawn, things: dict[str, Thing], selection: Selection,
           specific: Callable[[set[str]], str], country_of: Callable[[str], set[str]],
           labels: dict[str, dict[str, str]], center: str | None, *, isolates: bool,
           attributes: bool) -> nx.MultiGraph:
    """The MultiGraph of the drawn edges: their ends, the event nodes, the isolates kept and
    the focus node, each with its attributes (sorted by id), then the merged edges."""
    merged = _merge(drawn.edges, attributes)
    graph = nx.MultiGraph(name="friendship-graph")
    nodes = {n for a, b, _k in merged for n in (a, b)} | drawn.connector_nodes
    if isolates:
        nodes.update(e for e in drawn.entities
                     if selection.countries is None or country_of(e) & selection.countries)
    if center is not None:
        nodes.add(center)
    if attributes:
        graph.add_nodes_from(
            (n, node_attributes(things[n], specific, labels) if n in things else {})
            for n in sorted(nodes))
        add_country_labels(graph, things)
    else:
        graph.add_nodes_from(sorted(nodes))
    graph.add_edges_from((a, b, key, attrs) for (a, b, key), attrs in merged.items())
    return graph


def _narrow(graph: nx.MultiGraph, center: str, depth: int) -> nx.MultiGraph:
    """The nodes at most ``depth`` steps from ``center``, with the edges between them."""
    keep = nx.single_source_shortest_path_length(graph, center, cutoff=depth)
    graph = graph.subgraph(keep).copy()
    graph.graph["focus"] = center
    graph.graph["depth"] = depth
    return graph
