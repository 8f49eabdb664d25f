"""Checking a source's coordinates against its countries' outlines.

Every position an import states is checked against the Natural Earth outline of the place's
country (:mod:`friendship_graph.geo`, offline). A position more than :data:`TOLERANCE_KM` from
the outline (the 1:50m outlines simplify coasts and drop small islands) is *outside the
country*: the import marks the place in its graph with ``fg:qualityIssue
fgc:coordinatesOutsideCountry`` and an ``fg:uncertainty`` that says where the point is, and
lists it in its report. When many of the places a source gives one country lie in one other
country, the source has probably mislabelled the country (:func:`mislabelled_countries`).

A position outside the country is not used to keep two mentions apart (the resolver treats it
as unknown), and a later source with a position inside the country corrects it
(:func:`correct_positions`, run by ``build-world``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .. import geo

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["TOLERANCE_KM", "PositionCheck", "check_position", "mislabelled_countries",
           "correct_positions", "Mislabelled"]

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
        far = f", {self.km:.0f} km from {iso}" if self.km is not None and self.km < 500 else ""
        return (f"the source's position {lat:g}, {lon:g} lies {where}{far}, not in {iso} "
                "(Natural Earth 1:50m outlines)")


@lru_cache(maxsize=65536)
def check_position(iso: str, lat: float, lon: float) -> PositionCheck:
    """Check that a position lies in (or within :data:`TOLERANCE_KM` of) country ``iso``."""
    iso = iso.upper()
    if geo.country_outline(iso) is None:
        return PositionCheck(True)
    if geo.in_country(iso, lon, lat):
        return PositionCheck(True, 0.0, iso)
    km = geo.distance_to_country_km(iso, lon, lat)
    lies_in = geo.country_at(lon, lat)
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


def correct_positions(store: Store) -> int:
    """Drop the positions marked outside their country from the graphs that state them,
    where another graph gives the same place a position that is not marked; the mark stays,
    another (``fgc:coordinatesReplaced``) and the note say what replaced it. One update;
    returns the number of places corrected.

    ``build-world`` runs it after both imports: the Wikipedia list's geocoder put us/rome at
    Rome, Italy; Wikidata has Rome, Georgia, inside the United States.
    """
    from ..vocab import PREFIXES

    where = """
        { SELECT ?place ?bad (SAMPLE(?good) AS ?by) WHERE {
            GRAPH ?bad { ?place fg:qualityIssue fgc:coordinatesOutsideCountry ; geo:lat ?x }
            GRAPH ?good { ?place geo:lat ?y }
            FILTER (?good != ?bad)
            FILTER NOT EXISTS { GRAPH ?good { ?place fg:qualityIssue
                                              fgc:coordinatesOutsideCountry } }
          } GROUP BY ?place ?bad }"""
    count = len(store.query(f"SELECT ?place ?bad WHERE {{ {where} }}").rows)
    if not count:
        return 0
    prefixes = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    store.update(prefixes + f"""
        DELETE {{ GRAPH ?bad {{ ?place geo:lat ?lat ; geo:long ?long ; fg:uncertainty ?note }} }}
        INSERT {{ GRAPH ?bad {{ ?place fg:qualityIssue fgc:coordinatesReplaced ;
                                       fg:uncertainty ?text }} }}
        WHERE {{
            {where}
            GRAPH ?bad {{ ?place geo:lat ?lat ; geo:long ?long }}
            OPTIONAL {{ GRAPH ?bad {{ ?place fg:uncertainty ?note }} }}
            BIND (STRLANG(CONCAT(COALESCE(CONCAT(STR(?note), "; "), ""),
                                 "the position used is the one of <", STR(?by), ">"), "en")
                  AS ?text)
        }}""")
    return count
