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
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.term import Node

from .errors import FriendshipGraphError
from .vocab import FG, FGC, GEO, OWL, PREFIXES, RDF, RDFS, SCHEMA, SKOS, WD

__all__ = [
    "EVENT_MODES",
    "ProjectionRules",
    "SelectionError",
    "projection_rules",
    "to_networkx",
    "find_node",
    "parse_period",
]

#: How classes that are nodes with endpoints (events, agreements) are drawn.
EVENT_MODES = ("nodes", "cliques", "none")

_NODE = FG.NodeProjection
_EDGE = FG.EdgeProjection

# Properties whose values become node and edge attributes (the attribute contract).
_LABEL_PROPS = (RDFS.label, SKOS.prefLabel)
_ATTRIBUTE_PROPS = (
    RDFS.label, SKOS.prefLabel, SKOS.altLabel, FG.country, FG.isoCode, GEO.lat, GEO.long,
    OWL.sameAs, SKOS.exactMatch, SCHEMA.sameAs, FG.status, FG.level, FG.startDate,
    FG.endDate, FG.intendedOn, FG.date, FG.signedOn,
)
#: Statuses in which a partnership counts as in force for ``as_of`` (as in partners.rq).
_IN_FORCE_STATUSES = frozenset({FGC.established, FGC.ended})


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
        return max(sorted(types), key=self.depth)


_RULES_QUERY = """
SELECT ?s ?rel ?o WHERE {
    { VALUES ?rel { rdfs:subClassOf rdfs:subPropertyOf fg:projectAs fg:edgeEndpoints
                    fg:derivedFrom }
      ?s ?rel ?o . FILTER (isIRI(?s) && isIRI(?o)) }
    UNION
    { ?s a owl:SymmetricProperty . BIND (rdf:type AS ?rel) BIND (owl:SymmetricProperty AS ?o) }
}
"""


def projection_rules(store) -> ProjectionRules:  # noqa: ANN001 - any Store
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


def _values(iris: Iterable[URIRef]) -> str:
    return " ".join(f"<{iri}>" for iri in sorted(iris))


@dataclass
class _Thing:
    """What the queries say about one subject."""

    types: set[URIRef] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    attrs: dict[URIRef, list[Node]] = field(default_factory=lambda: defaultdict(list))
    endpoints: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    quotes: set[str] = field(default_factory=set)


def _read(store, rules: ProjectionRules, props: dict[URIRef, frozenset[URIRef]]):  # noqa: ANN001, ANN202
    things: dict[URIRef, _Thing] = defaultdict(_Thing)
    classes = rules.node_classes | set(rules.edge_classes) | set(rules.connector_classes)
    if classes:
        for x, type_, graph in store.query(
            f"SELECT ?x ?type ?g WHERE {{ VALUES ?type {{ {_values(classes)} }} "
            "GRAPH ?g { ?x a ?type } }"
        ).rows:
            thing = things[x]
            thing.types.add(type_)
            thing.sources.add(str(graph))
    endpoint_props = set().union(*rules.edge_classes.values(), *rules.connector_classes.values())
    if endpoint_props:
        for x, prop, value in store.query(
            f"SELECT ?x ?p ?v WHERE {{ VALUES ?p {{ {_values(endpoint_props)} }} "
            "?x ?p ?v . FILTER (!isLiteral(?v)) }"
        ).rows:
            if x in things:
                things[x].endpoints[prop].add(value)
    for x, prop, value in store.query(
        f"SELECT ?x ?p ?v WHERE {{ VALUES ?p {{ {_values(_ATTRIBUTE_PROPS)} }} ?x ?p ?v }}"
    ).rows:
        things[x].attrs[prop].append(value)
    for x, quote in store.query(
        "SELECT ?x ?quote WHERE { ?x fg:supportedBy ?q . ?q fg:quote ?quote }"
    ).rows:
        things[x].quotes.add(str(quote))
    statements: list[tuple[Node, URIRef, Node, str]] = []
    if props:
        statements = store.query(
            f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?p {{ {_values(props)} }} "
            "GRAPH ?g { ?s ?p ?o } FILTER (!isLiteral(?o)) }"
        ).rows
    return things, statements


