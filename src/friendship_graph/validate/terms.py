"""Unknown terms: a class or property of the project's namespace, or of a namespace the
ontology aligns with, that neither the ontology nor an extension declares (a typo, most of
the time), with the closest declared term (rapidfuzz)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, DefinedNamespace

from ..vocab import FG

__all__ = ["UnknownTerm", "Vocabulary", "vocabulary", "unknown_terms"]

_CLASS_TYPES = (OWL.Class, RDFS.Class)
_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                   RDF.Property)
_ALIGNMENTS = (RDFS.subClassOf, RDFS.subPropertyOf, SKOS.exactMatch, SKOS.closeMatch,
               SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch, OWL.equivalentClass,
               OWL.equivalentProperty)
#: Used as a class (``rdf:type X``, ``rdfs:subClassOf X``) rather than as a property.
_CLASS_POSITIONS = (RDF.type, RDFS.subClassOf, RDFS.domain, RDFS.range)


def namespace_of(iri: str) -> str:
    """The IRI up to its last ``#`` or ``/``."""
    match = re.match(r"^(.*[#/])[^#/]*$", iri)
    return match.group(1) if match else iri


@dataclass(frozen=True)
class UnknownTerm:
    """A term used as a class or as a property that no vocabulary declares."""

    iri: str
    as_class: bool
    suggestion: str  # the closest declared term's IRI, or ""


@dataclass
class Vocabulary:
    """The declared classes and properties of each checked namespace."""

    classes: dict[str, set[str]]
    properties: dict[str, set[str]]

    def known(self, iri: str) -> bool | None:
        """True or False for a term of a checked namespace; None for any other."""
        ns = namespace_of(iri)
        if ns not in self.classes:
            return None
        return iri in self.classes[ns] or iri in self.properties[ns]

    def closest(self, iri: str, as_class: bool) -> str:
        from rapidfuzz import fuzz, process

        ns = namespace_of(iri)
        pool = self.classes[ns] if as_class else self.properties[ns]
        pool = pool or self.classes[ns] | self.properties[ns]
        names = {term[len(ns):]: term for term in pool}
        match = process.extractOne(iri[len(ns):], list(names), scorer=fuzz.ratio,
                                   score_cutoff=60)
        return names[match[0]] if match else ""


def _defined_namespaces() -> dict[str, type[DefinedNamespace]]:
    """rdflib's term lists of the standard vocabularies (Dublin Core, PROV, SKOS, schema.org,
    ...), by namespace IRI."""
    import rdflib.namespace as namespaces

    out = {}
    for value in vars(namespaces).values():
        if isinstance(value, type) and issubclass(value, DefinedNamespace) \
                and value is not DefinedNamespace and hasattr(value, "_NS"):
            out[str(value._NS)] = value
    return out


@lru_cache(maxsize=8)
def _vocabulary(graph: Graph) -> Vocabulary:
    typed = {iri: set(graph.objects(iri, RDF.type)) for iri in set(graph.subjects(RDF.type, None))
             if isinstance(iri, URIRef)}
    aligned = {namespace_of(str(o)) for s in typed if str(s).startswith(str(FG))
               for p in _ALIGNMENTS for o in graph.objects(s, p) if isinstance(o, URIRef)}
    lists = _defined_namespaces()
    classes: dict[str, set[str]] = {str(FG): set()}
    properties: dict[str, set[str]] = {str(FG): set()}
    for ns in sorted(aligned - {str(FG)}):
        if ns not in lists:
            continue  # no list of its terms to check against (Wikidata, ...)
        names = set(lists[ns].__annotations__)
        classes[ns] = {ns + n for n in names if n[:1].isupper()}
        properties[ns] = {ns + n for n in names if not n[:1].isupper()}
        mentioned = {str(t) for triple in graph for t in triple
                     if isinstance(t, URIRef) and namespace_of(str(t)) == ns}
        classes[ns] |= {t for t in mentioned if t[len(ns):][:1].isupper()}
        properties[ns] |= mentioned - classes[ns]
    for iri, types in typed.items():
        ns = namespace_of(str(iri))
        if ns in classes:
            if types & set(_CLASS_TYPES):
                classes[ns].add(str(iri))
            elif types & set(_PROPERTY_TYPES):
                properties[ns].add(str(iri))
    return Vocabulary(classes, properties)


def vocabulary(ontology: Graph) -> Vocabulary:
    """What the ontology (with its extensions) and the aligned vocabularies declare."""
    return _vocabulary(ontology)


def unknown_terms(triples: Iterable[tuple[object, object, object]], ontology: Graph
                  ) -> list[UnknownTerm]:
    """The terms of ``triples`` used as a class or a property that nobody declares."""
    vocab = vocabulary(ontology)
    used: dict[str, bool] = {}
    for _, p, o in triples:
        if isinstance(p, URIRef):
            used.setdefault(str(p), False)
            if p in _CLASS_POSITIONS and isinstance(o, URIRef):
                used[str(o)] = True
            elif p == RDFS.subPropertyOf and isinstance(o, URIRef):
                used.setdefault(str(o), False)
    out = []
    for iri, as_class in sorted(used.items()):
        if vocab.known(iri) is False:
            out.append(UnknownTerm(iri, as_class, vocab.closest(iri, as_class)))
    return out
