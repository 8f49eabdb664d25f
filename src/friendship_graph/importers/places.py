"""Place names: normalisation, qualifiers, slugs, and entity resolution across sources.

* :func:`slugify` makes the ASCII slug of place IRIs (``id:place/<iso2>/<slug>``): lower case,
  accents stripped, apostrophes dropped, any other run of non-alphanumerics -> ``-``. The same
  name gives the same IRI in every source ("Szolnok" -> ``id:place/hu/szolnok``).
* :func:`parse_place_name` splits qualified names: "Setagaya (Tokyo)" and "Seoul – Gangdong"
  are a district located in a city; "Mansfield, Massachusetts" a town located in a region;
  "Paderborn (district)" (a lower-case qualifier) is one name.
* :class:`Resolver` finds the node a mention of a place refers to: by Wikidata id where both
  have one, else by normalised name + country + coordinate distance (at most
  :data:`MAX_DISTANCE_KM`). It is seeded from the places already in the store, so a source
  imported later merges into the nodes of the sources before it. Same name and country but far
  apart, or near but in another country, is a conflict: reported, never merged.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import URIRef

from ..vocab import FG, GEO, ID, OWL, RDF, RDFS, SKOS, WD

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["slugify", "parse_place_name", "ParsedName", "haversine_km", "PlaceNode",
           "Resolver", "Conflict", "MAX_DISTANCE_KM", "place_iri"]

#: Two mentions further apart than this are not the same place.
MAX_DISTANCE_KM = 50.0

_TRANSLIT = str.maketrans({
    "ß": "ss", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "æ": "ae",
    "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "Þ": "th", "ð": "d", "ə": "e",
    "Ə": "e", "ħ": "h", "Ħ": "h",
})


@lru_cache(maxsize=65536)
def slugify(name: str) -> str:
    """The ASCII slug of a name, as used in place IRIs.

    >>> slugify("Hội An"), slugify("Wals-Siezenheim"), slugify("Bikenfei'erde")
    ('hoi-an', 'wals-siezenheim', 'bikenfeierde')

    Names with no Latin letters (晋中) get a stable hash slug (``h-<10 hex>``).
    """
    text = unicodedata.normalize("NFKD", name.translate(_TRANSLIT))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’ʻʼ`]", "", text)
    text = re.sub(r"[^A-Za-z0-9]+", "-", text.encode("ascii", "ignore").decode()).strip("-")
    text = text.lower()
    if not text:
        return "h-" + hashlib.sha1(name.strip().encode("utf-8")).hexdigest()[:10]
    return text


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace (but not newlines inside the text) and strip."""
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


@dataclass(frozen=True)
class ParsedName:
    """A place name split into the place's own name and the place it lies in."""

    name: str
    parent: str | None = None
    parent_is_city: bool = False  # "(Tokyo)" / "Seoul –": the place is part of a city

    @property
    def qualified(self) -> bool:
        return self.parent is not None


_PAREN = re.compile(r"^(?P<name>.+?)\s*\((?P<qual>[^()]+)\)$", re.DOTALL)
_DASH = re.compile(r"^(?P<parent>.+?)\s+[–—-]\s+(?P<name>.+)$", re.DOTALL)
_ROMAN = re.compile(r"\s+(?:[IVXLC]+|\d+)\.?$")


def parse_place_name(raw: str) -> ParsedName:
    """Split a qualified name.

    >>> parse_place_name("Setagaya (Tokyo)")
    ParsedName(name='Setagaya', parent='Tokyo', parent_is_city=True)
    >>> parse_place_name("Seoul – Gangdong")
    ParsedName(name='Gangdong', parent='Seoul', parent_is_city=True)
    >>> parse_place_name("Mansfield, Massachusetts")
    ParsedName(name='Mansfield', parent='Massachusetts', parent_is_city=False)
    >>> parse_place_name("Paderborn (district)").name
    'Paderborn (district)'
    """
    name = normalise_space(raw)
    match = _PAREN.match(name)
    if match and match.group("qual")[:1].isupper():
        return ParsedName(match.group("name").strip(), match.group("qual").strip(), True)
    if match:
        return ParsedName(name)
    match = _DASH.match(name)
    if match:
        parent = _ROMAN.sub("", match.group("parent").strip())
        return ParsedName(match.group("name").strip(), parent, True)
    if name.count(",") == 1:
        head, tail = (part.strip() for part in name.split(","))
        if head and tail and tail[:1].isupper():
            return ParsedName(head, tail, False)
    return ParsedName(name)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def place_iri(code: str, slug: str) -> URIRef:
    """``id:place/<code>/<slug>``."""
    return ID[f"place/{code}/{slug}"]


