"""Project the RDF graph to a networkx graph, as the ontology says.

Which things become nodes and which become edges is read from the ontology's annotations
(``fg:projectAs``, ``fg:edgeEndpoints``, ``fg:derivedFrom``), inherited along
``rdfs:subClassOf`` and ``rdfs:subPropertyOf`` from the nearest annotated ancestor:

* a class projected as an **edge** with ``fg:edgeEndpoints P`` (``fg:Partnership`` and every
  class below it): each instance is one edge between its values of ``P`` (or of a
  subproperty of ``P``); more than two values make a clique;
* a property projected as an edge (``fg:placeRelation`` and every property below it): each
  statement is an edge between subject and object, unless the property is annotated
  ``fg:derivedFrom`` a class that is drawn already (``fg:twinnedWith`` is derived from
  partnerships and would double every edge); naming such a property in ``kinds`` draws it;
* a class projected as a **node** that also has ``fg:edgeEndpoints`` (events, agreements) is
  drawn as a node linked to its endpoint values (``events="nodes"``), as a clique of its
  endpoint values (``events="cliques"``), or not at all (``events="none"``);
* other node classes (places, agents, documents) give the nodes the edges connect.

Only :meth:`Store.query <friendship_graph.store.Store.query>` is used, with a handful of
SELECTs over the whole graph (never one per node), so the projection works on every store
backend and stays fast on large networks.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import gc
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.term import Node

from .errors import FriendshipGraphError
from .rdf.terms import escaped_value, unescape_value
from .store import Store, packed_select
from .vocab import FG, FGC, GEO, OWL, PREFIXES, RDF, RDFS, SCHEMA, SKOS, WD

__all__ = [
    "EVENT_MODES",
    "ProjectionRules",
    "SelectionError",
    "projection_rules",
    "to_networkx",
    "find_node",
    "resolve_node",
    "parse_period",
    "node_labels",
    "read_graph",
]

T = TypeVar("T")

#: How classes that are nodes with endpoints (events, agreements) are drawn.
EVENT_MODES = ("nodes", "cliques", "none")

_NODE = FG.NodeProjection
_EDGE = FG.EdgeProjection

# Properties whose values become node and edge attributes (the attribute contract).
_LABEL_PROPS = (str(RDFS.label), str(SKOS.prefLabel))
_ATTRIBUTE_PROPS = (
    RDFS.label, SKOS.prefLabel, SKOS.altLabel, FG.country, FG.isoCode, GEO.lat, GEO.long,
    OWL.sameAs, SKOS.exactMatch, SCHEMA.sameAs, FG.status, FG.level, FG.startDate,
    FG.endDate, FG.intendedOn, FG.date, FG.signedOn,
)


class _P:
    """Attribute properties as plain strings, for the loops over every node and edge."""

    alt = str(SKOS.altLabel)
    country = str(FG.country)
    lat, long = str(GEO.lat), str(GEO.long)
    same_as = (str(OWL.sameAs), str(SKOS.exactMatch), str(SCHEMA.sameAs))
    status, level = str(FG.status), str(FG.level)
    start, end, intended = str(FG.startDate), str(FG.endDate), str(FG.intendedOn)
    date, signed = str(FG.date), str(FG.signedOn)


#: Statuses in which a partnership counts as in force for ``as_of`` (as in partners.rq).
_IN_FORCE_STATUSES = frozenset({str(FGC.established), str(FGC.ended)})


class SelectionError(FriendshipGraphError):
    """A selection option (kind, status, country, focus, date) does not match anything."""


# --------------------------------------------------------------------------- the ontology


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
        if rel in (RDFS.subClassOf, RDFS.subPropertyOf):
            if s != o:
                rules.parents.setdefault(s, set()).add(o)
        elif rel == RDF.type:
            rules.symmetric.add(s)
        else:
            rules.annotations.setdefault(s, {}).setdefault(rel, set()).add(o)
    terms = set(rules.parents) | set(rules.annotations)
    terms |= {p for parents in rules.parents.values() for p in parents}
    for term in terms:
        modes = rules.inherited(term, FG.projectAs)
        if len(modes) != 1:
            continue
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
    return rules


# --------------------------------------------------------------------------- dates


_DATE = re.compile(r"^(-?\d{4,})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a time zone is ignored) as (first day, last
    day); ``None`` when it is not such a date."""
    match = _DATE.match(str(text).strip())
    if not match:
        return None
    try:
        year = int(match.group(1))
        if match.group(3):
            day = dt.date(year, int(match.group(2)), int(match.group(3)))
            return day, day
        if match.group(2):
            month = int(match.group(2))
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None


