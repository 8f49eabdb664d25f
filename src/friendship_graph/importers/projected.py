"""Networks this project exported, read back: GEXF, GraphML and node-link JSON written by
``friendship-graph export`` turned into the statements they were projected from.

A file is *projected* when its node ids are IRIs and its nodes carry the projection's
``type`` (a class IRI of the ontology); ``import gexf``/``graphml``/``json`` then read it
here instead of as a third-party graph of places. What the projection wrote comes back:

* nodes: the class (``type``), ``label`` / ``label_zh`` / ``alt_labels``, ``country`` (with the
  country's own class, label and ISO code), ``lat``/``lon``, ``wikidata``, and an event's
  or agreement's ``date`` (the date property whose domain the class is in), ``start``, ``end``;
* edges of an edge class (partnerships): the edge key is the partnership, with its class
  (``relation``), its two ends (the class's endpoint property), ``label``, ``status``,
  ``level``, ``start``, ``end`` and ``intended``;
* edges of an event or agreement drawn as a node: its ``role`` properties to the other end;
* edges of a property drawn as an edge: the statement, from the file's source to its target.

With ``keep_sources`` every statement goes to the named graphs the node's or edge's
``sources`` name (graphs that must not be in the store yet), so that a round trip gives the
same sources; otherwise to the import's own graph, which is ``prov:wasDerivedFrom`` them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import Literal, URIRef

from ..errors import FriendshipGraphError
from ..network import projection_rules
from ..vocab import FG, GEO, GRAPH, ID, OWL, PROV, RDF, RDFS, SKOS, XSD
from .parsing import parse_date
from .provenance import Dataset
from .report import ImportReport

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["is_projected", "projected_quads"]

_ATTR_DATES = {"start": FG.startDate, "end": FG.endDate, "intended": FG.intendedOn}
_EDGE_CONCEPTS = {"status": FG.status, "level": FG.level}


def _iri(value: object) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://", "urn:"))


def is_projected(graph: nx.Graph) -> bool:
    """True when the graph was written by this project's export (IRI node ids, ``type``
    attributes that are IRIs)."""
    typed = [d.get("type") for _n, d in graph.nodes(data=True)]
    return bool(typed) and all(_iri(n) for n in graph) and any(_iri(t) for t in typed)


class _Quads:
    """Quads in the graphs of each thing (its ``sources``, or the import's graph)."""

    def __init__(self, default: URIRef, keep_sources: bool) -> None:
        self.default = default
        self.keep = keep_sources
        self.quads: set[tuple[Any, Any, Any, Any]] = set()
        self.sources: set[str] = set()

    def graphs(self, data: Mapping[str, Any]) -> list[URIRef]:
        named = [s for s in str(data.get("sources") or "").split() if _iri(s)]
        self.sources.update(named)
        return [URIRef(s) for s in named] if self.keep and named else [self.default]

    def add(self, graphs: Iterable[URIRef], s: Any, p: Any, o: Any) -> None:
        for g in graphs:
            self.quads.add((s, p, o, g))


def projected_quads(store: Store, graph: nx.Graph, dataset: Dataset, report: ImportReport, *,
                    keep_sources: bool = False) -> list[tuple[Any, Any, Any, Any]]:
    """The statements a projected network stands for (see the module documentation)."""
    rules = projection_rules(store)
    places = {str(r[0]) for r in store.query(
        "SELECT DISTINCT ?c WHERE { ?c rdfs:subClassOf* fg:Place }").rows}
    domains: dict[str, set[str]] = {}
    for prop, domain in store.query("""SELECT ?p ?d WHERE { VALUES ?p { fg:date fg:signedOn }
                                       ?p rdfs:domain ?d }""").rows:
        domains.setdefault(str(prop), set()).add(str(domain))
    out = _Quads(dataset.graph, keep_sources)
    for node, data in graph.nodes(data=True):
        _node(out, URIRef(node), data, places, domains, rules, report)
    multi = graph.is_multigraph()
    edges = graph.edges(keys=True, data=True) if multi else \
        ((u, v, None, d) for u, v, d in graph.edges(data=True))
    for u, v, key, data in edges:
        report.rows_read += 1
        _edge(out, u, v, key, data, rules, report)
    quads = sorted(out.quads, key=str)
    if keep_sources:
        taken = {str(g) for g in store.graphs()} & {str(q[3]) for q in quads}
        if taken:
            raise FriendshipGraphError(
                f"the store has the graph(s) {', '.join(sorted(taken))} already; --keep-sources "
                "restores a network's graphs into a store that does not have them (or import "
                "without it into one graph)")
        return quads
    return quads + [(dataset.graph, PROV.wasDerivedFrom, URIRef(s), dataset.graph)
                    for s in sorted(out.sources) if s.startswith(str(GRAPH))]


def _node(out: _Quads, iri: URIRef, data: Mapping[str, Any], places: set[str],
          domains: dict[str, set[str]], rules: Any, report: ImportReport) -> None:  # noqa: ANN401
    type_ = data.get("type")
    if not _iri(type_):
        return
    graphs = out.graphs(data)
    add = out.add
    add(graphs, iri, RDF.type, URIRef(type_))
    if type_ in places:
        report.places_created += 1
    else:
        report.nodes_created += 1
    label, label_zh = data.get("label"), data.get("label_zh")
    if label and label != label_zh:
        add(graphs, iri, RDFS.label, Literal(str(label), lang="en"))
    if label_zh:
        add(graphs, iri, RDFS.label, Literal(str(label_zh), lang="zh"))
    for alt in str(data.get("alt_labels") or "").split("|"):
        if alt:
            add(graphs, iri, SKOS.altLabel, Literal(alt, lang="en"))
    country = data.get("country")
    if _iri(country):
        add(graphs, iri, FG.country, URIRef(country))
        if str(country).startswith(str(ID["country/"])):
            add(graphs, URIRef(country), RDF.type, FG.Country)
            add(graphs, URIRef(country), FG.isoCode,
                Literal(str(country).rsplit("/", 1)[-1].upper()))
            if data.get("country_label"):
                add(graphs, URIRef(country), RDFS.label,
                    Literal(str(data["country_label"]), lang="en"))
    for key, prop in (("lat", GEO.lat), ("lon", GEO.long)):
        if isinstance(data.get(key), int | float):
            add(graphs, iri, prop, Literal(repr(float(data[key])), datatype=XSD.decimal))
    if _iri(data.get("wikidata")):
        add(graphs, iri, OWL.sameAs, URIRef(data["wikidata"]))
    ancestors = {str(a) for a in rules.ancestors(URIRef(type_))} | {type_}
    date_props = [p for p, ds in sorted(domains.items()) if ds & ancestors] or [str(FG.date)]
    _dates(out, graphs, iri, data, {"date": URIRef(date_props[0]), "start": FG.startDate,
                                    "end": FG.endDate})


def _dates(out: _Quads, graphs: list[URIRef], iri: URIRef, data: Mapping[str, Any],
           props: Mapping[str, URIRef]) -> None:
    for key, prop in props.items():
        value = data.get(key)
        if value not in (None, ""):
            out.add(graphs, iri, prop, parse_date(str(value)) or Literal(str(value)))


def _edge(out: _Quads, u: str, v: str, key: Any, data: Mapping[str, Any], rules: Any,  # noqa: ANN401
          report: ImportReport) -> None:
    relation = data.get("relation")
    if not _iri(relation):
        report.reject(f"edge {u}–{v}", "unknown value", "the edge has no relation IRI")
        return
    graphs = out.graphs(data)
    thing = data.get("id") or key
    rel = URIRef(relation)
    if rel in rules.edge_classes and _iri(thing):
        endpoints = rules.edge_classes[rel]
        prop = next((p for p in sorted(endpoints)
                     if not (rules.parents.get(p, set()) & endpoints)), FG.partner)
        iri = URIRef(thing)
        out.add(graphs, iri, RDF.type, rel)
        out.add(graphs, iri, prop, URIRef(u))
        out.add(graphs, iri, prop, URIRef(v))
        if data.get("label"):
            out.add(graphs, iri, RDFS.label, Literal(str(data["label"]), lang="en"))
        for name, concept_prop in _EDGE_CONCEPTS.items():
            if _iri(data.get(name)):
                out.add(graphs, iri, concept_prop, URIRef(data[name]))
        _dates(out, graphs, iri, data, _ATTR_DATES)
        report.partnerships_created += 1
    elif data.get("role") and _iri(thing) and str(thing) in (u, v):
        other = v if u == str(thing) else u
        for role in str(data["role"]).split():
            if _iri(role):
                out.add(graphs, URIRef(thing), URIRef(role), URIRef(other))
        report.edges_created += 1
    elif rel in rules.edge_properties:
        out.add(graphs, URIRef(u), rel, URIRef(v))
        report.edges_created += 1
    else:
        report.reject(f"edge {u}–{v}", "unknown value", f"relation {relation} is not drawn as "
                      "an edge by the ontology")
