"""Write a network, or the RDF behind it, in standard formats: a registry of writers by name.

Network formats (from a networkx graph, usually :func:`friendship_graph.network.to_networkx`):

``graphml``
    GraphML (networkx, igraph, Gephi, yEd, Cytoscape). Edge ids are unique in the file: the
    edge key, or, for a key that several edges share (an event drawn as a clique, or as a node
    linked to each participant), the key with ``#1``, ``#2``, ... and the key itself in the
    attribute ``fg:key``. igraph keeps node and edge ids in an attribute named ``id``, so the
    projection's ``id`` is written as ``fg:id``; :func:`read_graph` reads both back under their
    own names.
``gexf``
    GEXF 1.2 for Gephi, with node labels and every attribute, the ontology's colours
    (``viz:color``: ``fg:nodeColor`` of the node's class, ``fg:edgeColor`` of the edge's
    relation or status) and positions (``viz:position``): the places' own, x = longitude and
    y = latitude (north up, as Gephi draws y), or those of a ``layout``. GEXF reserves the
    edge and node attributes ``id``, ``start``, ``end``, ``type``, ``weight`` and ``pid`` for
    its own meaning (``start``/``end`` would turn the file into a dynamic graph that partial
    dates such as ``2019-02`` break), so those attributes are
    written as ``fg:id``, ``fg:start``, ... and :func:`read_graph` (or
    :func:`friendship_graph.network.read_graph`) reads them back under their own names.
``json``
    node-link JSON (``networkx.node_link_data`` with ``edges="edges"``).
``csv``
    two files: ``<OUT>.nodes.csv`` (``id`` then one column per attribute) and
    ``<OUT>.edges.csv`` (``source``, ``target``, ``key`` then the attributes); when ``OUT``
    is a folder, ``nodes.csv`` and ``edges.csv`` in it.

RDF formats (the statements about the selected nodes and edges, from the store):
``ttl``, ``nt`` (triples: the union of the graphs), ``nq``, ``trig``, ``jsonld`` (named graphs
kept). They are written by pyoxigraph from the store's own terms, so lexical forms, language
tags and datatypes are exactly those of the store.

Every file is written atomically: to a temporary file in the same folder, then renamed.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import networkx as nx
from rdflib import URIRef

from .errors import FriendshipGraphError
from .network.files import GEXF_PREFIX as _GEXF_PREFIX
from .network.files import GEXF_RESERVED as _GEXF_RESERVED
from .network.files import GRAPHML_KEY as _GRAPHML_KEY
from .network.files import GRAPHML_RESERVED as _GRAPHML_RESERVED
from .resources import new_file_mode
from .results import spreadsheet_safe, spreadsheet_value
from .store import Store
from .vocab import FG, GRAPH, ONTOLOGY_GRAPH

__all__ = [
    "EXPORT_FORMATS",
    "NETWORK_FORMATS",
    "RDF_FORMATS",
    "LAYOUTS",
    "Writer",
    "register",
    "export_network",
    "write_network",
    "write_rdf",
    "read_graph",
    "read_csv_network",
    "atomic_write",
    "csv_paths",
]

LAYOUTS = ("spring", "geo")
#: Contract attributes that are numbers (read back from CSV as floats).
_FLOAT_COLUMNS = ("lat", "lon")


@dataclass(frozen=True)
class Writer:
    """A registered output format."""

    name: str
    description: str
    kind: str  # "network" (writes a networkx graph) or "rdf" (writes quads from the store)
    write: Callable[..., None]


_REGISTRY: dict[str, Writer] = {}


def register(name: str, description: str, kind: str,
             ) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register a writer under a format name (the built-in formats use it too)."""

    def decorate(func: Callable[..., None]) -> Callable[..., None]:
        _REGISTRY[name] = Writer(name, description, kind, func)
        return func

    return decorate


@contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[Any]]:
    """Open a temporary file next to ``path``; on success it replaces ``path`` at once, on
    failure it is removed and ``path`` is untouched."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FriendshipGraphError(f"{path}: the folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        os.fchmod(handle, new_file_mode())  # mkstemp's 0600 -> what open() would give
        kwargs = {"encoding": "utf-8", "newline": ""} if "b" not in mode else {}
        with os.fdopen(handle, mode, **kwargs) as stream:
            yield stream
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- network formats


def _check_attributes(graph: nx.Graph) -> None:
    """GraphML and GEXF hold strings and numbers only, and XML 1.0 characters only."""
    def check(where: str, data: dict[str, Any]) -> None:
        for key, value in data.items():
            if key == "viz":
                continue
            if not isinstance(value, (str, int, float, bool)):
                raise FriendshipGraphError(
                    f"{where}: attribute {key!r} is a {type(value).__name__}; GraphML and GEXF "
                    "hold strings and numbers only")
            if isinstance(value, str) and any(
                    (ord(c) < 32 and c not in "\t\n") or 0xD800 <= ord(c) <= 0xDFFF
                    or ord(c) in (0xFFFE, 0xFFFF) for c in value):
                raise FriendshipGraphError(
                    f"{where}: attribute {key!r} holds a control character (or a carriage "
                    "return) that XML cannot carry; export as json or csv instead")

    for node, data in graph.nodes(data=True):
        check(f"node {node}", data)
    for u, v, data in graph.edges(data=True):
        check(f"edge {u} - {v}", data)


def _graphml_names(data: dict[str, Any]) -> dict[str, Any]:
    return {(_GEXF_PREFIX + k if k in _GRAPHML_RESERVED else k): v for k, v in data.items()}


def _graphml_ids(graph: nx.MultiGraph) -> list[str]:
    """One id per edge (in edge order), unique in the file: the key when no other edge has it,
    else the key with ``#1``, ``#2``, ..."""
    from collections import Counter

    counts = Counter(str(k) for *_ends, k in graph.edges(keys=True))
    used = {k for k, n in counts.items() if n == 1}
    seen: Counter[str] = Counter()
    ids = []
    for *_ends, key in graph.edges(keys=True):
        key = str(key)
        if counts[key] == 1:
            ids.append(key)
            continue
        while True:
            seen[key] += 1
            candidate = f"{key}#{seen[key]}"
            if candidate not in used:
                break
        used.add(candidate)
        ids.append(candidate)
    return ids


@register("graphml", "GraphML (networkx, igraph, Gephi, Cytoscape)", "network")
def _write_graphml(graph: nx.Graph, path: Path, **_options: Any) -> None:
    _check_attributes(graph)
    out = graph.__class__()
    out.graph.update(graph.graph)
    out.add_nodes_from((n, _graphml_names(d)) for n, d in graph.nodes(data=True))
    if graph.is_multigraph():
        for (u, v, key, data), edge_id in zip(graph.edges(keys=True, data=True),
                                              _graphml_ids(graph), strict=True):
            attrs = _graphml_names(data)
            if edge_id != str(key):
                attrs[_GRAPHML_KEY] = str(key)
            out.add_edge(u, v, key=edge_id, **attrs)
    else:
        out.add_edges_from((u, v, _graphml_names(d)) for u, v, d in graph.edges(data=True))
    with atomic_write(path, "wb") as stream:
        nx.write_graphml(out, stream, encoding="utf-8", prettyprint=True)


@register("gexf", "GEXF 1.2 for Gephi (with --layout: node positions)", "network")
def _write_gexf(graph: nx.Graph, path: Path, *, layout: str | None = None,
                **_options: Any) -> None:
    _check_attributes(graph)
    out = graph.__class__()
    out.graph.update({k: v for k, v in graph.graph.items() if isinstance(v, (str, int, float))})
    positions = _layout(graph, layout) if layout else _layout(graph, "geo", places_only=True)
    colour = _colours()
    for node, data in graph.nodes(data=True):
        attrs = {(_GEXF_PREFIX + k if k in _GEXF_RESERVED else k): v for k, v in data.items()}
        viz: dict[str, Any] = {}
        if node in positions:
            x, y = positions[node]
            viz["position"] = {"x": float(x), "y": float(y), "z": 0.0}
        rgb = colour(FG.nodeColor, data.get("type"))
        if rgb:
            viz["color"] = rgb
        if viz:
            attrs["viz"] = viz
        out.add_node(node, **attrs)
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else \
        ((u, v, None, d) for u, v, d in graph.edges(data=True))
    for u, v, key, data in edges:
        attrs = {(_GEXF_PREFIX + k if k in _GEXF_RESERVED else k): v for k, v in data.items()}
        rgb = colour(FG.edgeColor, data.get("status")) or colour(FG.edgeColor,
                                                                  data.get("relation"))
        if rgb:
            attrs["viz"] = {"color": rgb}
        if key is None:
            out.add_edge(u, v, **attrs)
        else:
            out.add_edge(u, v, key=key, **attrs)
    with atomic_write(path, "wb") as stream:
        nx.write_gexf(out, stream, encoding="utf-8", prettyprint=True, version="1.2draft")


