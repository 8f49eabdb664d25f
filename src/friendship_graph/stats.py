"""Counts per class, per relation and per source: what ``friendship-graph stats`` prints."""

from __future__ import annotations

from dataclasses import dataclass, field

from .store import Store
from .vocab import INFERRED_GRAPH, ONTOLOGY_GRAPH

__all__ = ["Stats", "store_stats"]

_CLASSES = """
SELECT ?class ?label (COUNT(DISTINCT ?s) AS ?n) WHERE {
    GRAPH ?g { ?s a ?class }
    FILTER (?g != <%(onto)s>)
    OPTIONAL { GRAPH <%(onto)s> {
        ?class rdfs:label ?label FILTER (LANGMATCHES(LANG(?label), "en")) } }
} GROUP BY ?class ?label ORDER BY DESC(?n) ?class
"""
_RELATIONS = """
SELECT ?relation ?label (COUNT(*) AS ?n) WHERE {
    GRAPH ?g { ?s ?relation ?o }
    FILTER (?g != <%(onto)s> && ?relation != rdf:type)
    OPTIONAL { GRAPH <%(onto)s> {
        ?relation rdfs:label ?label FILTER (LANGMATCHES(LANG(?label), "en")) } }
} GROUP BY ?relation ?label ORDER BY DESC(?n) ?relation
"""
_SOURCES = """
SELECT ?graph (COUNT(*) AS ?triples) WHERE { GRAPH ?graph { ?s ?p ?o } }
GROUP BY ?graph ORDER BY ?graph
"""


@dataclass
class Stats:
    """Rows of (IRI, English label, count)."""

    classes: list[tuple[str, str, int]] = field(default_factory=list)
    relations: list[tuple[str, str, int]] = field(default_factory=list)
    sources: list[tuple[str, int]] = field(default_factory=list)

    #: The columns of :meth:`rows`.
    COLUMNS = ("section", "iri", "label", "count")

    def rows(self) -> list[list[object]]:
        """Every count as one row (:data:`COLUMNS`): section ``class``, ``relation`` or
        ``source`` (a named graph, its triples), IRI, English label, count."""
        return ([["class", iri, label, n] for iri, label, n in self.classes]
                + [["relation", iri, label, n] for iri, label, n in self.relations]
                + [["source", iri, "", n] for iri, n in self.sources])


def store_stats(store: Store) -> Stats:
    """Count instances per class, statements per relation (in the data graphs and the
    inferred graph) and triples per named graph (source)."""
    names = {"onto": ONTOLOGY_GRAPH, "inferred": INFERRED_GRAPH}
    stats = Stats()
    for row in store.query(_CLASSES % names).rows:
        stats.classes.append((str(row[0]), str(row[1] or ""), int(row[2])))
    for row in store.query(_RELATIONS % names).rows:
        stats.relations.append((str(row[0]), str(row[1] or ""), int(row[2])))
    for row in store.query(_SOURCES).rows:
        stats.sources.append((str(row[0]), int(row[1])))
    return stats
