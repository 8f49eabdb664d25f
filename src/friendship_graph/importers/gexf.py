"""The ``gexf``, ``graphml`` and ``json`` importers: graphs of places from Gephi or networkx,
and the networks this project exports (read back by :mod:`.projected`).

Nodes are places: their name is the node's ``label`` (else its id), and attributes give the
country (``country``), coordinates (``lat``/``latitude``, ``lon``/``lng``/``longitude``) and
population (``pop``/``population``). Attribute names can be mapped like the columns of the
``pairs`` importer (keys ``name``, ``country``, ``lat``, ``lon``, ``population``, ``wikidata``).
A node id (or a ``wikidata`` attribute) that is a Wikidata Q-id becomes
``owl:sameAs <http://www.wikidata.org/entity/Q...>``, and merges with the place of another source
that has the same Q-id. Every edge is a partnership (class fg:Twinning unless ``kind`` says
otherwise), resolved and written like a row of the ``pairs`` importer.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from ..vocab import FG, FGC, OWL, SKOS
from .builder import PlaceMention
from .identifiers import Identifier, parse_identifiers
from .partnerships import PairRecord, import_records
from .projected import is_projected, projected_quads
from .provenance import start_import
from .report import ImportFileError, ImportReport
from .resolver import Resolver

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["import_gexf", "import_graphml", "import_json", "import_graph", "read_graph",
           "IMPORTER_VERSION", "NODE_FIELDS"]

IMPORTER_VERSION = "1"

#: Node attribute names tried for each field (case-insensitive).
NODE_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("label", "name", "title"),
    "country": ("country", "nation"),
    "lat": ("lat", "latitude"),
    "lon": ("lon", "lng", "long", "longitude"),
    "population": ("pop", "population"),
    "wikidata": ("wikidata", "qid", "wikidata_id"),
    "geonames": ("geonames", "geonames_id", "geonameid"),
    "iso3166_2": ("iso3166_2", "iso_3166_2", "iso3166-2", "subdivision"),
    "same_as": ("sameas", "same_as", "owl:sameas"),
    "exact_match": ("exactmatch", "exact_match", "skos:exactmatch"),
    "kind": ("kind", "type", "relation"),
    "date": ("date", "start", "since"),
}


def read_graph(path: str | Path, format: str = "gexf"):  # noqa: ANN201 - networkx graph
    """Read a GEXF, GraphML or node-link JSON file with networkx (the attribute names this
    project's GEXF export prefixes with ``fg:`` undone), or raise ImportFileError."""
    import json

    import networkx as nx

    from ..network import undo_gexf_names, undo_graphml_names

    path = Path(path)
    if not path.is_file():
        raise ImportFileError(path, "no such file")
    try:
        if format == "json":
            data = json.loads(path.read_text(encoding="utf-8"))
            graph = nx.node_link_graph(data, edges="edges" if "edges" in data else "links")
        elif format == "gexf":
            graph = nx.read_gexf(str(path))
        else:
            graph = nx.read_graphml(str(path), edge_key_type=str)
    except Exception as error:  # noqa: BLE001 - networkx/ElementTree/json raise many kinds
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ImportFileError(path, f"not a valid {format.upper()} file: {message}") from None
    if format == "gexf":
        undo_gexf_names(graph)
    elif format == "graphml":
        undo_graphml_names(graph)
    return graph


def _pick(data: Mapping[str, Any], fieldname: str, mapping: Mapping[str, str]) -> Any:
    if fieldname in mapping:
        return data.get(mapping[fieldname])
    lower = {str(k).lower(): v for k, v in data.items()}
    for name in NODE_FIELDS[fieldname]:
        if name in lower and lower[name] not in (None, ""):
            return lower[name]
    return None


def _ids(node_id: Any, data: Mapping[str, Any], mapping: Mapping[str, str]
         ) -> tuple[list[Identifier], URIRef]:
    """The identifiers of a node (its attributes, then its id) and how the source aligns it:
    ``skos:exactMatch`` when it names one, else ``owl:sameAs``."""
    exact = _pick(data, "exact_match", mapping)
    ids = parse_identifiers([
        ("wikidata", _pick(data, "wikidata", mapping)),
        ("geonames", _pick(data, "geonames", mapping)),
        ("iso3166-2", _pick(data, "iso3166_2", mapping)),
        (None, _pick(data, "same_as", mapping)), (None, exact)])
    for found in parse_identifiers([(None, node_id)]):
        if found.scheme in ("wikidata", "geonames", "place") and found not in ids:
            ids.append(found)
    return ids, SKOS.exactMatch if exact is not None else OWL.sameAs


def _population(value: Any) -> int | None:
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def graph_records(graph, mapping: Mapping[str, str] | None = None) -> list[PairRecord]:  # noqa: ANN001
    """Pair records for the edges of a networkx graph (row = ``edge N``)."""
    mapping = dict(mapping or {})
    mentions: dict[Any, PlaceMention] = {}
    for node_id, data in graph.nodes(data=True):
        name = _pick(data, "name", mapping)
        ids, alignment = _ids(node_id, data, mapping)
        mentions[node_id] = PlaceMention(
            str(name if name is not None else node_id), _str(_pick(data, "country", mapping)),
            _pick(data, "lat", mapping), _pick(data, "lon", mapping), ids=ids,
            population=_population(_pick(data, "population", mapping)), alignment=alignment)
    records = []
    for index, (u, v, data) in enumerate(graph.edges(data=True), start=1):
        a, b = mentions[u], mentions[v]
        records.append(PairRecord(
            f"edge {index} ({u}–{v})",
            PlaceMention(a.name, a.country, a.lat, a.lon, a.ids, a.population, a.alignment),
            PlaceMention(b.name, b.country, b.lat, b.lon, b.ids, b.population, b.alignment),
            date=_str(_pick(data, "date", mapping)), kind=_str(_pick(data, "kind", mapping))))
    return records


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def import_graph(store: Store, paths: Sequence[str | Path] | str | Path, *,
                 format: str = "gexf", mapping: Mapping[str, str] | None = None,
                 name: str | None = None, title: str = "", source: str = "",
                 licenses: Sequence[str] = (), rights: str = "", retrieved: str | None = None,
                 kind: URIRef = FG.Twinning, status: URIRef = FGC.established,
                 report: ImportReport | None = None, progress: bool | None = None,
                 resolver: Resolver | None = None, keep_sources: bool = False) -> ImportReport:
    """Import GEXF, GraphML or node-link JSON files of places into ``graph:<name>``,
    replacing that graph. A file this project exported is read back as the statements it was
    projected from (:mod:`.projected`; ``keep_sources``: into the graphs it names)."""
    if isinstance(paths, str | Path):
        paths = [paths]
    t0 = time.perf_counter()
    graphs = [(Path(path), read_graph(path, format)) for path in paths]
    projected = [is_projected(graph) for _path, graph in graphs]
    if any(projected):
        if not all(projected):
            raise ImportFileError(paths[0], "some files are exports of this project and some "
                                  "are not; import them separately")
        return _import_projected(store, graphs, paths, name=name, title=title, source=source,
                                 licenses=licenses, rights=rights, retrieved=retrieved,
                                 report=report, format=format, keep_sources=keep_sources,
                                 parse_time=time.perf_counter() - t0)
    records: list[PairRecord] = []
    for path, graph in graphs:
        for record in graph_records(graph, mapping):
            if len(paths) > 1:
                record.row = f"{Path(path).name}:{record.row}"
            records.append(record)
    return import_records(store, records, paths, importer=format, version=IMPORTER_VERSION,
                          name=name, title=title, source=source, licenses=licenses,
                          rights=rights, retrieved=retrieved, report=report,
                          parse_time=time.perf_counter() - t0, kind=kind, status=status,
                          progress=progress, resolver=resolver)


def _import_projected(store: Store, graphs: list, paths: Sequence[str | Path], *,  # noqa: ANN001
                      format: str, keep_sources: bool, report: ImportReport | None,
                      parse_time: float, **provenance: Any) -> ImportReport:
    dataset, report = start_import(format, IMPORTER_VERSION, paths, report=report,
                                   parse_time=parse_time, **provenance)
    quads: list = []
    for _path, graph in graphs:
        quads += projected_quads(store, graph, dataset, report, keep_sources=keep_sources)
    if keep_sources:
        store.add_quads(quads)
    else:
        quads = [*dataset.quads(), *quads]
        store.add_quads(quads, replace_graph=dataset.graph)
    report.quads_written = len(quads)
    return report


def import_gexf(store: Store, paths: Sequence[str | Path] | str | Path, **options: Any
                ) -> ImportReport:
    """Import GEXF files (Gephi, networkx); see :func:`import_graph` for the options."""
    return import_graph(store, paths, format="gexf", **options)


def import_graphml(store: Store, paths: Sequence[str | Path] | str | Path, **options: Any
                   ) -> ImportReport:
    """Import GraphML files; see :func:`import_graph` for the options."""
    return import_graph(store, paths, format="graphml", **options)


def import_json(store: Store, paths: Sequence[str | Path] | str | Path, **options: Any
                ) -> ImportReport:
    """Import node-link JSON files (networkx, this project's export); see
    :func:`import_graph` for the options."""
    return import_graph(store, paths, format="json", **options)