def _colours() -> Callable[[URIRef, object], dict[str, int] | None]:
    """``(annotation, IRI) -> {"r", "g", "b"}``: the ontology's colour of a class, property
    or concept (inherited), remembered per IRI; None when it has none."""
    from .ontology import load_ontology

    ontology = load_ontology()
    cache: dict[tuple[str, str], dict[str, int] | None] = {}

    def colour(annotation: URIRef, iri: object) -> dict[str, int] | None:
        if not isinstance(iri, str) or not iri:
            return None
        key = (str(annotation), iri)
        if key not in cache:
            value = ontology.annotation(URIRef(iri), annotation)
            text = str(value).lstrip("#") if value is not None else ""
            cache[key] = ({"r": int(text[0:2], 16), "g": int(text[2:4], 16),
                           "b": int(text[4:6], 16)}
                          if len(text) == 6 and all(c in "0123456789abcdefABCDEF" for c in text)
                          else None)
        return cache[key]

    return colour


def _layout(graph: nx.Graph, layout: str, *, places_only: bool = False,
            ) -> dict[Any, tuple[float, float]]:
    """Node positions: ``geo`` is x = 10 x longitude, y = 10 x latitude (north up in Gephi,
    whose y axis points up), the others placed next to their placed neighbours (or, with
    ``places_only``, left out); ``spring`` is networkx's spring layout."""
    if layout not in LAYOUTS:
        raise FriendshipGraphError(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}")
    if layout == "geo":
        found = {n: (float(d["lon"]) * 10, float(d["lat"]) * 10)
                 for n, d in graph.nodes(data=True) if "lat" in d and "lon" in d}
        missing = [] if places_only else [n for n in graph if n not in found]
        if missing:
            # Nodes without coordinates are placed next to their placed neighbours.
            rest = nx.spring_layout(nx.Graph(graph.subgraph(missing)), seed=1, scale=50)
            for node in missing:
                near = [found[m] for m in graph[node] if m in found]
                cx = sum(p[0] for p in near) / len(near) if near else 0.0
                cy = sum(p[1] for p in near) / len(near) if near else 0.0
                found[node] = (cx + rest[node][0], cy + rest[node][1])
        return found
    simple = nx.Graph(graph)
    positions = nx.spring_layout(simple, seed=1, scale=1000.0,
                                 iterations=50 if len(simple) < 5000 else 20)
    return {n: (float(p[0]), float(p[1])) for n, p in positions.items()}


@register("json", "node-link JSON (networkx.node_link_data)", "network")
def _write_json(graph: nx.Graph, path: Path, **_options: Any) -> None:
    data = nx.node_link_data(graph, edges="edges")
    with atomic_write(path) as stream:
        json.dump(data, stream, ensure_ascii=False, indent=1, default=str)
        stream.write("\n")


def csv_paths(out: str | os.PathLike[str]) -> tuple[Path, Path]:
    """The node and edge files for ``-o OUT``: in the folder OUT, or beside the prefix OUT
    (``net`` or ``net.csv`` -> ``net.nodes.csv`` and ``net.edges.csv``)."""
    out = Path(out)
    if out.is_dir() or str(out).endswith(os.sep):
        return out / "nodes.csv", out / "edges.csv"
    stem = out.name[:-4] if out.name.lower().endswith(".csv") else out.name
    return out.with_name(stem + ".nodes.csv"), out.with_name(stem + ".edges.csv")


def _columns(rows: list[dict[str, Any]], first: list[str]) -> list[str]:
    seen = {k for row in rows for k in row}
    preferred = ["label", "label_zh", "type", "type_label", "relation", "relation_label",
                 "status", "status_label"]
    return first + [k for k in preferred if k in seen and k not in first] + sorted(
        k for k in seen if k not in first and k not in preferred)


