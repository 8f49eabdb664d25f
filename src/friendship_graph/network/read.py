"""Reading the statements a projection needs, with a few SELECTs over the whole store.

Everything is read as plain strings into one :class:`Thing` per subject (rdflib terms hash
and compare in Python, which is slow in the projection's loops); only ``store.query`` and
``store.statements`` are used, so this works on every store backend.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rdflib import URIRef

from ..rdf.terms import escaped_value, unescape_value
from ..store import packed_select
from ..vocab import FG, GEO, OWL, RDF, RDFS, SCHEMA, SKOS

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["ATTRIBUTE_PROPS", "LABEL_PROPS", "P", "Thing", "read_statements"]

#: Properties whose values become node and edge attributes (the attribute contract).
ATTRIBUTE_PROPS = (
    RDFS.label, SKOS.prefLabel, SKOS.altLabel, FG.country, FG.isoCode, GEO.lat, GEO.long,
    OWL.sameAs, SKOS.exactMatch, SCHEMA.sameAs, FG.status, FG.level, FG.startDate,
    FG.endDate, FG.intendedOn, FG.date, FG.signedOn,
)
#: The label properties, as strings, preferred first.
LABEL_PROPS = (str(RDFS.label), str(SKOS.prefLabel))


class P:
    """Attribute properties as plain strings, for the loops over every node and edge."""

    alt = str(SKOS.altLabel)
    country = str(FG.country)
    lat, long = str(GEO.lat), str(GEO.long)
    same_as = (str(OWL.sameAs), str(SKOS.exactMatch), str(SCHEMA.sameAs))
    status, level = str(FG.status), str(FG.level)
    start, end, intended = str(FG.startDate), str(FG.endDate), str(FG.intendedOn)
    date, signed = str(FG.date), str(FG.signedOn)


class Thing:
    """What the queries say about one subject. Everything is a plain string (rdflib terms
    hash and compare in Python, which is slow in these loops)."""

    __slots__ = ("types", "sources", "attrs", "endpoints", "quotes")

    def __init__(self) -> None:
        self.types: set[str] = set()
        self.sources: set[str] = set()
        #: property IRI -> {(language, text)} (a set: a statement may be in several graphs)
        self.attrs: dict[str, set[tuple[str, str]]] = {}
        #: endpoint property IRI -> endpoint IRIs
        self.endpoints: dict[str, set[str]] = {}
        self.quotes: set[str] = set()

    def texts(self, prop: str) -> list[str]:
        """The texts of ``prop`` (sorted when there are several)."""
        values = self.attrs.get(prop)
        if not values:
            return []
        if len(values) == 1:
            return [next(iter(values))[1]]
        return sorted(text for _lang, text in values)


def read_statements(store: Store, classes: set[URIRef], endpoint_props: set[URIRef],
                    attribute_props: Sequence[URIRef | str], props: Iterable[URIRef], *,
                    sources: bool, quotes: bool,
                    ) -> tuple[dict[str, Thing], list[tuple[str, str, str, str]]]:
    """The instances of ``classes`` with their endpoint values, attribute values (and, when
    asked, named graphs and quotations), and the ``(subject, property, object, graph)``
    statements of the edge properties ``props``.

    Parameters
    ----------
    store
        Any store.
    classes
        Classes whose instances are read, with their types (and graphs when ``sources``).
    endpoint_props
        Properties whose IRI values are the ends of edges and connectors; read only for
        subjects that are instances of ``classes``.
    attribute_props
        Properties whose literal values are read for every subject.
    props
        Properties drawn as direct edges: every statement is returned.
    sources, quotes
        Also read the named graphs of the type statements, and the quotations that support
        each subject (``fg:supportedBy`` / ``fg:quote``).
    """
    things: dict[str, Thing] = defaultdict(Thing)
    if classes:
        _read_types(store, things, classes, sources)
    if endpoint_props:
        _read_endpoints(store, things, endpoint_props)
    if attribute_props:
        _read_attributes(store, things, attribute_props)
    if quotes:
        _read_quotes(store, things)
    statements: list[tuple[str, str, str, str]] = []
    if props:
        statements = [(x, p, o, g) for x, p, o, _lang, g in
                      store.statements([str(p) for p in props], graphs=True)]
    return things, statements


def _read_types(store: Store, things: dict[str, Thing], classes: set[URIRef],
                sources: bool) -> None:
    for x, _p, type_, _lang, graph in store.statements(
            [str(RDF.type)], [str(c) for c in classes], graphs=sources):
        thing = things[x]
        thing.types.add(type_)
        if sources:
            thing.sources.add(graph)


def _read_endpoints(store: Store, things: dict[str, Thing],
                    endpoint_props: set[URIRef]) -> None:
    for x, prop, value, _lang, _g in store.statements([str(p) for p in endpoint_props]):
        thing = things.get(x)
        if thing is not None:
            thing.endpoints.setdefault(prop, set()).add(value)


def _read_attributes(store: Store, things: dict[str, Thing],
                     attribute_props: Sequence[URIRef | str]) -> None:
    for x, prop, value, lang, _g in store.statements([str(p) for p in attribute_props],
                                                     literals=True):
        things[x].attrs.setdefault(prop, set()).add((lang, value))


def _read_quotes(store: Store, things: dict[str, Thing]) -> None:
    for x, quote in packed_select(
            store, ["STR(?x)", escaped_value("?v")],
            "?x fg:supportedBy ?q . ?q fg:quote ?v FILTER (isIRI(?x) && !isBlank(?v))"):
        things[x].quotes.add(unescape_value(quote))
