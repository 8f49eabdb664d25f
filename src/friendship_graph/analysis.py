"""Network statistics, rankings, communities and paths, with the definitions of KONECT.

Everything here works on any networkx graph: the projection of the store
(:func:`friendship_graph.network.to_networkx`) or a network read from a file
(:func:`friendship_graph.network.read_graph`), including a bare edge list.

Definitions follow the Koblenz Network Collection (KONECT, Kunegis 2013, and the KONECT
handbook), so figures compare with published tables:

* size n (nodes) and volume m (edges, counting parallel edges);
* degree d(u) counts parallel edges; average degree 2m/n; maximum degree;
* triangles t, wedges s = sum C(d(u), 2), claws z = sum C(d(u), 3) and the clustering
  coefficient c = 3t / s are computed on the simple graph (parallel edges and loops dropped),
  as KONECT does;
* degree assortativity: the Pearson correlation of the degrees at the two ends of an edge
  (simple graph);
* diameter and mean shortest-path distance of the largest connected component: exact up to
  ``EXACT_DISTANCE_LIMIT`` nodes, otherwise estimated from BFS runs from a fixed-seed random
  sample of sources (the mean with its standard error; the diameter as a lower bound);
* power-law exponent: discrete maximum-likelihood estimate with xmin chosen by the smallest
  Kolmogorov-Smirnov distance (Clauset, Shalizi and Newman 2009, eq. 3.7), with its standard
  error (gamma - 1) / sqrt(n_tail);
* Gini coefficient of the degrees.

Every result says how it was computed (``method``): exact, sampled (with the sample size) or
approximated.
"""

from __future__ import annotations

import csv
import io
import json
import math
import multiprocessing
import os
import random
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .errors import FriendshipGraphError
from .store import Store

__all__ = [
    "STATISTICS",
    "RANKINGS",
    "OUTPUT_FORMATS",
    "EXACT_DISTANCE_LIMIT",
    "EXACT_BETWEENNESS_LIMIT",
    "ResultTable",
    "Report",
    "simple_graph",
    "network_statistics",
    "rank",
    "communities",
    "components",
    "ego",
    "shortest_paths",
    "analyze",
    "analyze_store",
    "analyze_file",
    "format_report",
]

#: Largest component size for exact diameter and mean distance.
EXACT_DISTANCE_LIMIT = 3000
#: Largest graph for exact betweenness.
EXACT_BETWEENNESS_LIMIT = 3000
#: Sample sizes (sources) used above those limits.
DISTANCE_SAMPLES = 100
BETWEENNESS_SAMPLES = 100
#: Seed for every random choice (samples, Louvain), so results repeat.
SEED = 1

RANKINGS = ("degree", "betweenness", "pagerank", "eigenvector")
OUTPUT_FORMATS = ("table", "csv", "tsv", "json")


@dataclass
class ResultTable:
    """One result: a title, column names, rows and notes on how it was computed."""

    name: str
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "notes": self.notes,
                "rows": [dict(zip(self.columns, row, strict=True)) for row in self.rows]}


@dataclass
class Report:
    """The tables one analysis produced."""

    tables: list[ResultTable] = field(default_factory=list)

    def table(self, name: str) -> ResultTable:
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)


# --------------------------------------------------------------------------- helpers


