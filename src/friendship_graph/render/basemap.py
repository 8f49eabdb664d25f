"""The map under the network: Natural Earth land and borders (:mod:`friendship_graph.geo`),
packed for the page.

Each line (a ring of the land, or a border between two countries) is a list of integers: the
first point and then the differences to the previous point, in hundredths of a degree,
longitude then latitude. The page turns them into the map layout's coordinates (x = longitude,
y = -latitude, times :data:`~.layout.MAP_SCALE`). Two scales are packed: 1:110m for the world
and 1:50m for zoomed-in views.
"""

from __future__ import annotations

from functools import lru_cache

from .. import geo

__all__ = ["basemap"]

_UNITS = 100  # hundredths of a degree


def _pack(line: list[tuple[float, float]]) -> list[int]:
    out: list[int] = []
    last_x = last_y = 0
    for lon, lat in line:
        x, y = round(lon * _UNITS), round(lat * _UNITS)
        if out and x == last_x and y == last_y:
            continue
        out += (x - last_x, y - last_y)
        last_x, last_y = x, y
    return out


@lru_cache(maxsize=1)
def basemap() -> dict:
    """``{"units": 100, "110m": {"land": [...], "borders": [...]}, "50m": {...}}``."""
    out: dict = {"units": _UNITS,
                 "source": "Natural Earth 4.1.0 (public domain), via world-atlas 2.0.2"}
    for resolution in geo.RESOLUTIONS:
        out[resolution] = {
            "land": [p for p in (_pack(r) for r in geo.land(resolution)) if len(p) >= 6],
            "borders": [p for p in (_pack(b) for b in geo.borders(resolution)) if len(p) >= 4],
        }
    return out
