"""Validation at scale: the project's engine (shapes compiled to SPARQL, run by the store)
next to pySHACL on the whole data graph (what ``validate`` did before), pySHACL with a
smaller data graph per shape (focus nodes and their neighbourhood) and the Rust engine
pyrudof (when installed: ``pip install pyrudof``).

Each measurement runs in a fresh subprocess with a time budget (an engine that does not
finish is reported as "> budget"), on the bundled default store (~366k quads) and on a store
built from the 1M synthetic network (benchmarks/synthetic.py). The time of building a store
is not counted; exporting the data for an engine that needs its own copy (pySHACL, pyrudof)
is. Small runs (the Jinzhong file) are repeated, old and new interleaved, for a robust ratio.

    nice python benchmarks/bench_validate.py [--budget 300] [--skip-1m] [--engines new,...]

Targets (issue 14): the bundled store in under 30 s and the 1M network in under 2 minutes,
on a 2-core machine, with the same findings as pySHACL (tests/test_validate.py).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

ENGINES = ("new", "pyshacl-per-shape", "pyrudof", "pyshacl")

_RUNNER = r"""
import json, resource, sys, time
engine, store_dir = sys.argv[1], sys.argv[2]
from friendship_graph.store import Store, default_store
from friendship_graph.ontology import load_ontology
store = default_store() if store_dir == "-" else Store.open(store_dir, read_only=True)
ontology = load_ontology().graph
t0 = time.perf_counter()
if engine == "new":
    from friendship_graph.validate import validate_store
    report = validate_store(store)
    found = len(report.findings)
elif engine == "pyshacl-per-shape":
    # every shape through the engine's pySHACL path: its focus nodes' neighbourhood only
    from friendship_graph.validate.engine import run_shapes
    from friendship_graph.validate.shapes import Compiled, compile_shapes
    from friendship_graph.validate import _neighbourhood
    select = lambda q: store.query(q).rows
    shapes = Compiled(unsupported={c.shape: "measured" for c in compile_shapes(ontology).checks})
    found = len(run_shapes(select, ontology, shapes, neighbourhood=_neighbourhood(select)))
else:
    import pyoxigraph as ox
    data = store.dump(None, "nq")
    triples = ox.serialize([q.triple for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)],
                           format=ox.RdfFormat.N_TRIPLES)
    shapes_nt = ontology.serialize(format="nt")
    if engine == "pyrudof":
        import pyrudof
        rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        rudof.read_data(triples.decode() + shapes_nt, format=pyrudof.RDFFormat.NTriples)
        rudof.read_shacl(shapes_nt, format=pyrudof.ShaclFormat.NTriples)
        found = len(rudof.validate_shacl())
    else:
        import pyshacl
        from rdflib import Graph
        graph = Graph()
        graph.parse(data=triples, format="nt")
        graph += ontology
        _, report, _ = pyshacl.validate(graph, shacl_graph=ontology, inference="none",
                                        advanced=True, allow_warnings=True)
        from friendship_graph.vocab import SH
        found = len(list(report.objects(None, SH.result)))
elapsed = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "findings": found, "peak_mib": peak / 1024}))
"""

_FILE_RUNNER = r"""
import json, sys, time
engine, path, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
import pyshacl
from rdflib import Graph
from friendship_graph.ontology import load_ontology
from friendship_graph.rdf.files import parse_file
from friendship_graph.rdf.terms import to_rdflib
from friendship_graph.validate import validate_files
ontology = load_ontology().graph
times = []
for _ in range(repeat):
    t0 = time.perf_counter()
    if engine == "new":
        validate_files([path])
    else:
        graph = Graph()
        for q in parse_file(path):
            graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        graph += ontology
        pyshacl.validate(graph, shacl_graph=ontology, inference="none", advanced=True,
                         allow_warnings=True)
    times.append(time.perf_counter() - t0)
print(json.dumps({"seconds": min(times)}))
"""


def measure(engine: str, store: str, budget: float) -> dict:
    began = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", _RUNNER, engine, store],
                              capture_output=True, text=True, timeout=budget, check=False)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "note": f"> {budget:.0f} s (stopped)"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"seconds": None, "note": f"failed: {last[:80]}"}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - began
    return result


def measure_file(engine: str, path: Path, repeat: int) -> float:
    done = subprocess.run([sys.executable, "-c", _FILE_RUNNER, engine, str(path), str(repeat)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])["seconds"]


def _row(name: str, engine: str, result: dict, base: float | None) -> str:
    seconds = result.get("seconds")
    shown = f"{seconds:8.1f} s" if seconds is not None else f"{result['note']:>10}"
    ratio = f"{seconds / base:6.1f}x" if seconds is not None and base else (
        "   n/a" if seconds is not None else "  >" + (f"{result['budget'] / base:.0f}x"
                                                      if base else "?"))
    extra = (f"{result['findings']:>8} findings, peak {result['peak_mib']:6.0f} MiB"
             if seconds is not None else "")
    return f"{name:<28} {engine:<18} {shown:>14} {ratio:>8}  {extra}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=300.0,
                        help="seconds each engine may take on a store (default 300)")
    parser.add_argument("--skip-1m", action="store_true", help="only the bundled store")
    parser.add_argument("--rudof-1m", action="store_true",
                        help="run pyrudof on the 1M network too (needs about 10 GB)")
    parser.add_argument("--engines", default=",".join(ENGINES),
                        help=f"comma-separated, of {', '.join(ENGINES)}")
    args = parser.parse_args(argv)
    engines = [e for e in args.engines.split(",") if e]

    from friendship_graph.resources import data_dir
    from friendship_graph.store import Store, default_store

    print("validation of one file (data/jinzhong-2019-10-30.trig), best of 3, interleaved")
    jinzhong = data_dir() / "jinzhong-2019-10-30.trig"
    old = min(measure_file("pyshacl", jinzhong, 3) for _ in range(2))
    new = min(measure_file("new", jinzhong, 3) for _ in range(2))
    print(f"  pySHACL {old:.2f} s, new {new:.2f} s: {old / new:.1f}x faster")

    stores = [("bundled store (~366k)", "-")]
    default_store().close()  # built before timing
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_1m:
            from synthetic import generate

            path = generate(1_000_000, seed=1)
            Store.build(Path(tmp) / "store", [path])
            stores.append(("synthetic network (1M)", str(Path(tmp) / "store")))
        print(f"\n{'data':<28} {'engine':<18} {'time':>14} {'vs new':>8}")
        for name, store in stores:
            base = None
            for engine in engines:
                if engine == "pyrudof" and store != "-" and not args.rudof_1m:
                    print(f"{name:<28} {engine:<18} {'skipped':>14}  (its own copy of the data: "
                          "3.7 GB at 366k quads; --rudof-1m to run it)", flush=True)
                    continue
                result = measure(engine, store, args.budget)
                result["budget"] = args.budget
                if engine == "new":
                    base = result.get("seconds")
                print(_row(name, engine, result, base), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
