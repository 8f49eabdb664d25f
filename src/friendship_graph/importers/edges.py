"""The ``edges`` importer: bare edge lists as in the KONECT and SNAP network collections.

Each line holds two whitespace-separated node ids (more columns, such as weights or
timestamps, are ignored); lines starting with ``%`` or ``#`` are comments. An edge list does
not say what its nodes are, so by default they become ``fg:NetworkNode`` nodes joined by
``fg:linkedTo`` (both defined in ontology/core.ttl). With ``as_places=True`` (``--as places``)
the user states that the nodes are places: they become ``fg:Place`` nodes and every edge a
partnership (class ``kind``, default fg:Twinning). Node IRIs are ``id:node/<source>/<id>``.

A node file (``nodes``: id, label, language, optional country, coordinates and identifiers)
says what the ids stand for. An id that is an identifier (a Wikidata Q-id) or a node with an
identifier column merges with the place of the store that has it; a node with a country is
resolved by name like a side of a pair.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from ..rdf.literals import MAX_TERM_CHARS
from ..vocab import FG, FGC, ID, RDF, RDFS, SKOS
from .builder import GraphBuilder, PlaceMention, check_mention
from .identifiers import Identifier, parse_identifiers
from .parsing import read_csv_rows, read_text
from .partnerships import PairWriter
from .places import slugify
from .provenance import start_import
from .report import REASON_EMPTY_NAME, REASON_SELF_PAIR, ImportFileError, ImportReport
from .resolver import Resolver

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["import_edges", "read_edges", "read_nodes", "NodeRow", "IMPORTER_VERSION"]

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
        for part in parts[:2]:
            if len(part) > MAX_TERM_CHARS:
                raise ImportFileError(path, f"a node id of {len(part) >> 20} MB: a term may "
                                      f"have at most {MAX_TERM_CHARS >> 20} MB (as in a load); "
                                      "is the file an edge list?", number)
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


@dataclass
class NodeRow:
    """One row of a node file: what an edge list's node id stands for."""

    label: str
    language: str = ""
    mention: PlaceMention | None = None  # with a country: a place to resolve
    ids: list[Identifier] = field(default_factory=list)


#: Columns of a node file (the first of each tuple that the header has is used).
NODE_COLUMNS = {
    "id": ("id", "node", "qid", "item"), "label": ("label", "name", "itemlabel"),
    "language": ("language", "lang"), "country": ("country", "countrylabel"),
    "lat": ("lat", "latitude"), "lon": ("lon", "lng", "long", "longitude"),
    "wikidata": ("wikidata",), "geonames": ("geonames", "geonameid"),
    "iso3166_2": ("iso3166_2", "iso_3166_2"),
}


def read_nodes(path: str | Path, encoding: str = "utf-8") -> dict[str, NodeRow]:
    """A node file (CSV/TSV): ``id`` and ``label`` (required), ``language``, ``country``,
    ``lat``/``lon`` and identifier columns (optional), by node id."""
    header, rows = read_csv_rows(read_text(path, encoding), path)
    lower = {h.lower().replace(" ", "_"): h for h in header}
    columns = {key: next((lower[n] for n in names if n in lower), None)
               for key, names in NODE_COLUMNS.items()}
    if columns["id"] is None or columns["label"] is None:
        raise ImportFileError(path, "a node file needs the columns id and label (optional: "
                              "language, country, lat, lon, wikidata, geonames, iso3166_2)")
    out: dict[str, NodeRow] = {}
    for _line, row in rows:
        def cell(key: str, row: dict[str, str] = row) -> str:
            column = columns[key]
            return (row.get(column) or "").strip() if column else ""

        node_id = cell("id")
        if not node_id:
            continue
        ids = parse_identifiers([(None, node_id), ("wikidata", cell("wikidata") or None),
                                 ("geonames", cell("geonames") or None),
                                 ("iso3166-2", cell("iso3166_2") or None)])
        label = cell("label") or node_id
        mention = None
        if cell("country"):
            mention = PlaceMention(label, cell("country"), cell("lat") or None,
                                   cell("lon") or None, ids=ids)
        out[node_id] = NodeRow(label, cell("language"), mention, ids)
    return out


