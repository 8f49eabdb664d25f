"""Latency of every named query on the synthetic world network, on three engines, in one run.

* **project**: the project's embedded on-disk store (``Store.open``, pyoxigraph on RocksDB),
  through ``run_query`` (parameter binding, prefixes, result conversion included);
* **raw pyoxigraph**: a plain ``pyoxigraph.Store`` on disk holding the same quads, running the
  same query text with the same VALUES bindings inlined;
* **rdflib**: rdflib's in-memory ``Dataset`` (default graph = union) holding the same quads,
  running the same text. rdflib is slow on a million triples: each query gets a time budget
  (``--budget``, 60 s) in a child process and shows ``>60 s`` when it runs out, ``error``
  when the engine fails on the query.

Prints the median of ``--runs`` runs per engine and the ratios project/raw (target: at most
1.5) and rdflib/project (target: at least 10 on join-heavy queries such as ``countries`` and
``country-pairs``)::

    python benchmarks/bench_queries.py --triples 1000000
"""

from __future__ import annotations

import argparse
import functools
import multiprocessing as mp
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate  # noqa: E402

from friendship_graph.queries import bind, convert_parameters, get_query, list_queries  # noqa: E402

try:  # place parameters resolved to IRIs before the query runs, as run_query does
    from friendship_graph.queries import named_bindings
except ImportError:  # pragma: no cover - older binding mechanism
    named_bindings = None
from friendship_graph.store import Store  # noqa: E402
from friendship_graph.vocab import PREFIXES  # noqa: E402

_RDFLIB = None  # the rdflib Dataset, loaded in the parent and inherited by forked children


def _parameters(store: Store) -> dict[str, dict[str, str]]:
    """Parameters for every named query, picked from the data (a well-connected place...)."""
    hub = store.query("""
        SELECT ?place (SAMPLE(?l) AS ?label) (COUNT(*) AS ?n) WHERE {
            ?p fg:partner ?place . ?place rdfs:label ?l . FILTER (LANG(?l) = "en")
        } GROUP BY ?place ORDER BY DESC(?n) ?place LIMIT 1""").rows[0]
    hub_label = str(hub[1])
    # A place two or three partnerships away from the hub, for the path query.
    far = store.query("""
        SELECT ?other (SAMPLE(?l) AS ?label) WHERE {
            ?p1 fg:partner ?hub , ?m1 . ?p2 fg:partner ?m1 , ?m2 . ?p3 fg:partner ?m2 , ?other .
            FILTER (?m1 != ?hub && ?m2 != ?hub && ?other != ?hub && ?other != ?m1)
            FILTER NOT EXISTS { ?x fg:partner ?hub , ?other }
            ?other rdfs:label ?l . FILTER (LANG(?l) = "en")
        } GROUP BY ?other ORDER BY ?other LIMIT 1""", {"hub": hub[0]}).rows[0]
    text = hub_label[1:5].lower()
    return {
        "partners": {"place": hub_label},
        "agreements": {"place": hub_label},
        "events": {"place": hub_label},
        "visits": {"place": hub_label},
        "timeline": {"place": hub_label},
        "countries": {},
        "country-pairs": {},
        "path": {"from": hub_label, "to": str(far[1])},
        "network": {"place": hub_label, "depth": "2"},
        "sources": {"subject": hub_label},
        "search": {"text": text},
    }


def _child(function, runs: int, queue) -> None:  # noqa: ANN001
    times, size = [], 0
    for _ in range(runs):
        began = time.perf_counter()
        try:
            size = function()
        except Exception as error:  # noqa: BLE001 - an engine failing on a query is a result
            queue.put(("error", f"{type(error).__name__}: {error}"[:200], None))
            return
        times.append(time.perf_counter() - began)
        queue.put(("run", statistics.median(times), size))
    queue.put(("done", statistics.median(times), size))


def _rdflib_run(text: str) -> int:
    return len(list(_RDFLIB.query(text, initNs=PREFIXES)))


def _budgeted(function, runs: int, budget: float) -> tuple[float | None, int | None]:  # noqa: ANN001
    """Median time of ``function`` run in a forked child (None when the first run does not
    finish within the budget; runs that do not fit in the budget are dropped)."""
    context = mp.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_child, args=(function, runs, queue))
    child.start()
    child.join(budget)
    best: tuple[float | str | None, int | None] = (None, None)
    while not queue.empty():
        kind, median, size = queue.get()
        best = ("error", None) if kind == "error" else (median, size)
        if kind == "error":
            print(f"    engine error: {median}", file=sys.stderr)
    if child.is_alive():
        child.kill()
        child.join()
    return best


