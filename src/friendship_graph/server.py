"""A SPARQL 1.1 Protocol endpoint over the project's store: ``friendship-graph serve``.

* Queries: ``GET ?query=``, ``POST application/x-www-form-urlencoded`` (``query=``) and
  ``POST application/sparql-query``, at ``/``, ``/sparql`` or ``/query``.
* Content negotiation (``Accept``, or the ``format``/``output`` parameter when there is no
  specific ``Accept``): SPARQL Results JSON (default), XML, CSV and TSV for SELECT and ASK;
  Turtle (default), N-Triples, JSON-LD, RDF/XML, TriG and N-Quads for CONSTRUCT and DESCRIBE.
* CORS headers on every answer (and ``OPTIONS`` preflight), for browser clients like YASGUI.
* Read-only by default. Updates (``POST update=`` or ``application/sparql-update``, also at
  ``/update``) are refused with 403 unless the server was started with ``allow_updates`` and
  a token, and then need ``Authorization: Bearer TOKEN``.
* Every query has a time limit and a result limit. A query over the limit gets
  ``503 Service Unavailable`` (time) or ``413`` (results) with a one-line text body, and the
  server keeps answering.

How the time limit works: a pyoxigraph query cannot be interrupted from another thread, so
queries do not run in the server process. A pool of worker **processes**
(``python -m friendship_graph.server``, talking over two pipes; each with the store open
read-only) runs them; the HTTP thread sends the query to an idle worker
through a pipe and waits at most the time left. When the time is up the worker is killed
(SIGKILL) and replaced by a fresh one; the other workers and the server are not affected.
Results are serialised in the worker too, so the limit covers the whole answer. Updates take
the store alone: queries are held back, the workers are stopped, one process opens the store
for writing and runs the update (with the same time limit; a killed update commits nothing),
then fresh workers open the new state.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import queue
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from . import __version__
from .errors import FriendshipGraphError, NetworkAccessError, ParameterError, QueryError

__all__ = ["ServerSettings", "SparqlServer", "make_server", "serve", "negotiate",
           "DEFAULT_PORT"]

DEFAULT_PORT = 7879
#: Bodies larger than this are refused (413): a query or an update is text, not a data dump.
MAX_BODY = 16 << 20

#: (media type, results.py format) in order of preference, per kind of result.
SOLUTION_TYPES = [
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("application/json", "json"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
]
GRAPH_TYPES = [
    ("text/turtle", "ttl"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "jsonld"),
    ("application/rdf+xml", "xml"),
    ("application/trig", "trig"),
    ("application/n-quads", "nq"),
    ("text/plain", "nt"),
    ("application/x-turtle", "ttl"),
    ("application/xml", "xml"),
    ("application/json", "jsonld"),
]
#: ``format=``/``output=`` parameter values (SPARQLWrapper, Virtuoso style) per kind.
_FORMAT_PARAM = {
    "select": {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"},
    "graph": {"turtle": "ttl", "ttl": "ttl", "n3": "ttl", "nt": "nt", "ntriples": "nt",
              "n-triples": "nt", "json-ld": "jsonld", "jsonld": "jsonld", "json": "jsonld",
              "xml": "xml", "rdf+xml": "xml", "rdfxml": "xml", "trig": "trig", "nq": "nq"},
}


class _HTTPError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


# --------------------------------------------------------------------------- negotiation


def _parse_accept(header: str | None) -> list[str]:
    """Media ranges of an Accept header, best first (q-values, then order)."""
    if not header:
        return []
    ranges = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, index, media))
    return [media for _, _, media in sorted(ranges)]


def negotiate(kind: str, accept: list[str], formats: list[str]) -> tuple[str, str] | None:
    """The (media type, results.py format) for a result ``kind`` (``select``, ``ask`` or
    ``graph``) from Accept ranges (best first) and ``format=`` values; None if none fits."""
    table = GRAPH_TYPES if kind == "graph" else SOLUTION_TYPES
    specific = [m for m in accept if m != "*/*"]
    if not specific:
        names = _FORMAT_PARAM["graph" if kind == "graph" else "select"]
        for value in formats:
            value = value.strip().lower()
            if value in names:
                wanted = names[value]
                return next((m, f) for m, f in table if f == wanted)
            match = next(((m, f) for m, f in table if m == value), None)
            if match:
                return match
        return table[0]
    for media in accept:
        if media == "*/*":
            return table[0]
        if media.endswith("/*"):
            major = media[:-1]
            match = next(((m, f) for m, f in table if m.startswith(major)), None)
        else:
            match = next(((m, f) for m, f in table if m == media), None)
        if match:
            return match
    return None


# --------------------------------------------------------------------------- workers


def _open_store(store_path: str, allow_network: bool, write: bool = False):  # noqa: ANN202
    from .store import Store

    store = Store.open(store_path, read_only=not write, create=False,
                       allow_network=allow_network)
    store.allow_network = allow_network
    return store


def _execute(store: Any, job: dict[str, Any]) -> tuple[int, str, bytes]:
    from .results import format_result

    result = store.query(job["query"])
    size = len(result) if result.kind != "ask" else 1
    if size > job["max_results"]:
        return (413, "text/plain; charset=utf-8",
                (f"the result has {size} {'rows' if result.kind == 'select' else 'triples'}, "
                 f"more than this endpoint's limit of {job['max_results']}; add a LIMIT or "
                 "narrow the query\n").encode())
    chosen = negotiate(result.kind, job["accept"], job["formats"])
    if chosen is None:
        table = GRAPH_TYPES if result.kind == "graph" else SOLUTION_TYPES
        return (406, "text/plain; charset=utf-8",
                ("none of the accepted media types fits a "
                 f"{'graph' if result.kind == 'graph' else 'SPARQL results'} answer; "
                 "use one of " + ", ".join(m for m, _ in table) + "\n").encode())
    media, fmt = chosen
    text = format_result(result, fmt)
    return 200, f"{media}; charset=utf-8", text.encode("utf-8")


def _answer_for(error: BaseException) -> tuple[int, str, bytes]:
    if isinstance(error, QueryError | ParameterError | NetworkAccessError):
        return 400, "text/plain; charset=utf-8", f"{error}\n".encode()
    if isinstance(error, FriendshipGraphError):
        return 500, "text/plain; charset=utf-8", f"{error}\n".encode()
    return (500, "text/plain; charset=utf-8",
            f"internal error: {type(error).__name__}: {error}\n".encode())


def _query_worker(inbox: Connection, outbox: Connection, store_path: str,
                  allow_network: bool) -> None:
    """A query worker: open the store read-only, answer jobs from the pipe until it closes."""
    store = None
    while True:
        try:
            job = inbox.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            if store is None:
                store = _open_store(store_path, allow_network)
            answer = _execute(store, job)
        except Exception as error:  # noqa: BLE001 - the server must answer something
            answer = _answer_for(error)
        try:
            outbox.send(answer)
        except (OSError, ValueError):
            return


def _update_worker(inbox: Connection, outbox: Connection, store_path: str,
                   allow_network: bool) -> None:
    """Run one update (read from the pipe) with the store open for writing, then report."""
    try:
        sparql = inbox.recv()
        store = _open_store(store_path, allow_network, write=True)
        try:
            store.update(sparql)
        finally:
            store.close()
        answer: tuple[int, str, bytes] = (204, "text/plain; charset=utf-8", b"")
    except Exception as error:  # noqa: BLE001
        answer = _answer_for(error)
    outbox.send(answer)


class _Child:
    """A worker process: ``python -m friendship_graph.server ROLE ...`` with two inherited
    pipes. (Not multiprocessing's spawn: that re-imports the caller's ``__main__``, which
    breaks for scripts without a main guard and for code run from stdin.)"""

    def __init__(self, role: str, store_path: str, allow_network: bool) -> None:
        from_parent, to_child = os.pipe()  # (read end, write end)
        from_child, to_parent = os.pipe()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "friendship_graph.server", role, str(from_parent),
             str(to_parent), store_path, "1" if allow_network else "0"],
            pass_fds=(from_parent, to_parent), stdin=subprocess.DEVNULL)
        os.close(from_parent)
        os.close(to_parent)
        self._outbox = Connection(to_child, readable=False)
        self.inbox = Connection(from_child, writable=False)
        self.send = self._outbox.send

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._close()

    def stop(self) -> None:
        self._close()  # the worker sees EOF and ends
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.kill()

    def _close(self) -> None:
        for conn in (self._outbox, self.inbox):
            with contextlib.suppress(OSError):
                conn.close()


class _Gate:
    """Many queries at a time, or one update alone."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._waiting_writers = 0  # new queries wait behind them: updates are not starved

    def read(self) -> _GateHold:
        return _GateHold(self, False)

    def write(self) -> _GateHold:
        return _GateHold(self, True)

    def acquire(self, write: bool) -> None:
        with self._cond:
            if write:
                self._waiting_writers += 1
                try:
                    while self._writer or self._readers:
                        self._cond.wait()
                finally:
                    self._waiting_writers -= 1
                self._writer = True
            else:
                while self._writer or self._waiting_writers:
                    self._cond.wait()
                self._readers += 1

    def release(self, write: bool) -> None:
        with self._cond:
            if write:
                self._writer = False
            else:
                self._readers -= 1
            self._cond.notify_all()


