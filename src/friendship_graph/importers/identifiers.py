"""External identifiers of places: Wikidata Q-ids, GeoNames ids, ISO 3166-2 codes, and any
IRI a source aligns a place with.

A source may give a place an identifier in a column, a node id or a node attribute.
:func:`parse_identifier` reads one cell into an :class:`Identifier` (or ``None``): the scheme
it belongs to, its canonical form and the statement that records it in the source's graph:

* Wikidata -- ``Q64``, ``wd:Q64`` or the entity / wiki URL -> ``owl:sameAs wd:Q64``;
* GeoNames -- ``geonames:2950159``, ``https://sws.geonames.org/2950159/`` or the
  ``www.geonames.org`` URL -> ``owl:sameAs <https://sws.geonames.org/2950159/>``;
* ISO 3166-2 -- ``DE-BE`` -> ``fg:isoCode "DE-BE"``;
* this project's own place IRIs (``id:place/de/berlin``, from an export of the network) ->
  the place itself: a round trip gives back the same node;
* any other IRI, given as an alignment (``sameAs`` / ``exactMatch`` columns) -> kept as
  ``owl:sameAs`` / ``skos:exactMatch`` with the source.

Identifiers are taken only from the file: nothing is looked up. Two mentions that share an
identifier are one place whatever their names; two different identifiers of the same scheme
(Wikidata Q727 and Q9899) are evidence against a merge, weighed by the scorer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Literal, URIRef

from ..vocab import FG, ID, OWL, SKOS, WD

__all__ = ["Identifier", "parse_identifier", "parse_identifiers", "identifier_of_term",
           "GEONAMES", "SCHEMES"]

GEONAMES = "https://sws.geonames.org/"
#: The schemes whose values are compared (one value per place and scheme is expected).
SCHEMES = ("wikidata", "geonames", "iso3166-2", "place")

_WIKIDATA = re.compile(r"^(?:wd:|https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/)?"
                       r"(Q[1-9][0-9]{0,11})/?$", re.IGNORECASE)
_GEONAMES = re.compile(r"^(?:geonames:|https?://(?:sws|www)\.geonames\.org/)([1-9][0-9]{0,11})"
                       r"(?:/.*)?$", re.IGNORECASE)
_ISO_3166_2 = re.compile(r"^([A-Z]{2})-([A-Z0-9]{1,3})$")
_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


@dataclass(frozen=True)
class Identifier:
    """One identifier of a place: its scheme and canonical value."""

    scheme: str  # "wikidata", "geonames", "iso3166-2", "place" or "iri"
    value: str  # Q64, 2950159, DE-BE, or an IRI

    @property
    def key(self) -> str:
        """What two mentions must share to be one place."""
        return f"{self.scheme}:{self.value}"

    def statement(self, alignment: URIRef = OWL.sameAs) -> tuple[URIRef, Literal | URIRef] | None:
        """The predicate and object that record it about a place (``None`` for the place's
        own IRI, which needs none)."""
        if self.scheme == "wikidata":
            return OWL.sameAs, WD[self.value]
        if self.scheme == "geonames":
            return OWL.sameAs, URIRef(f"{GEONAMES}{self.value}/")
        if self.scheme == "iso3166-2":
            return FG.isoCode, Literal(self.value)
        if self.scheme == "iri":
            return alignment, URIRef(self.value)
        return None


def parse_identifier(text: object, *, scheme: str | None = None) -> Identifier | None:
    """The identifier written in ``text``, or ``None`` when it is not one.

    ``scheme`` restricts the reading (a ``geonames`` column holds bare numbers).

    >>> parse_identifier("https://www.wikidata.org/wiki/Q64")
    Identifier(scheme='wikidata', value='Q64')
    >>> parse_identifier("2950159", scheme="geonames")
    Identifier(scheme='geonames', value='2950159')
    >>> parse_identifier("DE-BE")
    Identifier(scheme='iso3166-2', value='DE-BE')
    >>> parse_identifier("Berlin") is None
    True
    """
    if text is None:
        return None
    value = str(text).strip()
    if not value:
        return None
    if scheme in (None, "wikidata"):
        match = _WIKIDATA.match(value)
        if match:
            return Identifier("wikidata", match.group(1).upper())
    if scheme == "geonames" and value.isdigit() and value[0] != "0" and len(value) <= 12:
        return Identifier("geonames", value)
    if scheme in (None, "geonames"):
        match = _GEONAMES.match(value)
        if match:
            return Identifier("geonames", match.group(1))
    if scheme in (None, "iso3166-2"):
        match = _ISO_3166_2.match(value.upper() if scheme else value)
        if match:
            return Identifier("iso3166-2", match.group(0))
    if scheme in (None, "iri", "place") and _IRI.match(value):
        if value.startswith(str(ID["place/"])) and len(value) > len(str(ID["place/"])):
            return Identifier("place", value)
        if scheme != "place":
            return Identifier("iri", value)
    return None


def parse_identifiers(values: Iterable[tuple[str | None, object]]) -> list[Identifier]:
    """The identifiers of ``(scheme, text)`` cells (``scheme`` ``None``: any), in order, each
    once; a cell may hold several, separated by ``|`` or whitespace."""
    out: list[Identifier] = []
    for scheme, text in values:
        if text is None:
            continue
        for part in re.split(r"[|\s]+", str(text).strip()):
            found = parse_identifier(part, scheme=scheme)
            if found is not None and found not in out:
                out.append(found)
    return out


def identifier_of_term(predicate: str, value: str) -> Identifier | None:
    """The identifier a statement already in the store records (``owl:sameAs``,
    ``skos:exactMatch`` or a subdivision's ``fg:isoCode``), or ``None``."""
    if predicate == str(FG.isoCode):
        return parse_identifier(value, scheme="iso3166-2") if "-" in value else None
    if predicate in (str(OWL.sameAs), str(SKOS.exactMatch)):
        found = parse_identifier(value)
        if found is not None and found.scheme != "place":
            return found
    return None
