"""Views of a store for the page: an event's view, and what the page reads from the store
besides the projection (every name of a node, in every language; the quotations that support
a node). Only the store's public API is used (``store.query``, ``store.statements``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from ..vocab import FG
from .errors import HtmlExportError
from .style import Styles

__all__ = ["event_subgraph", "add_node_quotes", "add_node_names", "view_title", "HtmlReport",
           "export_html"]

def _matches(data: dict, needle: str) -> bool:
    texts = [data.get("label"), data.get("label_zh"),
             *str(data.get("alt_labels") or "").split("|"),
             *str(data.get("names") or "").split("|")]
    return any(needle in str(t).casefold() for t in texts if t)


def event_subgraph(graph: nx.MultiGraph, label: str, *, styles: Styles | None = None,
                   store: Any = None) -> nx.MultiGraph:
    """The view of the events whose label (any language, case-insensitive substring) matches.

    What the events state: each event, its participants, host, origin and destination (its
    neighbours in a projection with events as nodes) and, with ``store``, every place and
    document the event names by any other property (location, invited by, resulted in, ...)
    or that names the event, linked to it by an edge of that property. Places and documents
    must then be nodes of ``graph`` (project with ``isolates=True``).

    The context, with the attribute ``context=True`` on its nodes and edges (the page hides
    it until asked): the places of the participating countries and the partnerships among
    them and with the places the event names.
    """
    styles = styles or Styles()
    needle = label.casefold().strip()
    if not needle:
        raise HtmlExportError("--event needs a label, for example --event 'Tea Road'")
    events = sorted(str(n) for n, d in graph.nodes(data=True)
                    if d.get("type") and styles.is_a(str(d["type"]), FG.Event)
                    and _matches(d, needle))
    if not events:
        raise HtmlExportError(f"no event whose label contains {label!r}; list events with "
                              "'friendship-graph query' or try another part of the label")
    events_set = set(events)
    stated = {m for e in events for m in graph.neighbors(e)} - events_set
    extra = [(e, p, x) for e, p, x in (_event_things(store, events) if store is not None
                                       else []) if x in graph and x not in events_set]
    stated |= {x for _, _, x in extra}
    countries = stated & {d.get("country") for _, d in graph.nodes(data=True)}
    members = stated | {n for n, d in graph.nodes(data=True) if d.get("country") in countries}
    view = nx.MultiGraph(events=events)
    context_edges = []
    for u, v, key in graph.edges(keys=True):
        if u in events_set or v in events_set:
            view.add_edge(u, v, key, **graph.edges[u, v, key])
        elif u in members and v in members and u != v:
            context_edges.append((u, v, key))
    keep = events_set | stated | {n for u, v, _ in context_edges for n in (u, v)}
    for node in sorted(keep, key=str):
        data = dict(graph.nodes[node])
        if node not in events_set and node not in stated:
            data["context"] = True
        view.add_node(node, **data)
    for u, v, key in context_edges:
        view.add_edge(u, v, key, **graph.edges[u, v, key], context=True)
    for event, prop, thing in extra:
        roles = " ".join(str(d.get("role", "")) for d in (graph.get_edge_data(event, thing)
                                                          or {}).values())
        if prop in roles.split():
            continue  # drawn already as a participation edge
        view.add_edge(event, thing, key=f"<{event}> <{prop}> <{thing}>", relation=prop,
                      relation_label=styles.relation(prop)["label"], role=prop)
    return view


def _event_things(store: Any, events: list[str]) -> list[tuple[str, str, str]]:
    """``(event, property, thing)`` for every place or document an event names by any
    property, or document that names the event."""
    values = " ".join(f"<{e}>" for e in events)
    rows = store.query(
        f"SELECT DISTINCT ?e ?p ?x WHERE {{ VALUES ?e {{ {values} }} "
        "VALUES ?c { fg:Place fg:Document } "
        "{ ?e ?p ?x } UNION { ?x ?p ?e } "
        "?x a/rdfs:subClassOf* ?c . FILTER (isIRI(?x)) }").rows
    return sorted((str(e), str(p), str(x)) for e, p, x in rows)


def add_node_quotes(store: Any, graph: nx.MultiGraph) -> None:
    """Give every node of ``graph`` that has supporting quotations in ``store`` a ``quotes``
    attribute ("|"-joined, sorted), as the projection gives edges, for the details panel."""
    found: dict[str, set[str]] = {}
    for thing, quote in store.query(
            "SELECT ?x ?quote WHERE { ?x fg:supportedBy ?q . ?q fg:quote ?quote }").rows:
        if str(thing) in graph:
            found.setdefault(str(thing), set()).add(str(quote))
    for node, quotes in found.items():
        graph.nodes[node].setdefault("quotes", "|".join(sorted(quotes)))


#: Names beyond the projection's: every name but the English and Chinese rdfs:labels (the
#: projection carries one of each). A second rdfs:label in English or Chinese is not read:
#: finding it would join every label with every other of its thing (a second on the world
#: network, which has none).
_EXTRA_NAMES = """
SELECT ?x ?name WHERE {
    { VALUES ?p { skos:prefLabel skos:altLabel fg:romanisedLabel fg:title } ?x ?p ?name }
    UNION { ?x rdfs:label ?name
            FILTER (!LANGMATCHES(LANG(?name), "en") && !LANGMATCHES(LANG(?name), "zh")) }
    FILTER (isIRI(?x) && isLiteral(?name))
}
"""


def add_node_names(store: Any, graph: nx.MultiGraph) -> None:
    """Give every node of ``graph`` a ``names`` attribute ("|"-joined, sorted) with all its
    names in every language (labels, alternative, romanised labels and titles), beyond the
    English and Chinese labels of the projection, so that the page's search finds them."""
    found: dict[str, set[str]] = {}
    for subject, text in store.query(_EXTRA_NAMES).rows:
        subject, text = str(subject), str(text)
        if subject in graph and "|" not in text:
            found.setdefault(subject, set()).add(text)
    for node, names in found.items():
        data = graph.nodes[node]
        known = {data.get("label"), data.get("label_zh"),
                 *str(data.get("alt_labels") or "").split("|")}
        extra = sorted(names - known)
        if extra:
            data["names"] = "|".join(extra)


