"""Node positions computed in Python, so the browser draws at once with physics off.

* ``map``: equirectangular projection of ``lon``/``lat`` (x = lon, y = -lat, times a scale);
  countries amid their places; events, documents and agents on rings around the most
  connected placed node they are linked to; other places without coordinates get no position
  (the page lists them).
* ``force``: Fruchterman-Reingold with a seeded start, each connected component on its own,
  components packed in rows; vectorised over all components of a size, with sampled
  repulsion (linear time per iteration) for components of more than 400 nodes.
* ``circular``: nodes on a circle, grouped by country and class.

Every layout is deterministic: same graph and seed, same positions (rounded to 0.1).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import networkx as nx

__all__ = ["LAYOUTS", "MAP_SCALE", "compute_layout"]

LAYOUTS = ("force", "map", "circular")
#: Pixels per degree in the map layout.
MAP_SCALE = 10.0
#: Components up to this size get exact repulsion; bigger ones sampled repulsion.
EXACT_LIMIT = 400


def compute_layout(graph: nx.MultiGraph, layout: str, *, seed: int = 0,
                   kind_of: Callable[[object], str] | None = None,
                   anchors: dict | None = None) -> dict[str, tuple]:
    """Positions ``{node: (x, y)}`` for ``layout`` (one of :data:`LAYOUTS`).

    ``kind_of(node)`` tells the map layout what a node is: ``"place"``, ``"country"`` or
    ``"other"`` (default: a node with a ``country`` attribute is a place). In the map layout,
    places without coordinates have no position, and ``anchors`` (if given) receives
    ``{satellite: the node it is placed around}``."""
    if layout == "map":
        pos = _map_layout(graph, kind_of or (lambda n: "place" if graph.nodes[n].get(
            "country") else "other"), {} if anchors is None else anchors)
    elif layout == "circular":
        pos = _circular_layout(graph)
    elif layout == "force":
        pos = _force_layout(graph, seed)
    else:
        raise ValueError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")
    return {n: (round(x, 1) + 0.0, round(y, 1) + 0.0) for n, (x, y) in pos.items()}


def _sort_key(graph: nx.MultiGraph, node) -> tuple:  # noqa: ANN001
    data = graph.nodes[node]
    return (str(data.get("country", "")), str(data.get("type", "")),
            str(data.get("label", "")), str(node))


def _circular_layout(graph: nx.MultiGraph) -> dict:
    nodes = sorted(graph.nodes, key=lambda n: _sort_key(graph, n))
    count = len(nodes)
    radius = max(250.0, count * 40.0 / (2 * math.pi))
    step = 2 * math.pi / max(count, 1)
    return {n: (radius * math.cos(step * i), radius * math.sin(step * i))
            for i, n in enumerate(nodes)}


def _simple(graph: nx.MultiGraph, nodes) -> nx.Graph:  # noqa: ANN001
    """A plain Graph over ``nodes`` (sorted, so the layout does not depend on insertion order)."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(nodes, key=str))
    keep = set(simple)
    simple.add_edges_from(sorted((((u, v) if str(u) <= str(v) else (v, u))
                                  for u, v in graph.edges(keep) if u in keep and v in keep),
                                 key=lambda e: (str(e[0]), str(e[1]))))
    return simple


def _force_layout(graph: nx.MultiGraph, seed: int) -> dict:
    simple = _simple(graph, graph.nodes)
    components = sorted((sorted(c, key=str) for c in nx.connected_components(simple)),
                        key=lambda c: (-len(c), str(c[0])))
    local = _component_layouts(simple, components, seed)
    pos: dict = {}
    # Pack components in rows, biggest first; each gets a square cell sized by its node count.
    cursor_x = cursor_y = row_height = 0.0
    row_width = max(1200.0, math.sqrt(len(simple)) * 160.0)
    for component in components:
        size = len(component)
        side = max(120.0, math.sqrt(size) * 160.0)
        if cursor_x + side > row_width and cursor_x > 0:
            cursor_x, cursor_y, row_height = 0.0, cursor_y + row_height + 40.0, 0.0
        for node in component:
            x, y = local[node]
            pos[node] = (cursor_x + side / 2 + x * side / 2, cursor_y + side / 2 + y * side / 2)
        cursor_x += side + 40.0
        row_height = max(row_height, side)
    return pos


