"""Country names to ISO 3166-1 alpha-2 codes, with pycountry and a small alias table.

Third-party lists name countries informally ("Russia", "Republic of Ireland"), historically
("Kingdom of Romania"), misspelt ("Kazakhstah"), or with the constituent country first
("England, United Kingdom"). :func:`resolve_country` turns each into a :class:`CountryMatch`:
the ISO code, and, when the text names one, the constituent country (England, Scotland,
Wales, Northern Ireland) that becomes a place of its own.

The alias table below lists every name in the bundled datasets that pycountry does not
resolve by itself (run ``python -m friendship_graph.importers.countries FILE...`` to list the
unresolved names of a CSV). A name that neither resolves nor is listed is an unknown country:
the importer rejects the row with that reason. Deliberately unresolved (rejected): names of
entities without an ISO 3166 code whose territory is disputed (Northern Cyprus, Somaliland)
and of historical states with no successor code (Mandatory Palestine).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pycountry

__all__ = ["CountryMatch", "resolve_country", "country_label", "CONSTITUENT_COUNTRIES",
           "COUNTRY_ALIASES"]

#: Informal, historical and misspelt names seen in the data -> ISO 3166-1 alpha-2.
#: Keys are compared after :func:`_key` (case, accents and punctuation folded).
COUNTRY_ALIASES: dict[str, str] = {
    "russia": "RU",
    "republic of korea": "KR",
    "democratic people's republic of korea": "KP",
    "turkey": "TR",
    "republic of ireland": "IE",
    "palestine": "PS",
    "state of palestine": "PS",
    "palestinian national authority": "PS",
    "west bank": "PS",
    "gaza strip": "PS",
    "georgia (country)": "GE",
    "cape verde": "CV",
    "kosovo": "XK",  # user-assigned code, used by the EU and Wikidata; not in ISO 3166-1
    "ivory coast": "CI",
    "sao tome and principe": "ST",
    "democratic republic of the congo": "CD",
    "republic of the congo": "CG",
    "moldavia": "MD",
    "east timor": "TL",
    "bosnia and hercegovina": "BA",
    "surinam": "SR",
    "brunei": "BN",
    "madagaskar": "MG",
    "grece": "GR",
    "kazakhstah": "KZ",
    "island": "IS",  # the Icelandic (and German) name of Iceland
    "micronesia": "FM",
    "falkland islands": "FK",
    "the bahamas": "BS",
    "the gambia": "GM",
    "in italy": "IT",
    "israel": "IL",
    "kingdom of romania": "RO",
    "sahrawi arab democratic republic": "EH",
    "vatican city": "VA",
    "czech republic": "CZ",
    "macedonia": "MK",
    "republic of macedonia": "MK",
    "swaziland": "SZ",
    "burma": "MM",
    "united states of america": "US",
    "people's republic of china": "CN",
    "kingdom of the netherlands": "NL",
    "kingdom of denmark": "DK",
}

#: Constituent countries of the United Kingdom: name -> (slug, English label).
CONSTITUENT_COUNTRIES: dict[str, tuple[str, str]] = {
    "england": ("england", "England"),
    "scotland": ("scotland", "Scotland"),
    "wales": ("wales", "Wales"),
    "northern ireland": ("northern-ireland", "Northern Ireland"),
}

#: English labels for codes whose pycountry name reads awkwardly in a list of places.
_LABELS: dict[str, str] = {
    "RU": "Russia",
    "PS": "Palestine",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "FK": "Falkland Islands",
    "FM": "Micronesia",
    "BN": "Brunei",
    "VA": "Vatican City",
    "XK": "Kosovo",
}


@dataclass(frozen=True)
class CountryMatch:
    """A resolved country: ISO code (upper case) and, if named, a constituent country."""

    iso2: str
    constituent: str | None = None  # slug, e.g. "england"
    constituent_label: str | None = None
    region: str | None = None  # a region named before the country ("Brandenburg, Germany")

    @property
    def code(self) -> str:
        """The lower-case code used in IRIs (``id:country/<code>``)."""
        return self.iso2.lower()


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w\s'(),-]", "", text)  # drops emoji and stray symbols
    return re.sub(r"\s+", " ", text).strip().lower()


@lru_cache(maxsize=4096)
def _lookup(name: str) -> str | None:
    key = _key(name)
    if not key:
        return None
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    try:
        return pycountry.countries.lookup(name.strip()).alpha_2
    except LookupError:
        pass
    try:
        return pycountry.countries.lookup(key).alpha_2
    except LookupError:
        return None


@lru_cache(maxsize=4096)
def resolve_country(text: str | None) -> CountryMatch | None:
    """Resolve a country as written in a source, or ``None`` when it is unknown.

    >>> resolve_country("England, United Kingdom")
    CountryMatch(iso2='GB', constituent='england', constituent_label='England', region=None)
    >>> resolve_country("Russia").iso2, resolve_country("Republic of Korea").iso2
    ('RU', 'KR')
    >>> resolve_country("Atlantis") is None
    True
    """
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    key = _key(text)
    if key in CONSTITUENT_COUNTRIES:
        slug, label = CONSTITUENT_COUNTRIES[key]
        return CountryMatch("GB", slug, label)
    iso2 = _lookup(text)
    if iso2:
        return CountryMatch(iso2)
    if "," in text:
        head, _, tail = text.rpartition(",")
        iso2 = _lookup(tail)
        if iso2 is None:
            return None
        head_key = _key(head)
        if iso2 == "GB" and head_key in CONSTITUENT_COUNTRIES:
            slug, label = CONSTITUENT_COUNTRIES[head_key]
            return CountryMatch("GB", slug, label)
        return CountryMatch(iso2, region=head.strip() or None)
    return None


def country_label(iso2: str) -> str:
    """The English label of a country: pycountry's common name, else its name."""
    iso2 = iso2.upper()
    if iso2 in _LABELS:
        return _LABELS[iso2]
    country = pycountry.countries.get(alpha_2=iso2)
    if country is None:
        return iso2
    return getattr(country, "common_name", None) or country.name


def _main(argv: list[str]) -> int:  # pragma: no cover - a helper for curators
    import csv
    from collections import Counter

    unresolved: Counter[str] = Counter()
    for path in argv:
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                for column, value in row.items():
                    if column and "country" in column.lower() and resolve_country(value) is None:
                        unresolved[value] += 1
    for name, count in unresolved.most_common():
        print(f"{count}\t{name!r}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    import sys

    raise SystemExit(_main(sys.argv[1:]))
