"""Country outlines and land from Natural Earth, vendored as TopoJSON (npm ``world-atlas``).

The lowest layer: it depends on nothing of the project, only on the vendored files in
``geo/world-atlas/`` (Natural Earth 4.1.0 admin-0 countries at 1:110m and 1:50m, public
domain; redistributed as TopoJSON by world-atlas 2.0.2, ISC licence). The TopoJSON is decoded
here (delta-decoded, de-quantized arcs joined into rings), so that both the HTML map and the
checks of coordinates against a country's outline read the same polygons.

Coordinates are ``(longitude, latitude)`` in degrees (WGS 84), as in GeoJSON. Countries are
keyed by ISO 3166-1 alpha-2 code (world-atlas names them by ISO numeric code; the few
features without one, such as "N. Cyprus" or "Somaliland", are part of the land and the
borders but have no key).

>>> from friendship_graph.geo import country_at, in_country
>>> country_at(112.75, 37.69)
'CN'
>>> in_country("FR", 2.35, 48.86)
True
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

__all__ = ["RESOLUTIONS", "Country", "countries", "country_outline", "country_at",
           "in_country", "distance_to_country_km", "land", "borders"]

DATA = Path(__file__).resolve().parent / "world-atlas"
#: The Natural Earth scales that are vendored: "110m" (small, for the world) and "50m".
RESOLUTIONS = ("110m", "50m")

#: Features world-atlas gives no ISO numeric code, and the ISO 3166 code whose outline holds
#: them: Kosovo has the user-assigned code XK (as in the importers); Northern Cyprus and
#: Somaliland are within the ISO countries Cyprus and Somalia; the Indian Ocean Territories
#: (Christmas Island, Cocos) are Australian.
_UNCODED = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO", "Indian Ocean Ter.": "AU"}

Ring = list[tuple[float, float]]
Polygon = list[Ring]  # the outer ring, then its holes


@dataclass(frozen=True)
class Country:
    """One country's outline: its polygons (outer ring first, then holes) and bounding box."""

    iso: str | None
    numeric: str | None
    name: str
    polygons: tuple[tuple[tuple[tuple[float, float], ...], ...], ...]
    bbox: tuple[float, float, float, float]  # west, south, east, north

    def contains(self, lon: float, lat: float) -> bool:
        """True when the point lies inside the outline (on an island, not in a lake)."""
        west, south, east, north = self.bbox
        if not (west <= lon <= east and south <= lat <= north):
            return False
        return any(w <= lon <= e and s <= lat <= n and _in_polygon(rings, lon, lat)
                   for (w, s, e, n), rings in self._arrays)

    @cached_property
    def _arrays(self) -> tuple:
        """Each polygon's bounding box and rings as numpy arrays (point-in-polygon over every
        edge at once, after the box)."""
        import numpy as np

        out = []
        for polygon in self.polygons:
            rings = []
            for ring in polygon:
                points = np.asarray(ring, dtype=float)
                # Each edge as (x_i, y_i, x_j, y_j): the point and the one before it.
                rings.append((points[:, 0], points[:, 1], np.roll(points[:, 0], 1),
                              np.roll(points[:, 1], 1)))
            outer = polygon[0]
            xs, ys = [p[0] for p in outer], [p[1] for p in outer]
            out.append(((min(xs), min(ys), max(xs), max(ys)), tuple(rings)))
        return tuple(out)

    @cached_property
    def segments(self) -> tuple:
        """Every edge of every ring as numpy arrays ``(x1, y1, x2, y2)`` (for distances)."""
        import numpy as np

        parts = [np.asarray(ring, dtype=float) for polygon in self.polygons for ring in polygon]
        starts = np.concatenate([p[:-1] for p in parts])
        ends = np.concatenate([p[1:] for p in parts])
        # Edges along the antimeridian (from +180 to -180) are not edges on the globe.
        keep = np.abs(ends[:, 0] - starts[:, 0]) <= 180.0
        return starts[keep, 0], starts[keep, 1], ends[keep, 0], ends[keep, 1]


