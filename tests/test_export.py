"""Exports: network formats read back equal, RDF exports isomorphic, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from friendship_graph.errors import FriendshipGraphError
from friendship_graph.export import (
    EXPORT_FORMATS,
    csv_paths,
    export_network,
    read_graph,
    write_network,
    write_rdf,
)
from friendship_graph.network import to_networkx
from friendship_graph.store import Store
from friendship_graph.vocab import ONTOLOGY_GRAPH

DATA = Path(__file__).resolve().parent / "data" / "network"
ID = "https://w3id.org/friendship-graph/id/"


@pytest.fixture
def store() -> Store:
    with Store.memory() as store:
        store.load_files([DATA / "small.trig"])
        yield store


def edge_map(graph: nx.MultiGraph) -> dict:
    return {(min(str(u), str(v)), max(str(u), str(v)), str(k)): d
            for u, v, k, d in graph.edges(keys=True, data=True)}


def assert_same_network(a: nx.MultiGraph, b: nx.MultiGraph) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert edge_map(a) == edge_map(b)


def path_for(tmp_path: Path, fmt: str) -> Path:
    return tmp_path / f"network.{fmt}"


def reread(path: Path, fmt: str) -> nx.MultiGraph:
    return read_graph(csv_paths(path)[0] if fmt == "csv" else path)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv"])
@pytest.mark.parametrize("events", ["none", "nodes", "cliques"])
def test_network_formats_read_back_equal(store: Store, tmp_path: Path, fmt: str,
                                         events: str) -> None:
    graph = to_networkx(store, events=events)
    path = path_for(tmp_path, fmt)
    write_network(graph, fmt, path)
    assert_same_network(graph, reread(path, fmt))
    assert not list(tmp_path.glob("*.part"))


def renamed_id(graph: nx.MultiGraph) -> nx.MultiGraph:
    """``graph`` with the attribute ``id`` named ``fg:id``, as GraphML files hold it."""
    out = nx.MultiGraph()
    out.add_nodes_from((n, {("fg:id" if k == "id" else k): v for k, v in d.items()})
                       for n, d in graph.nodes(data=True))
    out.add_edges_from((u, v, k, {("fg:id" if a == "id" else a): x for a, x in d.items()})
                       for u, v, k, d in graph.edges(keys=True, data=True))
    return out


def test_graphml_and_gexf_read_by_plain_networkx(store: Store, tmp_path: Path) -> None:
    graph = to_networkx(store, events="none")
    write_network(graph, "graphml", tmp_path / "n.graphml")
    plain = nx.read_graphml(tmp_path / "n.graphml", edge_key_type=str, force_multigraph=True)
    # Partnership keys are unique: they are the edge ids, as networkx reads them.
    assert_same_network(renamed_id(graph), plain)
    write_network(graph, "gexf", tmp_path / "n.gexf")
    gexf = nx.read_gexf(tmp_path / "n.gexf")
    assert set(gexf) == set(graph)
    assert {str(k) for *_e, k in gexf.edges(keys=True)} == {
        str(k) for *_e, k in graph.edges(keys=True)}
    alpha = ID + "place/xa/alpha"
    assert gexf.nodes[alpha]["label"] == "Alpha"
    assert gexf.nodes[alpha]["lat"] == 10.5
    edge = gexf.edges[alpha, ID + "place/xb/beta", ID + "partnership/alpha-beta"]
    assert edge["fg:start"] == "1990-05-01"  # GEXF's own start is left alone
    assert edge["relation_label"].startswith("sister-city")


def graphml_edge_ids(path: Path) -> list[str]:
    from xml.etree import ElementTree

    root = ElementTree.parse(path).getroot()
    return [e.get("id") for e in root.iter("{http://graphml.graphdrawing.org/xmlns}edge")]


def read_with_igraph(path: Path):  # noqa: ANN201 - an igraph.Graph
    """The file as igraph reads it; any warning igraph gives (it warns through Python's
    warnings, for example when an attribute named ``id`` exists already) fails the test."""
    import warnings

    import igraph

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return igraph.Graph.Read_GraphML(str(path))


@pytest.mark.parametrize("events", ["none", "nodes", "cliques"])
def test_graphml_edge_ids_are_unique_and_igraph_reads_it_quietly(store: Store, tmp_path: Path,
                                                                 events: str) -> None:
    graph = to_networkx(store, events=events)
    path = tmp_path / "n.graphml"
    write_network(graph, "graphml", path)
    ids = graphml_edge_ids(path)
    assert len(ids) == graph.number_of_edges() and len(set(ids)) == len(ids)
    keys = [str(k) for *_e, k in graph.edges(keys=True)]
    shared = {k for k in keys if keys.count(k) > 1}
    assert bool(shared) == (events != "none")  # events repeat their key on each of their edges
    assert {i for i in ids if "#" in i} == {f"{k}#{n}" for k in shared
                                            for n in range(1, keys.count(k) + 1)}
    found = read_with_igraph(path)
    assert (found.vcount(), found.ecount()) == (graph.number_of_nodes(), graph.number_of_edges())
    assert sorted(found.vs["id"]) == sorted(graph.nodes)  # igraph's own id: the node id
    # (igraph 1.0 fills its edge "id" attribute with vertex ids, so it is not compared.)
    ends = {(found.vs[e.source]["id"], found.vs[e.target]["id"]) for e in found.es}
    assert ends == {(u, v) for u, v in graph.edges()}
    assert sorted(x for x in found.es["fg:id"] if x) == sorted(
        str(d["id"]) for *_e, d in graph.edges(data=True) if d.get("id"))
    assert set(found.es["relation_label"]) == {
        d["relation_label"] for *_e, d in graph.edges(data=True)}
    assert_same_network(graph, read_graph(path))


@pytest.mark.slow
def test_graphml_of_the_default_store_with_event_cliques(tmp_path: Path) -> None:
    from friendship_graph.store.default import default_store

    path = tmp_path / "world.graphml"
    with default_store() as store:
        graph = export_network(store, "graphml", path, events="cliques")
    ids = graphml_edge_ids(path)
    assert len(set(ids)) == len(ids) == graph.number_of_edges()
    assert any("#" in i for i in ids)  # the summits' cliques share their event's key
    found = read_with_igraph(path)
    assert found.ecount() == graph.number_of_edges()
    assert_same_network(graph, read_graph(path))


def test_gexf_layout_positions(store: Store, tmp_path: Path) -> None:
    graph = to_networkx(store, events="none")
    for layout in ("spring", "geo"):
        path = tmp_path / f"{layout}.gexf"
        write_network(graph, "gexf", path, layout=layout)
        text = path.read_text(encoding="utf-8")
        assert text.count("<viz:position") == graph.number_of_nodes()
        plain = nx.read_gexf(path)
        assert all("position" in d["viz"] for _n, d in plain.nodes(data=True))
        assert_same_network(graph, read_graph(path))
    geo = nx.read_gexf(tmp_path / "geo.gexf")
    position = geo.nodes[ID + "place/xa/alpha"]["viz"]["position"]
    assert (position["x"], position["y"]) == (-202.5, 105.0)  # north up
    assert geo.nodes[ID + "place/xa/alpha"]["viz"]["color"]["b"] > 0
    with pytest.raises(FriendshipGraphError, match="GEXF only"):
        write_network(graph, "json", tmp_path / "x.json", layout="spring")


def test_csv_files_and_columns(store: Store, tmp_path: Path) -> None:
    graph = to_networkx(store, events="none")
    write_network(graph, "csv", tmp_path / "net.csv")
    nodes, edges = tmp_path / "net.nodes.csv", tmp_path / "net.edges.csv"
    assert nodes.read_text(encoding="utf-8").splitlines()[0].startswith("id,label,label_zh,type")
    assert edges.read_text(encoding="utf-8").splitlines()[0].startswith(
        "source,target,key,label,relation")
    folder = tmp_path / "folder"
    folder.mkdir()
    write_network(graph, "csv", folder)
    assert (folder / "nodes.csv").is_file() and (folder / "edges.csv").is_file()


def test_json_is_node_link(store: Store, tmp_path: Path) -> None:
    graph = to_networkx(store, events="none")
    write_network(graph, "json", tmp_path / "n.json")
    data = json.loads((tmp_path / "n.json").read_text(encoding="utf-8"))
    assert data["multigraph"] is True and len(data["edges"]) == 6
    back = nx.node_link_graph(data, edges="edges")
    assert_same_network(graph, back)


def store_dataset(store: Store) -> Dataset:
    dataset = Dataset()
    for s, p, o, g in store.quads():
        if g is not None and g != ONTOLOGY_GRAPH:
            dataset.graph(g).add((s, p, o))
    return dataset


def graphs_of(dataset: Dataset) -> dict[str, Graph]:
    out = {}
    for graph in dataset.graphs():
        if len(graph):
            out[str(graph.identifier)] = graph
    return out


@pytest.mark.parametrize(("fmt", "syntax"), [("trig", "trig"), ("nq", "nquads"),
                                             ("jsonld", "json-ld")])
def test_rdf_export_keeps_named_graphs_and_terms(store: Store, tmp_path: Path, fmt: str,
                                                 syntax: str) -> None:
    path = tmp_path / f"all.{fmt}"
    export_network(store, fmt, path)
    loaded = Dataset()
    loaded.parse(path, format=syntax)
    expected = graphs_of(store_dataset(store))
    found = graphs_of(loaded)
    assert set(found) == set(expected)
    for name, graph in expected.items():
        assert isomorphic(graph, found[name]), name
    text = path.read_text(encoding="utf-8")
    assert "阿尔法" in text and "gYearMonth" in text


@pytest.mark.parametrize(("fmt", "syntax"), [("ttl", "turtle"), ("nt", "nt")])
def test_rdf_triple_formats_hold_the_union(store: Store, tmp_path: Path, fmt: str,
                                           syntax: str) -> None:
    path = tmp_path / f"all.{fmt}"
    export_network(store, fmt, path)
    loaded = Graph().parse(path, format=syntax)
    union = Graph()
    for graph in graphs_of(store_dataset(store)).values():
        union += graph
    assert isomorphic(loaded, union)
    from rdflib import Literal
    from rdflib.namespace import XSD

    assert Literal("2019-02", datatype=XSD.gYearMonth) in set(loaded.objects())
    assert Literal("阿尔法", lang="zh") in set(loaded.objects())


def test_rdf_export_of_a_selection(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "xc.trig"
    graph = export_network(store, "trig", path, countries=["XC"], events="none")
    assert ID + "place/xa/alpha" not in graph
    loaded = Dataset()
    loaded.parse(path, format="trig")
    subjects = {str(s) for s, _p, _o, _g in loaded.quads()}
    assert ID + "place/xc/delta" in subjects
    assert ID + "partnership/beta-delta" in subjects
    assert ID + "country/xc" not in subjects  # a place the selection does not draw
    assert ID + "place/xa/alpha" not in subjects
    assert ID + "partnership/alpha-beta" not in subjects
    assert ID + "quote/fixture/1" not in subjects
    whole = tmp_path / "established.trig"
    export_network(store, "trig", whole, statuses=["established"], events="none")
    quoted = Dataset()
    quoted.parse(whole, format="trig")
    # The quotation supporting a drawn partnership is described with it.
    assert ID + "quote/fixture/1" in {str(s) for s, _p, _o, _g in quoted.quads()}
    direct = write_rdf(store, "nq", tmp_path / "x.nq", graph)
    assert direct == len(list(loaded.quads()))


def test_writes_are_atomic(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "n.graphml"
    path.write_text("old", encoding="utf-8")
    graph = to_networkx(store, events="none")
    graph.nodes[ID + "place/xa/alpha"]["bad"] = ["a", "list"]
    with pytest.raises(FriendshipGraphError, match="strings and numbers"):
        write_network(graph, "graphml", path)
    assert path.read_text(encoding="utf-8") == "old"
    graph.nodes[ID + "place/xa/alpha"]["bad"] = "bell\x07"
    with pytest.raises(FriendshipGraphError, match="control character"):
        write_network(graph, "gexf", path)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["n.graphml"]
    with pytest.raises(FriendshipGraphError, match="unknown export format"):
        export_network(store, "png", tmp_path / "n.png")
    assert set(EXPORT_FORMATS) == {"graphml", "gexf", "json", "csv", "ttl", "nt", "nq",
                                   "trig", "jsonld"}


HARD = ['"quoted" \'single\'', "</script><script>alert(1)</script>", "back\\slash \\n",
        "line\u2028separator\u2029", "\u200fRTL \u05e9\u05dc\u05d5\u05dd \u202eevil",
        "emoji 🎉👩‍👩‍👧", "中文 晋中市", "<b>&amp;</b> & < >", "tab\tand\nnewline", " padded "]
TEXT = st.one_of(
    st.sampled_from(HARD),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"),
                                   blacklist_characters="\ufffe\uffff"), min_size=1,
            max_size=30),
)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(labels=st.lists(TEXT, min_size=2, max_size=5), relation=TEXT, lat=st.floats(-90, 90))
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv"])
def test_hard_text_survives_network_round_trips(tmp_path: Path, fmt: str, labels: list[str],
                                                relation: str, lat: float) -> None:
    graph = nx.MultiGraph()
    nodes = [f"https://example.org/node/{i}" for i in range(len(labels))]
    for node, label in zip(nodes, labels, strict=True):
        graph.add_node(node, label=label, label_zh=label[::-1], lat=lat)
    for i in range(len(nodes) - 1):
        graph.add_edge(nodes[i], nodes[i + 1], key=f"https://example.org/edge/{i}",
                       relation_label=relation, quotes=f"{labels[i]}|{relation}")
        graph.add_edge(nodes[i], nodes[i + 1], key=f"https://example.org/edge/{i}b",
                       relation_label=labels[i + 1])
    path = path_for(tmp_path, fmt)
    write_network(graph, fmt, path)
    assert_same_network(graph, reread(path, fmt))


def test_cli_export(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from friendship_graph.cli import main

    runner = CliRunner()
    store = str(tmp_path / "store")
    assert runner.invoke(main, ["--store", store, "load", str(DATA / "small.trig")]).exit_code == 0
    out = tmp_path / "net.gexf"
    result = runner.invoke(main, ["--store", store, "export", "--format", "gexf", "-o", str(out),
                                  "--layout", "--events", "none"])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "5 nodes, 6 edges" in result.output
    assert "<viz:position" in out.read_text(encoding="utf-8")
    trig = tmp_path / "net.trig"
    result = runner.invoke(main, ["--store", store, "export", "--format", "trig", "-o", str(trig),
                                  "--kind", "twinning"])
    assert result.exit_code == 0, result.output
    assert "alpha-beta-twinning" in trig.read_text(encoding="utf-8")
    everything = tmp_path / "all.nq"
    result = runner.invoke(main, ["--store", store, "export", "--format", "nq", "-o",
                                  str(everything)])
    assert result.exit_code == 0, result.output
    text = everything.read_text(encoding="utf-8")
    assert "graph/network-fixture>" in text and "graph/inferred>" in text
    assert "graph/system>" not in text and "graph/ontology>" not in text
    result = runner.invoke(main, ["--store", store, "export", "--format", "csv", "-o",
                                  str(tmp_path / "net"), "--country", "XA"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "net.edges.csv").is_file()
    bad = runner.invoke(main, ["--store", store, "export", "--format", "json", "-o",
                               str(tmp_path / "x.json"), "--layout", "geo"])
    assert bad.exit_code == 2 and "GEXF only" in bad.output
