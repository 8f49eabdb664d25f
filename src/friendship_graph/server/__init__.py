"""A SPARQL 1.1 Protocol endpoint over the project's store: ``friendship-graph serve``.

* Queries: ``GET ?query=``, ``POST application/x-www-form-urlencoded`` (``query=``) and
  ``POST application/sparql-query``, at ``/``, ``/sparql`` or ``/query``.
* Content negotiation (``Accept``, or the ``format``/``output`` parameter when there is no
  specific ``Accept``): SPARQL Results JSON (default), XML, CSV and TSV for SELECT and ASK;
  Turtle (default), N-Triples, JSON-LD, RDF/XML, TriG and N-Quads for CONSTRUCT and DESCRIBE.
* Read-only by default. Updates (``POST update=`` or ``application/sparql-update``, also at
  ``/update``) are refused with 403 unless the server was started with ``allow_updates`` and
  a token, and then need ``Authorization: Bearer TOKEN``.
* Every query has a time limit and a result limit. A query over the limit gets
  ``503 Service Unavailable`` (time) or ``413`` (results) with a one-line text body, and the
  server keeps answering.
* Only requests for the bound address (or an allowed host name) are answered; CORS is off
  unless origins are named; a body needs a ``Content-Length`` of at most 16 MB.

The package, in the order a request meets it: :mod:`~friendship_graph.server.run` (the
socket and uvicorn), :mod:`~friendship_graph.server.app` (the Starlette application and its
middleware), :mod:`~friendship_graph.server.guards` (Host and body checks),
:mod:`~friendship_graph.server.sparql` (the protocol routes),
:mod:`~friendship_graph.server.negotiation` and :mod:`~friendship_graph.server.workers`
(the pool of killable worker processes that run the queries).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .negotiation import negotiate
from .settings import DEFAULT_PORT, ServerSettings

if TYPE_CHECKING:
    from .run import SparqlServer, make_server, serve

__all__ = ["ServerSettings", "SparqlServer", "make_server", "serve", "negotiate",
           "DEFAULT_PORT"]

_RUN = ("SparqlServer", "make_server", "serve")


def __getattr__(name: str) -> Any:
    # The HTTP stack is imported on first use only: the worker processes
    # (python -m friendship_graph.server.workers) import this package and need none of it.
    if name in _RUN:
        from . import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
