"""Ontology terms a source names: a kind (a class under ``fg:Partnership``, ``fg:Event``, ...),
a status or a level (a concept of a scheme), by local name, IRI or label, so that an
extension's new classes and concepts work without code changes."""

from __future__ import annotations

import re
import weakref
from typing import TYPE_CHECKING

from rdflib import URIRef

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["ontology_term", "cached_term"]


def ontology_term(store: Store, top: URIRef, text: str | None, default: URIRef) -> URIRef | None:
    """A class under ``top`` (or a concept in scheme ``top``) named by local name, IRI or
    label (any language, case-insensitive); ``default`` for empty text; None when unknown."""
    if text is None or not str(text).strip():
        return default
    wanted = str(text).strip().lower()
    rows = store.query("""
        SELECT DISTINCT ?t ?label WHERE {
            { ?t rdfs:subClassOf* ?top } UNION { ?t skos:inScheme ?top }
            OPTIONAL { ?t rdfs:label|skos:prefLabel|skos:notation ?label }
        }""", {"top": top}).rows
    for term, label in rows:
        iri = str(term)
        local = re.split(r"[#/]", iri)[-1].lower()
        if wanted in (iri.lower(), local, local.replace("-", ""), f"fg:{local}",
                      f"fgc:{local}") or (label is not None and str(label).lower() == wanted):
            return URIRef(iri)
    return None


#: Per store (weakly held, so a new store never sees another's answers): looked-up terms.
_TERMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def cached_term(store: Store, top: URIRef, text: str | None, default: URIRef | None,
                ) -> URIRef | None:
    """:func:`ontology_term`, asked once per store, ``top`` and text (ignoring case): an
    import names the same few kinds and statuses on every row."""
    if text is None or not str(text).strip():
        return default
    cache = _TERMS.setdefault(store, {})
    key = (str(top), str(text).strip().lower())
    if key not in cache:
        cache[key] = ontology_term(store, top, text, default)
    return cache[key]
