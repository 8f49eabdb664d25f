"""Load the ontology and answer what it declares: classes, relations, labels, styles.

Code never lists classes or relation types; it asks this module, which asks the Turtle.
The ontology is, in this order (:func:`ontology_sources`):

* the bundled ``ontology/*.ttl`` and ``ontology/extensions/*.ttl`` (inside the package);
* the user's extensions, ``extensions/*.ttl`` in the data directory
  (``$FRIENDSHIP_GRAPH_HOME``, see :func:`friendship_graph.resources.user_extensions_dir`);
* the extensions of the project's ``friendship-graph.toml`` (:mod:`friendship_graph.project`);
* any file given with ``--ontology`` (or ``FRIENDSHIP_GRAPH_ONTOLOGY``, paths separated by
  ``os.pathsep``).

They are read like every other file, by the checked reader
(:func:`friendship_graph.rdf.files.parse_file`), so a broken extension gets the same
one-line error naming its file and line. :func:`source_label` names a file the same way
whatever the installation (``<bundled>/core.ttl``, ``<user>/x.ttl``, ``./ext/y.ttl``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from .project import PROJECT_FILE, find_project
from .resources import ontology_dir, user_extensions_dir
from .vocab import FG, PREFIXES

__all__ = [
    "ontology_files",
    "ontology_sources",
    "source_label",
    "OntologySource",
    "extra_ontology_files",
    "load_ontology",
    "Term",
    "Ontology",
]

#: Environment variable naming extra ontology files (``--ontology`` sets it for the CLI).
ONTOLOGY_ENV = "FRIENDSHIP_GRAPH_ONTOLOGY"


def extra_ontology_files() -> list[Path]:
    """Files named by ``FRIENDSHIP_GRAPH_ONTOLOGY`` (what ``--ontology`` passes)."""
    value = os.environ.get(ONTOLOGY_ENV, "")
    return [Path(p) for p in value.split(os.pathsep) if p]


@dataclass(frozen=True)
class OntologySource:
    """One file of the ontology and where it comes from: ``bundled``, ``user`` (the data
    directory's extensions folder), ``project`` (``friendship-graph.toml``), ``option``
    (``--ontology``) or ``argument`` (a file a command was given to check)."""

    path: Path
    origin: str

    @property
    def label(self) -> str:
        return source_label(self.path)

    def text(self) -> str:
        """``<user>/x.ttl (user extensions folder)`` and the like."""
        where = {"bundled": "bundled with friendship-graph",
                 "user": "user extensions folder", "project": PROJECT_FILE,
                 "option": "--ontology", "argument": "named on the command line"}[self.origin]
        return f"{self.label} ({where})"


def ontology_sources() -> list[OntologySource]:
    """The ontology's files in load order, each with where it comes from."""
    folder = ontology_dir()
    bundled = sorted(folder.glob("*.ttl"), key=lambda p: (p.name != "core.ttl", p.name))
    bundled += sorted((folder / "extensions").glob("*.ttl"))
    out = [OntologySource(p, "bundled") for p in bundled]
    out += [OntologySource(p, "user") for p in sorted(user_extensions_dir().glob("*.ttl"))]
    project = find_project()
    if project is not None:
        out += [OntologySource(p, "project") for p in project.extensions]
    out += [OntologySource(p, "option") for p in extra_ontology_files()]
    return out


def ontology_files() -> list[Path]:
    """The ontology's files in load order: bundled (core, rules, shapes, extensions), the
    user's, the project's, then ``--ontology`` files."""
    return [source.path for source in ontology_sources()]


def source_label(path: str | os.PathLike[str]) -> str:
    """A file of the ontology named the same way on every installation: ``<bundled>/...``
    for the package's files, ``<user>/...`` for the user's extensions, ``./...`` below the
    working folder, else the path as it is."""
    resolved, absolute = Path(path).resolve(), Path(os.path.abspath(path))
    for label, base in (("<bundled>", ontology_dir()), ("<user>", user_extensions_dir())):
        try:
            return f"{label}/{resolved.relative_to(base.resolve()).as_posix()}"
        except ValueError:
            continue
    for candidate in (absolute, resolved):  # a folder linked into the working folder, too
        try:
            return f"./{candidate.relative_to(Path.cwd().resolve()).as_posix()}"
        except ValueError:
            continue
    return str(absolute)


@dataclass(frozen=True)
class Term:
    """A class or property of the ontology, with what the code needs to know about it."""

    iri: URIRef
    labels: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    parents: tuple[URIRef, ...] = ()

    def label(self, lang: str = "en") -> str:
        """The label in ``lang``, else English, else any, else the IRI's local name."""
        for key in (lang, "en", *self.labels):
            if key in self.labels:
                return self.labels[key]
        return local_name(self.iri)


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``."""
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class Ontology:
    """The ontology as an rdflib Graph, with questions about its hierarchy and annotations."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        for prefix, iri in PREFIXES.items():
            graph.bind(prefix, iri, override=True)

    # -- hierarchy --------------------------------------------------------------------------

    def subclasses(self, cls: URIRef, *, include_self: bool = True) -> set[URIRef]:
        """``cls`` and every class below it (transitively)."""
        found = set(self.graph.transitive_subjects(RDFS.subClassOf, cls))
        if not include_self:
            found.discard(cls)
        return {c for c in found if isinstance(c, URIRef)}

    def superclasses(self, cls: URIRef) -> list[URIRef]:
        """``cls`` and its ancestors, nearest first."""
        return [c for c in self.graph.transitive_objects(cls, RDFS.subClassOf)
                if isinstance(c, URIRef)]

    def subproperties(self, prop: URIRef, *, include_self: bool = True) -> set[URIRef]:
        found = set(self.graph.transitive_subjects(RDFS.subPropertyOf, prop))
        if not include_self:
            found.discard(prop)
        return {p for p in found if isinstance(p, URIRef)}

    def superproperties(self, prop: URIRef) -> list[URIRef]:
        return [p for p in self.graph.transitive_objects(prop, RDFS.subPropertyOf)
                if isinstance(p, URIRef)]

    def classes(self) -> list[URIRef]:
        """Every ``owl:Class`` declared in the project's namespace."""
        return sorted(c for c in self.graph.subjects(RDF.type, OWL.Class)
                      if isinstance(c, URIRef) and str(c).startswith(str(FG)))

    def properties(self) -> list[URIRef]:
        kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        return sorted({p for k in kinds for p in self.graph.subjects(RDF.type, k)
                       if isinstance(p, URIRef) and str(p).startswith(str(FG))})

    # -- annotations ------------------------------------------------------------------------

    def labels(self, iri: URIRef) -> dict[str, str]:
        out: dict[str, str] = {}
        for predicate in (RDFS.label, SKOS.prefLabel):
            for value in self.graph.objects(iri, predicate):
                if isinstance(value, Literal):
                    out.setdefault(value.language or "", str(value))
        return out

    def label(self, iri: URIRef, lang: str = "en") -> str:
        return self.term(iri).label(lang)

    def term(self, iri: URIRef) -> Term:
        parents = tuple(p for p in self.graph.objects(iri, RDFS.subClassOf)
                        if isinstance(p, URIRef))
        parents += tuple(p for p in self.graph.objects(iri, RDFS.subPropertyOf)
                         if isinstance(p, URIRef))
        return Term(iri=iri, labels=self.labels(iri), parents=parents)

    def annotation(self, iri: URIRef, prop: URIRef, *, inherit: bool = True):  # noqa: ANN201
        """The value of an annotation on ``iri``, or (with ``inherit``) on its nearest ancestor
        class or property that has one; ``None`` when none has it."""
        chain = [iri]
        if inherit:
            chain = [*self.superclasses(iri), *self.superproperties(iri)] or [iri]
        for node in chain:
            value = self.graph.value(node, prop)
            if value is not None:
                return value.toPython() if isinstance(value, Literal) else value
        return None

    def projected_as(self, iri: URIRef) -> URIRef | None:
        """``fg:NodeProjection``, ``fg:EdgeProjection`` or ``None`` for a class or property."""
        return self.annotation(iri, FG.projectAs)

    def most_specific(self, types: set[URIRef], root: URIRef) -> URIRef | None:
        """Of ``types``, the one below ``root`` with the most ancestors (the most specific)."""
        below = [t for t in types if root in self.superclasses(t)]
        if not below:
            return None
        return max(sorted(below), key=lambda t: len(self.superclasses(t)))


def load_ontology(extra: list[str | Path] | None = None) -> Ontology:
    """Parse the ontology files (bundled, extensions, extras) into an :class:`Ontology`."""
    files = tuple(str(p) for p in [*ontology_files(), *(extra or [])])
    return _load_cached(files)


@lru_cache(maxsize=8)
def _load_cached(files: tuple[str, ...]) -> Ontology:
    # Imported here: the command line imports this module at start-up, pyoxigraph only when a
    # command reads the ontology.
    from .rdf.files import parse_file
    from .rdf.terms import to_rdflib

    graph = Graph()
    for path in files:
        for quad in parse_file(path):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return Ontology(graph)
