"""Import throughput and world-network build time.

    python benchmarks/bench_import.py [--shared DIR] [--skip-default-store]

Prints, for the 26k-row Wikipedia twin-towns CSV and the Wikidata GEXF: rows/s and the time
split between parsing, resolution (country normalisation, names, entity resolution, building the
quads) and store writes (one transaction, plus the derivation rules); the import reports'
totals; the time of a full world build (``build_world_network``); and the time to build the
default store from the bundled files (ontology + data, including data/world/world.nq.gz) and to
answer ``partners`` for Irkutsk on it. Targets: world build and default store < 30 s.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--skip-default-store", action="store_true")
    args = parser.parse_args()
    csv_path = args.shared / "wikipedia-twin-towns" / "twin_cities.csv"
    gexf_path = args.shared / "wikidata-sister-cities" / "sister_cities.gexf"

    from friendship_graph.importers.gexf import import_gexf
    from friendship_graph.importers.pairs import import_pairs
    from friendship_graph.importers.world import WIKIDATA, WIKIPEDIA, build_world_network
    from friendship_graph.store import Store

    print("== imports into an in-memory store (ontology + Jinzhong article) ==")
    with Store.memory() as store:
        store.load_files([REPO / "data" / "jinzhong-2019-10-30.trig"])
        for label, run in (
            ("pairs  twin_cities.csv", lambda: import_pairs(store, csv_path, progress=False,
                                                            **WIKIPEDIA)),
            ("gexf   sister_cities.gexf", lambda: import_gexf(store, gexf_path, progress=False,
                                                              **WIKIDATA)),
        ):
            start = time.perf_counter()
            report = run()
            total = time.perf_counter() - start
            t = report.timings
            parse = t.get("parse", 0.0)
            resolve = t.get("resolver_seed", 0.0) + t.get("resolution", 0.0)
            write = t.get("store_write", 0.0)
            print(f"{label}: {report.rows_read} rows in {total:.1f} s = "
                  f"{report.rows_read / total:,.0f} rows/s")
            print(f"  parsing {parse:.2f} s ({parse / total:.0%}), resolution {resolve:.2f} s "
                  f"({resolve / total:.0%}; seeding from the store {t.get('resolver_seed', 0):.2f}"
                  f" s), store writes {write:.2f} s ({write / total:.0%})")
            print("  " + report.summary().replace("\n", "\n  "))

    print("\n== world build (build_world_network: both imports + N-Quads.gz) ==")
    with tempfile.TemporaryDirectory() as tmp:
        build = build_world_network(csv_path, gexf_path, Path(tmp) / "world.nq.gz", reports=False,
                                    progress=False)
        print(f"world build: {build.seconds:.1f} s, {build.quads:,} quads, "
              f"{build.size_bytes / 1e6:.1f} MB gzipped (target < 30 s)")

    if args.skip_default_store:
        return
    print("\n== default store from the bundled files (what the first command does) ==")
    with tempfile.TemporaryDirectory() as home:
        os.environ["FRIENDSHIP_GRAPH_HOME"] = home
        from friendship_graph.queries import run_query
        from friendship_graph.store.default import bundled_data_files, default_store

        files = bundled_data_files()
        size = sum(p.stat().st_size for p in files)
        start = time.perf_counter()
        with default_store() as store:
            built = time.perf_counter() - start
            print(f"default store built in {built:.1f} s from {len(files)} files "
                  f"({size / 1e6:.1f} MB), {len(store):,} quads (target < 30 s)")
        start = time.perf_counter()
        with default_store() as store:
            opened = time.perf_counter() - start
            start = time.perf_counter()
            rows = run_query(store, "partners", {"place": "Irkutsk"}).rows
            queried = time.perf_counter() - start
        print(f"reopened in {opened:.2f} s; partners of Irkutsk: {len(rows)} rows in "
              f"{queried:.1f} s")


if __name__ == "__main__":
    main()
