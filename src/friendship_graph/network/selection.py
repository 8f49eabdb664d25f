"""The selection: which relation kinds, statuses, countries and dates a projection keeps.

The user's names (IRIs, prefixed names, labels in any language, local names, ISO codes) are
resolved against the ontology's projection rules and what the store holds, into a
:class:`Selection` that the projection applies to every partnership, event and statement.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import URIRef

from ..errors import FriendshipGraphError
from .dates import happened, in_force, parse_period
from .labels import expand_name, local_name, prefixed, read_labels
from .read import P, Thing
from .rules import ProjectionRules, projection_rules

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["EVENT_MODES", "SelectionError", "Selection", "select", "country_finder"]

#: How classes that are nodes with endpoints (events, agreements) are drawn.
EVENT_MODES = ("nodes", "cliques", "none")


class SelectionError(FriendshipGraphError):
    """A selection option (kind, status, country, focus, date) does not match anything."""


@dataclass
class Selection:
    """What a projection draws and keeps, resolved against the ontology and the store."""

    rules: ProjectionRules
    #: ``"nodes"``, ``"cliques"`` or ``"none"`` (see :data:`EVENT_MODES`)
    events: str
    #: edge classes drawn -> their endpoint properties
    edge_classes: dict[URIRef, frozenset[URIRef]]
    #: connector classes drawn (events, agreements) -> their endpoint properties
    connectors: dict[URIRef, frozenset[URIRef]]
    #: properties drawn as direct edges -> the classes they are derived from
    properties: dict[URIRef, frozenset[URIRef]]
    #: labels (language -> text) of the drawn classes, properties and node classes
    labels: dict[str, dict[str, str]]
    #: status IRIs kept (``None``: every status)
    statuses: set[str] | None = None
    #: country IRIs kept (``None``: every country)
    countries: set[str] | None = None
    #: ``as_of`` as (first day, last day) (``None``: any time)
    period: tuple[dt.date, dt.date] | None = None

    @property
    def filters(self) -> bool:
        """Whether the selection keeps only some partnerships and events."""
        return self.statuses is not None or self.period is not None or self.countries is not None

    def keeps(self, thing: Thing, is_edge: bool, ends: Iterable[str],
              country_of: Callable[[str], set[str]]) -> bool:
        """Whether a partnership (``is_edge``) or an event or agreement with these ``ends``
        has a kept status (or none), is in force (happened) at ``as_of`` and has an end in a
        kept country."""
        if self.statuses is not None:
            found = set(thing.texts(P.status))
            if found and not found & self.statuses:
                return False
        if self.period is not None and not (
                in_force(thing, self.period) if is_edge else happened(thing, self.period)):
            return False
        return self.countries is None or any(country_of(v) & self.countries for v in ends)


def select(store: Store, rules: ProjectionRules | None, *,
           kinds: Sequence[str] | None = None, statuses: Sequence[str] | None = None,
           countries: Sequence[str] | None = None, events: str = "nodes",
           as_of: str | dt.date | None = None) -> Selection:
    """Resolve the selection options of :func:`~friendship_graph.network.to_networkx`.

    ``rules`` are read from the store when ``None``. Raises :class:`SelectionError` naming
    the option that matches nothing (and what would).
    """
    if events not in EVENT_MODES:
        raise SelectionError(f"bad events mode {events!r}; use one of {', '.join(EVENT_MODES)}")
    period = _as_of_period(as_of)
    rules = rules or projection_rules(store)
    candidates = (set(rules.edge_classes) | set(rules.connector_classes)
                  | set(rules.edge_properties))
    term_labels = read_labels(store, candidates | rules.node_classes)
    edge_classes, connectors, properties = _kinds(rules, kinds, candidates, term_labels)
    if events == "none":
        connectors = {}
    return Selection(rules, events, edge_classes, connectors, properties,
                     labels={str(k): v for k, v in term_labels.items()},
                     statuses=_statuses(store, statuses), countries=_countries(store, countries),
                     period=period)


def _kinds(rules: ProjectionRules, kinds: Sequence[str] | None, candidates: set[URIRef],
           term_labels: dict[URIRef, dict[str, str]],
           ) -> tuple[dict[URIRef, frozenset[URIRef]], dict[URIRef, frozenset[URIRef]],
                      dict[URIRef, frozenset[URIRef]]]:
    """The edge classes, connector classes and edge properties drawn: those named in
    ``kinds`` (with everything below them), else all of them but the edge properties
    derived from a drawn class."""
    if kinds:
        wanted = set()
        for iri in _resolve(list(kinds), {c: term_labels.get(c, {}) for c in candidates},
                            "relation kind"):
            wanted |= rules.descendants(iri) & candidates
        return ({c: e for c, e in rules.edge_classes.items() if c in wanted},
                {c: e for c, e in rules.connector_classes.items() if c in wanted},
                {p: d for p, d in rules.edge_properties.items() if p in wanted})
    edge_classes = dict(rules.edge_classes)
    connectors = dict(rules.connector_classes)
    drawn = set(edge_classes) | set(connectors)
    properties = {p: d for p, d in rules.edge_properties.items()
                  if not any(rules.descendants(c) & drawn for c in d)}
    return edge_classes, connectors, properties


def _statuses(store: Store, statuses: Sequence[str] | None) -> set[str] | None:
    """The status IRIs named, among those the store uses."""
    if not statuses:
        return None
    used = {row[0] for row in store.query(
        "SELECT DISTINCT ?s WHERE { ?x fg:status ?s FILTER (isIRI(?s)) }").rows}
    used_labels = read_labels(store, used)
    return {str(s) for s in _resolve(
        list(statuses), {u: used_labels.get(u, {}) for u in used}, "status")}


def _countries(store: Store, countries: Sequence[str] | None) -> set[str] | None:
    """The country IRIs named (by IRI, label or ISO code), among those the store uses."""
    if not countries:
        return None
    names: dict[URIRef, dict[str, str]] = defaultdict(dict)
    for country, prop, value in store.query(
        "SELECT ?c ?p ?l WHERE { { SELECT DISTINCT ?c WHERE { ?x fg:country ?c } } "
        "VALUES ?p { rdfs:label skos:prefLabel fg:isoCode } ?c ?p ?l }"
    ).rows:
        names[country][f"{prop} {getattr(value, 'language', None) or ''}"] = str(value)
    return {str(c) for c in _resolve(list(countries), names, "country")}


def _as_of_period(as_of: str | dt.date | None) -> tuple[dt.date, dt.date] | None:
    if as_of is None or as_of == "":
        return None
    if isinstance(as_of, dt.date):
        return as_of, as_of
    period = parse_period(as_of)
    if period is None or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", str(as_of).strip()):
        raise SelectionError(f"bad date {as_of!r}: write YYYY, YYYY-MM or YYYY-MM-DD")
    return period


def _resolve(names: Sequence[str], candidates: dict[URIRef, dict[str, str]], what: str,
             ) -> set[URIRef]:
    """Map names (IRIs, prefixed names, labels in any language, local names) to IRIs."""
    out: set[URIRef] = set()
    for name in names:
        iri = expand_name(str(name))
        if iri is not None:
            if iri not in candidates:
                raise SelectionError(
                    f"unknown {what} {name!r}; known: "
                    + ", ".join(sorted(prefixed(c) for c in candidates)))
            out.add(iri)
            continue
        wanted = str(name).strip().casefold()
        found = {c for c, labels in candidates.items()
                 if wanted in {v.casefold() for v in labels.values()}
                 or wanted == local_name(c).casefold()}
        if not found:
            raise SelectionError(
                f"unknown {what} {name!r}; known: "
                + ", ".join(sorted(prefixed(c) for c in candidates)))
        out |= found
    return out


def country_finder(things: dict[str, Thing]) -> Callable[[str], set[str]]:
    """A function giving a node's countries (``fg:country`` values) and the node itself (a
    country is its own country)."""

    def country_of(node: str) -> set[str]:
        thing = things.get(node)
        found = set(thing.texts(P.country)) if thing else set()
        found.add(node)
        return found

    return country_of
