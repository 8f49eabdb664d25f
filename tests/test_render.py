"""The HTML export (friendship_graph.render), without a browser: data, escaping, styles from
the ontology, layouts, determinism, atomic UTF-8 writing, the event view and the CLI.

The browser half (drawing, search, filters, offline, XSS) is tests/test_html_browser.py.
"""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from friendship_graph.cli import main
from friendship_graph.ontology import ONTOLOGY_ENV
from friendship_graph.render import (
    HtmlExportError,
    HtmlView,
    event_subgraph,
    page_data,
    read_page_data,
    script_json,
    to_html,
    write_html,
)
from friendship_graph.render.layout import MAP_SCALE, compute_layout
from friendship_graph.render.style import Styles

DATA = Path(__file__).resolve().parent / "data" / "render"
FG = "https://w3id.org/friendship-graph/ontology#"
FGC = "https://w3id.org/friendship-graph/concept/"
T = "https://example.org/test/"


def load_sample(name: str = "sample-graph.json", *, reverse: bool = False) -> nx.MultiGraph:
    """The hand-built projection in tests/data/render/ (``reverse``: insert in reverse order)."""
    doc = json.loads((DATA / name).read_text(encoding="utf-8"))
    nodes, edges = doc["nodes"], doc["edges"]
    if reverse:
        nodes, edges = nodes[::-1], edges[::-1]
    graph = nx.MultiGraph()
    for node in nodes:
        attrs = dict(node)
        graph.add_node(attrs.pop("id"), **attrs)
    for edge in edges:
        attrs = dict(edge)
        u, v, key = attrs.pop("u"), attrs.pop("v"), attrs.pop("key")
        if reverse:
            u, v = v, u
        graph.add_edge(u, v, key=key, **attrs)
    return graph


@pytest.fixture(scope="module")
def sample() -> nx.MultiGraph:
    return load_sample()


@pytest.fixture(scope="module")
def sample_page(sample: nx.MultiGraph) -> str:
    return to_html(sample, layout="force", title="Sample <b>&</b> 晋中", seed=1)


# -- what goes into the page -----------------------------------------------------------------


def test_every_node_and_edge_is_in_the_page(sample: nx.MultiGraph, sample_page: str) -> None:
    data = read_page_data(sample_page)
    assert sorted(n["id"] for n in data["nodes"]) == sorted(sample.nodes)
    assert len(data["edges"]) == sample.number_of_edges()
    keys = sorted(k for _, _, k in sample.edges(keys=True))
    assert sorted(e["key"] for e in data["edges"]) == keys
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])  # unique vis ids


def test_ids_that_look_like_numbers_stay_strings(sample_page: str) -> None:
    data = read_page_data(sample_page)
    ids = {n["id"] for n in data["nodes"]}
    assert {"42", "042"} <= ids
    assert all(isinstance(n["id"], str) for n in data["nodes"])
    assert all(isinstance(e["from"], str) and isinstance(e["to"], str) for e in data["edges"])
    assert '"id":"42"' in sample_page and '"id":"042"' in sample_page


def test_labels_attributes_and_quotes_are_carried(sample_page: str) -> None:
    data = read_page_data(sample_page)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes[T + "place/jinzhong"]["label_zh"] == "晋中"
    assert nodes[T + "place/kyakhta"]["alt"] == ["Кяхта"]
    assert nodes[T + "place/ulaanbaatar"]["label"] == "Улаанбаатар"
    assert nodes[T + "place/north"]["attrs"]["lat"] == 50.0
    first = next(e for e in data["edges"] if e["key"] == T + "partnership/1")
    assert first["attrs"]["quotes"] == "晋中与恰克图结为友好城市。|A second <b>quote</b>"
    assert first["attrs"]["sources"] == T + "graph/a"
    assert first["y0"] == 2010 and "y1" not in first
    ended = next(e for e in data["edges"] if e["key"] == T + "partnership/3")
    assert (ended["y0"], ended["y1"]) == (1990, 2000)
    intended = next(e for e in data["edges"] if e["key"] == T + "partnership/2")
    assert intended["y0"] == 2019
    event = next(e for e in data["edges"] if e["key"] == T + "event/summit")
    assert (event["y0"], event["y1"]) == (2019, 2019)