def _as_of_period(as_of: str | dt.date | None) -> tuple[dt.date, dt.date] | None:
    if as_of is None or as_of == "":
        return None
    if isinstance(as_of, dt.date):
        return as_of, as_of
    period = parse_period(as_of)
    if period is None or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", str(as_of).strip()):
        raise SelectionError(f"bad date {as_of!r}: write YYYY, YYYY-MM or YYYY-MM-DD")
    return period


# --------------------------------------------------------------------------- reading


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in sorted({str(i) for i in iris}))


class _Thing:
    """What the queries say about one subject. Everything is a plain string (rdflib terms
    hash and compare in Python, which is slow in these loops)."""

    __slots__ = ("types", "sources", "attrs", "endpoints", "quotes")

    def __init__(self) -> None:
        self.types: set[str] = set()
        self.sources: set[str] = set()
        #: property IRI -> {(language, text)} (a set: a statement may be in several graphs)
        self.attrs: dict[str, set[tuple[str, str]]] = {}
        #: endpoint property IRI -> endpoint IRIs
        self.endpoints: dict[str, set[str]] = {}
        self.quotes: set[str] = set()

    def texts(self, prop: str) -> list[str]:
        values = self.attrs.get(prop)
        if not values:
            return []
        if len(values) == 1:
            return [next(iter(values))[1]]
        return sorted(text for _lang, text in values)


def _read(store: Store, classes: set[URIRef], endpoint_props: set[URIRef],  # noqa: ANN202
          attribute_props: Sequence[URIRef], props: Iterable[URIRef], *, sources: bool,
          quotes: bool):
    things: dict[str, _Thing] = defaultdict(_Thing)
    # The bulk of the reading goes through store.statements: plain strings, no rdflib terms.
    if classes:
        for x, _p, type_, _lang, graph in store.statements(
                [str(RDF.type)], [str(c) for c in classes], graphs=sources):
            thing = things[x]
            thing.types.add(type_)
            if sources:
                thing.sources.add(graph)
    if endpoint_props:
        for x, prop, value, _lang, _g in store.statements([str(p) for p in endpoint_props]):
            thing = things.get(x)
            if thing is not None:
                thing.endpoints.setdefault(prop, set()).add(value)
    if attribute_props:
        for x, prop, value, lang, _g in store.statements([str(p) for p in attribute_props],
                                                         literals=True):
            things[x].attrs.setdefault(prop, set()).add((lang, value))
    if quotes:
        for x, quote in packed_select(
                store, ["STR(?x)", escaped_value("?v")],
                "?x fg:supportedBy ?q . ?q fg:quote ?v FILTER (isIRI(?x) && !isBlank(?v))"):
            things[x].quotes.add(unescape_value(quote))
    statements: list[tuple[str, str, str, str]] = []
    if props:
        statements = [(x, p, o, g) for x, p, o, _lang, g in
                      store.statements([str(p) for p in props], graphs=True)]
    return things, statements


def _labels(store: Store, iris: set[URIRef]) -> dict[URIRef, dict[str, str]]:
    """Labels (language -> text) of a few IRIs (classes, properties, concepts)."""
    out: dict[URIRef, dict[str, str]] = defaultdict(dict)
    if not iris:
        return out
    # One UNION branch per property: both start from the bound ?x (two VALUES blocks would be
    # a cross product that Oxigraph joins with every statement of the store).
    rows = store.query(
        f"SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {_values(iris)} }} "
        "{ ?x rdfs:label ?l BIND (rdfs:label AS ?p) } "
        "UNION { ?x skos:prefLabel ?l BIND (skos:prefLabel AS ?p) } }"
    ).rows
    for x, _prop, label in sorted(rows, key=lambda r: (r[1] != RDFS.label, str(r[2]))):
        if isinstance(label, Literal):
            out[x].setdefault(label.language or "", str(label))
    return out


def _pick_label(labels: dict[str, str]) -> str | None:
    for lang in ("en", *sorted(k for k in labels if k.startswith("en-")), "", *sorted(labels)):
        if lang in labels:
            return labels[lang]
    return None


def _local(iri: str) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# --------------------------------------------------------------------------- resolving names


