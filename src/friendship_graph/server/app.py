"""The ASGI application of ``friendship-graph serve``: the route modules behind the guards.

Every route module (:mod:`~friendship_graph.server.sparql`, the protocol;
:mod:`~friendship_graph.server.workbench`, the page at ``/``;
:mod:`~friendship_graph.server.reconcile`, the reconciliation API) contributes a list of
Starlette routes; the application puts them behind the same checks — the ``Host`` header,
the body's length, CORS when it is asked for — and answers unknown paths and methods with
one line of text. The routes find the settings, the worker pool and the endpoint's URL in
``request.app.state``.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response

from . import reconcile, sparql, workbench
from .guards import BodyLimit, HostGuard, answered_hosts
from .responses import text_response
from .settings import MAX_BODY, ServerSettings
from .workers import Pool

__all__ = ["create_app", "CORS_METHODS", "CORS_HEADERS"]

#: What a page on an allowed origin (``--cors``) may send.
CORS_METHODS = ("GET", "POST", "OPTIONS")
CORS_HEADERS = ("Accept", "Authorization", "Content-Type")


async def _not_found(request: Request, error: Exception) -> Response:
    return text_response(404, f"no such endpoint {request.url.path}; use /sparql")


async def _not_allowed(request: Request, error: Exception) -> Response:
    allow = (error.headers or {}).get("Allow", "") if isinstance(error, HTTPException) else ""
    return text_response(405, f"{request.method} is not allowed here; use {allow or 'GET'}",
                         {"Allow": allow} if allow else None)


def create_app(settings: ServerSettings, pool: Pool, *, url: str,
               bind_host: str = "127.0.0.1") -> Starlette:
    """The application serving ``settings`` with the workers of ``pool``; ``url`` is where
    it is reached and ``bind_host`` the address it listens on (for the ``Host`` check)."""
    middleware = [
        Middleware(HostGuard, hosts=answered_hosts(bind_host, settings.allowed_hosts),
                   any_address=bind_host.strip("[]") in ("", "0.0.0.0", "::")),
        Middleware(BodyLimit, limit=MAX_BODY),
    ]
    if settings.cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                                     allow_methods=list(CORS_METHODS),
                                     allow_headers=list(CORS_HEADERS), max_age=86400))
    routes = [*workbench.routes(), *reconcile.routes(), *sparql.routes()]
    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={404: _not_found, 405: _not_allowed})
    app.state.settings = settings
    app.state.pool = pool
    app.state.url = url
    return app
