"""Listening and serving: the socket, uvicorn, and the worker pool's lifetime."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvicorn

from ..errors import FriendshipGraphError
from .app import create_app
from .responses import SERVER_NAME
from .settings import DEFAULT_PORT, ServerSettings
from .workers import Pool

__all__ = ["SparqlServer", "make_server", "serve"]

#: Request line and headers together, bytes (a GET query travels in the request line).
MAX_HEAD = 1 << 17
#: How long a stop waits for the answers being sent, seconds (busy workers are killed first).
STOP_GRACE = 2.0


def _listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket. Made with ``IPPROTO_TCP`` (not 0, as ``socket.create_server``
    does) because asyncio sets ``TCP_NODELAY`` only on such sockets' connections; without
    it, an answer written in two parts waits for the client's delayed ACK (40 ms each)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    if host and ":" not in host:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


class _Uvicorn(uvicorn.Server):
    """uvicorn's server, stopping the workers first when it stops: a query still running
    gets its answer (an error) at once instead of holding the stop up to the time limit."""

    def __init__(self, config: uvicorn.Config, on_stop: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_stop = on_stop

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self._on_stop()
        await super().shutdown(sockets)


class SparqlServer:
    """A listening endpoint; ``serve_forever()`` to run (uvicorn, HTTP/1.1 with keep-alive),
    ``close()`` (from another thread) to stop it and its workers."""

    def __init__(self, address: tuple[str, int], settings: ServerSettings) -> None:
        self.settings = settings
        host, port = address
        try:
            self._socket = _listen(host.strip("[]"), port)
        except OSError as error:
            raise FriendshipGraphError(
                f"cannot listen on {host}:{port}: {error.strerror or error}; "
                "choose another --port or --host") from None
        self.server_address = self._socket.getsockname()[:2]
        self.pool = Pool(settings.store_path, settings.workers, settings.allow_network)
        app = create_app(settings, self.pool, url=self.url, bind_host=host)
        config = uvicorn.Config(
            app, http="h11", lifespan="off", log_config=None, log_level="error",
            access_log=False, server_header=False, headers=[("Server", SERVER_NAME)],
            proxy_headers=False, h11_max_incomplete_event_size=MAX_HEAD,
            timeout_graceful_shutdown=STOP_GRACE)
        self._uvicorn = _Uvicorn(config, self.pool.close)
        self._stopped = threading.Event()
        self._stopped.set()

    @property
    def url(self) -> str:
        """The endpoint's URL, ``http://HOST:PORT/sparql``."""
        host, port = self.server_address
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/sparql"

    def serve_forever(self) -> None:
        """Answer requests until :meth:`close` (or, in the main thread, Ctrl-C)."""
        self._stopped.clear()
        try:
            self._uvicorn.run(sockets=[self._socket])
        finally:
            self._stopped.set()

    def close(self) -> None:
        """Stop serving, and stop the workers."""
        self._uvicorn.should_exit = True
        self._stopped.wait()
        self._socket.close()
        self.pool.close()


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
    from ..store.default import default_store, default_store_path

    default_store(progress=progress).close()  # build it first if needed
    return str(default_store_path())


def make_server(store_path: str | Path | None = None, host: str = "127.0.0.1",
                port: int = DEFAULT_PORT, *, timeout: float = 30.0, max_results: int = 100_000,
                allow_updates: bool = False, token: str | None = None, workers: int = 2,
                allow_network: bool = False, cors: tuple[str, ...] = (),
                allowed_hosts: tuple[str, ...] = (), raw_csv: bool = False,
                progress: Callable[[Path], None] | None = None) -> SparqlServer:
    """A ready (listening, not yet serving) SPARQL endpoint over the store at ``store_path``
    (default: the default store). ``port=0`` picks a free port (see ``server.url``).
    ``cors``: origins whose pages may read the answers; ``allowed_hosts``: ``Host`` names
    answered besides the bound address; ``raw_csv``: CSV/TSV cells as they are (no
    neutralising of formula-like cells)."""
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
    for origin in cors:
        if origin != "*" and ("://" not in origin or origin.endswith("/")):
            raise FriendshipGraphError(f"--cors {origin!r}: give an origin like "
                                       "https://example.org (scheme and host, no path), or *")
    path = _resolve_store(store_path, allow_updates, progress)
    settings = ServerSettings(path, timeout=timeout, max_results=max_results,
                              allow_updates=allow_updates, token=token, workers=workers,
                              allow_network=allow_network, cors_origins=tuple(cors),
                              allowed_hosts=tuple(allowed_hosts), raw_csv=raw_csv)
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
        server.close()
