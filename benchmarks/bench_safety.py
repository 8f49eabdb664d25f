"""Bounded memory under hostile input (issue 16): peak RSS and time of

* a compression bomb (``.nt.gz`` decompressing to about 11 GB, ratio ~290) loaded with
  ``friendship-graph load`` - refused while reading;
* a SELECT and a CONSTRUCT with millions of results (the Jinzhong store joined with itself)
  stopped at ``--max-results 100000`` as the rows come:

  - ``friendship-graph query`` on the embedded store;
  - ``friendship-graph serve`` (one worker): the worker's peak RSS;
  - ``friendship-graph --endpoint`` on a real ``oxigraph serve`` (the remote store reads the
    answer as it arrives), next to the same query with ``LIMIT 100001`` added - what a
    client that rewrote queries would send instead of streaming.

Each CLI case runs in a child process; its peak RSS is the child's ``ru_maxrss``; the serve
worker's is its ``VmHWM``. Run: ``python benchmarks/bench_safety.py`` (add ``nice`` on a
shared machine). Targets: the bomb refused within 10 s and 500 MB; the large results within
500 MB.
"""

from __future__ import annotations

import gzip
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CROSS = "{ ?s ?p ?o . ?s2 ?p2 ?o2 }"
SELECT = f"SELECT * WHERE {CROSS}"
CONSTRUCT = f"CONSTRUCT {{ ?s ?p ?o2 }} WHERE {CROSS}"
LIMIT = 100_000
LINE = (b"<https://w3id.org/friendship-graph/id/test/a> "
        b"<http://www.w3.org/2000/01/rdf-schema#label> \"a\" .\n")


def _cli() -> list[str]:
    exe = shutil.which("friendship-graph")
    return [exe] if exe else [sys.executable, "-m", "friendship_graph.cli"]


_MEASURE = ("import resource, subprocess, sys\n"
            "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
            "print((done.stderr.strip().splitlines() or [''])[-1])\n")


def _run(args: list[str]) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, last stderr line) of the command in a fresh parent, so
    that ``ru_maxrss`` of its children is this command's alone."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _MEASURE, *_cli(), *args],
                          capture_output=True, text=True, check=True)
    seconds = time.monotonic() - started
    peak, message = (done.stdout.splitlines() + ["0", ""])[:2]
    return seconds, int(peak) / 1024, message


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _peak_mb(pid: int) -> float:
    """The high-water mark of a running process's resident memory (``VmHWM``), in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def _get(url: str, query: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"{url}?{urllib.parse.urlencode({'query': query})}",
                                    timeout=600) as response:
            return response.status, response.read(200).decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace").strip()


def _through_serve(store: Path) -> list[tuple[str, float, float, str]]:
    """The SELECT and the CONSTRUCT through ``serve --workers 1``: seconds, the worker's
    peak RSS, and the answer."""
    process = subprocess.Popen(
        [*_cli(), "--store", str(store), "serve", "--port", "0", "--workers", "1",
         "--max-results", str(LIMIT), "--timeout", "300"],
        stderr=subprocess.PIPE, text=True)
    try:
        url = re.search(r"serving (http://\S+)", process.stderr.readline()).group(1)
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        rows = []
        for name, query in (("SELECT", SELECT), ("CONSTRUCT", CONSTRUCT)):
            started = time.monotonic()
            status, body = _get(url, query)
            seconds = time.monotonic() - started
            workers = [int(p) for p in children.read_text().split()]
            peak = max(_peak_mb(pid) for pid in workers)
            rows.append((f"serve: {name}", seconds, peak, f"HTTP {status}: {body[:70]}"))
        return rows
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)


def _oxigraph_server(location: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind",
                                f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("oxigraph serve did not start")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        store = work / "store"
        jinzhong = str(REPO / "data" / "jinzhong-2019-10-30.trig")
        _run(["--store", str(store), "load", jinzhong])
        count = subprocess.run([*_cli(), "--store", str(store), "query", "--format", "csv",
                                "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
                               capture_output=True, text=True, check=True)
        quads = int(count.stdout.splitlines()[1])
        print(f"the store: {quads} quads; the cross product: {quads * quads:,} results; "
              f"limit {LIMIT:,}")
        bomb = work / "bomb.nt.gz"
        with gzip.open(bomb, "wb", compresslevel=9) as handle:
            chunk = LINE * 100_000
            for _ in range(1200):
                handle.write(chunk)
        oxigraph, endpoint = _oxigraph_server(work / "oxigraph")
        try:
            _run(["--endpoint", endpoint, "load", jinzhong])
            cases = [
                ("gzip bomb", ["--store", str(store), "load", str(bomb)],
                 f"{bomb.stat().st_size >> 20} MB compressed"),
                ("query: SELECT", ["--store", str(store), "query", "--format", "csv",
                                   "--max-results", str(LIMIT), SELECT], ""),
                ("query: CONSTRUCT", ["--store", str(store), "query", "--max-results",
                                      str(LIMIT), CONSTRUCT], ""),
                ("remote: SELECT", ["--endpoint", endpoint, "query", "--format", "csv",
                                    "--max-results", str(LIMIT), SELECT], ""),
                ("remote: SELECT LIMIT", ["--endpoint", endpoint, "query", "--format", "csv",
                                          "--max-results", str(LIMIT),
                                          f"{SELECT} LIMIT {LIMIT + 1}"], ""),
                ("remote: CONSTRUCT", ["--endpoint", endpoint, "query", "--max-results",
                                       str(LIMIT), CONSTRUCT], ""),
                ("remote: CONSTRUCT LIMIT", ["--endpoint", endpoint, "query", "--max-results",
                                             str(LIMIT), f"{CONSTRUCT} LIMIT {LIMIT + 1}"], ""),
            ]
            print(f"{'case':24} {'seconds':>8} {'peak RSS MB':>12}  message")
            for name, args, note in cases:
                seconds, peak, message = _run(args)
                print(f"{name:24} {seconds:8.1f} {peak:12.0f}  {message[:90]} {note}")
        finally:
            oxigraph.terminate()
            oxigraph.wait(timeout=30)
        for name, seconds, peak, message in _through_serve(store):
            print(f"{name:24} {seconds:8.1f} {peak:12.0f}  {message} (the worker)")


if __name__ == "__main__":
    main()
