"""What a query worker does with the jobs the workbench and reconciliation send (besides a
plain SPARQL query): run a named query, draw a result as a network page, answer a
reconciliation request. They run in the worker processes (:mod:`.workers`), so they have the
same time limit and result limit as every query, and are killed the same way.

A worker keeps, for as long as it lives, what is costly to read again: the network
projection (for views) and the store's names (for reconciliation). Workers are replaced
after every update, so these never outlive the state they were read from.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["run_job", "VIEW_LAYOUTS", "MAX_VIEW_NODES"]

_TEXT = "text/plain; charset=utf-8"
_JSON = "application/json; charset=utf-8"
_HTML = "text/html; charset=utf-8"
VIEW_LAYOUTS = ("force", "map")
#: A view with more nodes than this is refused (the page would not be readable).
MAX_VIEW_NODES = 3000
_LAT = re.compile(r"^(lat|latitude)$", re.IGNORECASE)
_LON = re.compile(r"^(long|lon|lng|longitude)$", re.IGNORECASE)

_cache: dict[str, Any] = {}

Answer = tuple[int, str, bytes]


def _text(status: int, message: str) -> Answer:
    return status, _TEXT, (message.rstrip("\n") + "\n").encode()


def _result(store: Any, job: dict[str, Any]) -> Any:
    from ..queries import get_query, run_query

    if job.get("name"):
        return run_query(store, get_query(job["name"]), job.get("params") or {})
    return store.query(job["query"])


def _too_big(result: Any, limit: int) -> Answer | None:
    size = len(result) if result.kind != "ask" else 1
    if size <= limit:
        return None
    return _text(413, f"the result has {size} {'rows' if result.kind == 'select' else 'triples'}"
                 f", more than this endpoint's limit of {limit}; add a LIMIT or narrow the "
                 "query")


def _named(store: Any, job: dict[str, Any]) -> Answer:
    from ..results import format_result
    from .negotiation import negotiate, not_acceptable

    result = _result(store, job)
    refused = _too_big(result, job["max_results"])
    if refused:
        return refused
    chosen = negotiate(result.kind, job["accept"], job["formats"])
    if chosen is None:
        return _text(406, not_acceptable(result.kind))
    media, fmt = chosen
    return 200, f"{media}; charset=utf-8", format_result(result, fmt).encode("utf-8")


def _projection(store: Any) -> Any:
    if "projection" not in _cache:
        from ..network import to_networkx

        _cache["projection"] = to_networkx(store)
    return _cache["projection"]


def _number(term: Any) -> float | None:
    try:
        return float(str(term)) if term is not None else None
    except ValueError:
        return None


def view_graph(store: Any, result: Any) -> Any:
    """The part of the store's network a result names: the nodes whose IRIs it holds, the
    links whose IRIs it holds (with their ends), and the links among those nodes; rows with
    coordinates (``?lat``/``?long`` columns) put the row's first IRI on the map there."""
    from rdflib import URIRef

    graph = _projection(store)
    iris = {str(term) for row in result.rows for term in row if isinstance(term, URIRef)}
    nodes = {iri for iri in iris if iri in graph}
    for a, b, key in graph.edges(keys=True):
        if key in iris:
            nodes.update((a, b))
    view = graph.subgraph(nodes).copy()
    lat_col = next((i for i, v in enumerate(result.variables) if _LAT.match(v)), None)
    lon_col = next((i for i, v in enumerate(result.variables) if _LON.match(v)), None)
    if lat_col is not None and lon_col is not None:
        for row in result.rows:
            lat, lon = _number(row[lat_col]), _number(row[lon_col])
            subject = next((str(t) for t in row if isinstance(t, URIRef)), None)
            if lat is None or lon is None or subject is None:
                continue
            if subject not in view:
                label = next((str(t) for t in row if t is not None
                              and not isinstance(t, URIRef) and _number(t) is None), subject)
                view.add_node(subject, label=label)
            data = view.nodes[subject]
            if data.get("lat") is None:
                data["lat"], data["lon"] = lat, lon
    return view


def _view(store: Any, job: dict[str, Any]) -> Answer:
    from ..render import to_html

    result = _result(store, job)
    if result.kind != "select":
        return _text(400, "only SELECT results can be drawn as a network or a map")
    refused = _too_big(result, job["max_results"])
    if refused:
        return refused
    view = view_graph(store, result)
    if view.number_of_nodes() > MAX_VIEW_NODES:
        return _text(413, f"the result names {view.number_of_nodes()} nodes, more than a view "
                     f"draws ({MAX_VIEW_NODES}); narrow the query or use 'friendship-graph html'")
    layout = job.get("layout") if job.get("layout") in VIEW_LAYOUTS else "force"
    title = job.get("name") or "query result"
    return 200, _HTML, to_html(view, layout=layout, title=title).encode("utf-8")


def _reconcile(store: Any, job: dict[str, Any]) -> Answer:
    from ..reconcile import ReconcileError, Reconciler

    reconciler = _cache.get("reconciler")
    if reconciler is None:
        reconciler = _cache["reconciler"] = Reconciler(store)
    action = job["action"]
    try:
        if action == "manifest":
            value: Any = reconciler.manifest(job["base"])
        elif action == "queries":
            value = reconciler.reconcile(job["queries"])
        elif action == "suggest":
            value = reconciler.suggest(job["kind"], job["prefix"])
        else:
            return 200, _HTML, reconciler.preview(job["id"]).encode("utf-8")
    except ReconcileError as error:
        return _text(400 if action != "preview" else 404, str(error))
    return 200, _JSON, json.dumps(value, ensure_ascii=False).encode("utf-8")


_JOBS = {"named": _named, "view": _view, "reconcile": _reconcile}


def run_job(store: Any, job: dict[str, Any]) -> Answer:
    """The answer to a job whose ``op`` is ``named``, ``view`` or ``reconcile``."""
    return _JOBS[job["op"]](store, job)
