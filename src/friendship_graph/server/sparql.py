"""The SPARQL 1.1 Protocol routes: queries and updates at ``/``, ``/sparql``, ``/query`` and
``/update``, handed to the worker pool (:mod:`friendship_graph.server.workers`).

* Queries: ``GET ?query=``, ``POST application/x-www-form-urlencoded`` (``query=``) and
  ``POST application/sparql-query``.
* Updates (``POST update=`` or ``application/sparql-update``) only when the server allows
  them, with ``Authorization: Bearer TOKEN``.
* Every error is one line of text with its status.
"""

from __future__ import annotations

import hmac
import time
import urllib.parse

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .negotiation import parse_accept
from .responses import HTTPError, error_response, text_response
from .settings import ServerSettings
from .workbench import page, wants_page
from .workers import Answer, Pool, PoolError

__all__ = ["routes", "PATHS"]

#: Where the endpoint answers (each also with a trailing slash).
PATHS = ("/", "/sparql", "/query", "/update")
_METHODS = ["GET", "POST", "OPTIONS"]
_DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri", "using-graph-uri",
                       "using-named-graph-uri")

Params = dict[str, list[str]]


def routes() -> list[BaseRoute]:
    """The SPARQL protocol routes, for :func:`friendship_graph.server.app.create_app`."""
    paths = [*PATHS, *(p + "/" for p in PATHS if p != "/")]
    return [Route(path, _endpoint, methods=_METHODS) for path in paths]


async def _endpoint(request: Request) -> Response:
    arrived = time.monotonic()
    try:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": ", ".join(_METHODS)})
        if request.method == "POST":
            kind, text, params = await _from_post(request)
        else:
            kind, text, params = _from_get(request)
        if kind == "none":
            if request.method == "GET" and request.url.path == "/" and wants_page(request):
                return page(request)
            return text_response(200, "friendship-graph SPARQL 1.1 endpoint: send queries to "
                                 f"{request.app.state.url} (GET ?query=, or POST)")
        if any(params.get(name) for name in _DATASET_PARAMETERS):
            raise HTTPError(400, "this endpoint does not take dataset parameters "
                            "(default-graph-uri, named-graph-uri): the default graph is "
                            "the union of all graphs; use GRAPH or FROM in the query")
        if kind == "update":
            answer = await _update(request, text)
        else:
            answer = await _query(request, text, params, arrived)
    except HTTPError as error:
        return error_response(error)
    except PoolError as error:
        return text_response(error.status, error.message, error.headers)
    return Response(answer.body, answer.status,
                    {"Content-Type": answer.content_type, "Vary": "Accept"})


def _query_string(request: Request) -> Params:
    return urllib.parse.parse_qs(request.scope["query_string"].decode("latin-1"),
                                 keep_blank_values=True)


def _from_get(request: Request) -> tuple[str, str, Params]:
    params = _query_string(request)
    if "update" in params:
        raise HTTPError(405, "updates must be sent with POST", {"Allow": "POST"})
    if "query" not in params:
        return "none", "", params
    return "query", params["query"][0], params


async def _from_post(request: Request) -> tuple[str, str, Params]:
    params = _query_string(request)
    body = await request.body()  # its length is checked by guards.BodyLimit
    media = (request.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPError(400, "the request body is not UTF-8") from None
    if media == "application/x-www-form-urlencoded":
        form = urllib.parse.parse_qs(text, keep_blank_values=True)
        for key, values in form.items():
            params.setdefault(key, []).extend(values)
        if "update" in form:
            return "update", form["update"][0], params
        if "query" in form:
            return "query", form["query"][0], params
        raise HTTPError(400, "the form has neither query= nor update=")
    if media == "application/sparql-query":
        return "query", text, params
    if media == "application/sparql-update":
        return "update", text, params
    if request.url.path.rstrip("/") == "/update":
        raise HTTPError(415, "send updates as application/sparql-update or as a form "
                        "(update=)")
    raise HTTPError(415, "send queries as application/sparql-query or as a form (query=), "
                    "or with GET ?query=")


async def _query(request: Request, text: str, params: Params, arrived: float) -> Answer:
    settings: ServerSettings = request.app.state.settings
    pool: Pool = request.app.state.pool
    formats = [*params.get("format", []), *params.get("output", []),
               *params.get("results", [])]
    job = {"query": text, "accept": parse_accept(request.headers.get("Accept")),
           "formats": formats, "max_results": settings.max_results,
           "raw_csv": settings.raw_csv}
    return await pool.query(job, settings.timeout, deadline=arrived + settings.timeout)


async def _update(request: Request, text: str) -> Answer:
    settings: ServerSettings = request.app.state.settings
    if not settings.allow_updates or not settings.token:
        raise HTTPError(403, "this endpoint is read-only: updates are refused (start it "
                        "with 'friendship-graph serve --allow-updates --token TOKEN')")
    header = request.headers.get("Authorization") or ""
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise HTTPError(401, "updates need 'Authorization: Bearer TOKEN'",
                        {"WWW-Authenticate": 'Bearer realm="friendship-graph"'})
    if not hmac.compare_digest(given.strip().encode(), settings.token.encode()):
        raise HTTPError(403, "wrong token: the update was refused")
    pool: Pool = request.app.state.pool
    return await pool.update(text, settings.timeout)
