"""Benchmark the HTML export from a store: export time, file size, first frame and frame times
of a scripted pan and zoom in headless Chromium.

    python benchmarks/bench_html.py                 # the bundled default store
    python benchmarks/bench_html.py --store PATH    # another on-disk store
    python benchmarks/bench_html.py --no-browser    # Python side only
    python benchmarks/bench_html.py --keep DIR      # keep the pages

Targets (issue 15): the world map of the default store (about 18k places, 28k links) exports
in under 5 s and draws its first frame in under 3 s; during a scripted pan and zoom the median
frame time stays under 50 ms. The Jinzhong and Tea Road views export in under 1 s each.

Everything starts from the store, as ``friendship-graph html`` does: the export is timed as
the projection (``network.to_networkx``), the page's reads of the store (names, quotations)
and the page itself (layout, lists, template, write). Frame times are the intervals between
``requestAnimationFrame`` callbacks while a script moves the view one step per frame: zoom in
from the world onto Europe, rest, pan east, zoom out, pan across the world. The same world page
is also measured with its level of detail switched off (vis-network holding every node and
link, as before issue 15), in the same run, interleaved, to show why it is needed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from friendship_graph.network import to_networkx
from friendship_graph.ontology import load_ontology
from friendship_graph.render import (
    add_node_names,
    add_node_quotes,
    event_subgraph,
    to_html,
    view_title,
    write_html,
)

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

# One step per frame: zoom from the world onto Europe, rest, pan east, zoom out, pan.
MOVES = """async (deadline) => {
  const net = fgGraph.network, times = [];
  const s0 = net.getScale(), p0 = net.getViewPosition();
  const europe = {x: 100, y: -500}, s1 = 1.7;
  const steps = [];
  for (let i = 1; i <= 60; i++) { const t = i / 60; steps.push([p0.x + (europe.x - p0.x) * t,
      p0.y + (europe.y - p0.y) * t, s0 * Math.pow(s1 / s0, t)]); }
  for (let i = 0; i < 30; i++) { steps.push(null); }
  for (let i = 1; i <= 60; i++) { steps.push([europe.x + 6 * i, europe.y, s1]); }
  for (let i = 1; i <= 60; i++) { const t = i / 60;
      steps.push([europe.x + 360 + (p0.x - europe.x - 360) * t,
                  europe.y + (p0.y - europe.y) * t, s1 * Math.pow(s0 / s1, t)]); }
  for (let i = 1; i <= 30; i++) { steps.push([p0.x + 20 * i, p0.y, s0]); }
  let last = performance.now();
  const stop = last + deadline;
  for (const step of steps) {
    if (performance.now() > stop) { break; }
    if (step) {
      net.moveTo({position: {x: step[0], y: step[1]}, scale: step[2], animation: false});
    } else { net.redraw(); }
    await new Promise(r => requestAnimationFrame(r));
    const now = performance.now(); times.push(now - last); last = now;
  }
  return times;
}"""


def timed(label: str, func, *args, **kwargs):  # noqa: ANN001, ANN201
    start = time.perf_counter()
    value = func(*args, **kwargs)
    seconds = time.perf_counter() - start
    print(f"  {label:<48} {seconds:8.3f} s")
    return value, seconds


def open_page(browser, path: Path):  # noqa: ANN001, ANN201
    """Load a page with every request leaving the file blocked and counted; the seconds from
    navigation to the first drawn frame (wall clock) and the page's own clock."""
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
    if external:
        print(f"  !! {len(external)} requests left the file: {external[:3]}")
    return page, wall, in_page


def frame_times(page, deadline: float = 60.0) -> list[float]:  # noqa: ANN001
    """Frame times (ms) of the scripted moves, stopped after ``deadline`` seconds."""
    page.wait_for_timeout(500)
    return page.evaluate(MOVES, deadline * 1000)