def _in_ring(ring, x: float, y: float) -> bool:  # noqa: ANN001 - the ring's edge arrays
    """Even-odd rule: does a ray from the point cross the ring's edges an odd number of times."""
    import numpy as np

    xi, yi, xj, yj = ring
    straddles = (yi > y) != (yj > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        cross = x < (xj - xi) * (y - yi) / (yj - yi) + xi
    return bool(np.count_nonzero(straddles & cross) % 2)


def _in_polygon(polygon, x: float, y: float) -> bool:  # noqa: ANN001 - numpy rings
    return _in_ring(polygon[0], x, y) and not any(_in_ring(h, x, y) for h in polygon[1:])


@lru_cache(maxsize=len(RESOLUTIONS))
def _topology(resolution: str) -> dict:
    if resolution not in RESOLUTIONS:
        raise ValueError(f"unknown resolution {resolution!r}; choose one of "
                         + ", ".join(RESOLUTIONS))
    return json.loads((DATA / f"countries-{resolution}.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=len(RESOLUTIONS))
def _arcs(resolution: str) -> list[list[tuple[float, float]]]:
    """The topology's arcs, delta-decoded and de-quantized to degrees."""
    topology = _topology(resolution)
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((round(x * sx + tx, 6), round(y * sy + ty, 6)))
        out.append(points)
    return out


def _ring(resolution: str, indices: list[int]) -> tuple[tuple[float, float], ...]:
    arcs = _arcs(resolution)
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return tuple(points)


def _polygons(resolution: str, geometry: dict) -> tuple:
    if geometry["type"] == "Polygon":
        parts = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        parts = geometry["arcs"]
    else:
        parts = []
    return tuple(tuple(_ring(resolution, ring) for ring in polygon) for polygon in parts)


@lru_cache(maxsize=len(RESOLUTIONS))
def _all_countries(resolution: str) -> tuple[Country, ...]:
    import pycountry

    out = []
    for geometry in _topology(resolution)["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        found = pycountry.countries.get(numeric=numeric) if numeric else None
        polygons = _polygons(resolution, geometry)
        xs = [x for polygon in polygons for x, _ in polygon[0]]
        ys = [y for polygon in polygons for _, y in polygon[0]]
        if not xs:
            continue
        iso = found.alpha_2 if found else _UNCODED.get(geometry.get("properties", {})
                                                       .get("name", ""))
        out.append(Country(iso, numeric,
                           geometry.get("properties", {}).get("name", ""), polygons,
                           (min(xs), min(ys), max(xs), max(ys))))
    return tuple(out)


@lru_cache(maxsize=len(RESOLUTIONS))
def countries(resolution: str = "50m") -> dict[str, Country]:
    """The countries with an ISO 3166-1 code, by alpha-2 code (the features of one code, such
    as Australia and its Ashmore and Cartier Islands, joined in one outline)."""
    parts: dict[str, list[Country]] = {}
    for country in _all_countries(resolution):
        if country.iso:
            parts.setdefault(country.iso, []).append(country)
    out = {}
    for iso, features in parts.items():
        first = features[0]
        if len(features) == 1:
            out[iso] = first
            continue
        boxes = [f.bbox for f in features]
        out[iso] = Country(iso, first.numeric, first.name,
                           tuple(p for f in features for p in f.polygons),
                           (min(b[0] for b in boxes), min(b[1] for b in boxes),
                            max(b[2] for b in boxes), max(b[3] for b in boxes)))
    return out


def country_outline(iso: str, resolution: str = "50m") -> Country | None:
    """The outline of the country with ISO 3166-1 alpha-2 code ``iso`` (any case), or None
    when Natural Earth has no outline for it."""
    return countries(resolution).get(iso.upper())


def country_at(lon: float, lat: float, resolution: str = "50m") -> str | None:
    """The ISO alpha-2 code of the country whose outline holds the point, or None (sea, or a
    territory without a code)."""
    for country in _all_countries(resolution):
        if country.contains(lon, lat):
            return country.iso
    return None


def in_country(iso: str, lon: float, lat: float, resolution: str = "50m") -> bool:
    """True when the point lies inside the outline of country ``iso``."""
    country = country_outline(iso, resolution)
    return country is not None and country.contains(lon, lat)


def distance_to_country_km(iso: str, lon: float, lat: float, resolution: str = "50m"
                           ) -> float | None:
    """How far the point lies from the outline of country ``iso``, in kilometres: 0 inside,
    else the distance to its nearest edge (on a plane tangent at the point, good to a few
    per cent within a few hundred kilometres); ``None`` when there is no outline."""
    import numpy as np

    country = country_outline(iso, resolution)
    if country is None:
        return None
    if country.contains(lon, lat):
        return 0.0
    scale = np.cos(np.radians(lat))
    x1, y1, x2, y2 = country.segments
    # Degrees east of the point, wrapped to +-180; an edge that the wrap cuts (it runs
    # through the point's antimeridian) is on the other side of the globe: left out.
    da = (x1 - lon + 180.0) % 360.0 - 180.0
    db = (x2 - lon + 180.0) % 360.0 - 180.0
    whole = np.abs(db - da) <= 180.0
    if not whole.any():
        return None
    # Kilometres east and north of the point.
    ax, bx = da[whole] * scale * 111.32, db[whole] * scale * 111.32
    ay, by = (y1[whole] - lat) * 110.57, (y2[whole] - lat) * 110.57
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = np.clip(-(ax * dx + ay * dy) / np.where(length > 0, length, 1.0), 0.0, 1.0)
    near = np.hypot(ax + t * dx, ay + t * dy)
    return float(near.min()) if near.size else None


def land(resolution: str = "110m") -> list[Ring]:
    """The outer rings and holes of the land (Natural Earth's merged countries), as rings."""
    geometry = _topology(resolution)["objects"]["land"]
    geometries = geometry["geometries"] if geometry["type"] == "GeometryCollection" else [
        geometry]
    return [list(ring) for g in geometries for polygon in _polygons(resolution, g)
            for ring in polygon]


def borders(resolution: str = "110m") -> list[Ring]:
    """The land borders between two countries, as lines (each shared arc once; coastlines,
    which belong to one country, are left out)."""
    uses: dict[int, int] = {}
    for geometry in _topology(resolution)["objects"]["countries"]["geometries"]:
        arcs = geometry.get("arcs", [])
        rings = [arcs] if geometry["type"] == "Polygon" else arcs
        for polygon in rings:
            for ring in polygon:
                for index in ring:
                    key = index if index >= 0 else ~index
                    uses[key] = uses.get(key, 0) + 1
    arcs = _arcs(resolution)
    return [list(arcs[i]) for i in sorted(uses) if uses[i] > 1]
