"""The query workers: a pool of worker **processes** that run the queries, each killable.

A pyoxigraph query cannot be interrupted from another thread, so queries do not run in the
server process. Each worker is ``python -m friendship_graph.server.workers`` with the store
open read-only, talking over two inherited pipes. The server hands a job to an idle worker
and waits at most the time left; when the time is up the worker is killed (SIGKILL) and a
fresh one takes its place, and the other workers are not affected. The worker also formats
the answer, so the limit covers the whole answer. An update takes the store alone
(:class:`Gate`): the query workers stop, one process opens the store for writing and runs it
(with the same time limit; a killed update commits nothing), and fresh workers open the new
state.

The pool lives in the server's event loop: it waits for a worker's answer on the pipe
itself (no thread per query). Nothing here knows HTTP: a job is a dict, an answer is an
:class:`Answer`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import struct
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, BinaryIO

from ..errors import (
    FriendshipGraphError,
    NetworkAccessError,
    ParameterError,
    QueryError,
    ReservedGraphError,
    ResultLimitError,
    UnrepresentableError,
)
from .negotiation import negotiate, not_acceptable

__all__ = ["Answer", "Gate", "Pool", "PoolError"]

_TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Answer:
    """What a worker answers: an HTTP status, the media type and the body."""

    status: int
    content_type: str
    body: bytes


class PoolError(Exception):
    """The pool could not get an answer (time limit, busy, a worker died): an HTTP status,
    a one-line message and extra headers (``Retry-After``)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


# --------------------------------------------------------------------------- in the worker


def _open_store(store_path: str, allow_network: bool, write: bool = False) -> Any:
    from ..store import Store

    store = Store.open(store_path, read_only=not write, create=False,
                       allow_network=allow_network)
    store.allow_network = allow_network
    return store


def _execute(store: Any, job: dict[str, Any]) -> tuple[int, str, bytes]:
    from ..results import format_result

    if job.get("op"):  # the workbench's and reconciliation's jobs
        from .jobs import run_job

        return run_job(store, job)
    try:
        result = store.query(job["query"], max_results=job["max_results"])
    except ResultLimitError as error:  # stopped as the rows came, before they were all built
        return (413, _TEXT,
                (f"the result has more than {error.limit} {error.unit}, this endpoint's "
                 f"limit of {error.limit}; add a LIMIT or narrow the query\n").encode())
    chosen = negotiate(result.kind, job["accept"], job["formats"])
    if chosen is None:
        return 406, _TEXT, (not_acceptable(result.kind) + "\n").encode()
    media, fmt = chosen
    text = format_result(result, fmt, raw_csv=job.get("raw_csv", False))
    return 200, f"{media}; charset=utf-8", text.encode("utf-8")


def _answer_for(error: BaseException) -> tuple[int, str, bytes]:
    if isinstance(error, ReservedGraphError):
        return 403, _TEXT, f"{error}\n".encode()
    if isinstance(error, UnrepresentableError):
        return 406, _TEXT, f"{error}\n".encode()
    if isinstance(error, QueryError | ParameterError | NetworkAccessError):
        return 400, _TEXT, f"{error}\n".encode()
    if isinstance(error, FriendshipGraphError):
        return 500, _TEXT, f"{error}\n".encode()
    return 500, _TEXT, f"internal error: {type(error).__name__}: {error}\n".encode()


#: An answer on the pipe: its length (8 bytes, big-endian), then the pickled tuple.
_FRAME = struct.Struct("!Q")


def _write_answer(outbox: BinaryIO, answer: tuple[int, str, bytes]) -> None:
    payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    outbox.write(_FRAME.pack(len(payload)) + payload)
    outbox.flush()