def _expand_name(name: str) -> URIRef | None:
    """A full IRI, ``<IRI>`` or ``prefix:local`` with a known prefix, else ``None``."""
    name = name.strip()
    if name.startswith("<") and name.endswith(">"):
        return URIRef(name[1:-1])
    if re.match(r"^[a-z][a-z0-9+.-]*://", name, re.IGNORECASE):
        return URIRef(name)
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES:
        return URIRef(PREFIXES[prefix] + local)
    return None


def _resolve(names: Sequence[str], candidates: dict[URIRef, dict[str, str]], what: str,
             ) -> set[URIRef]:
    """Map names (IRIs, prefixed names, labels in any language, local names) to IRIs."""
    out: set[URIRef] = set()
    for name in names:
        iri = _expand_name(str(name))
        if iri is not None:
            if iri not in candidates:
                raise SelectionError(
                    f"unknown {what} {name!r}; known: "
                    + ", ".join(sorted(_prefixed(c) for c in candidates)))
            out.add(iri)
            continue
        wanted = str(name).strip().casefold()
        found = {c for c, labels in candidates.items()
                 if wanted in {v.casefold() for v in labels.values()}
                 or wanted == _local(c).casefold()}
        if not found:
            raise SelectionError(
                f"unknown {what} {name!r}; known: "
                + ", ".join(sorted(_prefixed(c) for c in candidates)))
        out |= found
    return out


def _prefixed(iri: str) -> str:
    for prefix, base in PREFIXES.items():
        if str(iri).startswith(base) and len(str(iri)) > len(base):
            return f"{prefix}:{str(iri)[len(base):]}"
    return str(iri)


def find_node(graph: nx.Graph, name: str) -> str:
    """The node of ``graph`` named by an IRI (node id) or a label, alternative label or
    Chinese label (case-insensitive). Raises :class:`SelectionError` when no node or more
    than one node matches."""
    if name in graph:
        return name
    iri = _expand_name(name)
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


# --------------------------------------------------------------------------- attributes


def _labels_by_lang(thing: _Thing | None) -> dict[str, str]:
    out: dict[str, str] = {}
    if thing is not None:
        for prop in _LABEL_PROPS:
            for lang, text in sorted(thing.attrs.get(prop, ())):
                out.setdefault(lang, text)
    return out


def _first(thing: _Thing, prop: URIRef) -> str | None:
    texts = thing.texts(prop)
    return texts[0] if texts else None


def _node_attributes(thing: _Thing, specific: Callable[[set[str]], str],
                     labels: dict[str, dict[str, str]]) -> dict[str, object]:
    attrs: dict[str, object] = {}
    by_lang = _labels_by_lang(thing)
    label = _pick_label(by_lang)
    if label is not None:
        attrs["label"] = label
    zh = next((by_lang[k] for k in sorted(by_lang) if k == "zh" or k.startswith("zh-")), None)
    if zh is not None:
        attrs["label_zh"] = zh
    alts = sorted(set(thing.texts(_P.alt)))
    if alts:
        attrs["alt_labels"] = "|".join(alts)
    if thing.types:
        type_ = specific(thing.types)
        attrs["type"] = type_
        type_label = _pick_label(labels.get(type_, {}))
        if type_label:
            attrs["type_label"] = type_label
    country = _first(thing, _P.country)
    if country:
        attrs["country"] = country
    for prop, key in ((_P.lat, "lat"), (_P.long, "lon")):
        for text in thing.texts(prop):
            try:
                attrs[key] = float(text)
                break
            except ValueError:
                continue
    wikidata = sorted(text for p in _P.same_as
                      for text in thing.texts(p) if text.startswith(str(WD)))
    if wikidata:
        attrs["wikidata"] = wikidata[0]
    for prop, key in ((_P.date, "date"), (_P.signed, "date"), (_P.start, "start"),
                      (_P.end, "end")):
        text = _first(thing, prop)
        if text is not None:
            attrs.setdefault(key, text)
    if thing.sources:
        attrs["sources"] = " ".join(sorted(thing.sources))
    return attrs


