"""The workbench: the page ``friendship-graph serve`` answers at ``/`` for a browser.

* ``GET /`` (a browser: ``Accept: text/html``, no ``query=``): the page (``assets/``).
* ``GET /workbench/assets/NAME``: its scripts, styles and licences (vendored: nothing is
  loaded from the network; CodeMirror 5 with its SPARQL mode).
* ``GET /workbench/queries``: the named queries (name, description, parameters, text) and
  the prefixes every query knows, as JSON.
* ``POST /workbench/run`` (form: ``name=``, ``param.NAME=``): run a named query, answered
  as the SPARQL endpoint answers (``Accept``: SPARQL JSON, XML, CSV, TSV).
* ``GET /workbench/view?layout=force|map`` with ``query=`` or ``name=``/``param.NAME=``: the
  result drawn by the renderer of ``friendship-graph html``, for the page's frame.

Every page is sent with a Content Security Policy that allows nothing from elsewhere; the
queries run in the same workers with the same limits as the endpoint's.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..queries import list_queries
from ..vocab import PREFIXES
from .negotiation import parse_accept
from .responses import HTTPError, error_response, text_response
from .settings import ServerSettings
from .workers import Pool, PoolError

__all__ = ["routes", "page", "wants_page", "PAGE_POLICY", "VIEW_POLICY", "ASSETS"]

ASSETS = Path(__file__).resolve().parent / "assets"
_MEDIA = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
          ".html": "text/html; charset=utf-8", "": "text/plain; charset=utf-8"}
#: The workbench's policy: its own scripts, styles and requests only; frames from itself.
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; "
               "frame-ancestors 'none'")
#: A view in the frame: sandboxed (no origin, scripts only); the page's own policy (a
#: ``<meta>`` with its script hashes) applies too.
VIEW_POLICY = "sandbox allow-scripts; frame-ancestors 'self'"
#: What the editor shows first.
EXAMPLE = """SELECT ?place ?label ?lat ?long WHERE {
    ?place a fg:City ; rdfs:label ?label ; geo:lat ?lat ; geo:long ?long .
    FILTER (LANGMATCHES(LANG(?label), "en"))
}
ORDER BY ?label
LIMIT 50"""
_SECURITY = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def wants_page(request: Request) -> bool:
    """Whether a ``GET /`` without a query comes from a browser (asks for HTML)."""
    accept = parse_accept(request.headers.get("Accept"))
    return any(m in ("text/html", "application/xhtml+xml") for m in accept)


def page(request: Request) -> Response:
    """The workbench page."""
    return Response((ASSETS / "workbench.html").read_bytes(), 200,
                    {"Content-Type": _MEDIA[".html"], "Content-Security-Policy": PAGE_POLICY,
                     "Cache-Control": "no-cache", **_SECURITY})


def _assets() -> dict[str, Path]:
    return {p.name: p for p in ASSETS.iterdir()
            if p.is_file() and p.name != "workbench.html" and p.suffix in _MEDIA}


async def _asset(request: Request) -> Response:
    path = _assets().get(request.path_params["name"])
    if path is None:
        return text_response(404, f"no workbench file {request.path_params['name']!r}")
    return Response(path.read_bytes(), 200,
                    {"Content-Type": _MEDIA[path.suffix], "Cache-Control": "max-age=3600",
                     **_SECURITY})


async def _catalogue(request: Request) -> Response:
    queries = [{"name": q.name, "description": q.description, "text": q.text,
                "parameters": [{"name": p.name, "type": p.type, "required": p.required,
                                "description": p.description} for p in q.parameters]}
               for q in list_queries()]
    body = {"prefixes": PREFIXES, "queries": queries, "example": EXAMPLE}
    return Response(json.dumps(body, ensure_ascii=False).encode("utf-8"), 200,
                    {"Content-Type": "application/json; charset=utf-8", **_SECURITY})


def _named_job(fields: dict[str, list[str]]) -> dict[str, object]:
    if fields.get("query"):
        return {"query": fields["query"][0]}
    if not fields.get("name"):
        raise HTTPError(400, "give name= (a named query) or query= (SPARQL)")
    params = {key.removeprefix("param."): values[0] for key, values in fields.items()
              if key.startswith("param.") and values and values[0].strip()}
    return {"name": fields["name"][0], "params": params}


async def _fields(request: Request) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        fields.setdefault(key, []).append(value)
    if request.method == "POST":
        media = (request.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if media != "application/x-www-form-urlencoded":
            raise HTTPError(415, "send the named query as a form (name=, param.NAME=)")
        from urllib.parse import parse_qs

        try:
            text = (await request.body()).decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPError(400, "the request body is not UTF-8") from None
        for key, values in parse_qs(text, keep_blank_values=True).items():
            fields.setdefault(key, []).extend(values)
    return fields


async def _submit(request: Request, job: dict[str, object]) -> Response:
    settings: ServerSettings = request.app.state.settings
    pool: Pool = request.app.state.pool
    arrived = time.monotonic()
    job.setdefault("accept", parse_accept(request.headers.get("Accept")))
    job.setdefault("formats", request.query_params.getlist("format"))
    job["max_results"] = settings.max_results
    answer = await pool.query(job, settings.timeout, deadline=arrived + settings.timeout)
    headers = {"Content-Type": answer.content_type, "Vary": "Accept", **_SECURITY}
    if answer.content_type.startswith("text/html"):
        headers["Content-Security-Policy"] = VIEW_POLICY
    return Response(answer.body, answer.status, headers)


async def _run(request: Request) -> Response:
    try:
        fields = await _fields(request)
        job = _named_job(fields)
        if "name" not in job:
            raise HTTPError(400, "/workbench/run runs named queries (name=); send SPARQL to "
                            "/sparql")
        return await _submit(request, {"op": "named", **job,
                                       "formats": fields.get("format", [])})
    except HTTPError as error:
        return error_response(error)
    except PoolError as error:
        return text_response(error.status, error.message, error.headers)


async def _view(request: Request) -> Response:
    try:
        fields = await _fields(request)
        job = {"op": "view", **_named_job(fields),
               "layout": (fields.get("layout") or ["force"])[0], "accept": [], "formats": []}
        return await _submit(request, job)
    except HTTPError as error:
        return error_response(error)
    except PoolError as error:
        return text_response(error.status, error.message, error.headers)


def routes() -> list[BaseRoute]:
    """The workbench's routes (``/`` itself is answered by the SPARQL route, which calls
    :func:`page` for a browser)."""
    return [Route("/workbench/assets/{name}", _asset, methods=["GET"]),
            Route("/workbench/queries", _catalogue, methods=["GET"]),
            Route("/workbench/run", _run, methods=["GET", "POST"]),
            Route("/workbench/view", _view, methods=["GET"])]
