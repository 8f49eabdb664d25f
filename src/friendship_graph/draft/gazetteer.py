"""The places and countries a draft can refer to: the store's places, and CLDR country names.

:class:`Gazetteer` is built from the places of a store (every node typed with a class below
``fg:Place`` in a graph that is not a draft: the world network and the curated data) and from
the country names of the Unicode CLDR in Chinese (simplified and traditional) and English,
through Babel, each under the project's country IRI ``id:country/<ISO 3166-1 alpha-2>``.

:meth:`Gazetteer.lookup` is the one place where a name becomes a place. It matches names
folded by :func:`friendship_graph.names.fold` (case, accents, script), and a Chinese name
also by its pinyin (:func:`friendship_graph.names.romanise`) against the romanised names of
Chinese places ("晋中" finds Jinzhong). Search (issue 13) and entity resolution by identifiers
(issue 17) are to replace this function; everything else in the drafter only calls it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..names import Rank, fold, has_han, keys, match_rank, romanise
from ..ontology import Ontology, load_ontology
from ..vocab import FG, ID

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["Place", "PlaceMatch", "Gazetteer", "country_iri", "draft_graphs"]


def country_iri(code: str) -> URIRef:
    """The IRI of a country: ``id:country/<alpha-2, lower case>``."""
    return ID[f"country/{code.lower()}"]


@dataclass
class Place:
    """A place the gazetteer knows: its IRI, most specific class, country and names."""

    iri: URIRef
    cls: URIRef
    country: URIRef | None = None
    labels: dict[str, set[str]] = field(default_factory=dict)  # language -> names

    def label(self, lang: str) -> str | None:
        """A name in ``lang`` (the shortest), or ``None``."""
        names = self.labels.get(lang)
        return min(names, key=lambda n: (len(n), n)) if names else None

    @property
    def names(self) -> list[str]:
        return sorted({n for names in self.labels.values() for n in names})


@dataclass(frozen=True)
class PlaceMatch:
    """A place found for a name, and how: ``name`` (a name of it, folded) or
    ``romanisation`` (the pinyin of the name equals a romanised name of a Chinese place)."""

    place: Place
    how: str


def draft_graphs(store: Store) -> set[str]:
    """The named graphs that are drafts: those that say of themselves ``?g a fg:DraftDataset``.

    This is the single check a query over reviewed data needs to leave drafts out.
    """
    rows = store.statements([str(RDF.type)], [str(FG.DraftDataset)], graphs=True)
    return {graph for subject, _, _, _, graph in rows if subject == graph}


class Gazetteer:
    """Places by name (see the module's docstring)."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.places: dict[URIRef, Place] = {}
        for place in places:
            known = self.places.get(place.iri)
            if known is None:
                self.places[place.iri] = place
                continue
            for lang, names in place.labels.items():
                known.labels.setdefault(lang, set()).update(names)
            known.country = known.country or place.country
        self._index: dict[str, set[URIRef]] = defaultdict(set)
        for place in self.places.values():
            for name in place.names:
                for key in keys(name):
                    self._index[key].add(place.iri)

    # -- building -----------------------------------------------------------------------------

    @classmethod
    def from_store(cls, store: Store, *, exclude_graphs: Iterable[str] = (),
                   ontology: Ontology | None = None) -> Gazetteer:
        """The places of ``store`` (except those stated only in drafts or in
        ``exclude_graphs``), with the CLDR country names."""
        ontology = ontology or load_ontology()
        place_classes = ontology.subclasses(FG.Place)
        skip = draft_graphs(store) | {str(g) for g in exclude_graphs}
        types: dict[str, set[str]] = defaultdict(set)
        for subject, _, cls_iri, _, graph in store.statements(
                [str(RDF.type)], [str(c) for c in place_classes], graphs=True):
            if graph not in skip:
                types[subject].add(cls_iri)
        labels: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for subject, _, value, lang, graph in store.statements(
                [str(RDFS.label), str(SKOS.altLabel)], literals=True, graphs=True):
            if graph not in skip and subject in types:
                labels[subject][lang.split("-")[0]].add(value)
        countries: dict[str, str] = {}
        for subject, _, value, _, graph in store.statements([str(FG.country)], graphs=True):
            if graph not in skip and subject in types:
                countries.setdefault(subject, value)
        places = [cldr_country(code) for code in _cldr_codes()]
        for subject, classes in types.items():
            best = ontology.most_specific({URIRef(c) for c in classes}, FG.Place) or FG.Place
            places.append(Place(URIRef(subject), best,
                                URIRef(countries[subject]) if subject in countries else None,
                                {lang: set(v) for lang, v in labels[subject].items()}))
        return cls(places)

    @classmethod
    def countries_only(cls) -> Gazetteer:
        """The CLDR countries alone (for tests and for drafting without a store)."""
        return cls(cldr_country(code) for code in _cldr_codes())

    # -- questions ----------------------------------------------------------------------------

    def __contains__(self, iri: object) -> bool:
        return iri in self.places

    def han_names(self) -> dict[str, set[URIRef]]:
        """Every name with Chinese characters, folded, and the places it names."""
        out: dict[str, set[URIRef]] = defaultdict(set)
        for place in self.places.values():
            for name in place.names:
                if has_han(name):
                    out[fold(name).replace(" ", "")].add(place.iri)
        return out

    def lookup(self, name: str, *, country: URIRef | None = None,
               stem: str | None = None) -> list[PlaceMatch]:
        """The places called ``name`` (or ``stem``, the name without a word such as 市 that
        only says what kind of place it is), best first; in ``country`` when given.

        A match by name comes before a match by romanisation; only Chinese places are matched
        by the pinyin of a Chinese name, and only by an exact match of the joined syllables.
        """
        out: list[PlaceMatch] = []
        seen: set[URIRef] = set()
        for text in (name, stem):
            if not text:
                continue
            for iri in sorted(self._index.get(fold(text), ())):
                place = self.places[iri]
                if iri not in seen and self._in(place, country) and any(
                        fold(n) == fold(text) for n in place.names):
                    out.append(PlaceMatch(place, "name"))
                    seen.add(iri)
        for text in (name, stem):
            pinyin = romanise(text) if text else None
            if not pinyin:
                continue
            china = country_iri("cn")
            for iri in sorted(self._index.get(pinyin.replace(" ", ""), ())):
                place = self.places[iri]
                if iri in seen or place.country != china or not self._in(place, country):
                    continue
                if any(not has_han(n) and match_rank(n, [text]) is Rank.EXACT
                       for n in place.names):
                    out.append(PlaceMatch(place, "romanisation"))
                    seen.add(iri)
        return out

    @staticmethod
    def _in(place: Place, country: URIRef | None) -> bool:
        if country is None:
            return True
        return place.iri == country or place.country in (None, country)


@lru_cache(maxsize=1)
def _cldr_codes() -> tuple[str, ...]:
    import pycountry
    from babel import Locale

    codes = [code for code in Locale.parse("en").territories
             if len(code) == 2 and code.isalpha() and code.isupper()
             and (pycountry.countries.get(alpha_2=code) is not None or code == "XK")]
    return tuple(sorted(codes))


@lru_cache(maxsize=512)
def _cldr_names(code: str) -> tuple[tuple[str, str], ...]:
    from babel import Locale

    out = []
    for locale, lang in (("zh", "zh"), ("zh_Hant", "zh"), ("en", "en")):
        name = Locale.parse(locale).territories.get(code)
        if name:
            out.append((lang, name))
    return tuple(out)


def cldr_country(code: str) -> Place:
    """A country with its CLDR names in Chinese and English."""
    labels: dict[str, set[str]] = defaultdict(set)
    for lang, name in _cldr_names(code):
        labels[lang].add(name)
    return Place(country_iri(code), FG.Country, None, dict(labels))