def test_parallel_edges_all_get_their_own_curve(sample_page: str) -> None:
    data = read_page_data(sample_page)
    pair = [e for e in data["edges"] if {e["from"], e["to"]} ==
            {T + "place/jinzhong", T + "place/kyakhta"}]
    assert len(pair) == 3
    curves = sorted(e.get("curve", 0.0) for e in pair)
    assert len(set(curves)) == 3  # straight, one side, other side
    single = next(e for e in data["edges"] if e["key"] == T + "partnership/4")
    assert "curve" not in single


# -- escaping ---------------------------------------------------------------------------------


def test_no_data_can_close_the_script_element(sample_page: str) -> None:
    data_element = "".join(re.findall(r'id="fg-(?:data|nodes|edges)">(.*?)</script>',
                                      sample_page, re.DOTALL))
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in data_element
    assert "\\u003c/script\\u003e" in data_element
    # The title is escaped where the template shows it.
    assert "<title>Sample &lt;b&gt;&amp;&lt;/b&gt; 晋中</title>" in sample_page
    assert "<b>&</b>" not in sample_page


def test_script_json_escapes() -> None:
    text = script_json({"a": "</script><!-- & \u2028\u2029 \ud800"})
    assert text == ('{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 \\ud800"}')
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029 \ud800"}


_PIECES = st.sampled_from(["</script>", "<!--", "<script>", '"', "'", "\\", "\u2028",
                          "\u2029", "\u200f", "\u202e", "😀", "晋中", "Кяхта", "&amp;", "]]>",
                          "|", "\x00", "\n"])
_LABELS = st.lists(st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), max_size=8),
                             _PIECES), max_size=6).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(labels=st.lists(_LABELS, min_size=2, max_size=4), title=_LABELS)
def test_any_label_round_trips_through_the_page(labels: list[str], title: str) -> None:
    graph = nx.MultiGraph()
    for i, label in enumerate(labels):
        graph.add_node(f"{i}", label=label, label_zh=label[::-1], type=FG + "City")
    graph.add_edge("0", "1", key=labels[0], relation=FG + "Twinning", quotes=labels[-1])
    html = to_html(graph, layout="circular", title=title)
    data_element = "".join(re.findall(r'id="fg-(?:data|nodes|edges)">(.*?)</script>', html,
                                      re.DOTALL))
    assert "<" not in data_element and "\u2028" not in data_element
    data = read_page_data(html)
    assert [n["label"] for n in data["nodes"]] == labels
    assert [n["label_zh"] for n in data["nodes"]] == [lb[::-1] for lb in labels]
    assert data["edges"][0]["key"] == labels[0]
    assert data["edges"][0]["attrs"]["quotes"] == labels[-1]
    assert data["title"] == title
    html.encode("utf-8")  # valid UTF-8


# -- offline ----------------------------------------------------------------------------------