def _edge_attributes(iri: str, thing: _Thing, relation: str,
                     labels: dict[str, dict[str, str]]) -> dict[str, object]:
    attrs: dict[str, object] = {"relation": relation, "id": iri}
    relation_label = _pick_label(labels.get(relation, {}))
    if relation_label:
        attrs["relation_label"] = relation_label
    label = _pick_label(_labels_by_lang(thing))
    if label:
        attrs["label"] = label
    for prop, key in ((_P.status, "status"), (_P.level, "level")):
        value = _first(thing, prop)
        if value:
            attrs[key] = value
            value_label = _pick_label(labels.get(value, {}))
            if value_label:
                attrs[f"{key}_label"] = value_label
    for prop, key in ((_P.start, "start"), (_P.end, "end"), (_P.intended, "intended"),
                      (_P.date, "date"), (_P.signed, "date")):
        text = _first(thing, prop)
        if text is not None:
            attrs.setdefault(key, text)
    if thing.sources:
        attrs["sources"] = " ".join(sorted(thing.sources))
    if thing.quotes:
        attrs["quotes"] = "|".join(sorted(thing.quotes))
    return attrs


def _periods(thing: _Thing, prop: URIRef) -> list[tuple[dt.date, dt.date]]:
    return [p for p in (parse_period(text) for text in thing.texts(prop)) if p]


def _in_force(thing: _Thing, period: tuple[dt.date, dt.date]) -> bool:
    """As ``partners.rq``: status established or ended, started (if known) by the end of the
    period and not ended (if known) before its start."""
    if not _IN_FORCE_STATUSES & set(thing.texts(_P.status)):
        return False
    starts, ends = _periods(thing, _P.start), _periods(thing, _P.end)
    if starts and min(s[0] for s in starts) > period[1]:
        return False
    return not (ends and max(e[1] for e in ends) < period[0])


def _happened(thing: _Thing, period: tuple[dt.date, dt.date]) -> bool:
    """An event or agreement dated (start, date or signature) no later than the period's end."""
    for prop in (_P.start, _P.date, _P.signed):
        dates = _periods(thing, prop)
        if dates:
            return min(d[0] for d in dates) <= period[1]
    return False


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
    iri = _expand_name(name)
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