def export(store, path: Path, *, layout: str = "force", event: str | None = None,  # noqa: ANN001
           **selection) -> tuple[float, float, float]:
    """What export_html does, timed in three parts: projection, reads, page."""
    if event is not None:
        selection.update(events="nodes", isolates=True)
    graph, projection = timed("projection (network.to_networkx)", to_networkx, store,
                              **selection)
    start = time.perf_counter()
    add_node_names(store, graph)
    if event is not None:
        graph = event_subgraph(graph, event, store=store)
    add_node_quotes(store, graph)
    reads = time.perf_counter() - start
    print(f"  {'names, quotations (and event view) from the store':<48} {reads:8.3f} s")
    title = view_title(graph, event=event, focus=selection.get("focus"))
    _, page = timed("page (layout, lists, template, write)", write_html, graph, path,
                    layout=layout, title=title)
    print(f"  {'nodes, links':<48} {graph.number_of_nodes():>8} {graph.number_of_edges()}")
    return projection, reads, page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="an on-disk store (default: the bundled default store)")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--keep", metavar="DIR", help="keep the HTML files in DIR")
    args = parser.parse_args(argv)

    out = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-html-"))
    out.mkdir(parents=True, exist_ok=True)
    timed("load the ontology (once per process)", load_ontology)
    if args.store:
        from friendship_graph.store import Store

        store = Store.open(args.store, read_only=True)
    else:
        from friendship_graph.store.default import default_store

        store, _ = timed("open the default store", default_store)

    views = {
        "world map": dict(layout="map"),
        "Jinzhong, depth 1": dict(focus="Jinzhong"),
        "Tea Road": dict(event="Tea Road"),
    }
    exported: dict[str, tuple[Path, tuple[float, float, float]]] = {}
    with store:
        for name, options in views.items():
            print(name)
            path = out / (re.sub(r"\W+", "-", name.lower()).strip("-") + ".html")
            exported[name] = (path, export(store, path, **options))
            print(f"  {'file size':<48} {path.stat().st_size / 1e6:8.2f} MB")
        # Why the lists are built directly: pyvis add_node/add_edge on a slice of the world.
        world = to_networkx(store)
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
    print(f"  {'ratio pyvis / ours':<48} {pyvis_seconds / max(ours, 1e-9):8.1f} x")

    frames: dict[str, tuple[float, float, list[float]]] = {}
    if not args.no_browser:
        world_path = exported["world map"][0]
        flat = out / "world-map-no-level-of-detail.html"
        flat.write_text(world_path.read_text(encoding="utf-8").replace('"big":true', '"big":false',
                                                                       1), encoding="utf-8")
        executable = shutil.which("chromium") or "/usr/bin/chromium"
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            pages = [(n, p) for n, (p, _) in exported.items()]
            # Interleaved: the world page with its level of detail, without, and with again.
            # Without, a frame takes seconds: its moves stop after 30 s.
            pages += [("world map, no level of detail", flat), ("world map", world_path)]
            for name, path in pages:
                page, wall, in_page = open_page(browser, path)
                times = []
                if name.startswith("world map"):
                    times = frame_times(page, 30.0 if "no level" in name else 60.0)
                page.close()
                previous = frames.get(name)
                if previous is None or wall < previous[0]:
                    frames[name] = (wall, in_page, times or (previous[2] if previous else []))
                elif times:
                    frames[name] = (previous[0], previous[1], previous[2] + times)
            browser.close()

    print("\nsummary (targets: world map export < 5 s, first frame < 3 s, median frame "
          "< 50 ms; Jinzhong and Tea Road < 1 s)")
    print(f"  {'view':<32} {'export s':>9} {'(proj.':>7} {'reads':>6} {'page)':>6} "
          f"{'frame s':>8} {'median ms':>10} {'p90 ms':>7}")
    for name in [*views, "world map, no level of detail"]:
        parts = exported.get(name, (None, None))[1]
        export_text = (f"{sum(parts):9.2f} {parts[0]:7.2f} {parts[1]:6.2f} {parts[2]:6.2f}"
                       if parts else f"{'':9} {'':7} {'':6} {'':6}")
        wall, _, times = frames.get(name, (None, None, []))
        frame_text = f"{wall:8.2f}" if wall is not None else f"{'-':>8}"
        if times:
            ordered = sorted(times)
            median = statistics.median(ordered)
            p90 = ordered[int(0.9 * (len(ordered) - 1))]
            frame_text += f" {median:10.1f} {p90:7.1f}"
        print(f"  {name:<32} {export_text} {frame_text}")
    if "world map" in frames and frames["world map"][2] and \
            frames.get("world map, no level of detail", (0, 0, []))[2]:
        with_lod = statistics.median(frames["world map"][2])
        without = statistics.median(frames["world map, no level of detail"][2])
        print(f"  median frame time without / with the level of detail: "
              f"{without / with_lod:.1f} x")
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