def _component_layouts(simple: nx.Graph, components: list[list], seed: int) -> dict:
    """Positions in [-1, 1] for each component: Fruchterman-Reingold, vectorised over all the
    components of one size at once (exact repulsion), or with sampled repulsion for components
    above :data:`EXACT_LIMIT` nodes (linear time per iteration)."""
    import numpy as np

    out: dict = {}
    by_size: dict[int, list[list]] = {}
    for component in components:
        by_size.setdefault(len(component), []).append(component)
    index: dict = {}
    for size, group in by_size.items():
        index.update((node, (size, i)) for i, node in enumerate(n for c in group for n in c))
    edges: dict[int, list[tuple[int, int]]] = {}
    for u, v in simple.edges():  # in sorted order (see _simple)
        if u != v:
            size, i = index[u]
            edges.setdefault(size, []).append((i, index[v][1]))
    for size, group in sorted(by_size.items()):
        if size == 1:
            out.update((c[0], (0.0, 0.0)) for c in group)
            continue
        pairs = np.array(edges.get(size, []), dtype=np.int64).reshape(-1, 2)
        rng = np.random.default_rng([seed, size])
        if size <= EXACT_LIMIT:
            x, y = _fr_exact(len(group), size, pairs, rng)
        else:
            parts = [_fr_sampled(size, pairs[(pairs[:, 0] // size) == k] % size, rng)
                     for k in range(len(group))]
            x = np.stack([p[0] for p in parts])
            y = np.stack([p[1] for p in parts])
        x -= x.mean(axis=1, keepdims=True)
        y -= y.mean(axis=1, keepdims=True)
        extent = np.maximum(np.abs(x).max(axis=1, keepdims=True),
                            np.abs(y).max(axis=1, keepdims=True))
        extent[extent == 0] = 1.0
        x, y = (x / extent).ravel(), (y / extent).ravel()
        for node in (n for c in group for n in c):
            i = index[node][1]
            out[node] = (float(x[i]), float(y[i]))
    return out


def _fr_exact(count: int, size: int, pairs, rng, iterations: int = 120):  # noqa: ANN001, ANN202
    """``count`` components of ``size`` nodes (rows ``k*size .. k*size+size-1``), at once."""
    import numpy as np

    x = rng.random((count, size)) * math.sqrt(size)
    y = rng.random((count, size)) * math.sqrt(size)
    comp, a, b = pairs[:, 0] // size, pairs[:, 0] % size, pairs[:, 1] % size
    flat_a, flat_b = comp * size + a, comp * size + b
    temperature = math.sqrt(size) / 4
    cooling = temperature / (iterations + 1)
    total = count * size
    for _ in range(iterations):
        dx = x[:, :, None] - x[:, None, :]
        dy = y[:, :, None] - y[:, None, :]
        inv = 1.0 / np.maximum(dx * dx + dy * dy, 1e-4)
        fx = (dx * inv).sum(axis=2).ravel()
        fy = (dy * inv).sum(axis=2).ravel()
        ex = x.ravel()[flat_a] - x.ravel()[flat_b]
        ey = y.ravel()[flat_a] - y.ravel()[flat_b]
        dist = np.sqrt(ex * ex + ey * ey)
        px, py = ex * dist, ey * dist
        fx += np.bincount(flat_b, px, total) - np.bincount(flat_a, px, total)
        fy += np.bincount(flat_b, py, total) - np.bincount(flat_a, py, total)
        length = np.sqrt(fx * fx + fy * fy) + 1e-9
        factor = np.minimum(length, temperature) / length
        x += (fx * factor).reshape(count, size)
        y += (fy * factor).reshape(count, size)
        temperature -= cooling
    return x, y


def _fr_sampled(size: int, pairs, rng, iterations: int = 100, sample: int = 16):  # noqa: ANN001, ANN202
    """One big component: repulsion from ``sample`` random nodes per node and iteration,
    scaled up to the whole component (an unbiased estimate), attraction along every edge."""
    import numpy as np

    x = rng.random(size) * math.sqrt(size)
    y = rng.random(size) * math.sqrt(size)
    a, b = pairs[:, 0], pairs[:, 1]
    temperature = math.sqrt(size) / 4
    cooling = temperature / (iterations + 1)
    scale = (size - 1) / sample
    for _ in range(iterations):
        others = rng.integers(0, size, size=(size, sample))
        dx = x[:, None] - x[others]
        dy = y[:, None] - y[others]
        inv = 1.0 / np.maximum(dx * dx + dy * dy, 1e-2)
        fx = (dx * inv).sum(axis=1) * scale
        fy = (dy * inv).sum(axis=1) * scale
        ex, ey = x[a] - x[b], y[a] - y[b]
        dist = np.sqrt(ex * ex + ey * ey)
        px, py = ex * dist, ey * dist
        fx += np.bincount(b, px, size) - np.bincount(a, px, size)
        fy += np.bincount(b, py, size) - np.bincount(a, py, size)
        length = np.sqrt(fx * fx + fy * fy) + 1e-9
        factor = np.minimum(length, temperature) / length
        x += fx * factor
        y += fy * factor
        temperature -= cooling
    return x, y


def _map_layout(graph: nx.MultiGraph, kind_of: Callable[[object], str], anchors: dict
                ) -> dict:
    """Places at their coordinates; countries amid their places; events, documents and agents
    on rings around the most connected placed node they are linked to (so that they do not
    cover it). Other places without coordinates get no position: the page lists them."""
    pos: dict = {}
    for node, data in graph.nodes(data=True):
        lat, lon = data.get("lat"), data.get("lon")
        try:
            lat_f, lon_f = float(lat), float(lon)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if math.isfinite(lat_f) and math.isfinite(lon_f) and -90 <= lat_f <= 90:
            lon_f = ((lon_f + 180.0) % 360.0) - 180.0 if not -180 <= lon_f <= 180 else lon_f
            pos[node] = (lon_f * MAP_SCALE, -lat_f * MAP_SCALE)
    by_country: dict = {}
    for node, data in graph.nodes(data=True):
        if node in pos and data.get("country") is not None:
            by_country.setdefault(data["country"], []).append(pos[node])
    for node in sorted((n for n in graph.nodes if n not in pos), key=str):
        around = by_country.get(node)
        if around and kind_of(node) == "country":
            pos[node] = (sum(p[0] for p in around) / len(around),
                         sum(p[1] for p in around) / len(around))
    degree = dict(graph.degree())
    for _ in range(3):  # satellites of satellites (a document of an event) in later rounds
        rings: dict = {}
        for node in sorted((n for n in graph.nodes if n not in pos), key=str):
            if kind_of(node) != "other":
                continue
            placed = [m for m in graph.neighbors(node) if m in pos and m != node]
            if placed:
                anchor = min(placed, key=lambda m: (-degree[m], str(m)))
                rings.setdefault(anchor, []).append(node)
                anchors[node] = anchor
        if not rings:
            break
        for anchor, satellites in rings.items():
            satellites.sort(key=lambda n: (str(graph.nodes[n].get("type", "")), str(n)))
            pos.update(_ring_around(pos[anchor], satellites))
    return pos


#: Rings of satellites around a city, in map units (a tenth of a degree): the first ring's
#: radius, the gap between rings and the space between two neighbours on a ring.
RING_RADIUS, RING_GAP, RING_SPACING = 3.0, 1.6, 1.3


def _ring_around(centre: tuple[float, float], nodes: list) -> dict:
    out = {}
    radius, index = RING_RADIUS, 0
    while index < len(nodes):
        capacity = max(1, int(2 * math.pi * radius / RING_SPACING))
        batch = nodes[index:index + capacity]
        offset = 0.5 if (radius - RING_RADIUS) / RING_GAP % 2 else 0.0
        for i, node in enumerate(batch):
            angle = 2 * math.pi * (i + offset) / len(batch) - math.pi / 2
            out[node] = (centre[0] + radius * math.cos(angle),
                         centre[1] + radius * math.sin(angle))
        index += len(batch)
        radius += RING_GAP
    return out