def _query_worker(inbox: Connection, outbox: BinaryIO, store_path: str,
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
            _write_answer(outbox, answer)
        except (OSError, ValueError):
            return


def _update_worker(inbox: Connection, outbox: BinaryIO, store_path: str,
                   allow_network: bool) -> None:
    """Run one update (read from the pipe) with the store open for writing, then report."""
    try:
        sparql = inbox.recv()
        store = _open_store(store_path, allow_network, write=True)
        try:
            store.update(sparql)
        finally:
            store.close()
        answer: tuple[int, str, bytes] = (204, _TEXT, b"")
    except Exception as error:  # noqa: BLE001
        answer = _answer_for(error)
    _write_answer(outbox, answer)


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
    outbox = os.fdopen(int(outbox_fd), "wb")
    worker = _query_worker if role == "query" else _update_worker
    worker(inbox, outbox, store_path, allow_network == "1")
    return 0


# --------------------------------------------------------------------------- in the server


class _Child:
    """A worker process: ``python -m friendship_graph.server.workers ROLE ...`` with two
    inherited pipes: jobs go to it as :class:`~multiprocessing.connection.Connection`
    messages, answers come back framed (:data:`_FRAME`) and are read without blocking.
    (Not multiprocessing's spawn: that re-imports the caller's ``__main__``, which breaks for
    scripts without a main guard and for code run from stdin.)"""

    def __init__(self, role: str, store_path: str, allow_network: bool) -> None:
        from_parent, to_child = os.pipe()  # (read end, write end)
        from_child, to_parent = os.pipe()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "friendship_graph.server.workers", role, str(from_parent),
             str(to_parent), store_path, "1" if allow_network else "0"],
            pass_fds=(from_parent, to_parent), stdin=subprocess.DEVNULL)
        os.close(from_parent)
        os.close(to_parent)
        self._outbox = Connection(to_child, readable=False)
        self._inbox = os.fdopen(from_child, "rb", buffering=0)
        self._reader: asyncio.StreamReader | None = None
        self._transport: asyncio.BaseTransport | None = None
        self.send = self._outbox.send

    async def answer(self, timeout: float) -> Answer:
        """The answer to the job sent last; ``TimeoutError`` when it does not begin within
        ``timeout`` seconds, ``EOFError`` when the worker died."""
        if self._reader is None:
            loop = asyncio.get_running_loop()
            self._reader = asyncio.StreamReader(limit=1 << 20, loop=loop)
            self._transport, _ = await loop.connect_read_pipe(
                lambda: asyncio.StreamReaderProtocol(self._reader, loop=loop), self._inbox)
        try:
            header = await asyncio.wait_for(self._reader.readexactly(_FRAME.size),
                                            max(0.0, timeout))
            payload = await self._reader.readexactly(_FRAME.unpack(header)[0])
        except asyncio.IncompleteReadError:
            raise EOFError("the worker ended") from None
        return Answer(*pickle.loads(payload))  # noqa: S301 - from our own child process

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._close()

    async def stop(self) -> None:
        """Close the pipes (the worker sees EOF and ends) and wait for it to end."""
        self._close()
        try:
            await asyncio.to_thread(self.process.wait, 5)
        except subprocess.TimeoutExpired:
            self.kill()

    def _close(self) -> None:
        if self._transport is not None:
            with contextlib.suppress(RuntimeError):  # the loop has ended already
                self._transport.close()  # closes the pipe
        for conn in (self._outbox, self._inbox):
            with contextlib.suppress(OSError):
                conn.close()


class Gate:
    """Many queries at a time, or one update alone; queries that arrive while an update
    waits go after it, so updates are not starved. (For one event loop.)"""

    def __init__(self) -> None:
        self._cond = asyncio.Condition()
        self._readers = 0
        self._writer = False
        self._waiting_writers = 0

    @contextlib.asynccontextmanager
    async def read(self) -> AsyncIterator[None]:
        """Hold the gate for a query (``async with gate.read(): ...``)."""
        await self.acquire(False)
        try:
            yield
        finally:
            await self.release(False)

    @contextlib.asynccontextmanager
    async def write(self) -> AsyncIterator[None]:
        """Hold the gate for an update, alone."""
        await self.acquire(True)
        try:
            yield
        finally:
            await self.release(True)

    async def acquire(self, write: bool) -> None:
        """Wait for the gate: for a query (``write=False``) or an update."""
        async with self._cond:
            if write:
                self._waiting_writers += 1
                try:
                    await self._cond.wait_for(lambda: not (self._writer or self._readers))
                finally:
                    self._waiting_writers -= 1
                self._writer = True
            else:
                await self._cond.wait_for(
                    lambda: not (self._writer or self._waiting_writers))
                self._readers += 1

    async def release(self, write: bool) -> None:
        """Give the gate back (what :meth:`acquire` took)."""
        async with self._cond:
            if write:
                self._writer = False
            else:
                self._readers -= 1
            self._cond.notify_all()


