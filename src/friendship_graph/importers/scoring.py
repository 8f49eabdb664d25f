"""Scoring a candidate merge of two mentions of places: names, country, distance, identifiers.

After identifiers (:mod:`.identifiers`: one id, one place), a mention is compared with the
places of the same country whose names or positions are close (the resolver's blocking). The
comparison gives a :class:`Score`: points for how the names agree, for the distance, and
against different identifiers of one scheme or different parent places, with the reasons in
words. The points are log-odds in the spirit of Fellegi and Sunter, set by hand on the bundled
datasets (``docs/decisions/0010-entity-resolution.md``):

=========================  ======  ============================================================
names                      points  example
=========================  ======  ============================================================
equal (any known spelling)     5   "Växjö" / "Vaxjo"; an alias of the place
equal but for a city cue     4.5   "Taitung City" / "Taitung", "City of Brussels" / "Brussels",
                                   "Ystad Municipality" / "Ystad" (the ``fg:nameCue`` of
                                   ``fg:City`` and the classes below it, read from the ontology)
qualified                      2   "Frankfurt am Main" / "Frankfurt" (the shorter name starts
                                   the longer one, a lower-case word follows)
longer                         1   "Bury St Edmunds" / "Bury" (a capitalised word follows)
similar (Jaro-Winkler)         1   "Pecherskyi" / "Pechersk" (rapidfuzz, at least 0.9), or one
                                   word longer after a hyphen ("Košice-Juh" / "Košice")
=========================  ======  ============================================================

A name that is the other plus a cue of another kind of place ("Los Angeles County",
"Bratislava Region"), plus a bracket ("Dębica (rural gmina)") or plus words before it
("South Euclid") is another place: no candidate.

Distance: +3 within 1 km, +2.5 within 2.5 km, +1.5 within 10 km, +0.5 within 25 km, 0 within
50 km (:data:`~.places.MAX_DISTANCE_KM`); further apart is no candidate. No position on either
side (or one outside its country, see :mod:`.quality`) counts 0. Different identifiers of
one scheme: -2.5; different parent places: -4 (Mitte in Hamburg is not Mitte in Berlin).

A score of at least :data:`MERGE_AT` merges; from :data:`REVIEW_AT` up the pair is listed for
a curator's review and kept apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler

from ..names import fold

__all__ = ["Score", "NameCues", "compare_names", "distance_points", "MERGE_AT", "REVIEW_AT",
           "NAME_POINTS"]

#: A candidate with at least this score is merged.
MERGE_AT = 5.0
#: A candidate with at least this score (and less than MERGE_AT) is listed for review.
REVIEW_AT = 3.0
#: Points for each way two names agree.
NAME_POINTS = {"equal": 5.0, "cue": 4.5, "qualified": 2.0, "longer": 1.0, "similar": 1.0}
#: Jaro-Winkler similarity from which two names are "similar".
SIMILAR_AT = 0.9
_DISTANCE_POINTS = ((1.0, 3.0), (2.5, 2.5), (10.0, 1.5), (25.0, 0.5), (50.0, 0.0))
ID_CONFLICT_POINTS = -2.5
PARENT_CONFLICT_POINTS = -4.0


@dataclass(frozen=True)
class NameCues:
    """Words that name a kind of place, from the ontology's ``fg:nameCue`` (folded):
    ``city`` those of ``fg:City`` and below (a city's name with or without them is one name),
    ``other`` those of the other place classes (with them it is another place)."""

    city: frozenset[str] = frozenset()
    other: frozenset[str] = frozenset()


@dataclass
class Score:
    """The points of one candidate and the reasons, in words."""

    points: float = 0.0
    reasons: list[str] = field(default_factory=list)
    against: bool = False  # some evidence counted against the merge

    def add(self, points: float, reason: str) -> None:
        self.points += points
        self.against = self.against or points < 0
        self.reasons.append(f"{reason} ({points:+g})")

    @property
    def text(self) -> str:
        return "; ".join(self.reasons)


@lru_cache(maxsize=131072)
def _tokens(name: str) -> tuple[str, ...]:
    return tuple(fold(name).split())


def _strip_cue(tokens: tuple[str, ...], cues: frozenset[str]) -> tuple[str, ...] | None:
    """The tokens without a leading or trailing cue ("city of x", "x city"), or None."""
    for cue in cues:
        words = tuple(cue.split())
        n = len(words)
        if len(tokens) > n and tokens[-n:] == words:
            return tokens[:-n]
        if len(tokens) > n + 1 and tokens[:n] == words and tokens[n] == "of":
            return tokens[n + 1:]
    return None


def _compare_pair(a: str, b: str, cues: NameCues) -> str | None:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return None
    if ta == tb:
        return "equal"
    short, long_, long_text = (ta, tb, b) if len(ta) <= len(tb) else (tb, ta, a)
    stripped = _strip_cue(long_, cues.city)
    if stripped is not None and (stripped == short or _strip_cue(short, cues.city) == stripped):
        return "cue"
    if _strip_cue(long_, cues.other) is not None:
        return None  # "X County", "X Region": another kind of place
    if len(short) < len(long_) and long_[:len(short)] == short:
        return _extension(long_text, len(short))
    if long_[-len(short):] == short:
        return None  # "South Euclid" is not "Euclid"
    if JaroWinkler.normalized_similarity(" ".join(ta), " ".join(tb)) >= SIMILAR_AT:
        return "similar"
    return None


def _extension(text: str, words: int) -> str | None:
    """How the longer name ``text`` goes on after its first ``words`` words: a lower-case word
    qualifies the place ("Frankfurt am Main", "Newcastle upon Tyne"); a capitalised word makes a
    longer name that may be another place ("Bury St Edmunds"); a hyphen makes one other word
    ("Košice-Juh"); a bracket names another kind of place ("Dębica (rural gmina)")."""
    seen, in_word = 0, False
    for index, char in enumerate(text):
        if char.isalnum():
            if not in_word:
                if seen == words:
                    rest = text[index - 1::-1]
                    joined = next((c for c in rest if not c.isspace()), " ")
                    if joined in "-‐–":
                        return "similar"
                    return "qualified" if char.islower() else "longer"
                in_word = True
                seen += 1
        else:
            in_word = False
            if char == "(" and seen == words:
                return None
    return None


def compare_names(names_a: Iterable[str], names_b: Iterable[str], cues: NameCues
                  ) -> str | None:
    """The best way any name of one side agrees with any of the other: ``"equal"``,
    ``"cue"``, ``"qualified"``, ``"longer"``, ``"similar"`` or ``None``."""
    order = list(NAME_POINTS)
    best: str | None = None
    for a in names_a:
        for b in names_b:
            found = _compare_pair(a, b, cues)
            if found is not None and (best is None or order.index(found) < order.index(best)):
                best = found
                if best == "equal":
                    return best
    return best


def distance_points(km: float | None) -> float | None:
    """Points for a distance (``None``: unknown, 0); ``None`` when too far for a candidate."""
    if km is None:
        return 0.0
    for limit, points in _DISTANCE_POINTS:
        if km <= limit:
            return points
    return None
