"""The graph builder: the quads of one source's named graph, each place stated once.

A :class:`PlaceMention` (one place as the source writes it) is checked with
:func:`check_mention` (a name, a known country, coordinates in range) and stated by
:meth:`GraphBuilder.place`, which resolves it with :class:`~.places.Resolver`: new places in
full, places merged into another source's node with only what this source adds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..geo.checks import check_position
from ..vocab import FG, FGC, GEO, ID, OWL, RDF, RDFS, SKOS, XSD
from .countries import CountryMatch, country_label, resolve_country
from .identifiers import Identifier
from .parsing import normalise, parse_coordinate
from .places import PlaceNode, parse_place_name, slugify
from .provenance import Dataset
from .report import REASON_COORDINATE, REASON_COUNTRY, REASON_EMPTY_NAME, ImportReport
from .resolver import Resolution, Resolver
from .review import ReviewItem

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["PlaceMention", "check_mention", "GraphBuilder"]

# Terms used per row, looked up once (rdflib namespace lookups are slow).
_TYPE, _LABEL, _ALT = RDF.type, RDFS.label, SKOS.altLabel
_COUNTRY, _LOCATED_IN, _LAT, _LONG = FG.country, FG.locatedIn, GEO.lat, GEO.long
_POPULATION, _DECIMAL = FG.population, XSD.decimal
_ISSUE, _NOTE, _OUTSIDE = FG.qualityIssue, FG.uncertainty, FGC.coordinatesOutsideCountry
_CITY, _DISTRICT, _PLACE = FG.City, FG.District, FG.Place


@dataclass
class PlaceMention:
    """One side of a pair, as the source writes it."""

    name: str
    country: str | None = None
    lat: str | float | None = None
    lon: str | float | None = None
    ids: list[Identifier] = field(default_factory=list)  # identifiers the source gives
    population: int | None = None
    alignment: URIRef = OWL.sameAs  # how the source aligns it with other IRIs


def check_mention(mention: PlaceMention, row: int | str, report: ImportReport
                  ) -> tuple[CountryMatch, tuple[Any, Any] | None] | None:
    """The country and the coordinates (or ``None``) of a mention; ``None`` when the row is
    rejected (empty name, unknown country, a bad or a single coordinate).

    A name like "Varna, Bulgaria" with an empty country gives its country (and loses it).
    """
    if not normalise(mention.name or ""):
        report.reject(row, REASON_EMPTY_NAME, "")
        return None
    country_text = mention.country
    match = resolve_country(country_text) if country_text else None
    if match is None and not (country_text or "").strip() and "," in mention.name:
        # "Varna, Bulgaria" with an empty country column: the country is in the name.
        head, _, tail = mention.name.rpartition(",")
        match = resolve_country(tail)
        if match is not None:
            mention.name = head.strip()
    if match is None:
        report.reject(row, REASON_COUNTRY, f"{mention.name!r}: {country_text or ''!r}")
        return None
    try:
        lat = parse_coordinate(None if mention.lat is None else str(mention.lat), -90, 90)
        lon = parse_coordinate(None if mention.lon is None else str(mention.lon), -180, 180)
    except ValueError as error:
        report.reject(row, REASON_COORDINATE, f"{mention.name!r}: {error}")
        return None
    if (lat is None) != (lon is None):
        report.reject(row, REASON_COORDINATE, f"{mention.name!r}: only one coordinate")
        return None
    return match, ((lat, lon) if lat is not None else None)


class GraphBuilder:
    """Collects the quads of one source graph, stating each place once, the way the resolver
    decided: new places in full; places merged into another source's node with only what
    this source adds (its spelling as skos:altLabel, its Wikidata link)."""

    def __init__(self, store: Store, dataset: Dataset, report: ImportReport,
                 resolver: Resolver | None = None) -> None:
        self.store = store
        self.dataset = dataset
        self.report = report
        self.resolver = resolver or Resolver.from_store(store, exclude_graph=dataset.graph)
        self.graph = dataset.graph
        self.triples: set[tuple[Node, Node, Node]] = set()
        self._countries: set[str] = set()
        self._constituents: set[str] = set()
        self._existing_country_labels = self._country_labels()
        self._touched: set[URIRef] = set()
        self.merged: set[URIRef] = set()
        self._methods: set[tuple] = set()
        #: labels of nodes that are not places of a country (edge lists' nodes)
        self.labels: dict[URIRef, str] = {}
        self._reviewed: set[tuple[URIRef, str]] = set()
        self._coords_done: set[URIRef] = set()
        self._spellings: set[tuple[URIRef, str]] = set()

    def _country_labels(self) -> dict[str, str]:
        rows = self.store.query("""
            SELECT ?c ?label WHERE { ?c a fg:Country ; rdfs:label ?label .
                                     FILTER (LANGMATCHES(LANG(?label), "en")) }""").rows
        return {str(c): str(label) for c, label in rows}

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.triples.add((s, p, o))

    # -- countries ---------------------------------------------------------------------------

    def country(self, match: CountryMatch) -> URIRef:
        iri = ID[f"country/{match.code}"]
        if match.code not in self._countries:
            self._countries.add(match.code)
            label = self._existing_country_labels.get(str(iri)) or country_label(match.iso2)
            self.add(iri, _TYPE, FG.Country)
            self.add(iri, _LABEL, Literal(label, lang="en"))
            self.add(iri, FG.isoCode, Literal(match.iso2))
        if match.constituent and match.constituent not in self._constituents:
            self._constituents.add(match.constituent)
            c_iri = ID[f"place/{match.code}/{match.constituent}"]
            self.add(c_iri, _TYPE, FG.ConstituentCountry)
            self.add(c_iri, _LABEL, Literal(match.constituent_label, lang="en"))
            self.add(c_iri, _COUNTRY, iri)
        return iri

    # -- places ------------------------------------------------------------------------------

    def place(self, mention: PlaceMention, match: CountryMatch, row: int | str,
              coords: tuple[Any, Any] | None) -> PlaceNode:
        """Resolve a mention and state it in this graph; returns the node."""
        self.country(match)
        parsed = parse_place_name(mention.name)
        parent_node = None
        if parsed.parent:
            parent_node = self._resolve(PlaceMention(parsed.parent), match, row, None,
                                        cls=_CITY if parsed.parent_is_city else _PLACE)
        cls = _DISTRICT if parsed.parent_is_city else (
            _PLACE if parsed.name == mention.name and "(" in mention.name else _CITY)
        slug_hint = None
        if parsed.parent:
            slug_hint = f"{slugify(parsed.name)}-{slugify(parsed.parent)}"
        node = self._resolve(PlaceMention(parsed.name, mention.country, mention.lat, mention.lon,
                                          mention.ids, mention.population, mention.alignment),
                             match, row, coords, cls=cls,
                             parent=parent_node.iri if parent_node else None,
                             slug_hint=slug_hint)
        if parsed.qualified:
            self._spelling(node, normalise(mention.name))
        if parent_node is not None and node.parent == parent_node.iri:
            self.add(node.iri, _LOCATED_IN, parent_node.iri)
        elif match.constituent and node.parent is None:
            self.add(node.iri, _LOCATED_IN, ID[f"place/{match.code}/{match.constituent}"])
        if parent_node is not None and match.constituent and parent_node.parent is None:
            self.add(parent_node.iri, _LOCATED_IN,
                     ID[f"place/{match.code}/{match.constituent}"])
        return node

    def _resolve(self, mention: PlaceMention, match: CountryMatch, row: int | str,
                 coords: tuple[Any, Any] | None, *, cls: URIRef,
                 parent: URIRef | None = None, slug_hint: str | None = None) -> PlaceNode:
        lat = float(coords[0]) if coords else None
        lon = float(coords[1]) if coords else None
        found = self.resolver.resolve(mention.name, match.code, lat=lat, lon=lon,
                                      ids=mention.ids, parent=parent, cls=cls,
                                      slug_hint=slug_hint)
        self._count(found, mention.name, row)
        node, created = found.node, found.created
        iri = node.iri
        if iri not in self._touched:
            self._touched.add(iri)
            self.add(iri, _TYPE, node.cls if not created else cls)
            self.add(iri, _COUNTRY, ID[f"country/{match.code}"])
        self._spelling(node, mention.name)
        if coords and iri not in self._coords_done:
            self._coords_done.add(iri)
            self._position(node, match, row, coords, created)
        for identifier in mention.ids:
            statement = identifier.statement(mention.alignment)
            if statement is not None:
                self.add(iri, *statement)
        self.resolver.add_ids(node, mention.ids)
        if mention.population is not None:
            self.add(iri, _POPULATION, Literal(int(mention.population)))
        return node

    def _count(self, found: Resolution, name: str, row: int | str) -> None:
        """The report's counts, conflicts and review list for one resolution."""
        report, node = self.report, found.node
        for conflict in found.conflicts:
            report.conflict(row, conflict.kind, conflict.detail)
        if found.created:
            report.places_created += 1
        elif node.existing and node.iri not in self.merged:
            self.merged.add(node.iri)
            report.places_merged += 1
        # Each place of another source counts once, by how this import first reached it;
        # a place of this import reached under another spelling counts once per spelling.
        if found.how != "created":
            key: tuple = (node.iri,) if node.existing else (node.iri, name)
            if key not in self._methods and (node.existing or found.how in ("score",
                                                                           "decision")):
                self._methods.add(key)
                report.merged_by[found.how] = report.merged_by.get(found.how, 0) + 1
        pairs = [(c, "kept apart") for c in found.review]
        if found.merged is not None and (node.iri, name) not in self._reviewed:
            self._reviewed.add((node.iri, name))
            pairs.append((found.merged, "merged"))
        for cand, outcome in pairs:
            report.review.append(ReviewItem(
                cand.score.points, outcome, found.would_be or str(node.iri), name,
                str(cand.node.iri), cand.node.label, node.code, cand.km, cand.score.text,
                str(row), self.dataset.name))

    def _position(self, node: PlaceNode, match: CountryMatch, row: int | str,
                  coords: tuple[Any, Any], created: bool) -> None:
        """State a mention's position: one position per place (the first source's), unless
        the place's position lies outside its country and this one does not; a position
        outside the country is marked and reported."""
        lat, lon = float(coords[0]), float(coords[1])
        check = check_position(match.iso2, lat, lon)
        self.report.positions.append((match.iso2, check))
        first = created or node.lat is None or node.coords_from == str(self.graph)
        if not first and node.position_ok is None:
            node.position_ok = check_position(node.code, node.lat, node.lon).ok  # type: ignore[arg-type]
        corrects = not first and node.position_ok is False and check.ok
        iri = node.iri
        if not check.ok:
            note = check.describe(match.iso2, lat, lon)
            if not first:
                note += "; not used: the place has a position from another source"
            self.add(iri, _ISSUE, _OUTSIDE)
            self.add(iri, _NOTE, Literal(note[:1].upper() + note[1:], lang="en"))
            self.report.outside.append((str(row), str(iri), note))
        if first or corrects:
            node.coords_from, node.position_ok = str(self.graph), check.ok
            self.resolver.move(node, lat, lon)
            self.add(iri, _LAT, Literal(str(coords[0]), datatype=_DECIMAL))
            self.add(iri, _LONG, Literal(str(coords[1]), datatype=_DECIMAL))
            if corrects:
                self.report.corrected.append((str(row), str(iri)))

    def _spelling(self, node: PlaceNode, spelling: str) -> None:
        """The canonical label as rdfs:label@en, any other spelling as skos:altLabel@en."""
        spelling = normalise(spelling)
        if not spelling or (node.iri, spelling) in self._spellings:
            return
        self._spellings.add((node.iri, spelling))
        if spelling == node.label:
            self.add(node.iri, _LABEL, Literal(spelling, lang="en"))
        else:
            self.add(node.iri, _ALT, Literal(spelling, lang="en"))
        self.resolver.add_label(node, spelling)

    # -- writing -----------------------------------------------------------------------------

    def quads(self) -> list[tuple[Node, Node, Node, Node]]:
        g = self.graph
        return [*self.dataset.quads(), *((s, p, o, g) for s, p, o in self.triples)]

    def write(self) -> int:
        quads = self.quads()
        self.store.add_quads(quads, replace_graph=self.graph)
        self.report.quads_written = len(quads)
        return len(quads)