def import_edges(store: Store, paths: Sequence[str | Path] | str | Path, *,
                 as_places: bool = False, nodes: str | Path | None = None,
                 name: str | None = None, title: str = "",
                 source: str = "", licenses: Sequence[str] = (), rights: str = "",
                 retrieved: str | None = None, encoding: str = "utf-8",
                 kind: URIRef = FG.Twinning, status: URIRef = FGC.established,
                 report: ImportReport | None = None, progress: bool | None = None,
                 ) -> ImportReport:
    """Import edge lists into ``graph:<name>``, replacing that graph.

    ``nodes``: a node file (:func:`read_nodes`) saying what the ids stand for. Its nodes get
    their labels (in their language) and identifiers; with ``as_places`` a node that shares
    an identifier with a place of the store is that place, and one with a country is
    resolved like a side of a pair.
    """
    del progress  # edge lists are written in one pass; nothing worth a bar
    if isinstance(paths, str | Path):
        paths = [paths]
    t0 = time.perf_counter()
    parsed = [(Path(p), *read_edges(p, encoding)) for p in paths]
    node_rows = read_nodes(nodes, encoding) if nodes is not None else {}
    dataset, report = start_import("edges", IMPORTER_VERSION, paths, name=name, title=title,
                                   source=source, licenses=licenses, rights=rights,
                                   retrieved=retrieved, report=report,
                                   parse_time=time.perf_counter() - t0)
    t1 = time.perf_counter()
    resolver = Resolver.from_store(store, exclude_graph=dataset.graph) if as_places \
        else Resolver()
    builder = GraphBuilder(store, dataset, report, resolver=resolver)
    writer = PairWriter(store, builder, default_kind=kind, default_status=status) \
        if as_places else None
    node_class = FG.Place if as_places else FG.NetworkNode
    iris: dict[str, URIRef] = {}
    seen: set[tuple[str, str]] = set()
    prefix = len(parsed) > 1

    def node(node_id: str, row: str) -> URIRef:
        iri = iris.get(node_id)
        if iri is None:
            iri = _node(builder, node_rows.get(node_id), node_id, row, node_class, as_places)
            iris[node_id] = iri
        return iri

    for path, edges, rejected in parsed:
        for line, reason, detail in rejected:
            report.rows_read += 1
            report.reject(f"{path.name}:{line}" if prefix else line, reason, detail)
        for line, u, v in edges:
            report.rows_read += 1
            row = f"{path.name}:{line}" if prefix else str(line)
            if u == v:
                report.reject(row, REASON_SELF_PAIR, u)
                continue
            a, b = sorted((node(u, row), node(v, row)), key=str)
            if (str(a), str(b)) in seen:
                report.duplicate_rows += 1
                continue
            seen.add((str(a), str(b)))
            if writer is not None:
                if writer.write_between(row, a, b, kind, status, names=(u, v)) is not None:
                    report.edges_created += 1
            else:
                report.edges_created += 1
                builder.add(a, FG.linkedTo, b)
    report.timings["resolution"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    builder.write()
    report.timings["store_write"] = time.perf_counter() - t2
    return report


def _node(builder: GraphBuilder, info: NodeRow | None, node_id: str, row: str,
          node_class: URIRef, as_places: bool) -> URIRef:
    """The node an edge list's id stands for: a place of the store (same identifier), a place
    resolved by name and country, or a node of this source."""
    report = builder.report
    label = info.label if info else node_id
    literal = Literal(label, lang=info.language or None) if info else Literal(node_id)
    ids = info.ids if info else parse_identifiers([(None, node_id)])
    if as_places:
        if info is not None and info.mention is not None:
            checked = check_mention(info.mention, row, report)
            if checked is not None:
                return builder.place(info.mention, checked[0], row, checked[1]).iri
        found = next((builder.resolver.by_id[i.key] for i in ids if i.key in
                      builder.resolver.by_id), None)
        if found is not None:
            if found.existing and found.iri not in builder.merged:
                builder.merged.add(found.iri)
                report.places_merged += 1
                report.merged_by["id"] = report.merged_by.get("id", 0) + 1
            if info is not None and label not in found.labels | {found.label}:
                builder.add(found.iri, SKOS.altLabel, literal)
                builder.resolver.add_label(found, label)
            for identifier in ids:
                statement = identifier.statement()
                if statement is not None:
                    builder.add(found.iri, *statement)
            return found.iri
    iri = _node_iri(builder.dataset.name, node_id)
    builder.add(iri, RDF.type, node_class)
    builder.add(iri, RDFS.label, literal)
    builder.labels[iri] = label
    for identifier in ids:
        statement = identifier.statement()
        if statement is not None:
            builder.add(iri, *statement)
    report.nodes_created += 1
    return iri