@register("csv", "CSV: OUT.nodes.csv and OUT.edges.csv", "network")
def _write_csv(graph: nx.Graph, path: Path, *, raw_csv: bool = False, **_options: Any) -> None:
    nodes_path, edges_path = csv_paths(path)
    cell = str if raw_csv else spreadsheet_safe
    node_rows = [{"id": str(n), **d} for n, d in graph.nodes(data=True)]
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else \
        ((u, v, "", d) for u, v, d in graph.edges(data=True))
    edge_rows = [{"source": str(u), "target": str(v), "key": str(k), **d}
                 for u, v, k, d in edges]
    for target, rows, first in ((nodes_path, node_rows, ["id"]),
                                (edges_path, edge_rows, ["source", "target", "key"])):
        columns = _columns(rows, first)
        with atomic_write(target) as stream:
            writer = csv.DictWriter(stream, columns, lineterminator="\n", extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow({k: ("" if v is None else cell(v) if isinstance(v, str) else v)
                                 for k, v in row.items() if k != "viz"})


def read_csv_network(out: str | os.PathLike[str]) -> nx.MultiGraph:
    """Read back what the ``csv`` writer wrote (empty cells are absent attributes)."""
    nodes_path, edges_path = csv_paths(out)
    graph = nx.MultiGraph()
    for path in (nodes_path, edges_path):
        if not path.is_file():
            raise FriendshipGraphError(f"{path}: no such file")

    def attrs(row: dict[str, str], skip: tuple[str, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in row.items():
            if key in skip or value == "":
                continue
            value = spreadsheet_value(value)
            out[key] = float(value) if key in _FLOAT_COLUMNS else value
        return out

    with open(nodes_path, encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            graph.add_node(spreadsheet_value(row["id"]), **attrs(row, ("id",)))
    with open(edges_path, encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            graph.add_edge(spreadsheet_value(row["source"]), spreadsheet_value(row["target"]),
                           key=spreadsheet_value(row["key"]),
                           **attrs(row, ("source", "target", "key")))
    return graph


def read_graph(path: str | os.PathLike[str]) -> nx.MultiGraph:
    """Read a network file written by :func:`export_network` (or any GraphML, GEXF, JSON or
    edge list) with the attribute names of the projection (GEXF's ``fg:`` names undone)."""
    from .network import read_graph as read_any

    path = Path(path)
    if path.name.endswith((".nodes.csv", ".edges.csv")):
        return read_csv_network(path.with_name(path.name.rsplit(".", 2)[0]))
    graph = read_any(path)
    if path.suffix.lower() == ".gexf":
        from .network import undo_gexf_names

        undo_gexf_names(graph)
    elif path.suffix.lower() == ".graphml":
        from .network import undo_graphml_names

        undo_graphml_names(graph)
    return graph


def write_network(graph: nx.Graph, format: str, path: str | os.PathLike[str], *,
                  layout: str | None = None, raw_csv: bool = False) -> None:
    """Write a networkx graph in a network format of the registry (CSV cells a spreadsheet
    would run as formulas neutralised unless ``raw_csv``: see
    :func:`~friendship_graph.results.spreadsheet_safe`)."""
    writer = _REGISTRY.get(format)
    if writer is None or writer.kind != "network":
        names = ", ".join(sorted(n for n, w in _REGISTRY.items() if w.kind == "network"))
        raise FriendshipGraphError(f"unknown network format {format!r}; use one of {names}")
    if layout is not None and format != "gexf":
        raise FriendshipGraphError("--layout is for GEXF only (GraphML, JSON and CSV have no "
                                   "standard place for positions)")
    writer.write(graph, Path(path), layout=layout, raw_csv=raw_csv)


# --------------------------------------------------------------------------- RDF formats


#: Graphs that are not data: the ontology (shapes, rules) and the store's bookkeeping.
_EXCLUDED = f"<{ONTOLOGY_GRAPH}>, <{GRAPH['system']}>"

_RDF_SYNTAX = {"ttl": "TURTLE", "nt": "N_TRIPLES", "nq": "N_QUADS", "trig": "TRIG",
               "jsonld": "JSON_LD"}


def _selected_quads(store: Store, graph: nx.Graph | None) -> list:
    """pyoxigraph quads: what the store says about the nodes and edges of ``graph`` (every
    statement whose subject is a node or an edge's resource, the direct statements drawn as
    edges, and the statements about the resources these point to that are not nodes
    themselves: quotations, signatures, quantities), or, without ``graph``, every data
    statement. The ontology graph is left out."""
    import pyoxigraph as ox

    from .network import projection_rules
    from .rdf.terms import to_oxigraph

    def convert(rows: list[tuple]) -> list[ox.Quad]:
        return [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), to_oxigraph(g))
                for s, p, o, g in rows]

    if graph is None:
        return convert(store.query(
            f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
            f"FILTER (?g NOT IN ({_EXCLUDED}))  }}").rows)
    subjects = {str(n) for n in graph}
    subjects |= {str(data["id"]) for *_ends, data in graph.edges(data=True) if data.get("id")}
    subjects = {s for s in subjects if s.split(":", 1)[0] in ("http", "https", "urn")}
    rows: list[tuple] = []
    if subjects:
        values = " ".join(f"<{s}>" for s in sorted(subjects))
        rows += store.query(
            f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} "
            f"FILTER (?g NOT IN ({_EXCLUDED}))  }}").rows
        node_set = {URIRef(s) for s in subjects}
        pointed = {row[2] for row in rows if isinstance(row[2], URIRef)
                   and row[2] not in node_set}
        if pointed:
            # Only resources the network does not draw (places, partnerships and events
            # outside the selection stay out).
            rules = projection_rules(store)
            drawn = rules.node_classes | set(rules.edge_classes) | set(rules.connector_classes)
            values = " ".join(f"<{s}>" for s in sorted(pointed))
            pointed -= {row[0] for row in store.query(
                f"SELECT ?x ?t WHERE {{ VALUES ?x {{ {values} }} ?x a ?t }}").rows
                if row[1] in drawn}
        if pointed:
            values = " ".join(f"<{s}>" for s in sorted(pointed))
            rows += [row for row in store.query(
                f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} "
                f"FILTER (?g NOT IN ({_EXCLUDED}))  }}").rows]
    # Direct statements drawn as edges are among their subjects' statements.
    return sorted(set(convert(rows)), key=str)


def write_rdf(store: Store, format: str, path: str | os.PathLike[str],
              graph: nx.Graph | None = None) -> int:
    """Write the statements behind ``graph`` (or every data statement) in an RDF syntax with
    pyoxigraph, keeping the store's terms exactly; returns the number of statements."""
    import pyoxigraph as ox

    from .vocab import PREFIXES

    if format not in _RDF_SYNTAX:
        raise FriendshipGraphError(f"unknown RDF format {format!r}; use one of "
                                   + ", ".join(_RDF_SYNTAX))
    syntax = getattr(ox.RdfFormat, _RDF_SYNTAX[format])
    quads = _selected_quads(store, graph)
    if syntax.supports_datasets:
        items: list = quads
    else:
        items = sorted({q.triple for q in quads}, key=str)
    kwargs: dict[str, Any] = {"format": syntax}
    if syntax in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        kwargs["prefixes"] = PREFIXES
    with atomic_write(path, "wb") as stream:
        ox.serialize(items, stream, **kwargs)
    return len(items)


for _name, _description in (("ttl", "Turtle (triples of every graph)"),
                            ("nt", "N-Triples (triples of every graph)"),
                            ("nq", "N-Quads (named graphs kept)"),
                            ("trig", "TriG (named graphs kept)"),
                            ("jsonld", "JSON-LD (named graphs kept)")):
    register(_name, _description, "rdf")(
        lambda store, graph, path, *, _format=_name, **_o: write_rdf(store, _format, path, graph))

NETWORK_FORMATS = tuple(n for n, w in _REGISTRY.items() if w.kind == "network")
RDF_FORMATS = tuple(n for n, w in _REGISTRY.items() if w.kind == "rdf")
EXPORT_FORMATS = NETWORK_FORMATS + RDF_FORMATS


def export_network(store: Store, format: str, path: str | os.PathLike[str], *,
                   layout: str | None = None, raw_csv: bool = False,
                   **selection: Any) -> nx.MultiGraph:
    """Project the store with the selection options of
    :func:`~friendship_graph.network.to_networkx` and write it (network formats) or the
    statements behind it (RDF formats) to ``path``. Returns the projected graph."""
    from .network import to_networkx

    writer = _REGISTRY.get(format)
    if writer is None:
        raise FriendshipGraphError(f"unknown export format {format!r}; use one of "
                                   + ", ".join(EXPORT_FORMATS))
    graph = to_networkx(store, **selection)
    if writer.kind == "network":
        write_network(graph, format, path, layout=layout, raw_csv=raw_csv)
    else:
        if layout is not None:
            raise FriendshipGraphError("--layout is for GEXF only")
        whole = not any(v not in (None, (), [], "", False) for k, v in selection.items()
                        if k not in ("events", "attributes", "depth"))
        writer.write(store, None if whole else graph, Path(path))
    return graph
