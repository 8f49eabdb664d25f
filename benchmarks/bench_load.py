"""Load throughput and peak memory: the project's ``load`` next to raw pyoxigraph and rdflib.

Each measurement runs in a fresh subprocess so that its peak memory (ru_maxrss) is its own.
The input is the synthetic world network (benchmarks/synthetic.py) at about 100k and 1M
triples, as N-Quads, loaded into a new on-disk store (project, pyoxigraph) or rdflib's
in-memory Dataset.

    python benchmarks/bench_load.py [--sizes 100000 1000000] [--skip-rdflib-above 1000000]

Target (issue 2): the project's load reaches at least 80% of raw pyoxigraph's throughput.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

_RUNNER = r"""
import json, resource, sys, time
kind, path, store_dir = sys.argv[1], sys.argv[2], sys.argv[3]
start = time.perf_counter()
if kind == "project":
    from friendship_graph.store import Store
    with Store.open(store_dir) as store:   # a new store: gets the ontology first
        t0 = time.perf_counter()
        store.load_files([path])
        elapsed = time.perf_counter() - t0
        n = len(store)
elif kind == "pyoxigraph":
    import pyoxigraph
    store = pyoxigraph.Store(store_dir)
    t0 = time.perf_counter()
    store.load(path=path, format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    elapsed = time.perf_counter() - t0
    n = len(store)
else:
    import rdflib
    dataset = rdflib.Dataset()
    t0 = time.perf_counter()
    dataset.parse(path, format="nquads")
    elapsed = time.perf_counter() - t0
    n = len(dataset)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
print(json.dumps({"seconds": elapsed, "quads": n, "peak_mib": peak / 1024}))
"""


def measure(kind: str, path: Path, timeout: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([sys.executable, "-c", _RUNNER, kind, str(path), tmp + "/s"],
                              capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} failed: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout)


def count_lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(1 for _ in handle)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--skip-rdflib-above", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    args = parser.parse_args()

    from synthetic import generate

    print(f"{'triples':>9}  {'loader':<11} {'seconds':>8} {'triples/s':>11} {'peak MiB':>9}"
          f"  {'vs pyoxigraph':>13}")
    for size in args.sizes:
        path = Path(generate(size, seed=1))
        triples = count_lines(path)
        results = {}
        for kind in ("pyoxigraph", "project", "rdflib"):
            if kind == "rdflib" and size > args.skip_rdflib_above:
                continue
            runs = [measure(kind, path, timeout=1800) for _ in range(args.repeat)]
            best = min(runs, key=lambda r: r["seconds"])
            best["peak_mib"] = max(r["peak_mib"] for r in runs)
            results[kind] = best
        base = triples / results["pyoxigraph"]["seconds"]
        for kind, r in results.items():
            rate = triples / r["seconds"]
            print(f"{triples:>9}  {kind:<11} {r['seconds']:>8.2f} {rate:>11,.0f} "
                  f"{r['peak_mib']:>9.0f}  {rate / base:>12.0%}")
        ratio = (triples / results["project"]["seconds"]) / base
        verdict = "meets" if ratio >= 0.8 else "MISSES"
        print(f"  project load = {ratio:.0%} of raw pyoxigraph throughput ({verdict} the 80% "
              "target)")


if __name__ == "__main__":
    main()
