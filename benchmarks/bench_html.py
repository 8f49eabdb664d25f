"""Benchmark the HTML export: build time, file size and first frame in headless Chromium.

    python benchmarks/bench_html.py                     # synthetic world + Jinzhong views
    python benchmarks/bench_html.py --places 18000 --partnerships 30000
    python benchmarks/bench_html.py --store PATH        # also the world view of a real store
    python benchmarks/bench_html.py --twin-towns CSV    # the Wikipedia twin towns (default:
                                                        # shared/data/... next to the checkout)
    python benchmarks/bench_html.py --no-browser        # Python side only

Targets (issue 6): the whole world network (about 18k places, 30k partnerships) exports in
under 5 s and draws its first frame in under 10 s; the Jinzhong views in under 1 s each.

The synthetic world is a networkx MultiGraph built by hand following the projection contract
(friendship_graph.network): invented places ("Place 123", "地点123") with random coordinates in
invented countries, partnerships of the ontology's kinds with random statuses and years. It
states nothing about real places. It is also compared with pyvis's own ``add_node`` /
``add_edge`` path on a slice, to show why the lists are built directly.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from friendship_graph.ontology import load_ontology
from friendship_graph.render import page_data, to_html, write_html
from friendship_graph.vocab import FG, FGC

REPO = Path(__file__).resolve().parents[1]
SYN = "https://w3id.org/friendship-graph/id/synthetic/"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def synthetic_world(places: int, partnerships: int, countries: int = 200,
                    seed: int = 1) -> nx.MultiGraph:
    """A world-sized projection, following the to_networkx attribute contract."""
    rng = random.Random(seed)
    onto = load_ontology()
    place_classes = sorted(str(c) for c in onto.subclasses(FG.Place)
                           if c not in onto.subclasses(FG.Country))
    kinds = sorted(str(c) for c in onto.subclasses(FG.Partnership, include_self=False))
    statuses = [str(FGC.established)] * 8 + [str(FGC.intended), str(FGC.ended)]
    graph = nx.MultiGraph()
    for c in range(countries):
        graph.add_node(f"{SYN}country/{c}", label=f"Country {c}", label_zh=f"国家{c}",
                       type=str(FG.Country), type_label="country")
    ids = []
    for p in range(places):
        country = rng.randrange(countries)
        iri = f"{SYN}place/{p}"
        ids.append(iri)
        graph.add_node(iri, label=f"Place {p}", label_zh=f"地点{p}",
                       alt_labels=f"Plåce {p}|Место {p}", type=rng.choice(place_classes),
                       country=f"{SYN}country/{country}", country_label=f"Country {country}",
                       lat=round(rng.uniform(-55, 70), 4), lon=round(rng.uniform(-180, 180), 4),
                       sources=SYN + "graph")
    weights = [1.0 / (1 + i % 97) for i in range(places)]  # a few hubs
    cumulative = list(itertools.accumulate(weights))
    for e in range(partnerships):
        i, j = (bisect.bisect(cumulative, rng.random() * cumulative[-1]) for _ in range(2))
        i, j = min(i, places - 1), min(j, places - 1)
        a, b = ids[i], ids[(j + 1) % places if i == j else j]
        status = rng.choice(statuses)
        start = rng.randint(1950, 2023)
        attrs = {"relation": rng.choice(kinds), "status": status, "id": f"{SYN}partnership/{e}",
                 "sources": SYN + "graph", "quotes": f"Quote {e}: “{a[-6:]}” and “{b[-6:]}”."}
        if status == str(FGC.intended):
            attrs["intended"] = f"{start}-05"
        else:
            attrs["start"] = str(start)
        if status == str(FGC.ended):
            attrs["end"] = str(rng.randint(start, 2024))
        graph.add_edge(a, b, key=attrs["id"], **attrs)
    return graph


#: shared/data/ next to the checkout (or next to a folder above it: worktrees).
TWIN_TOWNS = next((folder / "shared" / "data" / "wikipedia-twin-towns" / "twin_cities.csv"
                   for folder in Path(__file__).resolve().parents
                   if (folder / "shared" / "data" / "wikipedia-twin-towns").is_dir()),
                  Path("shared/data/wikipedia-twin-towns/twin_cities.csv"))


def twin_towns_world(path: Path) -> nx.MultiGraph:
    """The Wikipedia twin-town pairs (third-party data, see shared/data/README.md) as a
    projection-shaped MultiGraph, for timing only: one node per (name, country) with its
    coordinates, one fg:Twinning edge per pair (no status or dates: the list has none).
    Node ids are made up for the benchmark (urn:bench:...) and never leave it."""
    import csv
    from urllib.parse import quote

    graph = nx.MultiGraph()
    countries: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            ends = []
            for side in ("1", "2"):
                name, country = row[f"city{side}"], row[f"country{side}"]
                country_id = countries.setdefault(country, f"urn:bench:country:{quote(country)}")
                node = f"urn:bench:place:{quote(name)}|{quote(country)}"
                if node not in graph:
                    attrs = {"label": name, "type": str(FG.City), "country": country_id,
                             "country_label": country}
                    try:
                        attrs["lat"] = float(row[f"lat{side}"])
                        attrs["lon"] = float(row[f"lng{side}"])
                    except ValueError:
                        pass
                    graph.add_node(node, **attrs)
                ends.append(node)
            graph.add_edge(*ends, key=f"urn:bench:pair:{number}", relation=str(FG.Twinning),
                           relation_label="twinning")
    return graph


def timed(label: str, func, *args, **kwargs):  # noqa: ANN001, ANN201
    start = time.perf_counter()
    value = func(*args, **kwargs)
    seconds = time.perf_counter() - start
    print(f"  {label:<44} {seconds:8.3f} s")
    return value, seconds


def first_frame(browser, path: Path) -> tuple[float, float]:  # noqa: ANN001
    """Seconds from navigation to the first drawn frame (wall clock, and the page's own clock),
    with every request leaving the file blocked and counted."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    external: list[str] = []
    url = path.resolve().as_uri()

    def route(r) -> None:  # noqa: ANN001
        if r.request.url == url:
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    start = time.perf_counter()
    page.goto(url, timeout=120_000)
    page.wait_for_function("document.body.getAttribute('data-ready') === '1'", timeout=120_000)
    wall = time.perf_counter() - start
    in_page = page.evaluate("() => window.fgFirstFrame") / 1000.0
    page.close()
    if external:
        print(f"  !! {len(external)} requests left the file: {external[:3]}")
    return wall, in_page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--places", type=int, default=18_000)
    parser.add_argument("--partnerships", type=int, default=30_000)
    parser.add_argument("--store", help="an on-disk store whose whole network is also measured")
    parser.add_argument("--twin-towns", type=Path, default=TWIN_TOWNS, metavar="CSV",
                        help="the Wikipedia twin-town pairs (measured when the file exists)")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--keep", metavar="DIR", help="keep the HTML files in DIR")
    args = parser.parse_args(argv)

    out = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-html-"))
    out.mkdir(parents=True, exist_ok=True)
    browser = playwright = None
    if not args.no_browser:
        executable = shutil.which("chromium") or "/usr/bin/chromium"
        try:
            from playwright.sync_api import sync_playwright

            playwright = sync_playwright().start()
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Exception as error:  # noqa: BLE001
            print(f"(no browser: {error}; first-frame times not measured)")
    results: list[tuple[str, float, float | None, int]] = []

    def measure(name: str, graph: nx.MultiGraph, layout: str) -> None:
        print(f"{name}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges, "
              f"{layout} layout")
        path = out / f"{name}-{layout}.html"
        _, seconds = timed("export (layout + lists + template + write)", write_html, graph,
                           path, layout=layout, title=name)
        size = path.stat().st_size
        print(f"  {'file size':<44} {size / 1e6:8.2f} MB")
        frame = None
        if browser is not None:
            wall, in_page = first_frame(browser, path)
            frame = wall
            print(f"  {'first frame in Chromium (wall / page clock)':<44} {wall:8.3f} s"
                  f" / {in_page:.3f} s")
        results.append((f"{name} ({layout})", seconds, frame, size))

    # Warm up: the ontology is parsed once per process (styles), like in the command.
    timed("load the ontology (once per process)", load_ontology)

    # Jinzhong views, from the bundled data.
    from friendship_graph.network import to_networkx
    from friendship_graph.render import event_subgraph
    from friendship_graph.store import Store

    with Store.memory() as store:
        store.load_files([REPO / "data" / "jinzhong-2019-10-30.trig"])
        print("Jinzhong (bundled data)")
        jinzhong, _ = timed("to_networkx", to_networkx, store)
        tea, _ = timed("Tea Road view (event_subgraph)", event_subgraph,
                       to_networkx(store, events="nodes"), "Tea Road")
    for layout in ("force", "map", "circular"):
        measure("jinzhong", jinzhong, layout)
    measure("tea-road", tea, "force")

    # The synthetic world.
    print(f"synthetic world: {args.places} places, {args.partnerships} partnerships")
    world, _ = timed("build the synthetic MultiGraph", synthetic_world, args.places,
                     args.partnerships)
    _, data_seconds = timed("page data (map layout + lists)", page_data, world, layout="map")
    measure("world", world, "map")
    measure("world", world, "force")

    if args.twin_towns and args.twin_towns.is_file():
        print(f"Wikipedia twin towns ({args.twin_towns})")
        real, _ = timed("read the CSV into a MultiGraph", twin_towns_world, args.twin_towns)
        measure("twin-towns", real, "map")
        measure("twin-towns", real, "force")

    if args.store:
        with Store.open(args.store, read_only=True) as store:
            print(f"store {args.store}")
            real, seconds = timed("to_networkx (whole store)", to_networkx, store)
        measure("store", real, "map")
        results[-1] = (results[-1][0], results[-1][1] + seconds, results[-1][2], results[-1][3])

    # Why the lists are built directly: pyvis add_node/add_edge on a slice of the world.
    edges = list(world.edges(keys=True))[:4000]
    part = world.edge_subgraph(edges).copy()
    print(f"pyvis add_node/add_edge vs direct lists, {part.number_of_nodes()} nodes, "
          f"{part.number_of_edges()} edges")
    from pyvis.network import Network

    def with_pyvis() -> None:
        net = Network()
        for node, data in part.nodes(data=True):
            net.add_node(node, label=str(data.get("label", node)))
        for u, v in part.edges():
            net.add_edge(u, v)

    _, pyvis_seconds = timed("pyvis add_node + add_edge", with_pyvis)
    _, ours = timed("friendship_graph.render.to_html", to_html, part, layout="map")
    print(f"  {'ratio pyvis / ours':<44} {pyvis_seconds / max(ours, 1e-9):8.1f} x")

    print("\nsummary (target: world export < 5 s, first frame < 10 s; Jinzhong < 1 s each)")
    print(f"  {'view':<28} {'export s':>9} {'frame s':>9} {'MB':>7}")
    for name, seconds, frame, size in results:
        frame_text = f"{frame:9.3f}" if frame is not None else f"{'-':>9}"
        print(f"  {name:<28} {seconds:9.3f} {frame_text} {size / 1e6:7.2f}")
    print(f"  (world page data alone: {data_seconds:.3f} s)")
    if browser is not None:
        browser.close()
    if playwright is not None:
        playwright.stop()
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