class _GateHold:
    def __init__(self, gate: _Gate, write: bool) -> None:
        self.gate, self.write = gate, write

    def __enter__(self) -> None:
        self.gate.acquire(self.write)

    def __exit__(self, *exc: object) -> None:
        self.gate.release(self.write)


class _Pool:
    """Worker processes; a worker that overruns the time limit is killed and replaced."""

    def __init__(self, store_path: str, size: int, allow_network: bool) -> None:
        self._store_path = store_path
        self._allow_network = allow_network
        self._size = max(1, size)
        self._idle: queue.Queue[_Child] = queue.Queue()
        self._gate = _Gate()
        self._children: set[_Child] = set()
        self._lock = threading.Lock()
        self.start()

    def _spawn(self, role: str = "query") -> _Child:
        child = _Child(role, self._store_path, self._allow_network)
        with self._lock:
            self._children = {c for c in self._children if c.process.poll() is None}
            self._children.add(child)
        return child

    def start(self) -> None:
        for _ in range(self._size):
            self._idle.put(self._spawn())

    def stop(self) -> None:
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                return

    def query(self, job: dict[str, Any], timeout: float) -> tuple[int, str, bytes]:
        deadline = time.monotonic() + timeout
        with self._gate.read():
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise _HTTPError(503, f"the endpoint is busy: no worker became free within the "
                                 f"time limit of {timeout:g} s; try again",
                                 {"Retry-After": "5"}) from None
            try:
                worker.send(job)
                if not worker.inbox.poll(max(0.0, deadline - time.monotonic())):
                    worker.kill()
                    worker = self._spawn()
                    raise _HTTPError(503, f"the query exceeded the time limit of {timeout:g} s "
                                     "and was stopped; narrow it (a LIMIT, more specific "
                                     "patterns) or ask the server's operator for a longer "
                                     "--timeout")
                return worker.inbox.recv()
            except (EOFError, OSError, BrokenPipeError):
                worker.kill()
                worker = self._spawn()
                raise _HTTPError(500, "the query worker failed (it may have run out of memory); "
                                 "try a narrower query") from None
            finally:
                self._idle.put(worker)

    def update(self, sparql: str, timeout: float) -> tuple[int, str, bytes]:
        with self._gate.write():
            self.stop()  # the writer needs the store alone
            child = self._spawn("update")
            try:
                child.send(sparql)
                if not child.inbox.poll(timeout):
                    child.kill()
                    raise _HTTPError(503, f"the update exceeded the time limit of {timeout:g} s "
                                     "and was stopped (an update that had not committed wrote "
                                     "nothing)")
                try:
                    return child.inbox.recv()
                except (EOFError, OSError):
                    child.kill()
                    raise _HTTPError(500, "the update process failed before it reported; "
                                     "check the store with a query") from None
            finally:
                child.stop()
                self.start()

    def close(self) -> None:
        """Stop the idle workers, and kill the busy ones."""
        self.stop()
        with self._lock:
            children, self._children = self._children, set()
        for child in children:
            child.kill()