def view_title(graph: nx.MultiGraph, *, event: str | None = None,
               focus: str | None = None, depth: int = 1) -> str:
    """The name of a view, for the page's title: the event's label, or the focus place's
    label and the depth, or "friendship-graph"."""
    if event is not None:
        events = graph.graph["events"]
        return (str(graph.nodes[events[0]].get("label", events[0])) if len(events) == 1
                else f"Events matching {event!r}")
    if focus is not None and graph.graph.get("focus") in graph:
        data = graph.nodes[graph.graph["focus"]]
        name = str(data.get("label", graph.graph["focus"]))
        if data.get("label_zh") and data["label_zh"] != name:
            name += f" {data['label_zh']}"
        steps = "1 step" if depth == 1 else f"{depth} steps"
        return f"{name} and what is {steps} from it"
    return "friendship-graph"


@dataclass
class HtmlReport:
    """What :func:`export_html` wrote."""

    path: Path
    nodes: int
    edges: int
    layout: str
    #: how many of them are the context of an event's view (hidden until asked for)
    context_nodes: int = 0
    context_edges: int = 0


def export_html(store: Any, path: str | os.PathLike, *, layout: str = "force",
                title: str | None = None, seed: int = 0, event: str | None = None,
                **selection: Any) -> HtmlReport:
    """Project ``store`` (with the selection options of
    :func:`friendship_graph.network.to_networkx`), optionally narrow it to an event's view,
    and write the page: what ``friendship-graph html`` does. The page's title is the view's
    name (:func:`view_title`) unless ``title`` is given."""
    from ..network import to_networkx
    from . import write_html

    selection = {k: (list(v) if isinstance(v, tuple) else v) for k, v in selection.items()}
    if event is not None:
        selection["events"] = "nodes"
        selection["isolates"] = True
    graph = to_networkx(store, **selection)
    add_node_names(store, graph)
    if event is not None:
        graph = event_subgraph(graph, event, store=store)
    if title is None:
        title = view_title(graph, event=event, focus=selection.get("focus"),
                           depth=selection.get("depth", 1))
    add_node_quotes(store, graph)
    write_html(graph, path, layout=layout, title=title, seed=seed)
    return HtmlReport(Path(path), graph.number_of_nodes(), graph.number_of_edges(), layout,
                      sum(1 for _, d in graph.nodes(data=True) if d.get("context")),
                      sum(1 for *_, d in graph.edges(data=True) if d.get("context")))
