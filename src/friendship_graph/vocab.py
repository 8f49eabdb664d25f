"""Namespaces and the few IRIs the code needs to name. Nothing else.

Classes and relation types are not listed here: code asks the ontology for them
(see :mod:`friendship_graph.ontology`).
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD, DefinedNamespace  # noqa: F401

__all__ = [
    "FG", "FGC", "ID", "GRAPH", "SCHEMA", "PROV", "GEO", "DCTERMS", "WD", "WDT", "SH",
    "ONTOLOGY_IRI", "ONTOLOGY_GRAPH", "INFERRED_GRAPH", "PREFIXES",
    "RDF", "RDFS", "OWL", "SKOS", "XSD",
]

BASE = "https://w3id.org/friendship-graph/"
FG = Namespace(BASE + "ontology#")
FGC = Namespace(BASE + "concept/")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SH = Namespace("http://www.w3.org/ns/shacl#")

ONTOLOGY_IRI = BASE + "ontology"
#: Named graph holding the ontology, shapes and rules (core and extensions).
ONTOLOGY_GRAPH = GRAPH["ontology"]
#: Named graph holding what the rules derive; recomputed after every load.
INFERRED_GRAPH = GRAPH["inferred"]

#: Prefixes known to every query and every serialisation.
PREFIXES: dict[str, str] = {
    "fg": str(FG),
    "fgc": str(FGC),
    "id": str(ID),
    "graph": str(GRAPH),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "geo": str(GEO),
    "dcterms": str(DCTERMS),
    "wd": str(WD),
    "wdt": str(WDT),
    "sh": str(SH),
}
