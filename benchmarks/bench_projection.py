"""Projection and analysis figures on a large synthetic network.

    python benchmarks/bench_projection.py [--triples 1000000] [--repeat 3] [--skip-analysis]

1. Projection: ``to_networkx`` of the partnership edges next to the floor for the same work,
   in one run: reading the ``fg:partner`` quads with raw pyoxigraph (``quads_for_pattern``)
   and building the networkx MultiGraph from that in-memory edge list. The ratio is printed
   (target: at most 2x for the structure-only projection, ``attributes=False``, which is what
   ``analyze`` uses). The full projection (every node and edge attribute) and the default
   selection (events and agreements as nodes) are timed too.
2. ``analyze`` time per statistic and per ranking on the projected partnership network.

The network is the synthetic world network of ``benchmarks/synthetic.py`` (the real world
network is not in the repository yet); if that module is missing, a smaller generator below
writes partnerships between random places. Timings are the best of ``--repeat`` runs; the
machine is shared, so expect noise.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

FG = "https://w3id.org/friendship-graph/ontology#"
FGC = "https://w3id.org/friendship-graph/concept/"
ID = "https://w3id.org/friendship-graph/id/bench/"


def _fallback_network(n_triples: int, seed: int = 1) -> Path:
    """Places and partnerships only (about 8 triples per partnership), as N-Quads."""
    rng = random.Random(seed)
    path = Path(tempfile.gettempdir()) / f"fg-bench-projection-{n_triples}-{seed}.nq"
    if path.is_file():
        return path
    graph = "<https://w3id.org/friendship-graph/graph/bench>"
    a = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    n_places = max(10, n_triples // 40)
    n_partnerships = max(10, (n_triples - 4 * n_places) // 7)
    kinds = ["SisterCityPartnership", "FriendlyExchangeRelationship", "Twinning"]
    statuses = ["established", "established", "established", "intended", "ended"]
    lines = []
    for i in range(n_places):
        place = f"<{ID}place/{i}>"
        lines += [f"{place} {a} <{FG}City> {graph} .",
                  f'{place} {label} "Place {i}"@en {graph} .',
                  f"{place} <{FG}country> <{ID}country/{i % 150}> {graph} .",
                  f'{place} <http://www.w3.org/2003/01/geo/wgs84_pos#lat> '
                  f'"{rng.randint(-60, 70)}.5"^^<http://www.w3.org/2001/XMLSchema#decimal> '
                  f"{graph} ."]
    for k in range(n_partnerships):
        p = f"<{ID}partnership/{k}>"
        x, y = rng.sample(range(n_places), 2)
        lines += [f"{p} {a} <{FG}{rng.choice(kinds)}> {graph} .",
                  f"{p} <{FG}partner> <{ID}place/{x}> {graph} .",
                  f"{p} <{FG}partner> <{ID}place/{y}> {graph} .",
                  f"{p} <{FG}status> <{FGC}{rng.choice(statuses)}> {graph} .",
                  f'{p} <{FG}startDate> "{rng.randint(1950, 2020)}"'
                  f"^^<http://www.w3.org/2001/XMLSchema#gYear> {graph} .",
                  f'{p} {label} "Partnership {k}"@en {graph} .',
                  f"{p} <{FG}level> <{FGC}cityLevel> {graph} ."]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def network_file(n_triples: int) -> tuple[Path, str]:
    try:
        from synthetic import generate
    except ImportError:
        return _fallback_network(n_triples), "fallback generator in bench_projection.py"
    return generate(n_triples, seed=1), "benchmarks/synthetic.py"


def open_store(path: Path):  # noqa: ANN201
    import pyoxigraph as ox

    from friendship_graph.errors import LoadError
    from friendship_graph.store import Store

    store = Store.memory()
    began = time.perf_counter()
    try:
        store.load_files([path])
        how = "Store.load_files"
    except LoadError as error:
        # The store refuses some of the generator's literals; load the bytes as they are so
        # that the projection can still be measured (it does not depend on them).
        print(f"note: {str(error)[:160]}... -> loading with raw pyoxigraph instead",
              file=sys.stderr)
        store._ox.load(path=str(path), format=ox.RdfFormat.N_QUADS)  # noqa: SLF001
        store.run_rules()
        how = "raw pyoxigraph load"
    return store, time.perf_counter() - began, how


def best(func, repeat: int):  # noqa: ANN001, ANN201
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - began)
    return min(times), result


def floor(store):  # noqa: ANN001, ANN201
    """Raw pyoxigraph partner quads + networkx built from the in-memory edge list."""
    import networkx as nx
    import pyoxigraph as ox

    partner = ox.NamedNode(FG + "partner")
    ends: dict[str, set[str]] = {}
    for quad in store._ox.quads_for_pattern(None, partner, None, None):  # noqa: SLF001
        ends.setdefault(quad.subject.value, set()).add(quad.object.value)  # a fact may be in
    edges = [(*sorted(v), k) for k, v in ends.items() if len(v) == 2]     # several graphs
    graph = nx.MultiGraph()
    graph.add_edges_from(edges)
    return graph


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-analysis", action="store_true")
    parser.add_argument("--world", default=str(HERE.parent / "data" / "world" / "world.nq.gz"),
                        help="the world network (N-Quads, may be gzipped); also measured when "
                             "it exists")
    args = parser.parse_args(argv)

    path, source = network_file(args.triples)
    measure(path, source, args.repeat, args.skip_analysis)
    world = Path(args.world)
    if world.is_file():
        if world.suffix == ".gz":
            import gzip
            import shutil

            plain = Path(tempfile.gettempdir()) / "fg-bench-world.nq"
            with gzip.open(world, "rb") as source_file, open(plain, "wb") as target:
                shutil.copyfileobj(source_file, target)
            world = plain
        print()
        measure(world, "the world network", args.repeat, args.skip_analysis)
    else:
        print(f"\n(no world network at {world}: only the synthetic one was measured)")
    return 0


def measure(path: Path, source: str, repeat: int, skip_analysis: bool) -> None:
    from friendship_graph.network import projection_rules, to_networkx

    store, load_time, how = open_store(path)
    print(f"network: {path} ({source}); {len(store):,} quads; loaded in {load_time:.1f} s "
          f"({how})")

    rules = projection_rules(store)
    # Interleaved, so that both see the same load of a shared machine.
    t_floor, t_bare = float("inf"), float("inf")
    for _ in range(repeat):
        t, g_floor = best(lambda: floor(store), 1)
        t_floor = min(t_floor, t)
        t, g_bare = best(lambda: to_networkx(store, kinds=["partnership"], events="none",
                                             attributes=False, rules=rules), 1)
        t_bare = min(t_bare, t)
    assert g_bare.number_of_edges() == g_floor.number_of_edges(), "the two differ"
    t_full, g_full = best(lambda: to_networkx(store, kinds=["partnership"], events="none",
                                              rules=rules), 1)
    t_default, g_default = best(lambda: to_networkx(store, attributes=False, rules=rules), 1)
    print()
    print("projection of the partnership edges "
          f"({g_floor.number_of_nodes():,} nodes, {g_floor.number_of_edges():,} edges)")
    print(f"  floor (raw pyoxigraph quads_for_pattern + networkx) {t_floor:8.2f} s")
    print(f"  to_networkx(attributes=False)                       {t_bare:8.2f} s   "
          f"ratio {t_bare / t_floor:.2f}x (target <= 2x)")
    print(f"  to_networkx(every attribute)                        {t_full:8.2f} s   "
          f"ratio {t_full / t_floor:.2f}x")
    print(f"  to_networkx(default: events/agreements as nodes,    {t_default:8.2f} s   "
          f"{g_default.number_of_nodes():,} nodes, {g_default.number_of_edges():,} edges)")
    print("                attributes=False)")

    if skip_analysis:
        return
    from friendship_graph.analysis import STATISTICS, communities, network_statistics, rank

    graph = g_bare
    print()
    print(f"analyze on the partnership network ({graph.number_of_nodes():,} nodes, "
          f"{graph.number_of_edges():,} edges), one statistic at a time")
    for name in STATISTICS:
        began = time.perf_counter()
        table = network_statistics(graph, [name])
        elapsed = time.perf_counter() - began
        value, method = table.rows[0][1], table.rows[0][2]
        print(f"  {name:<20} {elapsed:8.2f} s   {value!s:<14} {method[:70]}")
    for by in ("degree", "betweenness", "pagerank", "eigenvector"):
        began = time.perf_counter()
        table = rank(graph, by, top=10)
        print(f"  rank {by:<15} {time.perf_counter() - began:8.2f} s   {table.notes[0][:80]}")
    began = time.perf_counter()
    table = communities(graph)
    print(f"  communities          {time.perf_counter() - began:8.2f} s   {table.notes[0][:80]}")
    began = time.perf_counter()
    network_statistics(graph)
    print(f"  all statistics       {time.perf_counter() - began:8.2f} s")


if __name__ == "__main__":
    sys.exit(main())
