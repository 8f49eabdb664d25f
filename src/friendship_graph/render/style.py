"""Colours, shapes and dashes of a rendered graph, read from the ontology.

Nothing here names a class or a relation: every style comes from the annotations
``fg:nodeColor``, ``fg:nodeShape``, ``fg:edgeColor`` and ``fg:edgeDashes`` on classes, properties
and status concepts, inherited along ``rdfs:subClassOf`` / ``rdfs:subPropertyOf``; every label
from ``rdfs:label`` / ``skos:prefLabel``. A class or relation a librarian adds in
``ontology/extensions/`` gets its parent's look and its own label, with no code change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from ..ontology import Ontology, load_ontology, local_name
from ..vocab import FG

__all__ = ["Styles", "DEFAULT_NODE_COLOR", "DEFAULT_EDGE_COLOR", "COUNTRY_PALETTE"]

DEFAULT_NODE_COLOR = "#97c2fc"
DEFAULT_NODE_SHAPE = "dot"
DEFAULT_EDGE_COLOR = "#848484"

#: Border colours that tell countries apart (cycled over the countries of a view, in IRI
#: order). A presentation palette, not data.
COUNTRY_PALETTE = (
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666",
    "#1f78b4", "#b2df8a", "#fb9a99", "#fdbf6f", "#cab2d6", "#6a3d9a", "#b15928", "#8dd3c7",
)

#: vis-network shapes that draw their label inside (the others draw it below).
_SAFE_SHAPES = {
    "ellipse", "circle", "database", "box", "text", "image", "circularImage", "diamond",
    "dot", "star", "triangle", "triangleDown", "hexagon", "square", "icon",
}


@dataclass
class Styles:
    """Looks up (and caches) the style and labels of the IRIs a graph uses."""

    ontology: Ontology = field(default_factory=load_ontology)
    _cache: dict[tuple[str, str], dict] = field(default_factory=dict, repr=False)

    def labels(self, iri: str, fallback: str | None = None) -> dict[str, str]:
        """``{"label": English or any, "label_zh": Chinese}`` (label_zh only when known)."""
        found = self.ontology.labels(URIRef(iri))
        out = {"label": found.get("en") or next(iter(found.values()), None)
               or fallback or local_name(iri)}
        if "zh" in found:
            out["label_zh"] = found["zh"]
        return out

    def node_class(self, iri: str, fallback_label: str | None = None) -> dict:
        """Label, colour and vis-network shape of the nodes of class ``iri``."""
        key = ("class", iri)
        if key not in self._cache:
            term = URIRef(iri)
            shape = self.ontology.annotation(term, FG.nodeShape)
            shape = str(shape) if shape is not None else DEFAULT_NODE_SHAPE
            if shape not in _SAFE_SHAPES:
                shape = DEFAULT_NODE_SHAPE
            color = self.ontology.annotation(term, FG.nodeColor)
            self._cache[key] = {
                **self.labels(iri, fallback_label),
                "color": str(color) if color is not None else DEFAULT_NODE_COLOR,
                "shape": shape,
            }
        return self._cache[key]

    def relation(self, iri: str, fallback_label: str | None = None) -> dict:
        """Label, colour and dashes of the edges of relation kind ``iri`` (class or property)."""
        key = ("relation", iri)
        if key not in self._cache:
            term = URIRef(iri)
            color = self.ontology.annotation(term, FG.edgeColor)
            dashes = self.ontology.annotation(term, FG.edgeDashes)
            self._cache[key] = {
                **self.labels(iri, fallback_label),
                "color": str(color) if color is not None else DEFAULT_EDGE_COLOR,
                "dashes": bool(dashes) if dashes is not None else False,
            }
        return self._cache[key]

    def status(self, iri: str, fallback_label: str | None = None) -> dict:
        """Label and, when the concept has them, colour and dashes of a partnership status.

        ``color`` / ``dashes`` are ``None`` when the status does not override the relation's.
        """
        key = ("status", iri)
        if key not in self._cache:
            term = URIRef(iri)
            color = self.ontology.annotation(term, FG.edgeColor)
            dashes = self.ontology.annotation(term, FG.edgeDashes)
            self._cache[key] = {
                **self.labels(iri, fallback_label),
                "color": str(color) if color is not None else None,
                "dashes": bool(dashes) if dashes is not None else None,
            }
        return self._cache[key]

    def is_a(self, iri: str, root: URIRef) -> bool:
        """True when class ``iri`` is ``root`` or below it."""
        key = ("is_a", f"{iri} {root}")
        if key not in self._cache:
            self._cache[key] = {"v": root in self.ontology.superclasses(URIRef(iri))}
        return self._cache[key]["v"]