# --------------------------------------------------------------------------- HTTP


@dataclass
class ServerSettings:
    """What a server serves and its limits."""

    store_path: str
    timeout: float = 30.0
    max_results: int = 100_000
    allow_updates: bool = False
    token: str | None = None
    workers: int = 2
    allow_network: bool = False


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server; ``serve_forever()`` to run, ``close()`` to stop it and its workers."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], settings: ServerSettings) -> None:
        self.settings = settings
        self.pool = _Pool(settings.store_path, settings.workers, settings.allow_network)
        try:
            super().__init__(address, _Handler)
        except OSError as error:
            self.pool.close()
            raise FriendshipGraphError(
                f"cannot listen on {address[0]}:{address[1]}: {error.strerror or error}; "
                "choose another --port or --host") from None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/sparql"

    def close(self) -> None:
        self.shutdown()
        self.server_close()
        self.pool.close()


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = f"friendship-graph/{__version__}"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # quiet; the CLI prints where it listens

    # -- responses ---------------------------------------------------------------------

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type")
        self.send_header("Access-Control-Max-Age", "86400")

    def _send(self, status: int, content_type: str, body: bytes,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self._cors()
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode(),
                   headers)

    # -- methods -----------------------------------------------------------------------

    def do_OPTIONS(self) -> None:  # noqa: N802
        self._send(204, "", b"")

    def do_GET(self) -> None:  # noqa: N802
        self._dispatch(lambda: self._from_get())

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch(lambda: self._from_post())

    def _dispatch(self, parse: Callable[[], tuple[str, str | None, dict[str, list[str]]]]) -> None:
        try:
            kind, text, params = parse()
            if kind == "none":
                self._text(200, "friendship-graph SPARQL 1.1 endpoint: send queries to "
                           f"{self.server.url} (GET ?query=, or POST)")
                return
            if params.get("default-graph-uri") or params.get("named-graph-uri") or \
                    params.get("using-graph-uri") or params.get("using-named-graph-uri"):
                raise _HTTPError(400, "this endpoint does not take dataset parameters "
                                 "(default-graph-uri, named-graph-uri): the default graph is "
                                 "the union of all graphs; use GRAPH or FROM in the query")
            if kind == "update":
                self._update(text or "")
            else:
                self._query(text or "", params)
        except _HTTPError as error:
            self._text(error.status, error.message, error.headers)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _path(self) -> tuple[str, dict[str, list[str]]]:
        parts = urllib.parse.urlsplit(self.path)
        if parts.path.rstrip("/") not in ("", "/sparql", "/query", "/update"):
            raise _HTTPError(404, f"no such endpoint {parts.path}; use /sparql")
        return parts.path.rstrip("/"), urllib.parse.parse_qs(parts.query, keep_blank_values=True)

    def _from_get(self) -> tuple[str, str | None, dict[str, list[str]]]:
        _, params = self._path()
        if "update" in params:
            raise _HTTPError(405, "updates must be sent with POST", {"Allow": "POST"})
        if "query" not in params:
            return "none", None, params
        return "query", params["query"][0], params

    def _from_post(self) -> tuple[str, str | None, dict[str, list[str]]]:
        path, params = self._path()
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise _HTTPError(400, "bad Content-Length") from None
        if length > MAX_BODY:
            raise _HTTPError(413, f"the request body is larger than {MAX_BODY >> 20} MB")
        body = self.rfile.read(length) if length else b""
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _HTTPError(400, "the request body is not UTF-8") from None
        if media == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(text, keep_blank_values=True)
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
            if "update" in form:
                return "update", form["update"][0], params
            if "query" in form:
                return "query", form["query"][0], params
            raise _HTTPError(400, "the form has neither query= nor update=")
        if media == "application/sparql-query":
            return "query", text, params
        if media == "application/sparql-update":
            return "update", text, params
        if path == "/update":
            raise _HTTPError(415, "send updates as application/sparql-update or as a form "
                             "(update=)")
        raise _HTTPError(415, "send queries as application/sparql-query or as a form (query=), "
                         "or with GET ?query=")

    def _query(self, text: str, params: dict[str, list[str]]) -> None:
        settings = self.server.settings
        formats = [*params.get("format", []), *params.get("output", []),
                   *params.get("results", [])]
        job = {"query": text, "accept": _parse_accept(self.headers.get("Accept")),
               "formats": formats, "max_results": settings.max_results}
        status, content_type, body = self.server.pool.query(job, settings.timeout)
        self._send(status, content_type, body)

    def _update(self, text: str) -> None:
        settings = self.server.settings
        if not settings.allow_updates or not settings.token:
            raise _HTTPError(403, "this endpoint is read-only: updates are refused (start it "
                             "with 'friendship-graph serve --allow-updates --token TOKEN')")
        header = self.headers.get("Authorization") or ""
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given:
            raise _HTTPError(401, "updates need 'Authorization: Bearer TOKEN'",
                             {"WWW-Authenticate": 'Bearer realm="friendship-graph"'})
        if not hmac.compare_digest(given.strip().encode(), settings.token.encode()):
            raise _HTTPError(403, "wrong token: the update was refused")
        status, content_type, body = self.server.pool.update(text, settings.timeout)
        self._send(status, content_type, body)


