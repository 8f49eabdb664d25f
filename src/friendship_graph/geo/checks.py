"""Positions checked against their country's Natural Earth outline.

:func:`check_position` says whether a point lies in (or within :data:`TOLERANCE_KM` of) a
country's outline -- the 1:50m outlines simplify coasts and drop small islands -- and, when
not, in which country it lies; :func:`mislabelled_countries` finds the stated countries whose
places lie mostly in one other country (a source that mislabelled the country of its rows).
The importers mark what these find; ``compare`` counts it per source.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from . import country_at, country_outline, distance_to_country_km, in_country

__all__ = ["TOLERANCE_KM", "MISLABELLED_MIN", "PositionCheck", "check_position", "Mislabelled",
           "mislabelled_countries"]

#: How far outside its country's outline a position may lie before it is reported.
TOLERANCE_KM = 15.0
#: A stated country is suspected mislabelled when at least this many of a source's places
#: in it, and at least half of them, lie in one other country.
MISLABELLED_MIN = 5


@dataclass(frozen=True)
class PositionCheck:
    """Where a position lies with respect to its country."""

    ok: bool  # inside, near enough, or no outline to check against
    km: float | None = None  # distance from the outline (0 inside)
    lies_in: str | None = None  # the ISO code of the country whose outline holds it

    def describe(self, iso: str, lat: float, lon: float) -> str:
        """One sentence for ``fg:uncertainty`` and the report."""
        where = f"in {self.lies_in}" if self.lies_in else "in no country's outline (the sea?)"
        far = f", {self.km:.0f} km from {iso}" if self.km is not None and self.km < 300 \
            and not self.lies_in else ""
        return (f"the source's position {lat:g}, {lon:g} lies {where}{far}, not in {iso} "
                "(Natural Earth 1:50m outlines)")


def check_position(iso: str, lat: float, lon: float) -> PositionCheck:
    """Check that a position lies in (or within :data:`TOLERANCE_KM` of) country ``iso``
    (an ISO 3166-1 alpha-2 code, any case)."""
    return _check(iso.upper(), float(lat), float(lon))


@lru_cache(maxsize=131072)
def _check(iso: str, lat: float, lon: float) -> PositionCheck:
    if country_outline(iso) is None:
        return PositionCheck(True)
    if in_country(iso, lon, lat):
        return PositionCheck(True, 0.0, iso)
    km = distance_to_country_km(iso, lon, lat)
    lies_in = country_at(lon, lat)
    if km is not None and km <= TOLERANCE_KM and lies_in in (None, iso):
        return PositionCheck(True, km, lies_in)
    return PositionCheck(False, km, lies_in)


@dataclass(frozen=True)
class Mislabelled:
    """A country a source seems to give places of another country."""

    stated: str  # ISO code the source gives
    lies_in: str  # ISO code where most of its outside places lie
    outside: int
    total: int

    @property
    def detail(self) -> str:
        return (f"{self.outside} of the {self.total} places the source puts in {self.stated} lie "
                f"in {self.lies_in}: is the country of these rows mislabelled?")


def mislabelled_countries(places: Iterable[tuple[str, PositionCheck]]) -> list[Mislabelled]:
    """The stated countries of ``(iso, check)`` pairs (one per place with a position) whose
    places lie mostly in one other country."""
    totals: Counter[str] = Counter()
    elsewhere: dict[str, Counter[str]] = defaultdict(Counter)
    for iso, check in places:
        totals[iso] += 1
        if not check.ok and check.lies_in:
            elsewhere[iso][check.lies_in] += 1
    out = []
    for iso, counter in sorted(elsewhere.items()):
        lies_in, count = counter.most_common(1)[0]
        if count >= MISLABELLED_MIN and count * 2 >= totals[iso]:
            out.append(Mislabelled(iso, lies_in, count, totals[iso]))
    return out
