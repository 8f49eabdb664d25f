"""Place names (normalisation, qualifiers, slugs) and the places a store already has.

* :func:`slugify` makes the ASCII slug of place IRIs (``id:place/<iso2>/<slug>``): lower case,
  accents stripped, apostrophes dropped, any other run of non-alphanumerics -> ``-``. The same
  name gives the same IRI in every source ("Szolnok" -> ``id:place/hu/szolnok``).
* :func:`parse_place_name` splits qualified names: "Setagaya (Tokyo)" and "Seoul – Gangdong"
  are a district located in a city; "Mansfield, Massachusetts" a town located in a region;
  "Paderborn (district)" (a lower-case qualifier) is one name.
* :class:`PlaceNode` is what entity resolution (:mod:`.resolver`) knows about one place;
  :func:`seed_places` reads those of a store (labels, identifiers, parent, position).
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import URIRef

from ..vocab import FG, GEO, ID, OWL, RDF, RDFS, SKOS
from .identifiers import identifier_of_term

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["slugify", "parse_place_name", "ParsedName", "haversine_km", "PlaceNode",
           "Conflict", "MAX_DISTANCE_KM", "place_iri", "seed_places", "iter_statements",
           "fast_rows"]

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
    ids: set[str] = field(default_factory=set)  # Identifier keys ("wikidata:Q64")
    parent: URIRef | None = None
    existing: bool = False  # was in the store before this import
    coords_from: str | None = None  # graph that stated the coordinates
    labels: set[str] = field(default_factory=set)
    position_ok: bool | None = None  # inside its country (None: not checked yet)

    def __hash__(self) -> int:
        return hash(self.iri)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlaceNode) and other.iri == self.iri


@dataclass(frozen=True)
class Conflict:
    """Two mentions that look alike but were not merged."""

    kind: str  # "distance" or "country"
    detail: str


def seed_places(store: Store, exclude_graph: URIRef | None = None) -> list[PlaceNode]:
    """Every place of the store that has a country, as stated by every graph but
    ``exclude_graph`` (the graph an import is about to replace), sorted by IRI."""
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
    return [_seeded_node(p, entry, city_classes) for p, entry in sorted(info.items())]


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
    for prop in (OWL.sameAs, SKOS.exactMatch, FG.isoCode):
        for p, value, _ in each(prop):
            if p in info:
                found = identifier_of_term(str(prop), value)
                if found is not None:
                    info[p].setdefault("ids", set()).add(found.key)
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
                     lat=entry.get("lat"), lon=entry.get("lon"), ids=entry.get("ids", set()),
                     parent=entry.get("parent"), existing=True,
                     labels={text for text, _ in labels} | set(entry.get("alts", [])))


def _subclasses(store: Store, cls: URIRef) -> list[URIRef]:
    rows = store.query("SELECT DISTINCT ?c WHERE { ?c rdfs:subClassOf* ?top }",
                       {"top": cls}).rows
    return [URIRef(r[0]) for r in rows] or [cls]
