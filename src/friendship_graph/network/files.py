"""Reading network files that did not come from the store: GraphML, GEXF, node-link JSON
and bare edge lists (KONECT, SNAP), as ``friendship-graph analyze --edges FILE`` does."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx

from ..errors import FriendshipGraphError

__all__ = ["GRAPH_READERS", "GEXF_RESERVED", "GEXF_PREFIX", "GRAPHML_RESERVED", "GRAPHML_KEY",
           "read_graph", "undo_gexf_names", "undo_graphml_names"]

#: GEXF gives these attribute names a meaning of its own; the export writes them with "fg:".
GEXF_RESERVED = ("id", "start", "end", "type", "weight", "pid", "key")
GEXF_PREFIX = "fg:"
#: GraphML readers give these attribute names a meaning of their own (igraph stores node and
#: edge ids in ``id``); the export writes them with "fg:" too.
GRAPHML_RESERVED = ("id",)
#: The GraphML attribute holding an edge's key when its id is not the key.
GRAPHML_KEY = "fg:key"

#: File endings read by :func:`read_graph` as edge lists (anything else not listed below too).
GRAPH_READERS = {".graphml": "graphml", ".gexf": "gexf", ".json": "json"}


def read_graph(path: str | Path) -> nx.MultiGraph:
    """Read a network file as an undirected MultiGraph: GraphML, GEXF, node-link JSON, or an
    edge list (CSV, TSV or whitespace-separated, the first two columns are the ends; lines
    starting with ``#`` or ``%`` are comments, as in KONECT's ``out.*`` files)."""
    path = Path(path)
    if not path.is_file():
        raise FriendshipGraphError(f"{path}: no such file")
    kind = GRAPH_READERS.get(path.suffix.lower(), "edgelist")
    try:
        if kind == "graphml":
            graph = nx.read_graphml(path, edge_key_type=str, force_multigraph=True)
        elif kind == "gexf":
            graph = nx.read_gexf(path)
        elif kind == "json":
            import json

            data = json.loads(path.read_text(encoding="utf-8"))
            graph = nx.node_link_graph(data, edges="edges" if "edges" in data else "links")
        else:
            return _read_edge_list(path)
    except FriendshipGraphError:
        raise
    except Exception as error:  # noqa: BLE001 - any parser error becomes one line
        raise FriendshipGraphError(f"{path}: cannot read it as {kind}: {error}") from None
    multi = nx.MultiGraph(graph.to_undirected() if graph.is_directed() else graph)
    multi.graph.update(graph.graph)
    return multi


def undo_gexf_names(graph: nx.MultiGraph) -> None:
    """Give the attributes the export wrote as ``fg:id``, ``fg:start``, ... their own names
    back, and drop GEXF's own ``viz`` and edge ``id`` (a counter)."""
    def undo(data: dict) -> None:
        for key in list(data):
            if key.startswith(GEXF_PREFIX) and key[len(GEXF_PREFIX):] in GEXF_RESERVED:
                data[key[len(GEXF_PREFIX):]] = data.pop(key)

    for _n, data in graph.nodes(data=True):
        data.pop("viz", None)
        undo(data)
    for _u, _v, data in graph.edges(data=True):
        data.pop("viz", None)
        data.pop("id", None)
        undo(data)


def undo_graphml_names(graph: nx.Graph) -> None:
    """Give the attributes the GraphML export wrote as ``fg:id`` their own names back, and
    the edges whose ids were made unique (``key#1``, ...) their keys (``fg:key``)."""
    def undo(data: dict) -> None:
        for name in GRAPHML_RESERVED:
            if GEXF_PREFIX + name in data:
                data[name] = data.pop(GEXF_PREFIX + name)

    for _n, data in graph.nodes(data=True):
        undo(data)
    if not graph.is_multigraph():
        for _u, _v, data in graph.edges(data=True):
            undo(data)
            data.pop(GRAPHML_KEY, None)
        return
    rekeyed = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        undo(data)
        if GRAPHML_KEY in data:
            rekeyed.append((u, v, key))
    for u, v, key in rekeyed:
        data = graph.edges[u, v, key]
        graph.remove_edge(u, v, key)
        graph.add_edge(u, v, key=str(data.pop(GRAPHML_KEY)), **data)


def _read_edge_list(path: Path) -> nx.MultiGraph:
    graph = nx.MultiGraph(name=path.name)
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            text = line.strip()
            if not text or text[0] in "#%":
                continue
            fields = re.split(r"[\t,;]", text) if re.search(r"[\t,;]", text) else text.split()
            fields = [f.strip().strip('"') for f in fields]
            if len(fields) < 2 or not fields[0] or not fields[1]:
                raise FriendshipGraphError(
                    f"{path}:{number}: an edge list line needs two node names, got {text!r}")
            if number == 1 and fields[:2] in (["source", "target"], ["from", "to"],
                                               ["Source", "Target"]):
                continue
            graph.add_edge(fields[0], fields[1])
    if graph.number_of_edges() == 0:
        raise FriendshipGraphError(f"{path}: no edges found; write one edge per line: A B")
    return graph