def simple_graph(graph: nx.Graph) -> nx.Graph:
    """The undirected simple graph: parallel edges merged (``weight`` = their number),
    direction and self-loops dropped."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    weights: Counter[tuple[Any, Any]] = Counter()
    for u, v in graph.edges():
        if u != v:
            weights[(u, v) if str(u) <= str(v) else (v, u)] += 1
    simple.add_weighted_edges_from((u, v, w) for (u, v), w in weights.items())
    return simple


def _label(graph: nx.Graph, node: Any) -> str:
    return str(graph.nodes[node].get("label", node)) if node in graph else str(node)


def _round(value: float, digits: int = 6) -> float:
    return round(float(value), digits)


def _largest_component(simple: nx.Graph) -> nx.Graph:
    if simple.number_of_nodes() == 0:
        return simple
    return simple.subgraph(max(nx.connected_components(simple), key=len)).copy()


# --------------------------------------------------------------------------- statistics


def _gini(values: Sequence[int]) -> float:
    values = sorted(values)
    n, total = len(values), sum(values)
    if n == 0 or total == 0:
        return 0.0
    weighted = sum(i * v for i, v in enumerate(values, 1))
    return 2 * weighted / (n * total) - (n + 1) / n


def _power_law(degrees: Sequence[int]) -> tuple[float, int, float, int] | None:
    """(gamma, xmin, standard error, n_tail) by discrete MLE with the KS-optimal xmin."""
    data = sorted(d for d in degrees if d > 0)
    if len(data) < 10:
        return None
    best: tuple[float, float, int, int] | None = None
    candidates = sorted(set(data))[:-1]
    for xmin in candidates:
        tail = [d for d in data if d >= xmin]
        n = len(tail)
        if n < 10:
            break
        log_sum = sum(math.log(d / (xmin - 0.5)) for d in tail)
        if log_sum <= 0:
            continue
        gamma = 1 + n / log_sum
        # KS distance between the tail and the continuous approximation of the fit.
        ks, counts, seen = 0.0, Counter(tail), 0
        for value in sorted(counts):
            seen += counts[value]
            model = 1 - ((value + 0.5) / (xmin - 0.5)) ** (1 - gamma)
            ks = max(ks, abs(seen / n - model))
        if best is None or ks < best[0]:
            best = (ks, gamma, xmin, n)
    if best is None:
        return None
    _ks, gamma, xmin, n = best
    return gamma, xmin, (gamma - 1) / math.sqrt(n), n


def _distances(lcc: nx.Graph, samples: int | None) -> tuple[int, float, float | None, str]:
    """(diameter, mean distance, standard error or None, method) of a connected graph."""
    nodes = list(lcc)
    n = len(nodes)
    if n < 2:
        return 0, 0.0, None, "exact"
    exact = samples is None and n <= EXACT_DISTANCE_LIMIT
    if exact:
        sources = nodes
    else:
        k = min(samples or DISTANCE_SAMPLES, n)
        sources = random.Random(SEED).sample(sorted(nodes, key=str), k)
    per_source: list[float] = []
    diameter, total, pairs = 0, 0, 0
    for source in sources:
        lengths = nx.single_source_shortest_path_length(lcc, source)
        diameter = max(diameter, max(lengths.values()))
        s = sum(lengths.values())
        total += s
        pairs += len(lengths) - 1
        per_source.append(s / (len(lengths) - 1))
    mean = total / pairs
    if exact:
        return diameter, mean, None, "exact (BFS from every node)"
    error = statistics.stdev(per_source) / math.sqrt(len(per_source)) \
        if len(per_source) > 1 else None
    diameter = max(diameter, nx.approximation.diameter(lcc, seed=SEED))
    return diameter, mean, error, (
        f"sampled: BFS from {len(sources)} random sources (seed {SEED}); diameter is a lower "
        "bound (largest eccentricity seen, and a 2-sweep)")


STATISTICS = ("nodes", "edges", "unique_edges", "max_degree", "avg_degree", "lcc_size",
              "triangles", "wedges", "claws", "clustering", "assortativity", "diameter",
              "mean_distance", "power_law_exponent", "gini")


def network_statistics(graph: nx.Graph, which: Iterable[str] | None = None, *,
                       samples: int | None = None) -> ResultTable:
    """The KONECT statistics of ``graph`` (all, or those named in ``which``).

    ``samples`` forces sampled distances with that many BFS sources (default: exact up to
    ``EXACT_DISTANCE_LIMIT`` nodes in the largest component, else ``DISTANCE_SAMPLES``).
    """
    wanted = list(which) if which else list(STATISTICS)
    unknown = [w for w in wanted if w not in STATISTICS]
    if unknown:
        raise FriendshipGraphError(f"unknown statistic {unknown[0]!r}; use one of "
                                   + ", ".join(STATISTICS))
    table = ResultTable("statistics", "Network statistics (KONECT definitions)",
                        ["statistic", "value", "method"])
    n = graph.number_of_nodes()
    m = graph.number_of_edges()
    degrees = [d for _n, d in graph.degree()]
    cache: dict[str, Any] = {}

    def simple() -> nx.Graph:
        if "simple" not in cache:
            cache["simple"] = simple_graph(graph)
        return cache["simple"]

    def simple_degrees() -> list[int]:
        return [d for _n, d in simple().degree()]

    def lcc() -> nx.Graph:
        if "lcc" not in cache:
            cache["lcc"] = _largest_component(simple())
        return cache["lcc"]

    def triangles() -> int:
        if "t" not in cache:
            cache["t"] = sum(nx.triangles(simple()).values()) // 3
        return cache["t"]

    def wedges() -> int:
        return sum(d * (d - 1) // 2 for d in simple_degrees())

    def distances() -> tuple[int, float, float | None, str]:
        if "dist" not in cache:
            cache["dist"] = _distances(lcc(), samples)
        return cache["dist"]

    for name in wanted:
        if name == "nodes":
            table.rows.append([name, n, "exact"])
        elif name == "edges":
            table.rows.append([name, m, "exact; parallel edges counted (KONECT volume m)"])
        elif name == "unique_edges":
            table.rows.append([name, simple().number_of_edges(),
                               "exact; pairs of distinct nodes joined by at least one edge"])
        elif name == "max_degree":
            table.rows.append([name, max(degrees, default=0), "exact; parallel edges counted"])
        elif name == "avg_degree":
            table.rows.append([name, _round(2 * m / n if n else 0.0), "exact; 2m/n"])
        elif name == "lcc_size":
            table.rows.append([name, lcc().number_of_nodes(),
                               "exact; nodes in the largest connected component"])
        elif name == "triangles":
            table.rows.append([name, triangles(), "exact; simple graph"])
        elif name == "wedges":
            table.rows.append([name, wedges(), "exact; sum of C(d,2), simple graph"])
        elif name == "claws":
            table.rows.append([name, sum(d * (d - 1) * (d - 2) // 6 for d in simple_degrees()),
                               "exact; sum of C(d,3), simple graph"])
        elif name == "clustering":
            s = wedges()
            table.rows.append([name, _round(3 * triangles() / s if s else 0.0),
                               "exact; 3 x triangles / wedges"])
        elif name == "assortativity":
            value: Any = None
            if simple().number_of_edges() > 0:
                try:
                    value = nx.degree_assortativity_coefficient(simple())
                    value = None if math.isnan(value) else _round(value)
                except (ZeroDivisionError, ValueError):
                    value = None
            table.rows.append([name, value, "exact; Pearson correlation of the degrees at "
                               "the ends of an edge, simple graph (empty: undefined)"])
        elif name == "diameter":
            diameter, _mean, _err, method = distances()
            table.rows.append([name, diameter, method + "; largest connected component"])
        elif name == "mean_distance":
            _d, mean, error, method = distances()
            note = method + "; largest connected component"
            if error is not None:
                note += f"; standard error {error:.4f}"
            table.rows.append([name, _round(mean), note])
        elif name == "power_law_exponent":
            fit = _power_law(degrees)
            if fit is None:
                table.rows.append([name, None, "too few nodes with an edge to fit (< 10)"])
            else:
                gamma, xmin, error, tail = fit
                table.rows.append([name, _round(gamma, 4),
                                   f"estimated: discrete MLE (Clauset-Shalizi-Newman 2009, "
                                   f"eq. 3.7) with xmin = {xmin} chosen by the smallest KS "
                                   f"distance; {tail} nodes in the tail; standard error "
                                   f"{error:.4f}"])
        elif name == "gini":
            table.rows.append([name, _round(_gini(degrees)),
                               "exact; Gini coefficient of the degrees"])
    return table


# --------------------------------------------------------------------------- rankings


def rank(graph: nx.Graph, by: str = "degree", *, top: int | None = 10,
         samples: int | None = None) -> ResultTable:
    """Nodes ranked by a centrality: degree, betweenness, pagerank or eigenvector."""
    if by not in RANKINGS:
        raise FriendshipGraphError(f"unknown ranking {by!r}; use one of {', '.join(RANKINGS)}")
    simple = simple_graph(graph)
    notes: list[str] = []
    if by == "degree":
        scores: dict[Any, float] = dict(graph.degree())
        notes.append("degree: number of edges, parallel edges counted (exact)")
    elif by == "betweenness":
        n = simple.number_of_nodes()
        if samples is None and n <= EXACT_BETWEENNESS_LIMIT:
            scores = nx.betweenness_centrality(simple)
            notes.append("betweenness: exact (Brandes), normalised, simple graph")
        else:
            k = min(samples or BETWEENNESS_SAMPLES, n)
            scores, workers = _sampled_betweenness(simple, k)
            notes.append(f"betweenness: approximated from {k} random sources (seed {SEED}; "
                         f"Brandes-Pich sampling, {workers} process(es)), normalised, simple "
                         "graph")
    elif by == "pagerank":
        scores = nx.pagerank(simple, alpha=0.85, weight="weight") if len(simple) else {}
        notes.append("pagerank: damping 0.85, edges weighted by their multiplicity")
    else:
        scores = _eigenvector(simple)
        notes.append("eigenvector: leading eigenvector of the adjacency matrix (weighted by "
                     "multiplicity), computed per connected component scaled by its size")
    ordered = sorted(scores.items(), key=lambda kv: (-kv[1], str(kv[0])))
    if top:
        ordered = ordered[:top]
    table = ResultTable(f"rank_{by}", f"Ranking by {by}", ["rank", "node", "label", by],
                        notes=notes)
    for position, (node, score) in enumerate(ordered, 1):
        value = int(score) if by == "degree" else _round(score)
        table.rows.append([position, str(node), _label(graph, node), value])
    return table


def _betweenness_part(graph: nx.Graph, sources: list[Any]) -> dict[Any, float]:
    """Brandes' accumulation from some sources (networkx's own steps, unscaled)."""
    from networkx.algorithms.centrality.betweenness import (
        _accumulate_basic,
        _single_source_shortest_path_basic,
    )

    betweenness = dict.fromkeys(graph, 0.0)
    for source in sources:
        stack, preds, sigma, _ = _single_source_shortest_path_basic(graph, source)
        betweenness, _ = _accumulate_basic(betweenness, stack, preds, sigma, source)
    return betweenness


def _sampled_betweenness(simple: nx.Graph, k: int) -> tuple[dict[Any, float], int]:
    """``nx.betweenness_centrality(simple, k=k, seed=SEED)``, the sources shared among the
    CPU cores (the same numbers, in a fraction of the time); serial where that fails."""
    workers = min(os.cpu_count() or 1, 4, max(1, k // 25))
    try:
        from networkx.algorithms.centrality.betweenness import _rescale
    except ImportError:  # networkx changed its internals: serial
        workers = 1
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return nx.betweenness_centrality(simple, k=k, seed=SEED), 1
    sources = random.Random(SEED).sample(list(simple.nodes()), k)
    chunks = [sources[i::workers] for i in range(workers)]
    try:
        # fork: the workers do not re-run the caller's main module.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")
                                 ) as pool:
            parts = list(pool.map(_betweenness_part, [simple] * workers, chunks))
    except (OSError, RuntimeError, BrokenProcessPool):
        return nx.betweenness_centrality(simple, k=k, seed=SEED), 1
    total = dict.fromkeys(simple, 0.0)
    for part in parts:
        for node, value in part.items():
            total[node] += value
    return _rescale(total, len(simple), normalized=True, directed=False, endpoints=False,
                    sampled_nodes=sources), workers


def _eigenvector(simple: nx.Graph) -> dict[Any, float]:
    """Eigenvector centrality that also works on disconnected graphs: per component, scaled
    so that larger components weigh more (the leading eigenvector of the whole adjacency
    matrix is zero outside the component with the largest eigenvalue)."""
    scores: dict[Any, float] = {}
    total = simple.number_of_nodes()
    for component in nx.connected_components(simple):
        sub = simple.subgraph(component)
        if len(sub) < 3:
            scores.update({node: 0.0 for node in sub})
            continue
        try:
            values = nx.eigenvector_centrality_numpy(sub, weight="weight")
        except (nx.NetworkXException, ValueError, TypeError):
            values = nx.eigenvector_centrality(sub, weight="weight", max_iter=1000, tol=1e-8)
        scale = len(sub) / total
        scores.update({node: abs(v) * scale for node, v in values.items()})
    return scores


# --------------------------------------------------------------------------- structure


def communities(graph: nx.Graph, *, top: int | None = 10, seed: int = SEED) -> ResultTable:
    """Louvain communities (fixed seed) of the simple graph weighted by multiplicity, with
    the modularity of the partition."""
    simple = simple_graph(graph)
    parts = nx.community.louvain_communities(simple, weight="weight", seed=seed) \
        if simple.number_of_edges() else [{n} for n in simple]
    parts = sorted(parts, key=lambda c: (-len(c), min(str(n) for n in c)))
    modularity = nx.community.modularity(simple, parts, weight="weight") \
        if simple.number_of_edges() else 0.0
    table = ResultTable("communities", "Communities (Louvain)",
                        ["community", "size", "members"],
                        notes=[f"Louvain, seed {seed}, resolution 1, edges weighted by "
                               f"multiplicity; {len(parts)} communities; modularity "
                               f"{modularity:.4f}; members: at most 5, largest degree first"])
    for index, part in enumerate(parts[:top] if top else parts, 1):
        table.rows.append([index, len(part), _members(graph, part)])
    return table


def _members(graph: nx.Graph, part: Iterable[Any], shown: int = 5) -> list[str]:
    """The labels of the ``shown`` members of largest degree (the size column says how many
    there are)."""
    members = sorted(part, key=lambda n: (-graph.degree(n), str(n)))
    return [_label(graph, n) for n in members[:shown]]


def components(graph: nx.Graph, *, top: int | None = 10) -> ResultTable:
    """Connected components, largest first."""
    parts = sorted(nx.connected_components(simple_graph(graph)),
                   key=lambda c: (-len(c), min(str(n) for n in c)))
    table = ResultTable("components", "Connected components",
                        ["component", "size", "members"],
                        notes=[f"{len(parts)} connected components; members: at most 5, "
                               "largest degree first"])
    for index, part in enumerate(parts[:top] if top else parts, 1):
        table.rows.append([index, len(part), _members(graph, part)])
    return table


def ego(graph: nx.Graph, center: Any, *, radius: int = 1, top: int | None = None,
        ) -> ResultTable:
    """The nodes within ``radius`` steps of ``center``, with their distance and the relations
    that link each neighbour at distance 1."""
    if center not in graph:
        raise FriendshipGraphError(f"{center} is not a node of the network")
    distances = nx.single_source_shortest_path_length(graph, center, cutoff=radius)
    table = ResultTable("ego", f"Ego network of {_label(graph, center)} (radius {radius})",
                        ["node", "label", "distance", "relations"])
    rows = sorted(distances.items(), key=lambda kv: (kv[1], _label(graph, kv[0]), str(kv[0])))
    for node, distance in rows[:top + 1] if top else rows:
        relations = ""
        if distance == 1:
            relations = "; ".join(sorted(_edge_names(graph, center, node)))
        table.rows.append([str(node), _label(graph, node), distance, relations])
    ego_graph = graph.subgraph(distances)
    table.notes.append(f"{ego_graph.number_of_nodes()} nodes, {ego_graph.number_of_edges()} "
                       "edges in the ego network")
    return table


def _edge_names(graph: nx.Graph, u: Any, v: Any) -> list[str]:
    data = graph.get_edge_data(u, v) or {}
    if not graph.is_multigraph():
        data = {0: data}
    names = []
    for key, attrs in data.items():
        name = attrs.get("relation_label") or attrs.get("relation") or ""
        status = attrs.get("status_label")
        text = str(name) + (f" ({status})" if status else "")
        names.append(text or (key if isinstance(key, str) else ""))
    if not any(names):
        # A bare network: only the number of parallel edges says something.
        return [f"{len(data)} edges"] if len(data) > 1 else []
    return [n for n in names if n]


def shortest_paths(graph: nx.Graph, source: Any, target: Any, *, all_paths: bool = False,
                   limit: int = 100) -> ResultTable:
    """The shortest chain (or all shortest chains, at most ``limit``) between two nodes;
    each step names the relations that link it."""
    for node in (source, target):
        if node not in graph:
            raise FriendshipGraphError(f"{node} is not a node of the network")
    try:
        if all_paths:
            paths = []
            for path in nx.all_shortest_paths(graph, source, target):
                paths.append(path)
                if len(paths) >= limit:
                    break
        else:
            paths = [nx.shortest_path(graph, source, target)]
    except nx.NetworkXNoPath:
        paths = []
    table = ResultTable("paths", f"Shortest chain{'s' if all_paths else ''} from "
                        f"{_label(graph, source)} to {_label(graph, target)}",
                        ["path", "step", "node", "label", "via"])
    followed = sorted({str(d.get("relation_label") or d["relation"])
                       for *_ends, d in graph.edges(data=True) if d.get("relation")})
    if followed:
        table.notes.append("relations followed: " + ", ".join(followed))
    if not paths:
        table.notes.append("no path: the two nodes are in different components")
        return table
    paths.sort(key=lambda p: [_label(graph, n) for n in p])
    for number, path in enumerate(paths, 1):
        for step, node in enumerate(path):
            via = "; ".join(sorted(_edge_names(graph, path[step - 1], node))) if step else ""
            table.rows.append([number, step, str(node), _label(graph, node), via])
    table.notes.append(f"{len(paths)} shortest path(s) of length {len(paths[0]) - 1}"
                       + (f" (at most {limit} shown)" if all_paths and len(paths) >= limit
                          else ""))
    return table


# --------------------------------------------------------------------------- one call


def analyze(graph: nx.Graph, *, stats: Iterable[str] | None = None,
            rankings: Iterable[str] = (), with_communities: bool = False,
            with_components: bool = False, ego_node: Any | None = None, ego_radius: int = 1,
            path: tuple[Any, Any] | None = None, all_paths: bool = False,
            top: int | None = 10, samples: int | None = None,
            labels: Callable[[Iterable[str]], dict[str, str]] | None = None) -> Report:
    """Run the asked analyses on ``graph``. With nothing asked, the statistics.

    ``labels`` fills in labels of the nodes shown when the graph has none (for instance a
    structure-only projection: :func:`friendship_graph.network.node_labels`).
    """
    report = Report()
    stats = list(stats or [])
    rankings = list(rankings)
    asked = bool(stats) or rankings or with_communities or with_components \
        or ego_node is not None or path is not None
    if path is not None:
        report.tables.append(shortest_paths(graph, path[0], path[1], all_paths=all_paths))
    if stats or not asked:
        report.tables.append(network_statistics(graph, stats, samples=samples))
    for by in rankings:
        report.tables.append(rank(graph, by, top=top, samples=samples))
    if with_communities:
        report.tables.append(communities(graph, top=top))
    if with_components:
        report.tables.append(components(graph, top=top))
    if ego_node is not None:
        report.tables.append(ego(graph, ego_node, radius=ego_radius, top=top))
    if labels is not None:
        _fill_labels(report, labels)
    return report


def analyze_store(store: Store, selection: dict[str, Any] | None = None, *,
                  ego_name: str | None = None, path_names: tuple[str, str] | None = None,
                  **options: Any) -> Report:
    """Project the store (selection options of
    :func:`~friendship_graph.network.to_networkx`) and :func:`analyze` it. Node names
    (``ego_name``, ``path_names``) are IRIs or labels. The projection reads only the structure
    unless an ego network or a path is asked for (their relations are shown by label)."""
    from .network import node_labels, resolve_node, to_networkx

    detailed = ego_name is not None or path_names is not None
    graph = to_networkx(store, attributes=detailed, **(selection or {}))
    if ego_name is not None:
        options["ego_node"] = resolve_node(store, ego_name, graph)
    if path_names is not None:
        options["path"] = tuple(resolve_node(store, name, graph) for name in path_names)
    return analyze(graph, labels=lambda nodes: node_labels(store, nodes), **options)


def analyze_file(path: str, *, ego_name: str | None = None,
                 path_names: tuple[str, str] | None = None, **options: Any) -> Report:
    """Read a network file (GraphML, GEXF, node-link JSON or an edge list, see
    :func:`friendship_graph.network.read_graph`) and :func:`analyze` it."""
    from .network import find_node, read_graph

    graph = read_graph(path)
    if ego_name is not None:
        options["ego_node"] = find_node(graph, ego_name)
    if path_names is not None:
        options["path"] = tuple(find_node(graph, name) for name in path_names)
    return analyze(graph, **options)


def _fill_labels(report: Report, labels: Callable[[Iterable[str]], dict[str, str]]) -> None:
    wanted = {row[table.columns.index("node")] for table in report.tables
              if "node" in table.columns for row in table.rows}
    wanted |= {member for table in report.tables if "members" in table.columns
               for row in table.rows for member in row[table.columns.index("members")]}
    found = labels(sorted(wanted)) if wanted else {}
    for table in report.tables:
        if "members" in table.columns:
            at = table.columns.index("members")
            for row in table.rows:
                row[at] = [found.get(member, member) for member in row[at]]
        if "node" in table.columns and "label" in table.columns:
            node_at, label_at = table.columns.index("node"), table.columns.index("label")
            for row in table.rows:
                if row[label_at] == row[node_at] and row[node_at] in found:
                    row[label_at] = found[row[node_at]]


# --------------------------------------------------------------------------- output


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def format_report(report: Report, format: str = "table", *, raw_csv: bool = False) -> str:
    """The report as rich tables (for people), CSV or TSV (one section per table, each
    introduced by a ``# name`` line; cells a spreadsheet would run as formulas neutralised
    unless ``raw_csv``, see :func:`~friendship_graph.results.spreadsheet_safe`) or JSON
    (``{"tables": [...]}``)."""
    if format == "json":
        return json.dumps({"tables": [t.as_dict() for t in report.tables]},
                          ensure_ascii=False, indent=1) + "\n"
    if format in ("csv", "tsv"):
        from .results import spreadsheet_safe

        def safe(value: Any) -> Any:
            return spreadsheet_safe(value) if isinstance(value, str) and not raw_csv else value

        buffer = io.StringIO()
        for index, table in enumerate(report.tables):
            if len(report.tables) > 1:
                if index:
                    buffer.write("\n")
                buffer.write(f"# {table.name}\n")
            writer = csv.writer(buffer, delimiter="\t" if format == "tsv" else ",",
                                lineterminator="\n")
            writer.writerow(table.columns)
            writer.writerows([safe(_cell(v)) for v in row] for row in table.rows)
        return buffer.getvalue()
    if format != "table":
        raise FriendshipGraphError(f"unknown format {format!r}; use one of "
                                   + ", ".join(OUTPUT_FORMATS))
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=io.StringIO(), width=160, color_system=None)
    for table in report.tables:
        rich_table = Table(*table.columns, title=Text(table.title))
        for row in table.rows:
            rich_table.add_row(*(Text(str(_cell(v))) for v in row))
        console.print(rich_table)
        for note in table.notes:
            console.print(Text(note))
    return console.file.getvalue()  # type: ignore[attr-defined]
