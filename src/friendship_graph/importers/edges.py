"""The ``edges`` importer: bare edge lists as in the KONECT and SNAP network collections.

Each line holds two whitespace-separated node ids (more columns, such as weights or
timestamps, are ignored); lines starting with ``%`` or ``#`` are comments. An edge list does
not say what its nodes are, so by default they become ``fg:NetworkNode`` nodes joined by
``fg:linkedTo`` (both defined in ontology/core.ttl). With ``as_places=True`` (``--as places``)
the user states that the nodes are places: they become ``fg:Place`` nodes and every edge a
partnership (class ``kind``, default fg:Twinning). Node IRIs are ``id:node/<source>/<id>``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from ..vocab import DCTERMS, FG, FGC, ID, RDF, RDFS
from .builder import GraphBuilder
from .parsing import read_text
from .partnerships import partnership_iri
from .places import slugify
from .provenance import start_import
from .report import REASON_EMPTY_NAME, REASON_SELF_PAIR, ImportFileError, ImportReport
from .resolver import Resolver

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["import_edges", "read_edges", "IMPORTER_VERSION"]

IMPORTER_VERSION = "1"


def read_edges(path: str | Path, encoding: str = "utf-8"
               ) -> tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]]:
    """``(line, u, v)`` edges and ``(line, reason, detail)`` rejected lines of an edge list."""
    text = read_text(path, encoding)
    edges: list[tuple[int, str, str]] = []
    rejected: list[tuple[int, str, str]] = []
    data_lines = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped[0] in "%#":
            continue
        data_lines += 1
        parts = stripped.split()
        if len(parts) < 2:
            rejected.append((number, REASON_EMPTY_NAME, f"one column only: {stripped!r}"))
            continue
        edges.append((number, parts[0], parts[1]))
    if not data_lines:
        raise ImportFileError(path, "the file holds no edges (is it empty, or all comments?); "
                              "an edge list has one edge per line: NODE NODE")
    if not edges:
        raise ImportFileError(path, "no line has two whitespace-separated columns; an edge "
                              "list has one edge per line: NODE NODE")
    return edges, rejected


def _node_iri(source: str, node_id: str) -> URIRef:
    return ID[f"node/{source}/{slugify(node_id)}"]


def import_edges(store: Store, paths: Sequence[str | Path] | str | Path, *,
                 as_places: bool = False, name: str | None = None, title: str = "",
                 source: str = "", licenses: Sequence[str] = (), rights: str = "",
                 retrieved: str | None = None, encoding: str = "utf-8",
                 kind: URIRef = FG.Twinning, status: URIRef = FGC.established,
                 report: ImportReport | None = None, progress: bool | None = None,
                 ) -> ImportReport:
    """Import edge lists into ``graph:<name>``, replacing that graph."""
    del progress  # edge lists are written in one pass; nothing worth a bar
    if isinstance(paths, str | Path):
        paths = [paths]
    t0 = time.perf_counter()
    parsed = [(Path(p), *read_edges(p, encoding)) for p in paths]
    dataset, report = start_import("edges", IMPORTER_VERSION, paths, name=name, title=title,
                                   source=source, licenses=licenses, rights=rights,
                                   retrieved=retrieved, report=report,
                                   parse_time=time.perf_counter() - t0)
    t1 = time.perf_counter()
    builder = GraphBuilder(store, dataset, report, resolver=Resolver())
    node_class = FG.Place if as_places else FG.NetworkNode
    nodes: dict[str, URIRef] = {}
    seen: set[tuple[str, str]] = set()
    prefix = len(parsed) > 1

    def node(node_id: str) -> URIRef:
        iri = nodes.get(node_id)
        if iri is None:
            iri = _node_iri(dataset.name, node_id)
            nodes[node_id] = iri
            builder.add(iri, RDF.type, node_class)
            builder.add(iri, RDFS.label, Literal(node_id))
            report.nodes_created += 1
        return iri

    for path, edges, rejected in parsed:
        for line, reason, detail in rejected:
            report.rows_read += 1
            report.reject(f"{path.name}:{line}" if prefix else line, reason, detail)
        for line, u, v in edges:
            report.rows_read += 1
            row = f"{path.name}:{line}" if prefix else line
            if u == v:
                report.reject(row, REASON_SELF_PAIR, u)
                continue
            a, b = sorted((node(u), node(v)), key=str)
            if (str(a), str(b)) in seen:
                report.duplicate_rows += 1
                continue
            seen.add((str(a), str(b)))
            report.edges_created += 1
            if as_places:
                iri = partnership_iri(a, b)
                builder.add(iri, RDF.type, kind)
                builder.add(iri, RDFS.label, Literal(f"{u} – {v}"))
                builder.add(iri, FG.partner, a)
                builder.add(iri, FG.partner, b)
                builder.add(iri, FG.status, status)
                builder.add(iri, DCTERMS.source, dataset.node)
                report.partnerships_created += 1
            else:
                builder.add(a, FG.linkedTo, b)
    report.timings["resolution"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    builder.write()
    report.timings["store_write"] = time.perf_counter() - t2
    return report