def _labels(store, iris: set[URIRef]) -> dict[URIRef, dict[str, str]]:  # noqa: ANN001
    """Labels (language -> text) of a few IRIs (classes, properties, concepts)."""
    out: dict[URIRef, dict[str, str]] = defaultdict(dict)
    if not iris:
        return out
    rows = store.query(
        f"SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {_values(iris)} }} "
        "VALUES ?p { rdfs:label skos:prefLabel } ?x ?p ?l }"
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


def _literal_text(values: list[Node]) -> str | None:
    texts = sorted(str(v) for v in values)
    return texts[0] if texts else None


def _node_attributes(thing: _Thing, rules: ProjectionRules,
                     labels: dict[URIRef, dict[str, str]]) -> dict[str, object]:
    attrs: dict[str, object] = {}
    by_lang: dict[str, str] = {}
    for prop in _LABEL_PROPS:
        for value in sorted(thing.attrs.get(prop, ()), key=str):
            if isinstance(value, Literal):
                by_lang.setdefault(value.language or "", str(value))
    label = _pick_label(by_lang)
    if label is not None:
        attrs["label"] = label
    zh = next((by_lang[k] for k in sorted(by_lang) if k == "zh" or k.startswith("zh-")), None)
    if zh is not None:
        attrs["label_zh"] = zh
    alts = sorted({str(v) for v in thing.attrs.get(SKOS.altLabel, ())})
    if alts:
        attrs["alt_labels"] = "|".join(alts)
    if thing.types:
        type_ = rules.most_specific(thing.types)
        attrs["type"] = str(type_)
        type_label = _pick_label(labels.get(type_, {}))
        if type_label:
            attrs["type_label"] = type_label
    countries = sorted(str(v) for v in thing.attrs.get(FG.country, ()) if isinstance(v, URIRef))
    if countries:
        attrs["country"] = countries[0]
    for prop, key in ((GEO.lat, "lat"), (GEO.long, "lon")):
        for value in thing.attrs.get(prop, ()):
            try:
                attrs[key] = float(str(value))
                break
            except ValueError:
                continue
    wikidata = sorted(str(v) for p in (OWL.sameAs, SKOS.exactMatch, SCHEMA.sameAs)
                      for v in thing.attrs.get(p, ()) if str(v).startswith(str(WD)))
    if wikidata:
        attrs["wikidata"] = wikidata[0]
    for prop, key in ((FG.date, "date"), (FG.signedOn, "date"), (FG.startDate, "start"),
                      (FG.endDate, "end")):
        text = _literal_text(thing.attrs.get(prop, []))
        if text is not None:
            attrs.setdefault(key, text)
    if thing.sources:
        attrs["sources"] = " ".join(sorted(thing.sources))
    return attrs


def _edge_attributes(iri: URIRef, thing: _Thing, relation: URIRef,
                     labels: dict[URIRef, dict[str, str]]) -> dict[str, object]:
    attrs: dict[str, object] = {"relation": str(relation), "id": str(iri)}
    relation_label = _pick_label(labels.get(relation, {}))
    if relation_label:
        attrs["relation_label"] = relation_label
    label = _pick_label({(v.language or ""): str(v) for v in sorted(
        thing.attrs.get(RDFS.label, ()), key=str, reverse=True) if isinstance(v, Literal)})
    if label:
        attrs["label"] = label
    status = sorted(str(v) for v in thing.attrs.get(FG.status, ()))
    if status:
        attrs["status"] = status[0]
        status_label = _pick_label(labels.get(URIRef(status[0]), {}))
        if status_label:
            attrs["status_label"] = status_label
    level = sorted(str(v) for v in thing.attrs.get(FG.level, ()))
    if level:
        attrs["level"] = level[0]
        level_label = _pick_label(labels.get(URIRef(level[0]), {}))
        if level_label:
            attrs["level_label"] = level_label
    for prop, key in ((FG.startDate, "start"), (FG.endDate, "end"), (FG.intendedOn, "intended"),
                      (FG.date, "date"), (FG.signedOn, "date")):
        text = _literal_text(thing.attrs.get(prop, []))
        if text is not None:
            attrs.setdefault(key, text)
    if thing.sources:
        attrs["sources"] = " ".join(sorted(thing.sources))
    if thing.quotes:
        attrs["quotes"] = "|".join(sorted(thing.quotes))
    return attrs


def _in_force(thing: _Thing, period: tuple[dt.date, dt.date]) -> bool:
    """As ``partners.rq``: status established or ended, started (if known) by the end of the
    period and not ended (if known) before its start."""
    if not _IN_FORCE_STATUSES & set(thing.attrs.get(FG.status, ())):
        return False
    return _dates_overlap(thing, period, FG.startDate)


def _happened(thing: _Thing, period: tuple[dt.date, dt.date]) -> bool:
    """An event or agreement dated (start, date or signature) no later than the period's end."""
    for prop in (FG.startDate, FG.date, FG.signedOn):
        dates = [parse_period(str(v)) for v in thing.attrs.get(prop, ())]
        dates = [d for d in dates if d]
        if dates:
            return min(d[0] for d in dates) <= period[1]
    return False


def _dates_overlap(thing: _Thing, period: tuple[dt.date, dt.date], start_prop: URIRef) -> bool:
    starts = [p for p in (parse_period(str(v)) for v in thing.attrs.get(start_prop, ())) if p]
    ends = [p for p in (parse_period(str(v)) for v in thing.attrs.get(FG.endDate, ())) if p]
    if starts and min(s[0] for s in starts) > period[1]:
        return False
    return not (ends and max(e[1] for e in ends) < period[0])


# --------------------------------------------------------------------------- projection


def to_networkx(store, *, kinds: Sequence[str] | None = None,  # noqa: ANN001, C901, PLR0912, PLR0915
                statuses: Sequence[str] | None = None,
                countries: Sequence[str] | None = None,
                focus: str | None = None, depth: int = 1, events: str = "nodes",
                as_of: str | dt.date | None = None, isolates: bool = False,
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
        Keep only the nodes at most ``depth`` steps from the place ``focus`` (IRI or label).
    events
        ``"nodes"``: events and agreements are nodes linked to their endpoint values;
        ``"cliques"``: an edge between every two endpoint values; ``"none"``: left out.
    as_of
        ``YYYY[-MM[-DD]]``: only partnerships in force then (established or ended; started, if
        the start is known, by the end of that period; not ended, if the end is known, before
        its start) and events dated by the end of that period (undated events are left out).
    isolates
        Also add the nodes of entity classes (places, agents) that have no edge.
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

    things, statements = _read(store, rules, props)

    # Labels of the concepts used (status, level) and of every type.
    used: set[URIRef] = set()
    for thing in things.values():
        used |= {v for p in (FG.status, FG.level) for v in thing.attrs.get(p, ())
                 if isinstance(v, URIRef)}
    labels = dict(term_labels)
    labels.update(_labels(store, used - set(labels)))
    wanted_statuses: set[URIRef] | None = None
    if statuses:
        wanted_statuses = _resolve(list(statuses), {u: labels.get(u, {}) for u in used
                                                    if any(u in t.attrs.get(FG.status, ())
                                                           for t in things.values())} or
                                   {u: labels.get(u, {}) for u in used}, "status")

    entity_types = rules.node_classes
    kind_of: dict[URIRef, tuple[str, URIRef]] = {}
    for iri, thing in things.items():
        if not thing.types:
            continue
        type_ = rules.most_specific(thing.types)
        if type_ in edge_classes:
            kind_of[iri] = ("edge", type_)
        elif type_ in connectors:
            kind_of[iri] = ("connector", type_)
        elif type_ in rules.edge_classes or type_ in rules.connector_classes:
            continue
        elif type_ in entity_types:
            kind_of[iri] = ("entity", type_)

    # Country of every node (a country is in itself), and the wanted countries.
    wanted_countries: set[str] | None = None
    if countries:
        country_iris = {v for t in things.values() for v in t.attrs.get(FG.country, ())
                        if isinstance(v, URIRef)}
        names = {}
        for c in country_iris:
            thing = things.get(c)
            by_lang = {}
            if thing is not None:
                for prop in (*_LABEL_PROPS, FG.isoCode):
                    for value in thing.attrs.get(prop, ()):
                        by_lang[f"{prop}{getattr(value, 'language', '') or ''}"] = str(value)
            names[c] = by_lang
        wanted_countries = {str(c) for c in _resolve(list(countries), names, "country")}

    def country_of(node: Node) -> set[str]:
        thing = things.get(node)  # type: ignore[arg-type]
        found = {str(v) for v in thing.attrs.get(FG.country, ())} if thing else set()
        return found | {str(node)}

    def status_ok(thing: _Thing) -> bool:
        if wanted_statuses is None:
            return True
        found = set(thing.attrs.get(FG.status, ()))
        return not found or bool(found & wanted_statuses)

    nodes: set[str] = set()
    connector_nodes: set[str] = set()
    edges: list[tuple[str, str, str, dict[str, object]]] = []
    for iri, (kind, type_) in kind_of.items():
        if kind == "entity":
            continue
        thing = things[iri]
        if not status_ok(thing):
            continue
        endpoint_props = edge_classes[type_] if kind == "edge" else connectors[type_]
        ends: dict[Node, set[URIRef]] = defaultdict(set)
        for prop in endpoint_props:
            for value in thing.endpoints.get(prop, ()):
                ends[value].add(prop)
        if kind == "edge" and len(ends) < 2:
            continue
        if not ends:
            continue
        if period is not None:
            ok = _in_force(thing, period) if kind == "edge" else _happened(thing, period)
            if not ok:
                continue
        if wanted_countries is not None and not any(
                country_of(v) & wanted_countries for v in ends):
            continue
        attrs = _edge_attributes(iri, thing, type_, labels)
        if kind == "edge" or events == "cliques":
            for a, b in itertools.combinations(sorted(ends, key=str), 2):
                edges.append((str(a), str(b), str(iri), dict(attrs)))
                nodes.update((str(a), str(b)))
        else:
            connector_nodes.add(str(iri))
            for value, roles in sorted(ends.items(), key=lambda kv: str(kv[0])):
                edge = dict(attrs, role=" ".join(sorted(str(r) for r in roles)))
                edges.append((str(iri), str(value), str(iri), edge))
                nodes.add(str(value))

    seen_symmetric: set[tuple[str, str, str]] = set()
    for s, p, o, graph in statements:
        if wanted_countries is not None and not (country_of(s) | country_of(o)) & wanted_countries:
            continue
        a, b = str(s), str(o)
        if p in rules.symmetric:
            pair = (min(a, b), str(p), max(a, b))
            if pair in seen_symmetric:
                continue
            seen_symmetric.add(pair)
        attrs = {"relation": str(p), "sources": str(graph)}
        relation_label = _pick_label(labels.get(p, {}) or term_labels.get(p, {}))
        if relation_label:
            attrs["relation_label"] = relation_label
        edges.append((a, b, f"<{a}> <{p}> <{b}>", attrs))
        nodes.update((a, b))

    # Several statements of one symmetric or multi-graph edge merge their sources.
    graph = nx.MultiGraph(name="friendship-graph")
    merged: dict[tuple[str, str, str], dict[str, object]] = {}
    for a, b, key, attrs in edges:
        pair = (min(a, b), max(a, b), key)
        if pair in merged:
            sources = set(str(merged[pair].get("sources", "")).split())
            sources |= set(str(attrs.get("sources", "")).split())
            merged[pair]["sources"] = " ".join(sorted(s for s in sources if s))
            continue
        merged[pair] = attrs
    if isolates:
        for iri, (kind, _type) in kind_of.items():
            if kind == "entity" and (wanted_countries is None
                                     or country_of(iri) & wanted_countries):
                nodes.add(str(iri))
    all_nodes = nodes | connector_nodes
    if focus is not None:
        all_nodes.update(str(iri) for iri, (kind, _t) in kind_of.items() if kind == "entity")
    graph.add_nodes_from(
        (n, _node_attributes(things[URIRef(n)], rules, labels) if URIRef(n) in things else {})
        for n in sorted(all_nodes)
    )
    graph.add_edges_from((a, b, key, attrs) for (a, b, key), attrs in merged.items())
    _add_country_labels(graph, things)
    if focus is not None:
        center = find_node(graph, focus)
        keep = nx.single_source_shortest_path_length(graph, center, cutoff=depth)
        graph = graph.subgraph(keep).copy()
        graph.graph["focus"] = center
        graph.graph["depth"] = depth
    if period is not None:
        graph.graph["as_of"] = str(as_of)
    return graph


def _add_country_labels(graph: nx.MultiGraph, things: dict[URIRef, _Thing]) -> None:
    cache: dict[str, str | None] = {}
    for _node, data in graph.nodes(data=True):
        country = data.get("country")
        if not country:
            continue
        if country not in cache:
            thing = things.get(URIRef(country))
            by_lang: dict[str, str] = {}
            if thing is not None:
                for prop in _LABEL_PROPS:
                    for value in sorted(thing.attrs.get(prop, ()), key=str):
                        if isinstance(value, Literal):
                            by_lang.setdefault(value.language or "", str(value))
            cache[country] = _pick_label(by_lang)
        if cache[country]:
            data["country_label"] = cache[country]
