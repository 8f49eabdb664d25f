"""What a SPARQL server costs: every named query on the embedded store, on a remote Oxigraph
server (``--endpoint``) and through ``friendship-graph serve``, on the synthetic network.

    python benchmarks/bench_remote.py                  # 20,000 triples, 3 runs per query
    python benchmarks/bench_remote.py --triples 1000000 --runs 7

Prints the load time into each store, then per named query the median latency (seconds) in
each setting and the ratios to the embedded store. The Oxigraph server is the real binary
(``pip install oxigraph``), started on 127.0.0.1 on a free port, killed at the end.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate  # noqa: E402

from friendship_graph.queries import bind, convert_parameters, list_queries  # noqa: E402
from friendship_graph.server import make_server  # noqa: E402
from friendship_graph.store import Store  # noqa: E402
from friendship_graph.vocab import PREFIXES  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_oxigraph(location: Path) -> tuple[subprocess.Popen, str]:
    binary = shutil.which("oxigraph")
    if binary is None:
        sys.exit("the oxigraph server binary is missing: pip install oxigraph")
    port = _free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind",
                                f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=2).close()
            return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    sys.exit("oxigraph serve did not start")


def _parameters(store: Store) -> dict[str, dict[str, str]]:
    """Values for each parameter type, taken from the data: the best-connected city."""
    hub = store.query("""
        SELECT ?place ?label (COUNT(?p) AS ?n) WHERE {
            ?p fg:partner ?place . ?place rdfs:label ?label FILTER (LANG(?label) = "en")
        } GROUP BY ?place ?label ORDER BY DESC(?n) ?place LIMIT 1""").rows[0]
    other = store.query(f"""
        SELECT ?label WHERE {{
            ?p fg:partner <{hub[0]}> , ?x . ?q fg:partner ?x , ?y .
            FILTER (?x != <{hub[0]}> && ?y != ?x && ?y != <{hub[0]}>)
            ?y rdfs:label ?label FILTER (LANG(?label) = "en")
        }} ORDER BY ?label LIMIT 1""").rows
    label = str(hub[1])
    by_type = {"place": label, "string": label[:4], "integer": "2", "date": "2000",
               "iri": str(hub[0])}
    by_name = {"place": label, "from": label, "text": label[:4],
               "to": str(other[0][0]) if other else label, "depth": "2"}
    values = {}
    for query in list_queries():
        values[query.name] = {p.name: by_name.get(p.name, by_type[p.type])
                              for p in query.parameters if p.required}
    return values


def _median(function, runs: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    data = generate(args.triples, seed=args.seed)
    work = Path(tempfile.mkdtemp(prefix="fg-bench-remote-"))
    oxigraph = None
    served = None
    try:
        start = time.perf_counter()
        with Store.open(work / "embedded") as store:
            store.load_files([data])
        load_embedded = time.perf_counter() - start
        oxigraph, url = _start_oxigraph(work / "oxigraph")
        start = time.perf_counter()
        with Store.remote(url) as remote:
            remote.load_files([data])
        load_remote = time.perf_counter() - start
        print(f"synthetic network: {data} ({args.triples:,} triples requested)")
        print(f"load: embedded {load_embedded:.2f} s, remote Oxigraph server "
              f"{load_remote:.2f} s (x{load_remote / load_embedded:.1f})")

        served = make_server(work / "embedded", port=0, timeout=600, max_results=10**9,
                             workers=1)
        threading.Thread(target=served.serve_forever, daemon=True).start()
        prefixes = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

        def over_http(text: str) -> None:
            body = urllib.parse.urlencode({"query": text}).encode()
            request = urllib.request.Request(served.url, data=body, headers={
                "Accept": "application/sparql-results+json, text/turtle;q=0.9"})
            with urllib.request.urlopen(request, timeout=600) as response:
                response.read()

        embedded = Store.open(work / "embedded", read_only=True)
        remote = Store.remote(url, read_only=True, timeout=600)
        params = _parameters(embedded)
        print(f"\nmedian of {args.runs} runs, seconds (ratios to the embedded store)\n")
        print(f"{'query':<12} {'rows':>7} {'embedded':>9} {'remote':>9} {'ratio':>6} "
              f"{'serve':>9} {'ratio':>6}")
        for query in list_queries():
            bindings = convert_parameters(query, params[query.name])
            rows = len(embedded.query(query.text, bindings))
            t_embedded = _median(lambda q=query, b=bindings: embedded.query(q.text, b),
                                 args.runs)
            t_remote = _median(lambda q=query, b=bindings: remote.query(q.text, b), args.runs)
            text = prefixes + bind(query.text, bindings)
            t_served = _median(lambda t=text: over_http(t), args.runs)
            print(f"{query.name:<12} {rows:>7} {t_embedded:>9.4f} {t_remote:>9.4f} "
                  f"{t_remote / t_embedded:>6.1f} {t_served:>9.4f} {t_served / t_embedded:>6.1f}")
        embedded.close()
    finally:
        if served is not None:
            served.close()
        if oxigraph is not None:
            oxigraph.kill()
            oxigraph.wait()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