# --------------------------------------------------------------------------- projection


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
def to_networkx(store: Store, *, kinds: Sequence[str] | None = None,  # noqa: C901, PLR0912, PLR0915
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

    Node ids and edge keys are IRIs; see the module documentation for the attributes.
    """
    if events not in EVENT_MODES:
        raise SelectionError(f"bad events mode {events!r}; use one of {', '.join(EVENT_MODES)}")
    period = _as_of_period(as_of)
    rules = rules or projection_rules(store)

    # Which kinds are drawn.
    candidates = (set(rules.edge_classes) | set(rules.connector_classes)
                  | set(rules.edge_properties))
    term_labels = _labels(store, candidates | rules.node_classes)
    if kinds:
        wanted = set()
        for iri in _resolve(list(kinds), {c: term_labels.get(c, {}) for c in candidates},
                            "relation kind"):
            wanted |= rules.descendants(iri) & candidates
        edge_classes = {c: e for c, e in rules.edge_classes.items() if c in wanted}
        connectors = {c: e for c, e in rules.connector_classes.items() if c in wanted}
        props = {p: d for p, d in rules.edge_properties.items() if p in wanted}
    else:
        edge_classes = dict(rules.edge_classes)
        connectors = dict(rules.connector_classes)
        drawn = set(edge_classes) | set(connectors)
        props = {p: d for p, d in rules.edge_properties.items()
                 if not any(rules.descendants(c) & drawn for c in d)}
    if events == "none":
        connectors = {}

    # Statuses and countries are resolved against what the store holds.
    wanted_statuses: set[str] | None = None
    if statuses:
        used = {row[0] for row in store.query(
            "SELECT DISTINCT ?s WHERE { ?x fg:status ?s FILTER (isIRI(?s)) }").rows}
        used_labels = _labels(store, used)
        wanted_statuses = {str(s) for s in _resolve(
            list(statuses), {u: used_labels.get(u, {}) for u in used}, "status")}
    wanted_countries: set[str] | None = None
    if countries:
        names: dict[URIRef, dict[str, str]] = defaultdict(dict)
        for country, prop, value in store.query(
            "SELECT ?c ?p ?l WHERE { { SELECT DISTINCT ?c WHERE { ?x fg:country ?c } } "
            "VALUES ?p { rdfs:label skos:prefLabel fg:isoCode } ?c ?p ?l }"
        ).rows:
            names[country][f"{prop} {getattr(value, 'language', None) or ''}"] = str(value)
        wanted_countries = {str(c) for c in _resolve(list(countries), names, "country")}

    # Read the data: a few packed SELECTs over the whole store.
    classes = set(edge_classes) | set(connectors)
    if attributes or isolates:
        classes |= rules.node_classes
    needed: list[URIRef] = list(_ATTRIBUTE_PROPS) if attributes else []
    if not attributes:
        if wanted_statuses is not None or period is not None:
            needed.append(_P.status)
        if period is not None:
            needed += [_P.start, _P.end, _P.date, _P.signed]
        if wanted_countries is not None:
            needed.append(_P.country)
    endpoint_props = set().union(*edge_classes.values(), *connectors.values())
    things, statements = _read(store, classes, endpoint_props, needed, props,
                               sources=attributes, quotes=attributes)
    labels = {str(k): v for k, v in term_labels.items()}
    if attributes:
        used_concepts = {text for thing in things.values()
                         for prop in (_P.status, _P.level) for text in thing.texts(prop)}
        labels.update((str(k), v) for k, v in _labels(
            store, {URIRef(c) for c in used_concepts - set(labels)}).items())

    # The hot loop works on plain strings.
    edge_ends = {str(c): frozenset(str(p) for p in e) for c, e in edge_classes.items()}
    connector_ends = {str(c): frozenset(str(p) for p in e) for c, e in connectors.items()}
    node_classes = {str(c) for c in rules.node_classes}
    specific_cache: dict[frozenset[str], str] = {}

    def specific(types: set[str]) -> str:
        key = frozenset(types)
        found = specific_cache.get(key)
        if found is None:
            found = specific_cache[key] = str(rules.most_specific({URIRef(t) for t in key}))
        return found

    def country_of(node: str) -> set[str]:
        thing = things.get(node)
        found = set(thing.texts(_P.country)) if thing else set()
        found.add(node)
        return found

    edges: list[tuple[str, str, str, dict[str, object]]] = []
    connector_nodes: set[str] = set()
    entities: list[str] = []
    for iri, thing in things.items():
        if not thing.types:
            continue
        type_ = specific(thing.types)
        if type_ in edge_ends:
            endpoint_props_of, kind = edge_ends[type_], "edge"
        elif type_ in connector_ends:
            endpoint_props_of, kind = connector_ends[type_], "connector"
        else:
            if type_ in node_classes:
                entities.append(iri)
            continue
        if wanted_statuses is not None:
            found = set(thing.texts(_P.status))
            if found and not found & wanted_statuses:
                continue
        ends: dict[str, set[str]] = {}
        for prop in endpoint_props_of:
            for value in thing.endpoints.get(prop, ()):
                ends.setdefault(value, set()).add(prop)
        if not ends or (kind == "edge" and len(ends) < 2):
            continue
        if period is not None and not (
                _in_force(thing, period) if kind == "edge" else _happened(thing, period)):
            continue
        if wanted_countries is not None and not any(
                country_of(v) & wanted_countries for v in ends):
            continue
        if attributes:
            attrs = _edge_attributes(iri, thing, type_, labels)
        else:
            attrs = {"relation": type_, "id": iri}
        if kind == "edge" or events == "cliques":
            for a, b in itertools.combinations(sorted(ends), 2):
                edges.append((a, b, iri, attrs))
        else:
            connector_nodes.add(iri)
            for value, roles in sorted(ends.items()):
                edge = dict(attrs)
                if attributes:
                    edge["role"] = " ".join(sorted(str(r) for r in roles))
                edges.append((iri, value, iri, edge))

    seen_symmetric: set[tuple[str, str, str]] = set()
    symmetric = {str(s) for s in rules.symmetric}
    for s, p, o, graph_iri in statements:
        if wanted_countries is not None and not (country_of(s) | country_of(o)) & wanted_countries:
            continue
        if p in symmetric:
            s, o = min(s, o), max(s, o)  # one edge per pair, with a key that does not depend
            pair = (s, p, o)             # on the order the statements come in
            if pair in seen_symmetric:
                continue
            seen_symmetric.add(pair)
        attrs = {"relation": p}
        if attributes:
            attrs["sources"] = graph_iri
            relation_label = _pick_label(labels.get(p, {}))
            if relation_label:
                attrs["relation_label"] = relation_label
        edges.append((s, o, f"<{s}> <{p}> <{o}>", attrs))

    # One edge per (pair, key); repeated statements merge their sources.
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

    graph = nx.MultiGraph(name="friendship-graph")
    nodes = {n for a, b, _k in merged for n in (a, b)} | connector_nodes
    if isolates:
        nodes.update(e for e in entities
                     if wanted_countries is None or country_of(e) & wanted_countries)
    center = None
    if focus is not None:
        center = resolve_node(store, focus)
        nodes.add(center)
    if attributes:
        graph.add_nodes_from(
            (n, _node_attributes(things[n], specific, labels) if n in things else {})
            for n in sorted(nodes))
        _add_country_labels(graph, things)
    else:
        graph.add_nodes_from(sorted(nodes))
    graph.add_edges_from((a, b, key, attrs) for (a, b, key), attrs in merged.items())
    if center is not None:
        keep = nx.single_source_shortest_path_length(graph, center, cutoff=depth)
        graph = graph.subgraph(keep).copy()
        graph.graph["focus"] = center
        graph.graph["depth"] = depth
    if period is not None:
        graph.graph["as_of"] = str(as_of)
    return graph


def _add_country_labels(graph: nx.MultiGraph, things: dict[str, _Thing]) -> None:
    cache: dict[str, str | None] = {}
    for _node, data in graph.nodes(data=True):
        country = data.get("country")
        if not country:
            continue
        if country not in cache:
            cache[country] = _pick_label(_labels_by_lang(things.get(country)))
        if cache[country]:
            data["country_label"] = cache[country]


# --------------------------------------------------------------------------- other sources


def node_labels(store: Store, nodes: Iterable[str]) -> dict[str, str]:
    """English (else any) labels of a few nodes, read from the store in one query."""
    wanted = [n for n in nodes if _expand_name(n) is not None]
    out: dict[str, str] = {}
    if not wanted:
        return out
    by_node: dict[str, dict[str, str]] = defaultdict(dict)
    for x, _p, label in sorted(store.query(
        f"SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {_values(wanted)} }} "
        "VALUES ?p { rdfs:label skos:prefLabel } ?x ?p ?l FILTER (isLiteral(?l)) }"
    ).rows, key=lambda r: (r[1] != RDFS.label, str(r[2]))):
        by_node[str(x)].setdefault(label.language or "", str(label))
    for node, labels in by_node.items():
        label = _pick_label(labels)
        if label:
            out[node] = label
    return out


#: File endings read by :func:`read_graph` as edge lists (anything else not listed below too).
GRAPH_READERS = {".graphml": "graphml", ".gexf": "gexf", ".json": "json"}


def read_graph(path: str | Path) -> nx.MultiGraph:
    """Read a network file as an undirected MultiGraph: GraphML, GEXF, node-link JSON, or an
    edge list (CSV, TSV or whitespace-separated, the first two columns are the ends; lines
    starting with ``#`` or ``%`` are comments, as in KONECT's ``out.*`` files)."""
    path = Path(path)
    if not path.is_file():
        raise FriendshipGraphError(f"{path}: no such file")
    kind = GRAPH_READERS.get(path.suffix.lower(), "edgelist")
    try:
        if kind == "graphml":
            graph = nx.read_graphml(path, edge_key_type=str, force_multigraph=True)
        elif kind == "gexf":
            graph = nx.read_gexf(path)
        elif kind == "json":
            import json

            data = json.loads(path.read_text(encoding="utf-8"))
            graph = nx.node_link_graph(data, edges="edges" if "edges" in data else "links")
        else:
            return _read_edge_list(path)
    except FriendshipGraphError:
        raise
    except Exception as error:  # noqa: BLE001 - any parser error becomes one line
        raise FriendshipGraphError(f"{path}: cannot read it as {kind}: {error}") from None
    multi = nx.MultiGraph(graph.to_undirected() if graph.is_directed() else graph)
    multi.graph.update(graph.graph)
    return multi


def _read_edge_list(path: Path) -> nx.MultiGraph:
    graph = nx.MultiGraph(name=path.name)
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            text = line.strip()
            if not text or text[0] in "#%":
                continue
            fields = re.split(r"[\t,;]", text) if re.search(r"[\t,;]", text) else text.split()
            fields = [f.strip().strip('"') for f in fields]
            if len(fields) < 2 or not fields[0] or not fields[1]:
                raise FriendshipGraphError(
                    f"{path}:{number}: an edge list line needs two node names, got {text!r}")
            if number == 1 and fields[:2] in (["source", "target"], ["from", "to"],
                                               ["Source", "Target"]):
                continue
            graph.add_edge(fields[0], fields[1])
    if graph.number_of_edges() == 0:
        raise FriendshipGraphError(f"{path}: no edges found; write one edge per line: A B")
    return graph