def test_the_page_refers_to_nothing_outside_itself(sample_page: str) -> None:
    assert not re.search(r"<script[^>]*\ssrc=", sample_page, re.IGNORECASE)
    assert not re.search(r"<link\b", sample_page, re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", sample_page, re.IGNORECASE)
    assert not re.search(r"@import", sample_page, re.IGNORECASE)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", sample_page, re.IGNORECASE)
    assert "default-src 'none'" in sample_page  # the CSP blocks any load the code might try
    assert "vis-network" in sample_page and "@license" in sample_page


def test_vis_network_licence_ships_with_the_copy() -> None:
    assets = Path(__import__("friendship_graph.render", fromlist=["x"]).__file__).parent / "assets"
    assert (assets / "vis-network-LICENSE-MIT").read_text().startswith("The MIT License")
    assert "Apache License" in (assets / "vis-network-LICENSE-APACHE-2.0").read_text()


# -- styles from the ontology -------------------------------------------------------------------


def test_styles_come_from_the_ontology(sample_page: str) -> None:
    data = read_page_data(sample_page)
    classes = {c["id"]: c for c in data["classes"]}
    assert classes[FG + "Country"]["shape"] == "star"
    assert classes[FG + "Country"]["label"] == "country"
    assert classes[FG + "Country"]["label_zh"] == "国家"
    # PrefectureLevelCity has its own colour and inherits the shape of fg:City.
    assert classes[FG + "PrefectureLevelCity"]["shape"] == "dot"
    assert classes[FG + "PrefectureLevelCity"]["color"] != classes[FG + "City"]["color"]
    statuses = {s["id"]: s for s in data["statuses"]}
    assert statuses[FGC + "intended"]["dashes"] is True
    assert statuses[FGC + "established"]["dashes"] is False
    assert statuses[FGC + "ended"]["color"] is not None  # grey, from fg:edgeColor
    assert statuses[FGC + "established"]["color"] is None  # keeps the relation's colour
    relations = {r["id"]: r for r in data["relations"]}
    assert relations[FG + "SisterCityPartnership"]["label"].startswith("sister-city")
    assert relations[FG + "twinnedWith"]["label"] == "twinned with"
    assert relations[FG + "SisterCityPartnership"]["count"] == 2
    countries = {c["id"]: c for c in data["countries"]}
    assert countries[T + "country/bb"]["label"] == "Проверка"
    assert countries[T + "country/aa"]["color"] != countries[T + "country/bb"]["color"]


def test_a_librarians_new_class_and_relation_appear_in_the_legend(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ONTOLOGY_ENV, str(DATA / "extension.ttl"))
    graph = nx.MultiGraph()
    graph.add_node("a", label="A", type=FG + "TestTeaHouse")
    graph.add_node("b", label="B", type=FG + "City")
    graph.add_edge("a", "b", key="p", relation=FG + "TestTeaRoadPartnership",
                   status=FGC + "established")
    data = page_data(graph, layout="circular")
    cls = next(c for c in data["classes"] if c["id"] == FG + "TestTeaHouse")
    venue = Styles().node_class(FG + "Venue")
    assert (cls["label"], cls["label_zh"]) == ("test tea house", "测试茶馆")
    assert (cls["color"], cls["shape"]) == (venue["color"], venue["shape"])
    rel = data["relations"][0]
    assert rel["label"] == "test tea-road partnership"
    assert rel["color"] == Styles().relation(FG + "SisterCityPartnership")["color"]


def test_unknown_types_get_a_default_look_and_their_given_label() -> None:
    graph = nx.MultiGraph()
    graph.add_node("x", label="X", type="https://example.org/Other", type_label="other thing")
    graph.add_node("y")
    graph.add_edge("x", "y", key="k")
    data = page_data(graph, layout="circular")
    labels = {c["id"]: c["label"] for c in data["classes"]}
    assert labels["https://example.org/Other"] == "other thing"
    assert labels[""] == "other"
    assert data["relations"][0]["label"] == "link"
    assert next(n for n in data["nodes"] if n["id"] == "y")["label"] == "y"


def test_empty_graphs_and_non_string_ids() -> None:
    for layout in ("force", "map", "circular"):
        assert read_page_data(to_html(nx.MultiGraph(), layout=layout))["nodes"] == []
    graph = nx.MultiGraph()
    graph.add_node(1, label="one")
    graph.add_edge(1, "x", key=0)
    graph.add_edge(1, 1, key="self")
    data = page_data(graph, layout="force")
    assert sorted(n["id"] for n in data["nodes"]) == ["1", "x"]
    assert sorted((e["from"], e["to"], e["key"]) for e in data["edges"]) == [
        ("1", "1", "self"), ("1", "x", "0")]
    graph.add_node("1")
    with pytest.raises(HtmlExportError, match="same id as text"):
        page_data(graph, layout="circular")


# -- layouts ----------------------------------------------------------------------------------


def test_map_layout_is_equirectangular(sample: nx.MultiGraph) -> None:
    pos = compute_layout(sample, "map", seed=0)
    assert pos[T + "place/north"] == (10.0 * MAP_SCALE, -50.0 * MAP_SCALE)
    assert pos[T + "place/south"] == (-60.0 * MAP_SCALE, 30.0 * MAP_SCALE)
    # Places without coordinates get no position (the page lists them); countries sit amid
    # their places; events and documents on a ring around a placed participant.
    for node in ("42", "042"):
        assert node not in pos


@pytest.mark.parametrize("layout", ["force", "map", "circular"])
def test_layouts_are_deterministic_and_finite(sample: nx.MultiGraph, layout: str) -> None:
    first = compute_layout(sample, layout, seed=3)
    again = compute_layout(load_sample(reverse=True), layout, seed=3)
    assert first == again
    assert all(all(abs(c) < 1e7 for c in xy) for xy in first.values())


@pytest.mark.parametrize("size", [30, 600])  # exact and sampled repulsion
def test_force_layout_keeps_neighbours_close(size: int) -> None:
    import random

    simple = nx.connected_watts_strogatz_graph(size, 4, 0.05, seed=1)
    graph = nx.MultiGraph()
    graph.add_edges_from((f"n{u}", f"n{v}") for u, v in simple.edges())
    pos = compute_layout(graph, "force", seed=0)
    assert pos == compute_layout(graph, "force", seed=0)

    def dist(u: str, v: str) -> float:
        return ((pos[u][0] - pos[v][0]) ** 2 + (pos[u][1] - pos[v][1]) ** 2) ** 0.5

    edges = [dist(u, v) for u, v in graph.edges()]
    rng = random.Random(0)
    nodes = sorted(graph)
    pairs = [dist(*rng.sample(nodes, 2)) for _ in range(500)]
    assert sum(edges) / len(edges) < 0.5 * sum(pairs) / len(pairs)


def test_unknown_layout_is_a_clear_error(sample: nx.MultiGraph) -> None:
    with pytest.raises(HtmlExportError, match="choose one of force, map, circular"):
        to_html(sample, layout="spiral")


def test_big_graphs_have_python_positions_and_physics_off() -> None:
    graph = nx.MultiGraph()
    for i in range(2500):
        graph.add_node(f"n{i}", label=f"n{i}", lat=float(i % 170 - 85), lon=float(i % 350 - 175))
    for i in range(2499):
        graph.add_edge(f"n{i}", f"n{i + 1}", key=f"e{i}")
    data = page_data(graph, layout="map")
    assert data["big"] is True
    assert all("x" in n and "y" in n for n in data["nodes"])
    assert "physics: { enabled: false }" in (
        Path(__import__("friendship_graph.render", fromlist=["x"]).__file__).parent
        / "assets" / "app.js").read_text()


# -- determinism and writing ------------------------------------------------------------------


def test_same_input_and_seed_give_the_same_bytes(tmp_path: Path) -> None:
    a = write_html(load_sample(), tmp_path / "a.html", layout="force", seed=7)
    b = write_html(load_sample(reverse=True), tmp_path / "b.html", layout="force", seed=7)
    assert a.read_bytes() == b.read_bytes()
    assert b"20" + b"26-" not in a.read_bytes()[:2000]  # no timestamp in the head


def test_written_atomically_as_utf8(tmp_path: Path, sample: nx.MultiGraph) -> None:
    target = tmp_path / "out.html"
    target.write_text("old", encoding="utf-8")
    write_html(sample, target, layout="map", title="Кяхта 晋中")
    text = target.read_bytes().decode("utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    assert "<title>Кяхта 晋中</title>" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.html"]  # no temp file left


def test_writing_into_a_missing_folder_is_a_clear_error(tmp_path: Path,
                                                        sample: nx.MultiGraph) -> None:
    with pytest.raises(HtmlExportError, match="does not exist"):
        write_html(sample, tmp_path / "nope" / "out.html")
    with pytest.raises(HtmlExportError, match="is a folder"):
        write_html(sample, tmp_path)


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(
        tmp_path: Path, sample: nx.MultiGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.html"
    target.write_text("old", encoding="utf-8")

    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(HtmlExportError, match="cannot write the HTML file.*No space left"):
        write_html(sample, target)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.html"]


def test_jupyter_view_is_an_iframe_with_the_page_escaped(sample: nx.MultiGraph,
                                                         tmp_path: Path) -> None:
    view = HtmlView(sample, layout="circular", title="T")
    shown = view._repr_html_()
    assert shown.startswith("<iframe srcdoc=\"") and shown.endswith("</iframe>")
    assert "<script" not in shown and "&lt;script" in shown
    assert view.save(tmp_path / "v.html").read_text(encoding="utf-8") == view.html


def test_show_html_returns_an_ipython_html_object(sample: nx.MultiGraph) -> None:
    pytest.importorskip("IPython")
    from friendship_graph.render import show_html

    shown = show_html(sample, layout="circular")
    assert type(shown).__name__ == "HTML"
    assert shown.data.startswith("<div><iframe srcdoc=")


def test_importing_the_package_does_not_import_ipython_or_pyvis() -> None:
    import subprocess
    import sys

    code = ("import sys, friendship_graph.render as r; "
            "print('IPython' in sys.modules, 'pyvis' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["False", "False"]


# -- views from a store ----------------------------------------------------------------------


def test_jinzhong_projection_is_drawn_whole(jinzhong_store) -> None:  # noqa: ANN001
    from friendship_graph.network import to_networkx

    graph = to_networkx(jinzhong_store)
    data = read_page_data(to_html(graph, layout="force"))
    assert len(data["nodes"]) == graph.number_of_nodes()
    assert len(data["edges"]) == graph.number_of_edges()
    labels = {n.get("label_zh") for n in data["nodes"]}
    assert "晋中市" in labels


def test_tea_road_view(jinzhong_store) -> None:  # noqa: ANN001
    from friendship_graph.network import to_networkx

    graph = to_networkx(jinzhong_store, events="nodes")
    view = event_subgraph(graph, "tea road")
    ids = set(view.nodes)
    base = "https://w3id.org/friendship-graph/id/"
    assert base + "event/china-mongolia-russia-tea-road-mayors-summit-5" in ids
    assert {base + "country/cn", base + "country/mn", base + "country/ru"} <= ids
    # The partnership between places of two participating countries (Pingyao - Kyakhta).
    assert base + "place/ru/kyakhta" in ids
    relations = {d["relation"] for _, _, d in view.edges(data=True)}
    assert any(r.endswith("Partnership") for r in relations)
    # Places of other countries (Hội An, Vietnam) are not in the view.
    assert base + "place/vn/hoi-an" not in ids
    # The Chinese label matches too.
    assert set(event_subgraph(graph, "万里茶道").nodes) == ids


def test_event_view_adds_the_host(memory_store) -> None:  # noqa: ANN001
    from friendship_graph.network import to_networkx

    memory_store.load_files([DATA / "hosted-event.ttl"])
    graph = to_networkx(memory_store, events="nodes", isolates=True)
    view = event_subgraph(graph, "hosted summit", store=memory_store)
    assert set(view.nodes) == {T + "summit", T + "a", T + "h"}
    host = [d for u, v, d in view.edges(data=True) if {u, v} == {T + "summit", T + "h"}]
    assert len(host) == 1 and FG + "host" in host[0]["role"].split()
    # The partnership with the host is in the view; the one with Betatown is not.
    kinds = sorted(d["relation"] for _, _, d in view.edges(data=True))
    assert kinds.count(FG + "SisterCityPartnership") == 1
    # A place the event names by a property the projection does not draw gets an edge of it.
    memory_store.update("INSERT DATA { <https://example.org/test/summit> "
                        "fg:location <https://example.org/test/b> }")
    graph = to_networkx(memory_store, events="nodes", isolates=True)
    view = event_subgraph(graph, "hosted summit", store=memory_store)
    located = [d for u, v, d in view.edges(data=True) if {u, v} == {T + "summit", T + "b"}]
    assert [(d["relation"], d["relation_label"]) for d in located] == [
        (FG + "location", "location")]
    # Betatown is now a participant: its partnership with Alphaville joins the view.
    kinds = sorted(d["relation"] for _, _, d in view.edges(data=True))
    assert kinds.count(FG + "SisterCityPartnership") == 2


def test_event_view_errors(sample: nx.MultiGraph) -> None:
    with pytest.raises(HtmlExportError, match="no event whose label contains"):
        event_subgraph(sample, "no such event")
    with pytest.raises(HtmlExportError, match="needs a label"):
        event_subgraph(sample, "  ")
    view = event_subgraph(sample, "TEA ROAD")
    assert T + "place/kyakhta" in view  # country bb took part: its places' partnerships count


# -- the command ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("render-store") / "store"
    runner = CliRunner()
    result = runner.invoke(main, ["--store", str(path), "init", "--empty"])
    assert result.exit_code == 0, result.output
    jinzhong = Path(__file__).resolve().parents[1] / "data" / "jinzhong-2019-10-30.trig"
    result = runner.invoke(main, ["--store", str(path), "load", str(jinzhong)])
    assert result.exit_code == 0, result.output
    return str(path)


def test_cli_html_event(store_path: str, tmp_path: Path) -> None:
    out = tmp_path / "tea.html"
    result = CliRunner().invoke(main, ["--store", store_path, "html", "-o", str(out),
                                       "--event", "Tea Road", "--layout", "circular"])
    assert result.exit_code == 0, result.output
    data = read_page_data(out.read_text(encoding="utf-8"))
    assert data["layout"] == "circular"
    assert "Tea Road" in data["title"]
    kyakhta = next(n for n in data["nodes"] if n["label"] == "Kyakhta")
    assert "恰克图" in kyakhta["attrs"]["quotes"]  # the supporting sentence, for the details


def test_cli_html_whole_store_is_deterministic(store_path: str, tmp_path: Path) -> None:
    runner = CliRunner()
    paths = [tmp_path / "a.html", tmp_path / "b.html"]
    for path in paths:
        result = runner.invoke(main, ["--store", store_path, "html", "-o", str(path),
                                      "--title", "Jinzhong", "--seed", "3"])
        assert result.exit_code == 0, result.output
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert read_page_data(paths[0].read_text(encoding="utf-8"))["title"] == "Jinzhong"


def test_cli_html_errors_are_one_line(store_path: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--store", store_path, "html", "-o",
                                       str(tmp_path / "x.html"), "--event", "no such thing"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "no event whose label contains" in result.output
    assert not os.path.exists(tmp_path / "x.html")


# -- search keys, satellites, time axis, the event view's layers -----------------------------


def test_search_keys_and_ranking_follow_names_py(sample_page: str) -> None:
    from friendship_graph.render.search import rank_nodes, traditional_map

    data = read_page_data(sample_page)
    nodes = {n["id"]: n for n in data["nodes"]}
    jinzhong = nodes[T + "place/jinzhong"]
    assert "jin zhong" in jinzhong["keys"] and "jinzhong" in jinzhong["keys"]  # pinyin
    assert "кяхта" in nodes[T + "place/kyakhta"]["keys"]
    assert rank_nodes("晋中", data["nodes"])[0] == T + "place/jinzhong"
    assert rank_nodes("晉中", data["nodes"])[0] == T + "place/jinzhong"  # traditional
    assert data["traditional"]["晉"] == "晋"
    assert traditional_map(["abc"]) == {}
    # Places first at equal rank, then by folded name.
    graph = nx.MultiGraph()
    graph.add_node("e", label="Como summit", type=FG + "Summit")
    graph.add_node("p", label="Como", type=FG + "City")
    graph.add_node("q", label="Province of Como", type=FG + "Province")
    graph.add_node("r", label="Comox", type=FG + "City")
    page = page_data(graph, layout="circular")
    assert rank_nodes("como", page["nodes"]) == ["p", "r", "e", "q"]  # exact, prefix x2, word


def test_names_in_every_language_reach_the_search(jinzhong_store) -> None:  # noqa: ANN001
    from friendship_graph.network import to_networkx
    from friendship_graph.render import add_node_names

    graph = to_networkx(jinzhong_store)
    kyakhta = "https://w3id.org/friendship-graph/id/place/ru/kyakhta"
    assert "Кяхта" not in str(graph.nodes[kyakhta])  # an @ru label: not in the projection
    add_node_names(jinzhong_store, graph)
    assert graph.nodes[kyakhta]["names"] == "Кяхта"
    node = next(n for n in page_data(graph, layout="force")["nodes"] if n["id"] == kyakhta)
    assert "кяхта" in node["keys"] and "names" not in node["attrs"]


def test_map_puts_events_on_a_ring_around_their_city() -> None:
    from friendship_graph.render.layout import RING_RADIUS

    graph = nx.MultiGraph()
    graph.add_node("city", label="City", type=FG + "City", lat=10.0, lon=20.0, country="c")
    graph.add_node("far", label="Far", type=FG + "City", lat=-10.0, lon=-20.0, country="d")
    graph.add_node("nowhere", label="Nowhere", type=FG + "City", country="d")
    for i in range(20):
        graph.add_node(f"e{i}", label=f"Event {i}", type=FG + "Summit")
        graph.add_edge(f"e{i}", "city", key=f"k{i}")
    graph.add_edge("e0", "far", key="x")
    graph.add_edge("nowhere", "far", key="y")
    data = page_data(graph, layout="map")
    nodes = {n["id"]: n for n in data["nodes"]}
    centre = (nodes["city"]["x"], nodes["city"]["y"])
    spots = set()
    for i in range(20):
        event = nodes[f"e{i}"]
        assert event["anchor"] == "city"  # around the most connected placed participant
        distance = math.dist(centre, (event["x"], event["y"]))
        assert distance >= RING_RADIUS - 0.1
        spots.add((event["x"], event["y"]))
    assert len(spots) == 20  # no two on the same spot
    assert nodes["nowhere"]["unplaced"] is True and "x" not in nodes["nowhere"]
    assert "basemap" in data and data["basemap"]["110m"]["land"]


def test_time_axis_spans_the_dates_of_nodes_and_links() -> None:
    graph = nx.MultiGraph()
    graph.add_node("a", label="A", date="1987-05")
    graph.add_node("b", label="B")
    graph.add_edge("a", "b", key="k", start="2003", end="2011")
    assert page_data(graph, layout="circular")["years"] == [1987, 2011]
    graph.nodes["a"].pop("date")
    graph.edges["a", "b", "k"].clear()
    assert page_data(graph, layout="circular")["years"] is None


def test_event_view_marks_the_context(jinzhong_store) -> None:  # noqa: ANN001
    from friendship_graph.network import to_networkx

    graph = to_networkx(jinzhong_store, events="nodes", isolates=True)
    view = event_subgraph(graph, "tea road", store=jinzhong_store)
    base = "https://w3id.org/friendship-graph/id/"
    stated = {n for n, d in view.nodes(data=True) if not d.get("context")}
    assert stated == {base + "event/china-mongolia-russia-tea-road-mayors-summit-5",
                      base + "country/cn", base + "country/mn", base + "country/ru",
                      base + "place/cn/jinzhong"}
    assert view.nodes[base + "place/ru/kyakhta"]["context"] is True
    stated_edges = [d for *_, d in view.edges(data=True) if not d.get("context")]
    assert sorted(d["role"].rsplit("#", 1)[1] for d in stated_edges) == [
        "host", "participant", "participant", "participant"]
    assert all(d.get("context") for u, v, d in view.edges(data=True)
               if d["relation"].endswith("Partnership"))
    page = page_data(view, layout="force")
    assert sum(1 for n in page["nodes"] if not n.get("context")) == 5


def test_view_titles(jinzhong_store) -> None:  # noqa: ANN001
    from friendship_graph.network import to_networkx
    from friendship_graph.render import view_title

    focus = to_networkx(jinzhong_store, focus="Jinzhong", depth=2)
    assert view_title(focus, focus="Jinzhong", depth=2) == \
        "Jinzhong 晋中市 and what is 2 steps from it"
    assert view_title(to_networkx(jinzhong_store)) == "friendship-graph"


@pytest.mark.slow
def test_world_map_of_the_default_store_places_what_docs_html_says(tmp_path: Path) -> None:
    """docs/html.md, "The world map": what has no coordinates and where it goes."""
    from friendship_graph.render import export_html
    from friendship_graph.store.default import default_store

    with default_store() as store:
        report = export_html(store, tmp_path / "world.html", layout="map")
    data = read_page_data(report.path.read_text(encoding="utf-8"))
    classes = data["classes"]
    without = [n for n in data["nodes"] if "lat" not in n["attrs"]]
    countries = [n for n in without if classes[n["type"]]["id"] == FG + "Country"]
    satellites = [n for n in without if "anchor" in n]
    listed = [n for n in without if n.get("unplaced")]
    assert (len(without), len(countries), len(satellites), len(listed)) == (57, 17, 23, 17)
    assert all("x" in n for n in countries)
    assert sorted(n["label"].split(" (")[0] for n in listed if n.get("place")) == [
        "Bikenfei'erde", "Kyakhta", "Pingyao County", "Province of Como", "Wals-Siezenheim"]
    assert data["title"] == "friendship-graph" and data["big"] is True
