"""Country normalisation, slugs, qualified names and entity resolution (importers)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from friendship_graph.importers.countries import country_label, resolve_country
from friendship_graph.importers.places import (
    Resolver,
    haversine_km,
    parse_place_name,
    slugify,
)
from friendship_graph.vocab import ID


@pytest.mark.parametrize(("text", "iso2", "constituent"), [
    ("England", "GB", "england"),
    ("England, United Kingdom", "GB", "england"),
    ("Scotland, United Kingdom", "GB", "scotland"),
    ("Northern Ireland, United Kingdom", "GB", "northern-ireland"),
    ("United Kingdom", "GB", None),
    ("Republic of Korea", "KR", None),
    ("South Korea", "KR", None),
    ("Russia", "RU", None),
    ("Taiwan", "TW", None),
    ("Kosovo", "XK", None),
    ("Palestine", "PS", None),
    ("State of Palestine", "PS", None),
    ("Czech Republic", "CZ", None),
    ("Georgia (country)", "GE", None),
    ("United States of America", "US", None),
    ("Réunion, France", "FR", None),
    ("israel🇮🇱🇮🇱", "IL", None),
    ("  germany ", "DE", None),
])
def test_countries_resolve(text: str, iso2: str, constituent: str | None) -> None:
    match = resolve_country(text)
    assert match is not None and match.iso2 == iso2 and match.constituent == constituent


@pytest.mark.parametrize("text", ["", "   ", None, "Northern Cyprus", "Somaliland",
                                  "Mandatory Palestine", "Atlantis"])
def test_unknown_countries(text: str | None) -> None:
    assert resolve_country(text) is None


def test_country_labels() -> None:
    assert country_label("RU") == "Russia"
    assert country_label("kr") == "South Korea"
    assert country_label("XK") == "Kosovo"


@pytest.mark.parametrize(("name", "slug"), [
    ("Jinzhong", "jinzhong"), ("Szolnok", "szolnok"), ("Kyakhta", "kyakhta"),
    ("Hội An", "hoi-an"), ("Wals-Siezenheim", "wals-siezenheim"), ("Luang Prabang",
                                                                   "luang-prabang"),
    ("Bikenfei'erde", "bikenfeierde"), ("Białystok", "bialystok"), ("Strömsund", "stromsund"),
    ("Forlì", "forli"), ("Nərimanov", "nerimanov"), ("Straße", "strasse"),
])
def test_slugs_match_the_jinzhong_scheme(name: str, slug: str) -> None:
    assert slugify(name) == slug


@given(st.text(min_size=1, max_size=40))
def test_slugs_are_lower_ascii(name: str) -> None:
    slug = slugify(name)
    assert slug and slug == slug.lower() and slug.isascii()
    assert all(c.isalnum() or c == "-" for c in slug)
    assert slugify(name) == slug  # stable


@pytest.mark.parametrize(("raw", "name", "parent", "city"), [
    ("Setagaya (Tokyo)", "Setagaya", "Tokyo", True),
    ("Seoul – Gangdong", "Gangdong", "Seoul", True),
    ("Songino Khairkhan (Ulaanbaatar)", "Songino Khairkhan", "Ulaanbaatar", True),
    ("Budapest V – Belváros-Lipótváros", "Belváros-Lipótváros", "Budapest", True),
    ("Vienna 19 – Döbling", "Döbling", "Vienna", True),
    ("Mansfield, Massachusetts", "Mansfield", "Massachusetts", False),
    ("Paderborn (district)", "Paderborn (district)", None, False),
    ("Bà Rịa–Vũng Tàu", "Bà Rịa–Vũng Tàu", None, False),
    ("Wals-Siezenheim", "Wals-Siezenheim", None, False),
])
def test_qualified_names(raw: str, name: str, parent: str | None, city: bool) -> None:
    parsed = parse_place_name(raw)
    assert (parsed.name, parsed.parent, parsed.parent_is_city) == (name, parent, city)


def test_haversine() -> None:
    assert haversine_km(0, 0, 0, 0) == 0
    assert 340 < haversine_km(51.5072, -0.1276, 48.8566, 2.3522) < 350  # London-Paris


def test_resolver_merges_near_and_keeps_far_apart() -> None:
    resolver = Resolver()
    a, created, _ = resolver.resolve("Springfield", "us", lat=39.8, lon=-89.64)
    assert created and a.iri == ID["place/us/springfield"]
    b, created, conflicts = resolver.resolve("Springfield", "us", lat=39.81, lon=-89.65)
    assert not created and b is a and not conflicts
    c, created, conflicts = resolver.resolve("Springfield", "us", lat=42.1, lon=-72.59)
    assert created and c.iri == ID["place/us/springfield-2"]
    assert conflicts and conflicts[0].kind == "distance"
    d, created, conflicts = resolver.resolve("Springfield", "ca", lat=39.8, lon=-89.64)
    assert created and conflicts and conflicts[0].kind == "country"


def test_resolver_by_wikidata_id_first() -> None:
    resolver = Resolver()
    a, _, _ = resolver.resolve("Kiev", "ua", lat=50.45, lon=30.52, qid="Q1899")
    b, created, _ = resolver.resolve("Kyiv", "ua", lat=50.45, lon=30.52, qid="Q1899")
    assert b is a and not created
    c, created, _ = resolver.resolve("Kiev", "ua", lat=50.45, lon=30.52, qid="Q999999")
    assert created and c is not a  # same name, another Wikidata item


def test_resolver_seeded_from_the_store(jinzhong_store) -> None:  # noqa: ANN001
    resolver = Resolver.from_store(jinzhong_store)
    node, created, _ = resolver.resolve("Szolnok", "hu", lat=47.17, lon=20.19)
    assert not created and node.iri == ID["place/hu/szolnok"] and node.existing
    # "Como" (a city) is not the Province of Como, although its slug would be the same IRI
    como, created, _ = resolver.resolve("Como", "it", lat=45.81, lon=9.08)
    assert created and como.iri != ID["place/it/como"]
