"""The networkx projection: driven by the ontology, with every selection option."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from friendship_graph.network import SelectionError, find_node, parse_period, to_networkx
from friendship_graph.store import Store

DATA = Path(__file__).resolve().parent / "data" / "network"
ID = "https://w3id.org/friendship-graph/id/"
FG = "https://w3id.org/friendship-graph/ontology#"
ALPHA, BETA, GAMMA = ID + "place/xa/alpha", ID + "place/xb/beta", ID + "place/xb/gamma"
DELTA, EPSILON, ZETA = ID + "place/xc/delta", ID + "place/xa/epsilon", ID + "place/xc/zeta"


@pytest.fixture
def store() -> Store:
    with Store.memory() as store:
        store.load_files([DATA / "small.trig"])
        yield store


def partnership_keys(graph: nx.MultiGraph) -> set[str]:
    return {k for _a, _b, k in graph.edges(keys=True) if "/partnership/" in k}


def test_default_projection_nodes_edges_and_attributes(store: Store) -> None:
    graph = to_networkx(store)
    assert isinstance(graph, nx.MultiGraph)
    assert partnership_keys(graph) == {ID + "partnership/" + k for k in (
        "alpha-beta", "alpha-gamma", "beta-delta", "gamma-delta", "delta-epsilon",
        "alpha-beta-twinning")}
    # Multi-edges kept: two partnerships between Alpha and Beta.
    assert graph.number_of_edges(ALPHA, BETA) == 2
    # Isolated places and countries are not nodes by default.
    assert ZETA not in graph
    assert ID + "country/xa" not in graph
    alpha = graph.nodes[ALPHA]
    assert alpha["label"] == "Alpha"
    assert alpha["label_zh"] == "阿尔法"
    assert alpha["alt_labels"] == "Alfa|Alpha City"
    assert alpha["type"] == FG + "City"
    assert alpha["type_label"] == "city or town"
    assert alpha["country"] == ID + "country/xa"
    assert alpha["country_label"] == "Xanadia"
    assert alpha["lat"] == 10.5 and alpha["lon"] == -20.25
    assert graph.nodes[GAMMA]["type"] == FG + "County"
    edge = graph.edges[ALPHA, BETA, ID + "partnership/alpha-beta"]
    assert edge["relation"] == FG + "SisterCityPartnership"
    assert edge["relation_label"].startswith("sister-city")
    assert edge["status"].endswith("/established")
    assert edge["status_label"] == "established"
    assert edge["level"].endswith("/cityLevel")
    assert edge["start"] == "1990-05-01"
    assert edge["id"] == ID + "partnership/alpha-beta"
    assert edge["quotes"] == "Alpha and Beta became sister cities in 1990."
    assert edge["sources"] == "https://w3id.org/friendship-graph/graph/network-fixture"
    twinning = graph.edges[ALPHA, BETA, ID + "partnership/alpha-beta-twinning"]
    assert twinning["sources"].endswith("network-fixture-2")
    assert twinning["start"] == "2010"
    intended = graph.edges[ALPHA, GAMMA, ID + "partnership/alpha-gamma"]
    assert intended["intended"] == "2019-02"
    # Attributes are strings or floats only (GraphML/GEXF can hold them).
    for _n, data in graph.nodes(data=True):
        assert all(isinstance(v, (str, float)) for v in data.values())
    for _a, _b, data in graph.edges(data=True):
        assert all(isinstance(v, (str, float)) for v in data.values())


def test_events_and_agreements_as_nodes(store: Store) -> None:
    graph = to_networkx(store, events="nodes")
    visit = ID + "event/alpha-visits-gamma"
    assert graph.nodes[visit]["type"] == FG + "DelegationVisit"
    assert graph.nodes[visit]["date"] == "2019-02-10"
    assert set(graph[visit]) == {ALPHA, GAMMA, ID + "org/alpha-delegation"}
    assert graph.edges[visit, ALPHA, visit]["role"] == FG + "origin"
    agreement = ID + "agreement/alpha-beta-1990"
    assert set(graph[agreement]) == {ALPHA, BETA}


def test_events_as_cliques_and_none(store: Store) -> None:
    graph = to_networkx(store, events="cliques")
    visit = ID + "event/alpha-visits-gamma"
    assert visit not in graph
    assert graph.has_edge(ALPHA, GAMMA, visit)
    assert graph.has_edge(ALPHA, ID + "org/alpha-delegation", visit)
    # A partnership, an agreement and a second partnership between the same two places.
    assert graph.number_of_edges(ALPHA, BETA) == 3
    none = to_networkx(store, events="none")
    assert set(none) == {ALPHA, BETA, GAMMA, DELTA, EPSILON}
    assert none.number_of_edges() == 6
    with pytest.raises(SelectionError):
        to_networkx(store, events="bogus")


def test_derived_twinned_with_is_not_drawn_unless_asked(store: Store) -> None:
    graph = to_networkx(store, events="none")
    assert not any(d["relation"] == FG + "twinnedWith" for *_e, d in graph.edges(data=True))
    twinned = to_networkx(store, kinds=["fg:twinnedWith"])
    # Derived from the established partnerships: Alpha-Beta, Gamma-Delta, Delta-Epsilon,
    # one edge per pair although the rule states both directions.
    pairs = {frozenset((a, b)) for a, b in twinned.edges()}
    assert pairs == {frozenset(p) for p in ((ALPHA, BETA), (GAMMA, DELTA), (DELTA, EPSILON))}
    assert twinned.number_of_edges() == 3
    key = next(iter(twinned.edges(keys=True)))[2]
    assert key.startswith("<") and f"<{FG}twinnedWith>" in key


def test_kinds_by_label_iri_and_local_name_include_subclasses(store: Store) -> None:
    every = to_networkx(store, kinds=["partnership"])
    assert len(partnership_keys(every)) == every.number_of_edges() == 6
    twinning = to_networkx(store, kinds=["Twinning"])
    assert twinning.number_of_edges() == 2
    sister = to_networkx(store, kinds=[FG + "SisterCityPartnership", "结对"])
    assert sister.number_of_edges() == 5
    visits = to_networkx(store, kinds=["fg:Event"], events="cliques")
    assert {k for *_e, k in visits.edges(keys=True)} == {ID + "event/alpha-visits-gamma"}
    with pytest.raises(SelectionError, match="unknown relation kind"):
        to_networkx(store, kinds=["no such kind"])


def test_statuses(store: Store) -> None:
    graph = to_networkx(store, statuses=["established"], events="none")
    assert partnership_keys(graph) == {ID + "partnership/" + k for k in (
        "alpha-beta", "gamma-delta", "delta-epsilon", "alpha-beta-twinning")}
    both = to_networkx(store, statuses=["fgc:intended", "已终止"], events="none")
    assert partnership_keys(both) == {ID + "partnership/alpha-gamma", ID + "partnership/beta-delta"}
    with pytest.raises(SelectionError):
        to_networkx(store, statuses=["maybe"])


def test_countries(store: Store) -> None:
    graph = to_networkx(store, countries=["XC"], events="none")
    assert partnership_keys(graph) == {ID + "partnership/" + k for k in (
        "beta-delta", "gamma-delta", "delta-epsilon")}
    by_label = to_networkx(store, countries=["cockaigne"], events="none")
    assert set(by_label) == set(graph)
    with pytest.raises(SelectionError, match="unknown country"):
        to_networkx(store, countries=["Atlantis"])


def test_focus_and_depth(store: Store) -> None:
    one = to_networkx(store, focus="gamma county", depth=1, events="none")
    assert set(one) == {GAMMA, ALPHA, DELTA}
    two = to_networkx(store, focus=GAMMA, depth=2, events="none")
    assert set(two) == {GAMMA, ALPHA, DELTA, BETA, EPSILON}
    assert two.graph["focus"] == GAMMA
    alone = to_networkx(store, focus="Zeta")
    assert set(alone) == {ZETA}
    with pytest.raises(SelectionError, match="no place or node"):
        to_networkx(store, focus="Nowhere")


def test_as_of_snapshots(store: Store) -> None:
    y2000 = to_networkx(store, as_of="2000")
    assert partnership_keys(y2000) == {ID + "partnership/" + k for k in (
        "alpha-beta", "beta-delta", "delta-epsilon")}
    assert ID + "agreement/alpha-beta-1990" in y2000
    assert ID + "event/alpha-visits-gamma" not in y2000
    y2005 = to_networkx(store, as_of="2005-03-15", events="none")
    assert partnership_keys(y2005) == {ID + "partnership/" + k for k in (
        "alpha-beta", "gamma-delta", "delta-epsilon")}
    y2001 = to_networkx(store, as_of="2001-06", events="none")
    assert ID + "partnership/beta-delta" in partnership_keys(y2001)
    assert ID + "partnership/beta-delta" not in partnership_keys(
        to_networkx(store, as_of="2001-07", events="none"))
    with pytest.raises(SelectionError, match="bad date"):
        to_networkx(store, as_of="June 2001")


def test_parse_period() -> None:
    assert str(parse_period("2019")[1]) == "2019-12-31"
    assert str(parse_period("2020-02")[1]) == "2020-02-29"
    assert str(parse_period("2019-10-30Z")[0]) == "2019-10-30"
    assert parse_period("someday") is None


EXTENSION = """
@prefix fg: <https://w3id.org/friendship-graph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
fg:ScienceCityPartnership a owl:Class ; rdfs:subClassOf fg:Partnership ;
    rdfs:label "science-city partnership"@en .