def _fmt(seconds: float | str | None, budget: float) -> str:
    if seconds == "error":
        return "error"
    if seconds is None:
        return f">{budget:.0f} s"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def main(argv: list[str] | None = None) -> int:
    global _RDFLIB
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="runs per query and engine")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per rdflib query")
    parser.add_argument("--work", help="folder for the stores (default: a temporary one)")
    parser.add_argument("--no-rdflib", action="store_true", help="skip rdflib")
    parser.add_argument("--queries", help="comma-separated query names (default: all)")
    args = parser.parse_args(argv)

    work = Path(args.work or tempfile.mkdtemp(prefix="fg-bench-queries-"))
    work.mkdir(parents=True, exist_ok=True)
    data = generate(args.triples, args.seed)
    print(f"data: {data} ({args.triples} triples target, seed {args.seed})", file=sys.stderr)

    project_path = work / f"project-{data.stem}"
    if not project_path.exists():
        began = time.perf_counter()
        with Store.open(project_path) as store:
            store.load_files([data])
        print(f"project store built in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    dump = work / f"{data.stem}-all.nq"
    raw_path = work / f"raw-{data.stem}"
    with Store.open(project_path, read_only=True) as store:
        if not dump.exists():
            store.dump(str(dump), "nq")
        params = _parameters(store)
    if not raw_path.exists():
        raw = ox.Store(str(raw_path))
        raw.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        raw.flush()
        del raw
    raw = ox.Store.read_only(str(raw_path))
    if not args.no_rdflib:
        from rdflib import Dataset

        began = time.perf_counter()
        _RDFLIB = Dataset(default_union=True)
        _RDFLIB.parse(str(dump), format="nquads")
        print(f"rdflib loaded {len(_RDFLIB)} quads in {time.perf_counter() - began:.0f} s",
              file=sys.stderr)

    names = args.queries.split(",") if args.queries else [q.name for q in list_queries()]
    rows = []
    with Store.open(project_path, read_only=True) as store:
        print(f"store: {len(store)} quads; parameters: {params}", file=sys.stderr)
        for name in names:
            query = get_query(name)
            values = params.get(name, {})
            bindings = (named_bindings(store, query, values) if named_bindings
                        else convert_parameters(query, values))
            text = bind(query.text, bindings)

            def project(query=query, bindings=bindings) -> int:  # noqa: ANN001
                result = store.query(query.text, bindings)
                return len(result) if result.kind != "ask" else 1

            def raw_run(text=text) -> int:  # noqa: ANN001
                result = raw.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
                return len(list(result)) if not isinstance(result, bool) else 1

            t_project, n_project = _budgeted(project, args.runs + 1, args.budget)
            t_raw, n_raw = _budgeted(raw_run, args.runs, args.budget)
            if args.no_rdflib:
                t_rdflib, n_rdflib = None, None
            else:
                t_rdflib, n_rdflib = _budgeted(functools.partial(_rdflib_run, text),
                                               min(args.runs, 3), args.budget)
            rows.append((name, t_project, t_raw, t_rdflib, n_project, n_raw, n_rdflib))
            print(f"  {name}: project {_fmt(t_project, args.budget)}, "
                  f"raw {_fmt(t_raw, args.budget)}, rdflib {_fmt(t_rdflib, args.budget)} "
                  f"({n_project}/{n_raw}/{n_rdflib} results)",
                  file=sys.stderr, flush=True)

    print(f"\nNamed queries on the synthetic network ({args.triples} triples target, "
          f"median of {args.runs} runs, rdflib up to 3; each engine gets "
          f"{args.budget:.0f} s per query)\n")
    print("| query | results | project store | raw pyoxigraph | rdflib memory | project/raw "
          "| rdflib/project |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, t_project, t_raw, t_rdflib, n_project, _n_raw, _n_rdflib in rows:
        ok = [isinstance(t, float) for t in (t_project, t_raw, t_rdflib)]
        ratio_raw = f"{t_project / t_raw:.2f}×" if ok[0] and ok[1] else "-"
        if not ok[0] or t_rdflib == "error":
            ratio_rdflib = "-"
        elif t_rdflib is None:
            ratio_rdflib = "-" if args.no_rdflib else f">{args.budget / t_project:.0f}×"
        else:
            ratio_rdflib = f"{t_rdflib / t_project:.1f}×"
        print(f"| {name} | {n_project} | {_fmt(t_project, args.budget)} | "
              f"{_fmt(t_raw, args.budget)} | "
              f"{'skipped' if args.no_rdflib else _fmt(t_rdflib, args.budget)} | "
              f"{ratio_raw} | {ratio_rdflib} |")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
