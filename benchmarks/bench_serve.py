"""The HTTP layer of ``friendship-graph serve``: this tree against a baseline revision.

    python benchmarks/bench_serve.py                 # against main
    python benchmarks/bench_serve.py --baseline REV --rounds 3

Both servers run as ``friendship-graph serve`` subprocesses (the baseline from ``git archive
REV src``) over the same store (the Jinzhong report), in turns (baseline, this tree,
baseline, ...), so that load on the machine hits both alike. Measured per server, with real
clients over real sockets:

* ``keep-alive``: N small queries one after the other on one ``http.client`` connection
  (a server that closes after each answer makes the client reconnect);
* ``new conn``: the same with a new connection per query (``Connection: close``);
* ``threads``: C client threads, each with its own connection, N queries in all;
* ``wrk``: ``wrk -c C`` for D seconds, when ``wrk`` is installed;
* ``cpu``: CPU time of the server process (HTTP only) and of its workers (the queries) per
  query, over the ``threads`` run (Linux ``/proc``): on a shared machine latencies and
  throughput move with the load of others, CPU time per query much less.

Prints median and 95th percentile latencies in milliseconds, throughput in queries per
second, and the ratio this tree / baseline.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERY = "SELECT ?city WHERE { ?city a fg:PrefectureLevelCity } ORDER BY ?city"
ACCEPT = {"Accept": "application/sparql-results+json"}


def _baseline_tree(rev: str, into: Path) -> Path:
    # with the ontology next to src/, where a checkout's code looks for it: without it the
    # baseline would find no ontology and reload the store's, on every start
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src", "ontology"],
                             capture_output=True, check=True).stdout
    into.mkdir(parents=True)
    archive_path = into / "src.tar"
    archive_path.write_bytes(archive)
    with tarfile.open(archive_path) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def _start(src: Path, store: Path) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    process = subprocess.Popen(
        [sys.executable, "-m", "friendship_graph.cli", "--store", str(store), "serve",
         "--port", "0", "--workers", "2", "--max-results", "1000000"],
        stderr=subprocess.PIPE, text=True, env=env)
    line = process.stderr.readline()
    match = re.search(r"serving (http://\S+)", line)
    if not match:
        process.kill()
        sys.exit(f"the server did not start: {line}{process.stderr.read()}")
    return process, match.group(1)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _target(url: str) -> tuple[str, int, str]:
    parts = urllib.parse.urlsplit(url)
    return parts.hostname, parts.port, parts.path + "?" + urllib.parse.urlencode(
        {"query": QUERY})


def _ask(connection: http.client.HTTPConnection, path: str,
         headers: dict[str, str] = ACCEPT) -> float:
    start = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200 or b"jinzhong" not in body:
        sys.exit(f"unexpected answer {response.status}: {body[:200]!r}")
    return time.perf_counter() - start


def _keep_alive(url: str, n: int) -> list[float]:
    host, port, path = _target(url)
    connection = http.client.HTTPConnection(host, port, timeout=60)
    try:
        return [_ask(connection, path) for _ in range(n)]
    finally:
        connection.close()


def _new_connections(url: str, n: int) -> list[float]:
    host, port, path = _target(url)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        connection = http.client.HTTPConnection(host, port, timeout=60)
        _ask(connection, path, {**ACCEPT, "Connection": "close"})
        connection.close()
        times.append(time.perf_counter() - start)
    return times


def _cpu(pid: int) -> tuple[float, float]:
    """CPU seconds (user + system) of the process ``pid`` and of its children together."""
    def of(one: int) -> float:
        fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return of(pid), sum(of(int(child)) for child in children)


def _threads(url: str, n: int, clients: int) -> tuple[list[float], float]:
    host, port, path = _target(url)

    def client(count: int) -> list[float]:
        connection = http.client.HTTPConnection(host, port, timeout=60)
        try:
            return [_ask(connection, path) for _ in range(count)]
        finally:
            connection.close()

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        parts = list(pool.map(client, [n // clients] * clients))
    wall = time.perf_counter() - start
    times = [t for part in parts for t in part]
    return times, len(times) / wall


def _wrk(url: str, clients: int, seconds: int) -> tuple[float, float, float] | None:
    """(requests per second, median ms, p99 ms) from wrk, or None without wrk."""
    if shutil.which("wrk") is None:
        return None
    host, port, path = _target(url)
    done = subprocess.run(["wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds}s",
                           "--latency", "-H", f"Accept: {ACCEPT['Accept']}",
                           f"http://{host}:{port}{path}"],
                          capture_output=True, text=True, check=True)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))

    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", done.stdout).groups()
        return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    if errors:
        print(f"  wrk: {errors.group(1)} answers were errors", file=sys.stderr)
    return rate, ms("50%"), ms("99%")


def _measure(url: str, pid: int, args: argparse.Namespace) -> dict[str, float]:
    _keep_alive(url, 10)  # warm up both workers
    row: dict[str, float] = {}
    for name, times in (("keep-alive", _keep_alive(url, args.queries)),
                        ("new conn", _new_connections(url, args.queries))):
        row[f"{name} median"] = statistics.median(times) * 1e3
        row[f"{name} p95"] = statistics.quantiles(times, n=20)[18] * 1e3
        row[f"{name} q/s"] = len(times) / sum(times)
    server_before, workers_before = _cpu(pid)
    times, rate = _threads(url, args.queries * 2, args.clients)
    server_after, workers_after = _cpu(pid)
    row["cpu server"] = (server_after - server_before) / len(times) * 1e3
    row["cpu workers"] = (workers_after - workers_before) / len(times) * 1e3
    row["threads median"] = statistics.median(times) * 1e3
    row["threads p95"] = statistics.quantiles(times, n=20)[18] * 1e3
    row["threads q/s"] = rate
    wrk = _wrk(url, args.clients, args.seconds)
    if wrk is not None:
        row["wrk q/s"], row["wrk median"], row["wrk p99"] = wrk
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="main", help="git revision to compare with")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT / "src"))
    from friendship_graph.store import Store

    work = Path(tempfile.mkdtemp(prefix="fg-bench-serve-"))
    try:
        trees = {"baseline": _baseline_tree(args.baseline, work / "baseline"),
                 "this tree": ROOT / "src"}
        store = work / "store"
        with Store.open(store) as opened:
            opened.load_files([ROOT / "data" / "jinzhong-2019-10-30.trig"])
        results: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
        for round_ in range(args.rounds):
            for name, src in trees.items():
                process, url = _start(src, store)
                try:
                    results[name].append(_measure(url, process.pid, args))
                finally:
                    _stop(process)
                print(f"round {round_ + 1}: {name} done", file=sys.stderr)
        keys = list(results["this tree"][0])
        print(f"\n{args.queries} queries ({QUERY!r}), {args.clients} concurrent clients, "
              f"median over {args.rounds} rounds; baseline {args.baseline}\n")
        print(f"{'measure':<20} {'baseline':>10} {'this tree':>10} {'ratio':>7}")
        for key in keys:
            old = statistics.median(r[key] for r in results["baseline"])
            new = statistics.median(r[key] for r in results["this tree"])
            unit = "q/s" if key.endswith("q/s") else "ms/q" if key.startswith("cpu") else "ms"
            print(f"{key + ' (' + unit + ')':<20} {old:>10.2f} {new:>10.2f} "
                  f"{new / old:>7.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