fg:neighbourOf a owl:ObjectProperty , owl:SymmetricProperty ;
    rdfs:subPropertyOf fg:placeRelation ; rdfs:label "neighbour of"@en .
"""

EXTENSION_DATA = """
@prefix fg: <https://w3id.org/friendship-graph/ontology#> .
@prefix fgc: <https://w3id.org/friendship-graph/concept/> .
@prefix id: <https://w3id.org/friendship-graph/id/> .
id:partnership\\/zeta-alpha-science a fg:ScienceCityPartnership ;
    fg:partner id:place\\/xc\\/zeta , id:place\\/xa\\/alpha ; fg:status fgc:established .
id:place\\/xa\\/epsilon fg:neighbourOf id:place\\/xc\\/zeta .
"""


def test_a_librarians_new_kinds_appear_without_code_change(tmp_path: Path) -> None:
    extension = tmp_path / "science.ttl"
    extension.write_text(EXTENSION, encoding="utf-8")
    data = tmp_path / "science-data.ttl"
    data.write_text(EXTENSION_DATA, encoding="utf-8")
    with Store.memory() as store:
        store.load_ontology(extra=[extension])
        store.load_files([DATA / "small.trig"])
        store.load_files([data])
        graph = to_networkx(store, events="none")
        key = ID + "partnership/zeta-alpha-science"
        edge = graph.edges[ZETA, ALPHA, key]
        assert edge["relation"] == FG + "ScienceCityPartnership"
        assert edge["relation_label"] == "science-city partnership"
        neighbour = [d for *_e, d in graph.edges(data=True) if d["relation"] == FG + "neighbourOf"]
        assert len(neighbour) == 1
        # The new class is a kind of partnership; the new relation is a place relation.
        kinds = to_networkx(store, kinds=["partnership"])
        assert kinds.has_edge(ZETA, ALPHA, key)
        assert to_networkx(store, kinds=["science-city partnership"]).number_of_edges() == 1
        assert to_networkx(store, kinds=["neighbour of"]).number_of_edges() == 1


def test_find_node(store: Store) -> None:
    graph = to_networkx(store)
    assert find_node(graph, "alpha city") == ALPHA
    assert find_node(graph, "阿尔法") == ALPHA
    assert find_node(graph, ALPHA) == ALPHA
    assert find_node(graph, "id:place/xa/alpha") == ALPHA


def test_jinzhong_partnerships(jinzhong_store: Store) -> None:
    graph = to_networkx(jinzhong_store, kinds=["partnership"])
    jinzhong = find_node(graph, "Jinzhong")
    assert graph.degree(jinzhong) == 6
    assert graph.degree(find_node(graph, "Pingyao County")) == 2
    established = to_networkx(jinzhong_store, kinds=["partnership"], statuses=["established"])
    assert established.number_of_edges() == 6
    everything = to_networkx(jinzhong_store, events="cliques")
    assert everything.number_of_edges() > graph.number_of_edges()


@pytest.mark.parametrize("options", [{}, {"as_of": "2000"}, {"countries": ["XC"]},
                                     {"statuses": ["established"], "events": "cliques"},
                                     {"focus": "Gamma County", "depth": 1}])
def test_structure_only_projection_has_the_same_nodes_and_edges(store: Store, options) -> None:
    full = to_networkx(store, **options)
    bare = to_networkx(store, attributes=False, **options)
    assert set(bare) == set(full)
    assert set(bare.edges(keys=True)) == set(full.edges(keys=True))
    assert all(set(d) <= {"relation", "id"} for *_e, d in bare.edges(data=True))


def test_labels_with_tabs_newlines_and_percent_signs_survive(memory_store: Store) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    fg = "https://w3id.org/friendship-graph/ontology#"
    a, b, p = URIRef(ALPHA), URIRef(BETA), URIRef(ID + "partnership/x")
    label = 'tab\there\nnew line 100%41 "quoted" \\ back\u2028slash'
    graph = URIRef("https://w3id.org/friendship-graph/graph/labels")
    memory_store.add_quads([
        (a, RDF.type, URIRef(fg + "City"), graph),
        (a, RDFS.label, Literal(label, lang="en"), graph),
        (b, RDF.type, URIRef(fg + "City"), graph),
        (p, RDF.type, URIRef(fg + "Twinning"), graph),
        (p, URIRef(fg + "partner"), a, graph), (p, URIRef(fg + "partner"), b, graph),
    ])
    projected = to_networkx(memory_store)
    assert projected.nodes[ALPHA]["label"] == label
    assert projected.has_edge(ALPHA, BETA, str(p))


def test_imported_bare_networks_are_drawn_from_their_annotations(memory_store: Store) -> None:
    from rdflib import Namespace, URIRef
    from rdflib.namespace import RDF

    fg = Namespace(FG)
    graph = URIRef("https://w3id.org/friendship-graph/graph/edges")
    a, b, c = (URIRef(f"https://example.org/n/{name}") for name in "abc")
    memory_store.add_quads([(n, RDF.type, fg.NetworkNode, graph) for n in (a, b, c)] + [
        (b, fg.linkedTo, a, graph), (a, fg.linkedTo, b, graph), (b, fg.linkedTo, c, graph)])
    projected = to_networkx(memory_store)
    assert projected.number_of_edges() == 2
    assert projected.has_edge(str(a), str(b), f"<{a}> <{fg.linkedTo}> <{b}>")
