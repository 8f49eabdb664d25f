"""Node and edge attributes: what the projected graph says about each node and edge.

Nodes get ``label``, ``label_zh``, ``alt_labels``, ``type`` and ``type_label``, ``country``
and ``country_label``, ``lat``/``lon``, ``wikidata``, dates and ``sources`` (named graphs);
edges get ``relation`` and ``relation_label``, ``id``, ``label``, ``status``/``level`` with
their labels, dates, ``sources`` and ``quotes``. Values come from the :class:`~.read.Thing`
records the reading step filled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import networkx as nx
from rdflib import URIRef

from ..vocab import WD
from .labels import pick_label, read_labels
from .read import LABEL_PROPS, P, Thing

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["node_attributes", "edge_attributes", "add_country_labels", "concept_labels"]


def _labels_by_lang(thing: Thing | None) -> dict[str, str]:
    out: dict[str, str] = {}
    if thing is not None:
        for prop in LABEL_PROPS:
            for lang, text in sorted(thing.attrs.get(prop, ())):
                out.setdefault(lang, text)
    return out


def _first(thing: Thing, prop: str) -> str | None:
    texts = thing.texts(prop)
    return texts[0] if texts else None


def node_attributes(thing: Thing, specific: Callable[[set[str]], str],
                    labels: dict[str, dict[str, str]]) -> dict[str, object]:
    """The attributes of a node: names, type, place, dates and sources.

    Parameters
    ----------
    thing
        What the store says about the node.
    specific
        The most specific of a set of type IRIs.
    labels
        Labels (language -> text) of classes, properties and concepts, by IRI.
    """
    attrs: dict[str, object] = {}
    _names(thing, attrs)
    if thing.types:
        type_ = specific(thing.types)
        attrs["type"] = type_
        type_label = pick_label(labels.get(type_, {}))
        if type_label:
            attrs["type_label"] = type_label
    _place(thing, attrs)
    for prop, key in ((P.date, "date"), (P.signed, "date"), (P.start, "start"),
                      (P.end, "end")):
        text = _first(thing, prop)
        if text is not None:
            attrs.setdefault(key, text)
    if thing.sources:
        attrs["sources"] = " ".join(sorted(thing.sources))
    return attrs


def _names(thing: Thing, attrs: dict[str, object]) -> None:
    """``label`` (English, else another), ``label_zh`` and ``alt_labels`` (``|``-separated)."""
    by_lang = _labels_by_lang(thing)
    label = pick_label(by_lang)
    if label is not None:
        attrs["label"] = label
    zh = next((by_lang[k] for k in sorted(by_lang) if k == "zh" or k.startswith("zh-")), None)
    if zh is not None:
        attrs["label_zh"] = zh
    alts = sorted(set(thing.texts(P.alt)))
    if alts:
        attrs["alt_labels"] = "|".join(alts)


def _place(thing: Thing, attrs: dict[str, object]) -> None:
    """``country``, ``lat`` and ``lon`` (the first that is a number) and ``wikidata``."""
    country = _first(thing, P.country)
    if country:
        attrs["country"] = country
    for prop, key in ((P.lat, "lat"), (P.long, "lon")):
        for text in thing.texts(prop):
            try:
                attrs[key] = float(text)
                break
            except ValueError:
                continue
    wikidata = sorted(text for p in P.same_as
                      for text in thing.texts(p) if text.startswith(str(WD)))
    if wikidata:
        attrs["wikidata"] = wikidata[0]


def edge_attributes(iri: str, thing: Thing, relation: str,
                    labels: dict[str, dict[str, str]]) -> dict[str, object]:
    """The attributes of the edges drawn for the partnership, event or agreement ``iri``.

    Parameters
    ----------
    iri
        The partnership, event or agreement (the edge key).
    thing
        What the store says about it.
    relation
        Its most specific class.
    labels
        Labels (language -> text) of classes, properties and concepts, by IRI.
    """
    attrs: dict[str, object] = {"relation": relation, "id": iri}
    relation_label = pick_label(labels.get(relation, {}))
    if relation_label:
        attrs["relation_label"] = relation_label
    label = pick_label(_labels_by_lang(thing))
    if label:
        attrs["label"] = label
    for prop, key in ((P.status, "status"), (P.level, "level")):
        value = _first(thing, prop)
        if value:
            attrs[key] = value
            value_label = pick_label(labels.get(value, {}))
            if value_label:
                attrs[f"{key}_label"] = value_label
    for prop, key in ((P.start, "start"), (P.end, "end"), (P.intended, "intended"),
                      (P.date, "date"), (P.signed, "date")):
        text = _first(thing, prop)
        if text is not None:
            attrs.setdefault(key, text)
    if thing.sources:
        attrs["sources"] = " ".join(sorted(thing.sources))
    if thing.quotes:
        attrs["quotes"] = "|".join(sorted(thing.quotes))
    return attrs


def concept_labels(store: Store, things: dict[str, Thing],
                   known: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Labels of the statuses and levels the things use that are not ``known`` yet."""
    used = {text for thing in things.values()
            for prop in (P.status, P.level) for text in thing.texts(prop)}
    return {str(k): v for k, v in read_labels(
        store, {URIRef(c) for c in used - set(known)}).items()}


def add_country_labels(graph: nx.MultiGraph, things: dict[str, Thing]) -> None:
    """Give every node with a ``country`` the label of that country (``country_label``)."""
    cache: dict[str, str | None] = {}
    for _node, data in graph.nodes(data=True):
        country = data.get("country")
        if not country:
            continue
        if country not in cache:
            cache[country] = pick_label(_labels_by_lang(things.get(country)))
        if cache[country]:
            data["country_label"] = cache[country]