@dataclass
class PlaceNode:
    """What the resolver knows about one place node."""

    iri: URIRef
    code: str  # lower-case country code
    label: str  # the canonical (English) label
    cls: URIRef = FG.City
    lat: float | None = None
    lon: float | None = None
    qid: str | None = None
    parent: URIRef | None = None
    existing: bool = False  # was in the store before this import
    coords_from: str | None = None  # graph that stated the coordinates
    labels: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Conflict:
    """Two mentions that look alike but were not merged."""

    kind: str  # "distance" or "country"
    detail: str


class Resolver:
    """Resolve mentions of places to nodes, seeded from a store's places.

    ``resolve()`` returns ``(node, created, conflicts)``. Nodes it creates are added to its
    indexes, so later mentions in the same import merge into them.
    """

    def __init__(self, max_km: float = MAX_DISTANCE_KM) -> None:
        self.max_km = max_km
        self.by_key: dict[tuple[str, str], list[PlaceNode]] = defaultdict(list)
        self.by_slug: dict[str, list[PlaceNode]] = defaultdict(list)
        self.by_iri: dict[URIRef, PlaceNode] = {}
        self.by_qid: dict[str, PlaceNode] = {}
        self.taken: set[URIRef] = set()

    # -- seeding ------------------------------------------------------------------------------

    @classmethod
    def from_store(cls, store: Store, max_km: float = MAX_DISTANCE_KM,
                   exclude_graph: URIRef | None = None) -> Resolver:
        """A resolver that knows every place of the store that has a country, as stated by
        every graph but ``exclude_graph`` (the graph an import is about to replace)."""
        resolver = cls(max_km)
        skip = str(exclude_graph) if exclude_graph else None

        def each(prop: URIRef):  # noqa: ANN202
            for subject, value, lang, graph in iter_statements(store, prop):
                if graph != skip:
                    yield subject, value, lang

        info = _places(each)
        _names(info, each)
        city_classes = {str(c) for c in _subclasses(store, FG.City)}
        for p, t, _ in each(RDF.type):
            if p in info:
                info[p]["types"].add(t)
        for p, entry in sorted(info.items()):
            resolver._index(_seeded_node(p, entry, city_classes))
        return resolver

    def _index(self, node: PlaceNode) -> None:
        self.by_iri[node.iri] = node
        self.taken.add(node.iri)
        if node.qid:
            self.by_qid.setdefault(node.qid, node)
        slugs = {slugify(label) for label in node.labels | {node.label}}
        if not node.existing:
            slugs.add(str(node.iri).rsplit("/", 1)[-1])
        for label in list(node.labels):
            parsed = parse_place_name(label)
            if parsed.qualified:
                slugs.add(slugify(parsed.name))
        for slug in slugs:
            if node not in self.by_key[(node.code, slug)]:
                self.by_key[(node.code, slug)].append(node)
                self.by_slug[slug].append(node)

    def add_label(self, node: PlaceNode, label: str) -> None:
        """Remember another spelling of a node (so later mentions can match it)."""
        if label not in node.labels:
            node.labels.add(label)
            slug = slugify(label)
            if node not in self.by_key[(node.code, slug)]:
                self.by_key[(node.code, slug)].append(node)
                self.by_slug[slug].append(node)

    # -- resolving ----------------------------------------------------------------------------

    def resolve(self, name: str, code: str, *, lat: float | None = None,
                lon: float | None = None, qid: str | None = None,
                parent: URIRef | None = None, cls: URIRef = FG.City,
                slug_hint: str | None = None,
                ) -> tuple[PlaceNode, bool, list[Conflict]]:
        """The node for a place called ``name`` in country ``code`` (lower case)."""
        conflicts: list[Conflict] = []
        if qid and qid in self.by_qid:
            return self.by_qid[qid], False, conflicts
        slug = slugify(name)
        candidates = [c for c in self.by_key.get((code, slug), [])
                      if not (qid and c.qid and c.qid != qid)
                      and not (parent and c.parent and c.parent != parent)]
        best, far = self._nearest(candidates, lat, lon)
        if best is not None:
            return best, False, conflicts
        for cand, km in far:
            conflicts.append(Conflict(
                "distance", f"{name!r} ({code.upper()}) is {km:.0f} km from {cand.iri} "
                f"({cand.label!r}): kept as separate places"))
        if lat is not None:
            conflicts += self._across_borders(name, code, slug, lat, lon)  # type: ignore[arg-type]
        node = PlaceNode(self._mint(code, slug_hint or slug), code, name, cls=cls, lat=lat,
                         lon=lon, qid=qid, parent=parent, labels={name})
        self._index(node)
        return node, True, conflicts

    def _nearest(self, candidates: list[PlaceNode], lat: float | None, lon: float | None,
                 ) -> tuple[PlaceNode | None, list[tuple[PlaceNode, float]]]:
        """The candidate to merge into -- the nearest within :attr:`max_km`, else the first
        without coordinates (on either side) -- and the candidates too far away, with their
        distances."""
        best: PlaceNode | None = None
        best_km = math.inf
        far: list[tuple[PlaceNode, float]] = []
        for cand in candidates:
            if lat is None or cand.lat is None:
                if best is None:
                    best, best_km = cand, math.inf
                continue
            km = haversine_km(lat, lon, cand.lat, cand.lon)  # type: ignore[arg-type]
            if km <= self.max_km:
                if best is None or best_km == math.inf or km < best_km:
                    best, best_km = cand, km
            else:
                far.append((cand, km))
        return best, far

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


