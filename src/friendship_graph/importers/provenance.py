"""Provenance of an import: the :class:`Dataset` a source's named graph is derived from
(title, origin, licences, rights, retrieval date), and :func:`start_import`, which every
importer calls to name its graph and start its report."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from .. import __version__
from ..errors import FriendshipGraphError
from ..rdf.terms import parse_iri
from ..vocab import DCTERMS, FG, GRAPH, ID, PROV, RDF, RDFS
from .parsing import parse_date
from .report import ImportReport

__all__ = ["Dataset", "start_import"]


@dataclass
class Dataset:
    """Who made a source and under which licence: described in its graph as a fg:Dataset."""

    name: str  # graph:<name>, id:source/<name>
    title: str = ""
    source: str = ""  # where it came from: a URL or a file name
    licenses: Sequence[str] = ()  # licence IRIs
    rights: str = ""  # attribution text
    retrieved: str | None = None  # retrieval date (YYYY-MM-DD, YYYY-MM or YYYY)
    importer: str = ""

    def __post_init__(self) -> None:
        slug = re.sub(r"[^a-z0-9._-]+", "-", self.name.lower()).strip("-")
        if not slug:
            raise FriendshipGraphError(f"a source name must have a letter or digit: {self.name!r}")
        self.name = slug
        self.licenses = [str(parse_iri(licence, "--license")) for licence in self.licenses]
        if self.retrieved and parse_date(self.retrieved) is None:
            raise FriendshipGraphError(f"--retrieved {self.retrieved!r} is not a date: write "
                                       "YYYY-MM-DD, YYYY-MM or YYYY")

    @property
    def graph(self) -> URIRef:
        return GRAPH[self.name]

    @property
    def node(self) -> URIRef:
        return ID[f"source/{self.name}"]

    def quads(self) -> list[tuple[Node, Node, Node, Node]]:
        g, s = self.graph, self.node
        title = self.title or self.name
        out: list[tuple[Node, Node, Node]] = [
            (s, RDF.type, FG.Dataset),
            (s, RDFS.label, Literal(title, lang="en")),
            (s, DCTERMS.title, Literal(title, lang="en")),
            (g, PROV.wasDerivedFrom, s),
            (g, DCTERMS.creator, Literal(f"friendship-graph {__version__}, importer "
                                         f"{self.importer}")),
        ]
        if self.source:
            is_url = re.match(r"^[a-z]+://\S+$", self.source)
            out.append((s, DCTERMS.source, parse_iri(self.source, "--source-url") if is_url
                        else Literal(self.source)))
        for licence in self.licenses:
            out.append((s, DCTERMS.license, URIRef(licence)))
        if self.rights:
            out.append((s, DCTERMS.rights, Literal(self.rights, lang="en")))
        if self.retrieved:
            out.append((g, DCTERMS.created, parse_date(self.retrieved)))
        return [(*t, g) for t in out]


def start_import(importer: str, version: str, paths: Sequence[str | Path], *,
                 name: str | None, title: str, source: str, licenses: Sequence[str],
                 rights: str, retrieved: str | None, report: ImportReport | None,
                 parse_time: float) -> tuple[Dataset, ImportReport]:
    """The dataset an import writes (named after the first file unless ``name``) and its
    report, started with the files and the parse time."""
    dataset = Dataset(name or Path(paths[0]).name.split(".")[0], title=title,
                      source=source or ", ".join(Path(p).name for p in paths),
                      licenses=licenses, rights=rights, retrieved=retrieved,
                      importer=f"{importer} {version}")
    report = report or ImportReport()
    report.importer, report.graph = importer, str(dataset.graph)
    report.files = [str(p) for p in paths]
    report.timings["parse"] = parse_time
    return dataset, report