# --------------------------------------------------------------------------- entry points


def _resolve_store(store_path: str | Path | None, allow_updates: bool,
                   progress: Callable[[Path], None] | None) -> str:
    if store_path is not None:
        path = Path(store_path)
        if not (path.is_dir() and any(path.iterdir())):
            raise FriendshipGraphError(f"no store at {path}; create one with: "
                                       f"friendship-graph --store {path} init")
        return str(path)
    if allow_updates:
        raise FriendshipGraphError("--allow-updates needs a store of your own (--store PATH): "
                                   "the default store is rebuilt from the bundled data")
    from .store.default import default_store

    default_store(progress=progress).close()  # build it first if needed
    from .store.default import default_store_path

    return str(default_store_path())


def make_server(store_path: str | Path | None = None, host: str = "127.0.0.1",
                port: int = DEFAULT_PORT, *, timeout: float = 30.0, max_results: int = 100_000,
                allow_updates: bool = False, token: str | None = None, workers: int = 2,
                allow_network: bool = False,
                progress: Callable[[Path], None] | None = None) -> SparqlServer:
    """A ready (listening, not yet serving) SPARQL endpoint over the store at ``store_path``
    (default: the default store). ``port=0`` picks a free port (see ``server.url``)."""
    if timeout <= 0:
        raise FriendshipGraphError("--timeout must be more than 0 seconds")
    if max_results < 0:
        raise FriendshipGraphError("--max-results must be 0 or more")
    if allow_updates and not token:
        raise FriendshipGraphError("--allow-updates needs --token TOKEN (or "
                                   "FRIENDSHIP_GRAPH_SERVE_TOKEN): clients send it as "
                                   "'Authorization: Bearer TOKEN'")
    if token and not allow_updates:
        raise FriendshipGraphError("--token is only used with --allow-updates")
    path = _resolve_store(store_path, allow_updates, progress)
    settings = ServerSettings(path, timeout=timeout, max_results=max_results,
                              allow_updates=allow_updates, token=token, workers=workers,
                              allow_network=allow_network)
    return SparqlServer((host, port), settings)


def serve(store_path: str | Path | None = None, host: str = "127.0.0.1",
          port: int = DEFAULT_PORT, *, on_ready: Callable[[SparqlServer], None] | None = None,
          **options: Any) -> None:
    """Serve until interrupted (Ctrl-C)."""
    server = make_server(store_path, host, port, **options)
    if on_ready:
        on_ready(server)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.pool.close()


def _die_with_parent() -> None:
    """Linux: ask the kernel to kill this worker when the server process dies, even by
    SIGKILL, so a worker busy with a long query never outlives the server."""
    import ctypes
    import ctypes.util
    import signal

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # elsewhere: the closed pipe ends an idle worker; close() kills busy ones


def _child_main(argv: list[str]) -> int:
    """Entry point of the worker processes (see :class:`_Child`)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which stops us
    _die_with_parent()
    role, inbox_fd, outbox_fd, store_path, allow_network = argv
    inbox = Connection(int(inbox_fd), writable=False)
    outbox = Connection(int(outbox_fd), readable=False)
    worker = _query_worker if role == "query" else _update_worker
    worker(inbox, outbox, store_path, allow_network == "1")
    return 0


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
