"""The HTML export in a real browser: headless Chromium (Debian's package) driven by Playwright.

Every request that would leave the file is blocked and counted (there must be none); console
errors, page errors and JavaScript dialogs fail the tests (the XSS labels must run nothing).
One browser for the whole module. Skips locally when Chromium or Playwright is missing; fails in
CI (see conftest.skip_or_fail). Screenshots go to tests/artifacts/ (not committed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import CHROMIUM_ARGS, REPO, chromium_or_skip, skip_or_fail
from friendship_graph.render import write_html
from test_render import FGC, T, load_sample

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
TITLE = "<script>alert('title')</script> Sample 晋中"


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except Exception as error:  # noqa: BLE001
        playwright.stop()
        skip_or_fail(f"chromium does not start: {error}")
    yield browser
    browser.close()
    playwright.stop()


@dataclass
class Visit:
    """A loaded page and what happened while it was open."""

    page: object
    url: str
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: object = None) -> object:
        return self.page.evaluate(expression, arg)  # type: ignore[attr-defined]

    def assert_clean(self) -> None:
        assert self.external == [], f"requests leaving the file: {self.external}"
        assert self.dialogs == [], f"dialogs opened (script ran from data?): {self.dialogs}"
        assert self.errors == [], f"console errors: {self.errors}"


def visit(browser, path: Path) -> Visit:  # noqa: ANN001
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    result = Visit(page, path.resolve().as_uri())

    def route(route) -> None:  # noqa: ANN001
        if route.request.url == result.url:
            route.continue_()
        else:
            result.external.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: result.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: result.errors.append(f"page error: {e}"))
    page.on("dialog", lambda d: (result.dialogs.append(d.message), d.dismiss()))
    page.goto(result.url)
    page.wait_for_function("document.body.getAttribute('data-ready') === '1'", timeout=30000)
    return result


def canvas_is_drawn(v: Visit) -> dict:
    return v.js("""() => {
        const c = document.querySelector('#fg-network canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const colours = new Set(); let ink = 0;
        for (let i = 0; i < d.length; i += 16) {
            const key = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
            colours.add(key);
            if (d[i + 3] > 0 && key !== 0xffffff) { ink++; }
        }
        return {colours: colours.size, ink: ink};
    }""")


def screenshot(v: Visit, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"html-{name}.png"
    v.page.screenshot(path=str(path))  # type: ignore[attr-defined]
    assert path.stat().st_size > 10_000
    return path


# -- pages ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from friendship_graph.network import to_networkx
    from friendship_graph.store import Store

    folder = tmp_path_factory.mktemp("html")
    with Store.memory() as store:
        store.load_files([REPO / "data" / "jinzhong-2019-10-30.trig"])
        jinzhong = to_networkx(store)
    out = {
        "sample": write_html(load_sample(), folder / "sample.html", layout="force",
                             title=TITLE, seed=1),
        "sample-map": write_html(load_sample(), folder / "sample-map.html", layout="map"),
        "jinzhong": write_html(jinzhong, folder / "jinzhong.html", layout="force",
                               title="Jinzhong 晋中"),
    }
    out["counts"] = (jinzhong.number_of_nodes(), jinzhong.number_of_edges())  # type: ignore
    return out


@pytest.fixture(scope="module")
def sample_visit(browser, pages) -> Visit:  # noqa: ANN001
    v = visit(browser, pages["sample"])
    yield v
    v.page.close()  # type: ignore[attr-defined]


# -- tests ----------------------------------------------------------------------------------


def test_jinzhong_page_draws_the_whole_projection(browser, pages) -> None:  # noqa: ANN001
    v = visit(browser, pages["jinzhong"])
    nodes, edges = pages["counts"]
    counts = v.js("""() => [fgGraph.nodes.length, fgGraph.edges.length,
        fgGraph.nodesView.length, fgGraph.edgesView.length,
        fgGraph.network.body.nodeIndices.length, fgGraph.network.body.edgeIndices.length]""")
    assert counts == [nodes, edges] * 3
    found = v.js("() => fgGraph.find('hoi an').map(n => n.id)")
    assert found == ["https://w3id.org/friendship-graph/id/place/vn/hoi-an"]  # accents folded
    drawn = canvas_is_drawn(v)
    assert drawn["colours"] > 10 and drawn["ink"] > 500, drawn
    screenshot(v, "jinzhong")
    v.assert_clean()
    v.page.close()


def test_xss_labels_show_as_text_and_run_nothing(sample_visit: Visit) -> None:
    v = sample_visit
    assert v.js("() => document.getElementById('fg-title').textContent") == TITLE
    assert v.js("() => document.title") == TITLE
    assert v.js("() => document.querySelectorAll('img, iframe, object').length") == 0
    assert v.js("() => document.querySelectorAll('script').length") == 5  # data x3, vis, app
    # Search for the payloads: the results list shows them as text.
    v.page.fill("#fg-search", "onerror")
    texts = v.js("() => [...document.querySelectorAll('#fg-results li')].map(li => li.textContent)")
    assert texts == ["<img src=x onerror=alert(1)>"]
    v.page.fill("#fg-search", "</script>")
    texts = v.js("() => [...document.querySelectorAll('#fg-results li')].map(li => li.textContent)")
    assert texts == ["</script><script>alert(1)</script>"]
    # The details panel shows labels, alt labels and quotes as text.
    v.page.click("#fg-results li")
    details = v.js("() => document.getElementById('fg-details').textContent")
    assert "</script><script>alert(1)</script>" in details
    assert "\"quotes\" & 'apostrophes' \\ back" in details
    edge = v.js("(k) => fgGraph.data.edges.find(e => e.key === k).id", T + "partnership/5")
    v.js("(id) => fgGraph.showEdge(id)", edge)
    details = v.js("() => document.getElementById('fg-details').textContent")
    assert "<img src=x onerror=alert(2)>" in details
    assert v.js("() => document.querySelectorAll('#fg-details *').length") > 0
    assert v.js("() => document.querySelectorAll('#fg-details img, #fg-details script').length") \
        == 0
    # Tooltips are plain strings (vis-network shows them with innerText).
    assert v.js("() => typeof fgGraph.nodes.get('42').title") == "string"
    # Ids that look like numbers stay strings, distinct.
    assert v.js("() => [typeof fgGraph.nodes.get('42').id, fgGraph.nodes.get('042').id]") == [
        "string", "042"]
    v.page.wait_for_timeout(200)
    v.assert_clean()


def test_search_finds_non_latin_labels(sample_visit: Visit) -> None:
    v = sample_visit

    def results(query: str) -> list[str]:
        v.page.fill("#fg-search", query)
        return v.js("() => [...document.querySelectorAll('#fg-results li')]"
                    ".map(li => li.dataset.id)")

    assert results("晋中") == [T + "place/jinzhong"]
    assert results("кяхта") == [T + "place/kyakhta"]  # alt label, other case
    assert results("УЛААН") == [T + "place/ulaanbaatar"]
    assert results("KYAKHTA") == [T + "place/kyakhta"]
    assert T + "place/jinzhong" in results("jinzhong")
    # Selecting a result selects the node and shows its details.
    v.page.fill("#fg-search", "晋中")
    v.page.press("#fg-search", "Enter")
    assert v.js("() => fgGraph.network.getSelectedNodes()") == [T + "place/jinzhong"]
    assert "晋中" in v.js("() => document.getElementById('fg-details').textContent")
    # Non-Latin labels in nodes, tooltips and legend.
    node = v.js("(id) => fgGraph.nodes.get(id)", T + "place/jinzhong")
    assert "晋中" in node["label"] and "晋中" in node["title"]
    legend = v.js("() => document.getElementById('fg-legend').textContent")
    assert "国家" in legend and "country" in legend
    assert "Проверка" in v.js("() => document.getElementById('fg-filter-country').textContent")
    v.page.fill("#fg-search", "")
    v.assert_clean()


def _edges_shown(v: Visit) -> int:
    return v.js("() => fgGraph.edgesView.length")


def test_filters_hide_edges(sample_visit: Visit) -> None:
    v = sample_visit
    total = v.js("() => fgGraph.edges.length")
    assert _edges_shown(v) == total == 8
    relations = v.js("() => fgGraph.data.relations.map(r => [r.id, r.count])")
    index, count = next((i, c) for i, (iri, c) in enumerate(relations) if iri.endswith("Twinning"))
    box = f"#fg-filter-relations input[value='{index}']"
    v.page.uncheck(box)
    assert _edges_shown(v) == total - count == 6
    v.page.check(box)
    assert _edges_shown(v) == total
    statuses = v.js("() => fgGraph.data.statuses.map(s => s.id)")
    box = f"#fg-filter-statuses input[value='{statuses.index(FGC + 'intended')}']"
    v.page.uncheck(box)
    assert _edges_shown(v) == total - 1
    v.page.check(box)
    # The country filter: only edges with an end in country bb (Kyakhta, Ulaanbaatar, South
    # Testville, and the country itself as summit participant).
    countries = v.js("() => fgGraph.data.countries.map(c => c.id)")
    v.page.select_option("#fg-filter-country", str(countries.index(T + "country/bb")))
    assert _edges_shown(v) == 6  # 3 Jinzhong-Kyakhta, North-South, summit-bb, UB-Kyakhta
    assert v.js("() => fgGraph.nodesView.getIds().includes('42')") is False
    v.page.select_option("#fg-filter-country", "")
    assert _edges_shown(v) == total
    assert "8 of 8 links" in v.js("() => document.getElementById('fg-count').textContent")
    v.assert_clean()


def test_year_slider_hides_edges(sample_visit: Visit) -> None:
    v = sample_visit

    def year(value: int) -> int:
        v.js("""(y) => { const s = document.getElementById('fg-year');
                 s.value = String(y); s.dispatchEvent(new Event('input')); }""", value)
        return _edges_shown(v)

    assert v.js("() => [document.getElementById('fg-year').min, "
                "document.getElementById('fg-year').max]") == ["1990", "2019"]
    v.page.check("#fg-year-on")
    # 1995: the 1990-2000 twinning, plus the two links without dates.
    assert year(1995) == 3
    v.page.uncheck("#fg-year-undated")
    assert year(1995) == 1
    # 2019: 2010-, 2019- (intended), 2005-, and the summit's two links (2019).
    assert year(2019) == 5
    assert year(2001) == 0  # the twinning ended in 2000, North-South starts in 2005
    assert year(2005) == 1
    v.page.check("#fg-year-undated")
    v.page.uncheck("#fg-year-on")
    assert _edges_shown(v) == 8
    v.assert_clean()


def test_content_security_policy_stops_injected_scripts(browser, pages, tmp_path) -> None:  # noqa: ANN001
    """Defence in depth: even markup that got into the page by mistake would not run; only the
    page's own two scripts (allowed by their hashes) do."""
    html = pages["sample"].read_text(encoding="utf-8").replace(
        "</body>", '<script>window.injected = 1</script>'
                   '<img src="data:," onerror="window.injected2 = 1"></body>')
    path = tmp_path / "injected.html"
    path.write_text(html, encoding="utf-8")
    v = visit(browser, path)
    assert v.js("() => [window.injected, window.injected2]") == [None, None]
    assert v.js("() => fgGraph.nodes.length") == 10  # the page's own scripts ran
    assert any("Content Security Policy" in e for e in v.errors)
    assert v.external == [] and v.dialogs == []
    v.page.close()


def test_big_graph_labels_nodes_when_zoomed_in(browser, tmp_path) -> None:  # noqa: ANN001
    import networkx as nx

    graph = nx.MultiGraph()
    for i in range(2100):  # above the page's "big" threshold (2000 nodes)
        graph.add_node(f"n{i}", label=f"Place {i}", label_zh=f"地点{i}",
                       lat=float(i % 60), lon=float(i // 60))
    for i in range(2099):
        graph.add_edge(f"n{i}", f"n{i + 1}", key=f"e{i}")
    v = visit(browser, write_html(graph, tmp_path / "big.html", layout="map"))
    assert v.js("() => [fgGraph.data.big, fgGraph.nodes.get('n7').label]") == [True, None]
    v.page.fill("#fg-search", "地点7")
    v.page.press("#fg-search", "Enter")  # selects n7 (the first match) and zooms to it
    v.page.wait_for_timeout(300)
    assert v.js("() => fgGraph.network.getSelectedNodes()") == ["n7"]
    labelled = v.js("() => fgGraph.labelled()")
    assert "n7" in labelled and "n2099" not in labelled  # far away: not labelled
    v.assert_clean()
    v.page.close()


def test_map_page_places_nodes_by_coordinates(browser, pages) -> None:  # noqa: ANN001
    v = visit(browser, pages["sample-map"])
    pos = v.js("(ids) => fgGraph.network.getPositions(ids)", [T + "place/north"])
    assert pos[T + "place/north"] == {"x": 100, "y": -500}
    assert v.js("() => fgGraph.network.physics.physicsEnabled") is False
    assert canvas_is_drawn(v)["colours"] > 5
    screenshot(v, "sample-map")
    v.assert_clean()
    v.page.close()


def test_sample_screenshot(sample_visit: Visit) -> None:
    drawn = canvas_is_drawn(sample_visit)
    assert drawn["colours"] > 10 and drawn["ink"] > 200, drawn
    screenshot(sample_visit, "sample")


# -- the bundled default store (world network + Jinzhong report) ------------------------------

WORLD_ID = "https://w3id.org/friendship-graph/id/"
JINZHONG = WORLD_ID + "place/cn/jinzhong"
KYAKHTA = WORLD_ID + "place/ru/kyakhta"
SUMMIT = WORLD_ID + "event/china-mongolia-russia-tea-road-mayors-summit-5"
LAND = (0xEB, 0xE6, 0xD6)  # layers.js LAND


@pytest.fixture(scope="module")
def default_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The views of the bundled default store, written as `friendship-graph html` writes them."""
    from friendship_graph.render import export_html
    from friendship_graph.store.default import default_store

    folder = tmp_path_factory.mktemp("default-html")
    with default_store() as store:
        return {
            "world": export_html(store, folder / "world.html", layout="map").path,
            "jinzhong": export_html(store, folder / "jinzhong.html", focus="Jinzhong").path,
            "tea-road": export_html(store, folder / "tea-road.html", event="Tea Road").path,
        }


@pytest.fixture(scope="module")
def world_visit(browser, default_pages) -> Visit:  # noqa: ANN001
    v = visit(browser, default_pages["world"])
    yield v
    v.page.close()  # type: ignore[attr-defined]


def _pixels(v: Visit, colour: tuple[int, int, int]) -> float:
    """The share of the canvas's pixels that have this colour."""
    return v.js("""(c) => {
        const canvas = document.querySelector('#fg-network canvas');
        const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let hits = 0;
        for (let i = 0; i < d.length; i += 4) {
            if (d[i] === c[0] && d[i + 1] === c[1] && d[i + 2] === c[2]) { hits++; }
        }
        return hits / (d.length / 4);
    }""", list(colour))


@pytest.mark.slow
def test_world_map_draws_land_flows_and_few_labels(world_visit: Visit) -> None:
    v = world_visit
    assert v.js("() => [fgGraph.data.big, fgGraph.worldZoom()]") == [True, True]
    assert _pixels(v, LAND) > 0.04  # Natural Earth's land, drawn under the network
    # At world zoom vis-network holds nothing: every place is a dot, links are country flows.
    assert v.js("() => fgGraph.network.body.nodeIndices.length") == 0
    labelled = v.js("() => fgGraph.labelled()")
    assert 10 <= len(labelled) <= 45
    degrees = v.js("() => fgGraph.data.nodes.filter(n => !n.unplaced).map(n => n.deg)"
                   ".sort((a, b) => b - a)")
    assert min(v.js("(ids) => ids.map(id => fgGraph.data.nodes.find(n => n.id === id).deg)",
                    labelled)) >= degrees[500]  # only well-connected places are labelled
    # Places without coordinates are listed, not drawn.
    unplaced = v.js("() => fgGraph.data.nodes.filter(n => n.unplaced).length")
    assert unplaced > 0
    assert v.js("() => document.querySelectorAll('#fg-unplaced li').length") == unplaced
    screenshot(v, "world-map")
    v.assert_clean()


@pytest.mark.slow
def test_zooming_in_shows_each_link_and_more_labels(world_visit: Visit) -> None:
    v = world_visit
    world_labels = len(v.js("() => fgGraph.labelled()"))
    v.js("() => fgGraph.network.moveTo({position: {x: 100, y: -500}, scale: 1.7})")
    v.page.wait_for_timeout(600)  # the level of detail follows once the view is at rest
    assert v.js("() => fgGraph.worldZoom()") is False
    # The places in view are vis-network's nodes (to click); their links are drawn by the page.
    counts = v.js("() => [fgGraph.network.body.nodeIndices.length, "
                  "fgGraph.page.edgeList().length, fgGraph.network.body.edgeIndices.length]")
    assert counts[0] > 500 and counts[1] > 1000 and counts[2] == 0
    # A click on a drawn link shows it.
    edge = v.js("() => fgGraph.page.edgeList()[0]")
    point = v.js("""(e) => { const n = fgGraph.network, a = fgGraph.page.node(e.from),
        b = fgGraph.page.node(e.to); const p = n.canvasToDOM({x: (a.x + b.x) / 2,
        y: (a.y + b.y) / 2}); return [p.x, p.y, fgGraph.layers.hitEdge(p.x, p.y)]; }""", edge)
    assert point[2] is not None
    assert len(v.js("() => fgGraph.labelled()")) > 2 * world_labels
    assert _pixels(v, LAND) > 0.05
    screenshot(v, "world-map-europe")
    v.js("() => fgGraph.network.moveTo({position: {x: 0, y: -60}, scale: fgGraph.network"
         ".getScale() / 6})")
    v.page.wait_for_timeout(400)
    v.assert_clean()


@pytest.mark.slow
@pytest.mark.parametrize(("query", "expected"), [
    ("晋中", JINZHONG), ("jinzhong", JINZHONG), ("晋中市", JINZHONG), ("晉中", JINZHONG),
    ("JinZhong", JINZHONG), ("кяхта", KYAKHTA), ("Kyakhta", KYAKHTA),
])
def test_search_selects_the_city_first(world_visit: Visit, query: str, expected: str) -> None:
    v = world_visit
    v.page.fill("#fg-search", query)
    first = v.js("() => document.querySelector('#fg-results li').dataset.id")
    assert first == expected
    v.page.press("#fg-search", "Enter")
    assert v.js("() => fgGraph.state.selected") == expected
    v.js("() => fgGraph.deselect()")
    v.page.fill("#fg-search", "")
    v.assert_clean()


@pytest.mark.slow
def test_search_ranks_as_python_does(world_visit: Visit, default_pages) -> None:  # noqa: ANN001
    from friendship_graph.names import fold
    from friendship_graph.render import read_page_data
    from friendship_graph.render.search import rank_nodes

    data = read_page_data(default_pages["world"].read_text(encoding="utf-8"))
    for query in ("晋中", "jinzhong", "кяхта", "san", "new york", "hoi an", "São", "ulm",
                  "saint petersburg", "平遥", "jin zhong", "Köln", "-"):
        expected = rank_nodes(query, data["nodes"])[:50]
        assert v_find(world_visit, query) == expected, query
    # The page folds every label of the world as names.fold does.
    labels = sorted({n["label"] for n in data["nodes"]} | {n.get("label_zh", "")
                                                           for n in data["nodes"]})
    folded = world_visit.js("(labels) => labels.map(fgGraph.fold)", labels)
    assert folded == [fold(label) for label in labels]


def v_find(v: Visit, query: str) -> list[str]:
    return v.js("(q) => fgGraph.find(q).slice(0, 50).map(n => n.id)", query)


@pytest.mark.slow
def test_selecting_a_place_dims_the_rest(world_visit: Visit) -> None:
    v = world_visit
    v.js("(id) => fgGraph.select(id, true)", JINZHONG)
    v.page.wait_for_timeout(300)
    shown = set(v.js("() => fgGraph.nodesView.getIds()"))
    partners = set(v.js("(id) => fgGraph.network.getConnectedNodes(id)", JINZHONG))
    assert JINZHONG in shown and partners and partners <= shown
    assert v.js("(id) => fgGraph.isDimmed(id)", JINZHONG) is False
    beijing = v_find(v, "Beijing")[0]
    assert beijing not in shown and v.js("(id) => fgGraph.isDimmed(id)", beijing) is True
    # Events and documents of Jinzhong sit around it, none on top of it.
    scale = v.js("() => fgGraph.network.getScale()")
    positions = v.js("() => fgGraph.network.getPositions()")
    centre = positions[JINZHONG]
    around = [p for i, p in positions.items() if i != JINZHONG]
    assert all(((p["x"] - centre["x"]) ** 2 + (p["y"] - centre["y"]) ** 2) ** 0.5 * scale > 20
               for p in around)
    screenshot(v, "world-map-jinzhong")
    v.js("() => fgGraph.deselect()")
    v.assert_clean()


@pytest.mark.slow
def test_jinzhong_page_title_time_axis_and_dimming(browser, default_pages) -> None:  # noqa: ANN001
    from friendship_graph.render import read_page_data

    v = visit(browser, default_pages["jinzhong"])
    assert v.js("() => document.title") == "Jinzhong 晋中市 and what is 1 step from it"
    data = read_page_data(default_pages["jinzhong"].read_text(encoding="utf-8"))
    years = [y for e in data["edges"] for y in (e.get("y0"), e.get("y1")) if y]
    assert v.js("() => [document.getElementById('fg-year').min, "
                "document.getElementById('fg-year').max]") == [str(min(years)),
                                                               str(max(years))]
    assert SUMMIT in set(v.js("() => fgGraph.nodesView.getIds()"))  # the summit Jinzhong hosted
    hoi_an = WORLD_ID + "place/vn/hoi-an"
    v.js("(id) => fgGraph.select(id, false)", hoi_an)
    opacity = v.js("(ids) => ids.map(id => fgGraph.network.body.nodes[id].options.opacity)",
                   [hoi_an, JINZHONG, SUMMIT])
    assert opacity[0] == 1 and opacity[1] == 1 and opacity[2] < 0.5
    screenshot(v, "jinzhong")
    v.js("() => fgGraph.deselect()")
    assert v.js("(id) => fgGraph.network.body.nodes[id].options.opacity", SUMMIT) == 1
    v.assert_clean()
    v.page.close()


@pytest.mark.slow
def test_tea_road_shows_what_the_summit_states(browser, default_pages) -> None:  # noqa: ANN001
    from friendship_graph.store.default import default_store

    with default_store() as store:
        stated = {str(r[0]) for r in store.query(
            "SELECT DISTINCT ?x WHERE { VALUES ?p { fg:participant fg:host } "
            f"<{SUMMIT}> ?p ?x }}").rows}
        documents = {str(r[0]) for r in store.query(
            f"SELECT DISTINCT ?d WHERE {{ {{ <{SUMMIT}> ?p ?d }} UNION {{ ?d ?p <{SUMMIT}> }} "
            "?d a/rdfs:subClassOf* fg:Document }").rows}
    assert JINZHONG in stated
    v = visit(browser, default_pages["tea-road"])
    assert v.js("() => document.title") == "5th China–Mongolia–Russia Tea Road Mayors' Summit"
    shown = set(v.js("() => fgGraph.nodesView.getIds()"))
    assert shown == {SUMMIT} | stated | documents
    assert v.js("() => fgGraph.edgesView.length") == len(stated | documents)
    screenshot(v, "tea-road")
    # The context: places of the participating countries, drawn faint, off by default.
    v.page.check("#fg-context-on")
    assert v.js("() => fgGraph.nodesView.length") > 100
    assert v.js("(id) => fgGraph.network.body.nodes[id].options.opacity", KYAKHTA) < 1
    v.page.uncheck("#fg-context-on")
    # Searching a context place shows the context.
    v.page.fill("#fg-search", "кяхта")
    v.page.press("#fg-search", "Enter")
    assert v.js("() => [fgGraph.state.selected, fgGraph.state.context]") == [KYAKHTA, True]
    v.assert_clean()
    v.page.close()
