"""The W3C Entity Reconciliation API routes (what OpenRefine speaks), over
:class:`friendship_graph.reconcile.Reconciler` running in the query workers.

* ``GET /reconcile``: the service manifest (spec 0.2).
* ``POST /reconcile`` with a form ``queries=JSON`` (what OpenRefine sends), ``GET
  /reconcile?queries=JSON``, or a JSON body (``{"q0": {...}}`` or the 1.0 draft's
  ``{"queries": [...]}``): the candidates of every query.
* ``GET /reconcile/suggest/entity|type|property?prefix=``: suggestions.
* ``GET /reconcile/preview?id=IRI``: a small HTML card of the entity.
* GET answers take ``callback=NAME`` (JSONP, as spec 0.2 allows); the name must be a
  JavaScript identifier (dots allowed), so it cannot carry code.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .negotiation import parse_accept
from .responses import HTTPError, error_response, text_response
from .settings import ServerSettings
from .workers import Answer, Pool, PoolError

__all__ = ["routes", "PREVIEW_POLICY"]

_CALLBACK = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*$")
#: The preview card: its own inline style, nothing else.
PREVIEW_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *"
_SUGGEST = ("entity", "type", "property")


def _base(request: Request) -> str:
    url: str = request.app.state.url
    return url.removesuffix("/sparql") + "/reconcile"


async def _job(request: Request, job: dict[str, Any]) -> Answer:
    settings: ServerSettings = request.app.state.settings
    pool: Pool = request.app.state.pool
    arrived = time.monotonic()
    job = {"op": "reconcile", "accept": parse_accept(None), "formats": [],
           "max_results": settings.max_results, **job}
    return await pool.query(job, settings.timeout, deadline=arrived + settings.timeout)


def _callback(request: Request) -> str | None:
    name = request.query_params.get("callback")
    if name is None or request.method != "GET":
        return None
    if not _CALLBACK.match(name) or len(name) > 100:
        raise HTTPError(400, "callback= must be a JavaScript function name (letters, digits, "
                        "_ and $, dots between)")
    return name


def _answer(answer: Answer, callback: str | None) -> Response:
    headers = {"X-Content-Type-Options": "nosniff"}
    if answer.status == 200 and callback and answer.content_type.startswith("application/json"):
        body = f"/**/{callback}(".encode() + answer.body + b");"
        return Response(body, 200, {**headers, "Content-Type": "text/javascript; charset=utf-8"})
    headers["Content-Type"] = answer.content_type
    if answer.content_type.startswith("text/html"):
        headers["Content-Security-Policy"] = PREVIEW_POLICY
    return Response(answer.body, answer.status, headers)


def _parse_queries(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as error:
        raise HTTPError(400, f"queries= is not JSON: {error}") from None


async def _queries(request: Request) -> Any | None:
    """The queries of a request, or None when it asks for the manifest."""
    if "queries" in request.query_params:
        return _parse_queries(request.query_params["queries"])
    if request.method != "POST":
        return None
    media = (request.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    try:
        text = (await request.body()).decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPError(400, "the request body is not UTF-8") from None
    if media == "application/json":
        return _parse_queries(text)
    if media == "application/x-www-form-urlencoded":
        form = parse_qs(text, keep_blank_values=True)
        if "queries" in form:
            return _parse_queries(form["queries"][0])
        if "query" in form:  # a single query (spec 0.1)
            value = form["query"][0]
            return {"q0": _parse_queries(value) if value.lstrip().startswith("{")
                    else {"query": value}}
        return None
    raise HTTPError(415, "send queries as a form (queries=JSON) or as application/json")


async def _service(request: Request) -> Response:
    try:
        callback = _callback(request)
        queries = await _queries(request)
        if queries is None and "query" in request.query_params:
            value = request.query_params["query"]
            queries = {"q0": _parse_queries(value) if value.lstrip().startswith("{")
                       else {"query": value}}
        if queries is None:
            answer = await _job(request, {"action": "manifest", "base": _base(request)})
        else:
            answer = await _job(request, {"action": "queries", "queries": queries})
        return _answer(answer, callback)
    except HTTPError as error:
        return error_response(error)
    except PoolError as error:
        return text_response(error.status, error.message, error.headers)


async def _suggest(request: Request) -> Response:
    kind = request.path_params["kind"]
    try:
        if kind not in _SUGGEST:
            raise HTTPError(404, f"no suggest service {kind!r}; use entity, type or property")
        callback = _callback(request)
        prefix = request.query_params.get("prefix", "")
        answer = await _job(request, {"action": "suggest", "kind": kind, "prefix": prefix})
        return _answer(answer, callback)
    except HTTPError as error:
        return error_response(error)
    except PoolError as error:
        return text_response(error.status, error.message, error.headers)


async def _preview(request: Request) -> Response:
    iri = request.query_params.get("id", "").strip()
    try:
        if not iri:
            raise HTTPError(400, "give id=IRI of the entity to preview")
        return _answer(await _job(request, {"action": "preview", "id": iri}), None)
    except HTTPError as error:
        return error_response(error)
    except PoolError as error:
        return text_response(error.status, error.message, error.headers)


def routes() -> list[BaseRoute]:
    """The reconciliation routes, for :func:`friendship_graph.server.app.create_app`."""
    return [Route("/reconcile", _service, methods=["GET", "POST"]),
            Route("/reconcile/", _service, methods=["GET", "POST"]),
            Route("/reconcile/preview", _preview, methods=["GET"]),
            Route("/reconcile/suggest/{kind}", _suggest, methods=["GET"])]