class Pool:
    """Worker processes over the store at ``store_path``; a worker that overruns the time
    limit is killed and replaced. :meth:`query` and :meth:`update` run in the server's
    event loop; :meth:`close` may be called from any thread once the loop has stopped."""

    def __init__(self, store_path: str, size: int, allow_network: bool) -> None:
        self._store_path = store_path
        self._allow_network = allow_network
        self._size = max(1, size)
        self._idle: asyncio.Queue[_Child | None] = asyncio.Queue()
        self._gate = Gate()
        self._children: set[_Child] = set()
        self._closed = False
        self._start()

    def _spawn(self, role: str = "query") -> _Child:
        child = _Child(role, self._store_path, self._allow_network)
        self._children = {c for c in self._children if c.process.poll() is None}
        self._children.add(child)
        return child

    def _start(self) -> None:
        for _ in range(self._size):
            self._idle.put_nowait(self._spawn())

    async def _stop_idle(self) -> None:
        while not self._idle.empty():
            child = self._idle.get_nowait()
            if child is not None:
                await child.stop()

    async def _checkout(self, timeout: float, deadline: float) -> _Child:
        try:
            worker = await asyncio.wait_for(self._idle.get(),
                                            max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            raise PoolError(503, f"the endpoint is busy: no worker became free within the "
                            f"time limit of {timeout:g} s; try again",
                            {"Retry-After": "5"}) from None
        if worker is None:  # closed: pass the wake-up on to the next waiting query
            self._idle.put_nowait(None)
            raise PoolError(503, "the endpoint is shutting down", {"Retry-After": "5"})
        return worker

    def _replace(self, worker: _Child) -> _Child | None:
        worker.kill()
        return None if self._closed else self._spawn()

    async def query(self, job: dict[str, Any], timeout: float, *,
                    deadline: float | None = None) -> Answer:
        """Run a query job (``query``, ``accept``, ``formats``, ``max_results``; or one of
        :mod:`.jobs` with its ``op``) on an idle
        worker, within ``timeout`` seconds counted from ``deadline - timeout`` (the time the
        request arrived) or from now."""
        deadline = deadline if deadline is not None else time.monotonic() + timeout
        async with self._gate.read():
            worker: _Child | None = await self._checkout(timeout, deadline)
            assert worker is not None
            try:
                worker.send(job)
                return await worker.answer(deadline - time.monotonic())
            except TimeoutError:
                worker = self._replace(worker)
                raise PoolError(503, f"the query exceeded the time limit of {timeout:g} s "
                                "and was stopped; narrow it (a LIMIT, more specific "
                                "patterns) or ask the server's operator for a longer "
                                "--timeout") from None
            except (EOFError, OSError):
                worker = self._replace(worker)
                if self._closed:
                    raise PoolError(503, "the endpoint is shutting down; the query was "
                                    "stopped") from None
                raise PoolError(500, "the query worker failed (it may have run out of memory); "
                                "try a narrower query") from None
            finally:
                if worker is not None:
                    self._idle.put_nowait(worker)

    async def update(self, sparql: str, timeout: float) -> Answer:
        """Run a SPARQL update alone, in a process of its own with the store open for
        writing; the query workers are replaced by fresh ones that see the new state."""
        async with self._gate.write():
            if self._closed:
                raise PoolError(503, "the endpoint is shutting down", {"Retry-After": "5"})
            await self._stop_idle()  # the writer needs the store alone
            child = self._spawn("update")
            try:
                child.send(sparql)
                return await child.answer(timeout)
            except TimeoutError:
                child.kill()
                raise PoolError(503, f"the update exceeded the time limit of {timeout:g} s "
                                "and was stopped (an update that had not committed wrote "
                                "nothing)") from None
            except (EOFError, OSError):
                child.kill()
                raise PoolError(500, "the update process failed before it reported; "
                                "check the store with a query") from None
            finally:
                await child.stop()
                if not self._closed:
                    self._start()

    def close(self) -> None:
        """Kill every worker; queries waiting for one get a 503."""
        self._closed = True
        children, self._children = self._children, set()
        for child in children:
            child.kill()
        self._idle.put_nowait(None)


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
