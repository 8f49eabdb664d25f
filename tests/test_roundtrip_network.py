"""Lossless round trips of the network formats (issue 17): the bundled default store (world
network + Jinzhong report) exported to GEXF, GraphML and node-link JSON and imported again
into an empty store projects to the same places, partnerships, kinds, statuses, levels, dates
and sources; a GEXF export carries the ontology's colours and north-up positions."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from friendship_graph.export import write_network
from friendship_graph.importers.edges import read_nodes
from friendship_graph.importers.gexf import import_graph
from friendship_graph.network import to_networkx
from friendship_graph.store import Store

NODE_KEYS = ("label", "label_zh", "alt_labels", "type", "country", "country_label", "lat", "lon",
             "wikidata", "sources", "date", "start", "end")
EDGE_KEYS = ("relation", "id", "label", "status", "level", "start", "end", "intended", "date",
             "sources", "role")


def signature(graph: nx.MultiGraph) -> tuple[dict, list]:
    nodes = {n: tuple((k, d.get(k)) for k in NODE_KEYS) for n, d in graph.nodes(data=True)}
    edges = sorted((tuple(sorted((u, v))), k, tuple((x, d.get(x)) for x in EDGE_KEYS))
                   for u, v, k, d in graph.edges(keys=True, data=True))
    return nodes, edges


@pytest.fixture(scope="module")
def world() -> nx.MultiGraph:
    from friendship_graph.store.default import default_store

    with default_store() as store:
        return to_networkx(store)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["gexf", "graphml", "json"])
def test_the_bundled_network_round_trips(world: nx.MultiGraph, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"world.{fmt}"
    write_network(world, fmt, path)
    with Store.memory() as store:
        report = import_graph(store, path, format=fmt, keep_sources=True)
        again = to_networkx(store)
    assert not report.rejected
    nodes, edges = signature(world)
    nodes_again, edges_again = signature(again)
    assert len(nodes) > 17_000 and len(edges) > 28_000
    assert nodes_again == nodes
    assert edges_again == edges
    assert {d.get("level") for *_e, d in again.edges(data=True)} > {None}  # the article's


@pytest.mark.slow
def test_gexf_carries_colours_and_north_up_positions(world: nx.MultiGraph,
                                                     tmp_path: Path) -> None:
    path = tmp_path / "world.gexf"
    write_network(world, "gexf", path)
    plain = nx.read_gexf(path)
    oslo = next(d for _n, d in plain.nodes(data=True) if d.get("label") == "Oslo")
    cape_town = next(d for _n, d in plain.nodes(data=True) if d.get("label") == "Cape Town")
    assert oslo["viz"]["position"]["y"] > 0 > cape_town["viz"]["position"]["y"]  # north up
    assert set(oslo["viz"]["color"]) >= {"r", "g", "b"}


def test_a_projected_file_into_a_store_that_has_its_graphs_is_refused(
        jinzhong_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "j.json"
    write_network(to_networkx(jinzhong_store), "json", path)
    before = len(jinzhong_store)
    with pytest.raises(Exception, match="has the graph"):
        import_graph(jinzhong_store, path, format="json", keep_sources=True)
    assert len(jinzhong_store) == before
    report = import_graph(jinzhong_store, path, format="json", name="again")
    assert report.partnerships_created and not report.rejected


labels = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(
    lambda t: t.strip() == t and t)


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.from_regex(r"Q[1-9][0-9]{0,5}", fullmatch=True), labels,
                       min_size=1, max_size=5))
def test_node_files_read_back(tmp_path: Path, rows: dict[str, str]) -> None:
    path = tmp_path / "nodes.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "label", "language"])
        for node_id, label in rows.items():
            writer.writerow([node_id, label, "de"])
    found = read_nodes(path)
    assert {k: v.label for k, v in found.items()} == rows
    assert all(v.ids[0].value == k for k, v in found.items())