def iter_statements(store: Store, prop: URIRef):  # noqa: ANN201
    """``(subject, object value, object language, graph)`` strings of every statement with
    ``prop``, read straight from pyoxigraph (fast; rdflib terms are slow in bulk)."""
    ox_store = getattr(store, "_ox", None)
    if ox_store is None:
        for s_, _, o, g in store.quads(None, prop, None):
            yield str(s_), str(o), getattr(o, "language", None) or "", str(g)
        return
    import pyoxigraph as ox

    for quad in ox_store.quads_for_pattern(None, ox.NamedNode(str(prop)), None, None):
        obj = quad.object
        lang = obj.language or "" if isinstance(obj, ox.Literal) else ""
        graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        yield quad.subject.value, obj.value, lang, graph


def fast_rows(store: Store, sparql: str) -> list[tuple[str | None, ...]]:
    """SELECT rows as plain strings (IRI, lexical form; language tags dropped, except that a
    ``@lang`` suffix is kept for literals in a column named ``*_lang``).

    Reads pyoxigraph directly: converting hundreds of thousands of terms to rdflib is the
    slow part of seeding a resolver from a big store.
    """
    import pyoxigraph as ox

    from ..vocab import PREFIXES

    ox_store = getattr(store, "_ox", None)
    if ox_store is None:  # another backend: the slower public API
        return [tuple(None if v is None else str(v) for v in row)
                for row in store.query(sparql).rows]
    result = ox_store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    rows = []
    for solution in result:
        row = []
        for name in names:
            term = solution[name]
            if term is None:
                row.append(None)
            elif isinstance(term, ox.Literal) and name.endswith("_lang"):
                row.append(term.language or "")
            else:
                row.append(term.value)
        rows.append(tuple(row))
    return rows


def _places(each: Callable[[URIRef], Iterator[tuple[str, str, str]]]) -> dict[str, dict]:
    """Every subject with an ``fg:country`` -> its country code (the country's
    ``fg:isoCode``, else the end of its IRI) and coordinates (when both parse)."""
    info: dict[str, dict] = {}
    codes = {c: v.lower() for c, v, _ in each(FG.isoCode)}
    for p, country, _ in each(FG.country):
        cc = codes.get(country) or country.rsplit("/", 1)[-1].lower()
        info.setdefault(p, {"code": cc, "labels": [], "types": set()})
    lats = {p: v for p, v, _ in each(GEO.lat) if p in info}
    for p, lon, _ in each(GEO.long):
        if p in lats and "lat" not in info[p]:
            with contextlib.suppress(ValueError):
                info[p]["lat"], info[p]["lon"] = float(lats[p]), float(lon)
    return info


def _names(info: dict[str, dict], each: Callable[[URIRef], Iterator[tuple[str, str, str]]],
           ) -> None:
    """Add the labels, alternative labels, Wikidata id and parent place of each place."""
    for p, label, lang in each(RDFS.label):
        if p in info:
            info[p]["labels"].append((label, lang))
    for p, label, _ in each(SKOS.altLabel):
        if p in info:
            info[p].setdefault("alts", []).append(label)
    for p, same, _ in each(OWL.sameAs):
        if p in info and same.startswith(str(WD)):
            info[p]["qid"] = same[len(str(WD)):]
    for p, parent, _ in each(FG.locatedIn):
        if p in info:
            info[p]["parent"] = URIRef(parent)


def _seeded_node(p: str, entry: dict, city_classes: set[str]) -> PlaceNode:
    """The node of a place already in the store: its English label (else a plain one, else
    any, else its IRI) is canonical; a city when all its types are cities."""
    labels = sorted(entry["labels"])
    english = [text for text, lang in labels if lang == "en"]
    plain = [text for text, lang in labels if not lang]
    canonical = (english or plain or [text for text, _ in labels] or [p])[0]
    is_city = bool(entry["types"]) and entry["types"] <= city_classes
    return PlaceNode(URIRef(p), entry["code"], canonical,
                     cls=FG.City if is_city else FG.Place,
                     lat=entry.get("lat"), lon=entry.get("lon"), qid=entry.get("qid"),
                     parent=entry.get("parent"), existing=True,
                     labels={text for text, _ in labels} | set(entry.get("alts", [])))


def _subclasses(store: Store, cls: URIRef) -> list[URIRef]:
    rows = store.query("SELECT DISTINCT ?c WHERE { ?c rdfs:subClassOf* ?top }",
                       {"top": cls}).rows
    return [URIRef(r[0]) for r in rows] or [cls]
