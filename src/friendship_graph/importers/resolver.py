"""Entity resolution: which node a mention of a place is, across sources.

:class:`Resolver` is seeded from the places already in the store (every graph but the one
being replaced) and from the curators' decisions (:mod:`.review`), then resolves mentions one
by one, in this order:

1. **identifiers** -- a mention that shares an identifier with a node (a Wikidata Q-id, a
   GeoNames id, an ISO 3166-2 code, any aligned IRI, or the place's own IRI from an export) is
   that node, whatever the names;
2. **a curator's merge** -- a mention that would become a place the curator merged into
   another becomes that other place;
3. **scores** -- the places of the same country with an equal name (any spelling), or a
   similar name, or near it, are scored (:mod:`.scoring`) unless a curator kept the pair apart;
   the best at or above :data:`~.scoring.MERGE_AT` is the node; else a new node is made and
   candidates from :data:`~.scoring.REVIEW_AT` up are listed for review.

A position outside its country (:mod:`.quality`) is treated as unknown: the Wikipedia list's
us/rome, geocoded at Rome, Italy, still meets Wikidata's Rome, Georgia. Equal names far apart
(``distance``) and equal names near each other across a border (``country``) are reported as
conflicts and never merged.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import URIRef

from ..geo.checks import check_position
from ..names import fold
from ..vocab import FG
from .identifiers import Identifier
from .places import (
    MAX_DISTANCE_KM,
    Conflict,
    PlaceNode,
    haversine_km,
    parse_place_name,
    place_iri,
    seed_places,
    slugify,
)
from .review import Decisions, read_decisions
from .scoring import (
    ID_CONFLICT_POINTS,
    MERGE_AT,
    NAME_POINTS,
    PARENT_CONFLICT_POINTS,
    REVIEW_AT,
    NameCues,
    Score,
    compare_names,
    distance_points,
)

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["Resolver", "Resolution", "Candidate", "name_cues"]

#: Grid cells for finding near places whatever their names (about 11 km).
_CELL = 10.0


@dataclass
class Candidate:
    """A node compared with a mention: its score, and the distance when both have one."""

    node: PlaceNode
    score: Score
    km: float | None


@dataclass
class Resolution:
    """What the resolver decided for one mention."""

    node: PlaceNode
    created: bool
    how: str  # "id", "decision", "name" (equal names), "score" (names not equal), "created"
    conflicts: list[Conflict] = field(default_factory=list)
    review: list[Candidate] = field(default_factory=list)  # left apart, to be reviewed
    merged: Candidate | None = None  # the candidate merged into, on a score
    would_be: str = ""  # the IRI the mention would have had on its own


def name_cues(store: Store) -> NameCues:
    """The folded English ``fg:nameCue`` words of the place classes: those of fg:City and
    below, and those of the other place classes."""
    rows = store.query("""
        SELECT DISTINCT ?cue ?city WHERE {
            ?c rdfs:subClassOf* fg:Place ; fg:nameCue ?cue .
            FILTER (LANGMATCHES(LANG(?cue), "en"))
            BIND (EXISTS { ?c rdfs:subClassOf* fg:City } AS ?city)
        }""").rows
    city = {fold(str(cue)) for cue, is_city in rows if str(is_city).lower() in ("true", "1")}
    other = {fold(str(cue)) for cue, is_city in rows} - city
    return NameCues(frozenset(c for c in city if c), frozenset(c for c in other if c))


class Resolver:
    """Resolve mentions of places to nodes; see the module documentation."""

    def __init__(self, max_km: float = MAX_DISTANCE_KM, *, cues: NameCues | None = None,
                 decisions: Decisions | None = None) -> None:
        self.max_km = max_km
        self.cues = cues or NameCues()
        self.decisions = decisions or Decisions()
        self.by_key: dict[tuple[str, str], list[PlaceNode]] = defaultdict(list)
        self.by_slug: dict[str, list[PlaceNode]] = defaultdict(list)
        self.by_token: dict[tuple[str, str], list[PlaceNode]] = defaultdict(list)
        self.by_cell: dict[tuple[str, int, int], list[PlaceNode]] = defaultdict(list)
        self.by_iri: dict[URIRef, PlaceNode] = {}
        self.by_id: dict[str, PlaceNode] = {}
        self.taken: set[URIRef] = set()

    @classmethod
    def from_store(cls, store: Store, max_km: float = MAX_DISTANCE_KM,
                   exclude_graph: URIRef | None = None) -> Resolver:
        """A resolver that knows every place of the store that has a country, as stated by
        every graph but ``exclude_graph`` (the graph an import is about to replace), and the
        curators' decisions."""
        resolver = cls(max_km, cues=name_cues(store), decisions=read_decisions(store))
        for node in seed_places(store, exclude_graph):
            resolver.index(node)
        return resolver

    # -- indexes -----------------------------------------------------------------------------

    def index(self, node: PlaceNode) -> None:
        """Add a node to the indexes (its labels, identifiers and position)."""
        self.by_iri[node.iri] = node
        self.taken.add(node.iri)
        for key in node.ids:
            self.by_id.setdefault(key, node)
        slugs = {str(node.iri).rsplit("/", 1)[-1]} if not node.existing else set()
        for label in node.labels | {node.label}:
            self._index_label(node, label, slugs)
            parsed = parse_place_name(label)
            if parsed.qualified:
                self._index_label(node, parsed.name, slugs)
        for slug in slugs:
            self._add(self.by_key[(node.code, slug)], node)
            self._add(self.by_slug[slug], node)
        self._index_position(node)

    def _index_label(self, node: PlaceNode, label: str, slugs: set[str]) -> None:
        slugs.add(slugify(label))
        for token in fold(label).split():
            if len(token) > 2 and token not in self.cues.city:
                self._add(self.by_token[(node.code, token)], node)

    def _index_position(self, node: PlaceNode) -> None:
        if node.lat is not None and node.lon is not None:
            cell = (node.code, int(node.lat * _CELL // 1), int(node.lon * _CELL // 1))
            self._add(self.by_cell[cell], node)

    @staticmethod
    def _add(bucket: list[PlaceNode], node: PlaceNode) -> None:
        if node not in bucket:
            bucket.append(node)

    def add_label(self, node: PlaceNode, label: str) -> None:
        """Remember another spelling of a node (so later mentions can match it)."""
        if label not in node.labels:
            node.labels.add(label)
            slugs: set[str] = set()
            self._index_label(node, label, slugs)
            for slug in slugs:
                self._add(self.by_key[(node.code, slug)], node)
                self._add(self.by_slug[slug], node)

    def add_ids(self, node: PlaceNode, ids: Iterable[Identifier]) -> None:
        """Remember identifiers a source gives a node."""
        for identifier in ids:
            if identifier.scheme != "place":
                node.ids.add(identifier.key)
                self.by_id.setdefault(identifier.key, node)

    def move(self, node: PlaceNode, lat: float, lon: float) -> None:
        """Give a node a (corrected) position."""
        node.lat, node.lon = lat, lon
        self._index_position(node)

    # -- resolving ---------------------------------------------------------------------------

    def resolve(self, name: str, code: str, *, lat: float | None = None,
                lon: float | None = None, ids: Iterable[Identifier] = (),
                parent: URIRef | None = None, cls: URIRef = FG.City,
                slug_hint: str | None = None) -> Resolution:
        """The node for a place called ``name`` in country ``code`` (lower case)."""
        ids = list(ids)
        for identifier in ids:
            node = self.by_iri.get(URIRef(identifier.value)) if identifier.scheme == "place" \
                else self.by_id.get(identifier.key)
            if node is not None:
                return Resolution(node, False, "id")
        own = next((URIRef(i.value) for i in ids if i.scheme == "place"), None)
        would = own or self._mint(code, slug_hint or slugify(name))
        target = self.decisions.merge.get(str(would))
        if target is not None and URIRef(target) in self.by_iri:
            return Resolution(self.by_iri[URIRef(target)], False, "decision",
                              would_be=str(would))
        outside = lat is not None and not check_position(code, lat, lon).ok  # type: ignore[arg-type]
        position = None if outside or lat is None else (lat, lon)
        mention_ids = {i.key.split(":", 1)[0]: i.key for i in ids if i.scheme != "place"}
        conflicts: list[Conflict] = []
        candidates = self._scored(self.by_key.get((code, slugify(name)), []), name, code,
                                  position, mention_ids, parent, str(would), conflicts,
                                  equal=True)
        best = max(candidates, key=_rank, default=None)
        if best is None or best.score.points < MERGE_AT:
            seen = {c.node.iri for c in candidates}
            candidates += self._scored(
                [n for n in self._nearby(name, code, position) if n.iri not in seen], name, code,
                position, mention_ids, parent, str(would), conflicts, equal=False)
            best = max(candidates, key=_rank, default=None)
        if best is not None and best.score.points >= MERGE_AT:
            how = "name" if best.score.reasons[0].startswith("equal") and \
                not best.score.against else "score"
            return Resolution(best.node, False, how,
                              merged=best if how == "score" else None, would_be=str(would))
        if lat is not None:
            conflicts += self._across_borders(name, code, slugify(name), lat, lon)  # type: ignore[arg-type]
        node = PlaceNode(would, code, name, cls=cls, lat=lat, lon=lon,
                         ids={i.key for i in ids if i.scheme != "place"}, parent=parent,
                         labels={name})
        self.index(node)
        review = sorted((c for c in candidates if REVIEW_AT <= c.score.points < MERGE_AT),
                        key=_rank, reverse=True)[:3]
        return Resolution(node, True, "created", conflicts, review, would_be=str(would))

    def _nearby(self, name: str, code: str, position: tuple[float, float] | None
                ) -> list[PlaceNode]:
        """Blocking: the places of the country that share a word of the name, or lie in the
        mention's grid cell or the ones around it."""
        found: dict[URIRef, PlaceNode] = {}
        for token in fold(name).split():
            if len(token) > 2 and token not in self.cues.city:
                for node in self.by_token.get((code, token), ()):
                    found.setdefault(node.iri, node)
        if position is not None:
            row, col = int(position[0] * _CELL // 1), int(position[1] * _CELL // 1)
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    for node in self.by_cell.get((code, row + dr, col + dc), ()):
                        found.setdefault(node.iri, node)
        return list(found.values())

    def _scored(self, nodes: Iterable[PlaceNode], name: str, code: str,
                position: tuple[float, float] | None, mention_ids: dict[str, str],
                parent: URIRef | None, would: str, conflicts: list[Conflict], *,
                equal: bool) -> list[Candidate]:
        out = []
        for node in nodes:
            if self.decisions.kept_apart(would, str(node.iri)):
                continue
            kind = "equal" if equal else compare_names([name], node.labels | {node.label},
                                                       self.cues)
            if kind is None:
                continue
            score = Score()
            score.add(NAME_POINTS[kind], f"{kind} names")
            km = self._km(node, position)
            points = distance_points(km)
            if points is None:
                if equal:
                    conflicts.append(Conflict(
                        "distance", f"{name!r} ({code.upper()}) is {km:.0f} km from "
                        f"{node.iri} ({node.label!r}): kept as separate places"))
                continue
            score.add(points, "no usable position" if km is None else f"{km:.1f} km apart")
            for scheme, key in mention_ids.items():
                theirs = {k for k in node.ids if k.startswith(scheme + ":")}
                if theirs and key not in theirs:
                    score.add(ID_CONFLICT_POINTS, f"different {scheme} ids {key.split(':')[1]}"
                              f" / {', '.join(sorted(k.split(':')[1] for k in theirs))}")
            if parent and node.parent and node.parent != parent:
                score.add(PARENT_CONFLICT_POINTS, "different parent places")
            out.append(Candidate(node, score, km))
        return out

    def _km(self, node: PlaceNode, position: tuple[float, float] | None) -> float | None:
        """The distance to a node, or None when either position is unknown or outside its
        country."""
        if position is None or node.lat is None or node.lon is None:
            return None
        if node.position_ok is None:
            node.position_ok = check_position(node.code, node.lat, node.lon).ok
        if not node.position_ok:
            return None
        return haversine_km(position[0], position[1], node.lat, node.lon)

    def _across_borders(self, name: str, code: str, slug: str, lat: float,
                        lon: float) -> list[Conflict]:
        """Places of the same name in another country within :attr:`max_km` (not merged)."""
        conflicts = []
        for cand in self.by_slug.get(slug, []):
            if cand.code != code and cand.lat is not None:
                km = haversine_km(lat, lon, cand.lat, cand.lon)  # type: ignore[arg-type]
                if km <= self.max_km:
                    conflicts.append(Conflict(
                        "country", f"{name!r} in {code.upper()} is {km:.0f} km from "
                        f"{cand.iri} in {cand.code.upper()}: countries differ, not merged"))
        return conflicts

    def _mint(self, code: str, slug: str) -> URIRef:
        iri = place_iri(code, slug)
        n = 2
        while iri in self.taken:
            iri = place_iri(code, f"{slug}-{n}")
            n += 1
        return iri


def _rank(candidate: Candidate) -> tuple[float, float]:
    """Best score first; among equal scores, the nearest."""
    return candidate.score.points, -(candidate.km if candidate.km is not None else math.inf)
