"""Node positions computed in Python, so the browser draws at once with physics off.

* ``map``: equirectangular projection of ``lon``/``lat`` (x = lon, y = -lat, times a scale);
  nodes without coordinates go to the mean position of their placed neighbours, or else are
  laid out by force in a band below the map.
* ``force``: one connected component at a time, packed in rows: networkx's spring layout
  with a fixed seed, or the linear-time spectral layout for big components.
* ``circular``: nodes on a circle, grouped by country and class.

Every layout is deterministic: same graph and seed, same positions (rounded to 0.1).
"""

from __future__ import annotations

import math

import networkx as nx

__all__ = ["LAYOUTS", "MAP_SCALE", "compute_layout"]

LAYOUTS = ("force", "map", "circular")
#: Pixels per degree in the map layout.
MAP_SCALE = 10.0
#: Components above this size get the (linear-time) spectral layout, not the spring layout.
SPRING_LIMIT = 1500


def compute_layout(graph: nx.MultiGraph, layout: str, *, seed: int = 0) -> dict[str, tuple]:
    """Positions ``{node: (x, y)}`` for ``layout`` (one of :data:`LAYOUTS`)."""
    if layout == "map":
        pos = _map_layout(graph, seed)
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
    pos: dict = {}
    # Pack components in rows, biggest first; each gets a square cell sized by its node count.
    cursor_x = cursor_y = row_height = 0.0
    row_width = max(1200.0, math.sqrt(len(simple)) * 160.0)
    for component in components:
        size = len(component)
        side = max(120.0, math.sqrt(size) * 160.0)
        if size == 1:
            local = {component[0]: (0.0, 0.0)}
        elif size <= SPRING_LIMIT:
            sub = simple.subgraph(component)
            iterations = 100 if size <= 300 else 50
            local = nx.spring_layout(sub, seed=seed, iterations=iterations,
                                     k=1.6 / math.sqrt(size))
        else:
            sub = simple.subgraph(component)
            local = nx.spectral_layout(sub)
        if cursor_x + side > row_width and cursor_x > 0:
            cursor_x, cursor_y, row_height = 0.0, cursor_y + row_height + 40.0, 0.0
        for node, (x, y) in local.items():
            pos[node] = (cursor_x + side / 2 + float(x) * side / 2,
                         cursor_y + side / 2 + float(y) * side / 2)
        cursor_x += side + 40.0
        row_height = max(row_height, side)
    return pos


def _map_layout(graph: nx.MultiGraph, seed: int) -> dict:
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
    # Unplaced nodes next to their placed neighbours (events), or amid their places
    # (countries), a little apart.
    by_country: dict = {}
    for node, data in graph.nodes(data=True):
        if node in pos and data.get("country") is not None:
            by_country.setdefault(data["country"], []).append(pos[node])
    for node in sorted((n for n in graph.nodes if n not in pos), key=str):
        placed = [pos[m] for m in graph.neighbors(node) if m in pos and m != node]
        around = placed or by_country.get(node, [])
        if around:
            x = sum(p[0] for p in around) / len(around)
            y = sum(p[1] for p in around) / len(around)
            angle = (_stable_hash(str(node)) % 360) * math.pi / 180
            pos[node] = (x + 12 * math.cos(angle), y + 12 * math.sin(angle))
    rest = [n for n in graph.nodes if n not in pos]
    if rest:
        band = _force_layout(graph.subgraph(rest), seed)
        xs = [p[0] for p in band.values()]
        ys = [p[1] for p in band.values()]
        width = (max(xs) - min(xs)) or 1.0
        factor = min(1.0, 360 * MAP_SCALE / width)
        for node, (x, y) in band.items():
            pos[node] = (-180 * MAP_SCALE + (x - min(xs)) * factor,
                         95 * MAP_SCALE + (y - min(ys)) * factor)
    return pos


def _stable_hash(text: str) -> int:
    """A hash that does not change between runs (``hash()`` is salted)."""
    value = 2166136261
    for char in text.encode("utf-8"):
        value = ((value ^ char) * 16777619) & 0xFFFFFFFF
    return value
