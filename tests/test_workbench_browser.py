"""The workbench of ``serve`` in a real browser (headless Chromium via Playwright).

One server over the Jinzhong store and ONE page load for the module: the tests run in order
on the same page (a named query, an ad-hoc query, the network and map views, a click in the
network that runs ``partners``, a download). Every request that leaves the server is blocked
and counted (there must be none); console errors and page errors (in the page and its frame)
fail the tests. The load time and a named query's round trip are printed (``-s``) for the
docs; they are figures, not assertions.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import CHROMIUM_ARGS, chromium_or_skip, skip_or_fail
from friendship_graph.server import make_server
from friendship_graph.store import Store

pytestmark = pytest.mark.browser

JINZHONG = "https://w3id.org/friendship-graph/id/place/cn/jinzhong"
HOI_AN = "https://w3id.org/friendship-graph/id/place/vn/hoi-an"
# Coordinates written into the query (not facts of the store): rows that carry coordinates.
WITH_COORDINATES = f"""SELECT ?place ?label ?lat ?long WHERE {{
    VALUES (?place ?lat ?long) {{ (<{JINZHONG}> 37.69 112.75) }}
    ?place rdfs:label ?label . FILTER (LANGMATCHES(LANG(?label), "en"))
}}"""


class Session:
    """The page, and everything that happened while it was open."""

    def __init__(self, page, origin: str) -> None:  # noqa: ANN001
        self.page = page
        self.origin = origin
        self.external: list[str] = []
        self.errors: list[str] = []
        self.figures: dict[str, float] = {}

    def assert_clean(self) -> None:
        assert self.external == [], f"requests leaving the server: {self.external}"
        assert self.errors == [], f"console errors: {self.errors}"

    def runs(self) -> int:
        return int(self.page.evaluate("() => Number(document.body.dataset.runs || 0)"))

    def wait_run(self, before: int) -> None:
        self.page.wait_for_function("n => Number(document.body.dataset.runs || 0) > n",
                                    arg=before, timeout=60000)


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory, jinzhong_file: Path):  # noqa: ANN201
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    path = tmp_path_factory.mktemp("workbench") / "store"
    with Store.open(path) as store:
        store.load_files([jinzhong_file])
    server = make_server(path, port=0, workers=2, timeout=60.0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = server.url.removesuffix("/sparql")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except Exception as error:  # noqa: BLE001
        playwright.stop()
        server.close()
        skip_or_fail(f"chromium does not start: {error}")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    result = Session(page, origin)
    host = urlsplit(origin).netloc

    def route(route) -> None:  # noqa: ANN001
        url = route.request.url
        if urlsplit(url).netloc == host or url.startswith(("blob:", "data:", "about:")):
            route.continue_()
        else:
            result.external.append(url)
            route.abort()

    context.route("**/*", route)
    page.on("console", lambda m: result.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: result.errors.append(f"page error: {e}"))
    started = time.perf_counter()
    page.goto(origin + "/", wait_until="load")
    page.wait_for_function("() => document.body.dataset.ready === 'true'", timeout=30000)
    result.figures["load_ms"] = (time.perf_counter() - started) * 1000
    yield result
    print(f"\nworkbench figures (Chromium, this machine): {result.figures}")
    context.close()
    browser.close()
    playwright.stop()
    server.close()


def test_the_page_loads_with_the_named_queries_and_prefixes(session: Session) -> None:
    page = session.page
    names = page.eval_on_selector_all("#wb-query-name option", "os => os.map(o => o.value)")
    assert {"partners", "search", "network"} <= set(names)
    text = page.evaluate("() => document.querySelector('.CodeMirror').CodeMirror.getValue()")
    assert "PREFIX fg: <https://w3id.org/friendship-graph/ontology#>" in text
    policy = page.request.get(session.origin + "/", headers={"Accept": "text/html"})
    assert "default-src 'none'" in policy.headers["content-security-policy"]
    session.assert_clean()


def test_a_named_query_runs_from_its_form(session: Session) -> None:
    page = session.page
    page.select_option("#wb-query-name", "partners")
    assert page.is_visible("#wb-param-place") and page.is_visible("#wb-param-as_of")
    page.fill("#wb-param-place", "晋中")
    before = session.runs()
    page.click("#wb-run-named")
    session.wait_run(before)
    session.figures["named_query_round_trip_ms"] = float(
        page.evaluate("() => document.body.dataset.lastRoundTrip"))
    headers = page.eval_on_selector_all("#wb-table th", "ths => ths.map(t => t.textContent)")
    assert headers[:2] == ["partner", "partnerLabel"]
    labels = page.eval_on_selector_all("#wb-table tbody tr td:nth-child(2)",
                                       "tds => tds.map(t => t.textContent)")
    assert "Province of Como" in labels and "Hội An" in labels, labels
    assert page.is_disabled("#wb-tabs [data-view='map']")  # no coordinates in these rows
    session.assert_clean()


def test_the_network_view_draws_the_result_and_a_click_runs_partners(session: Session) -> None:
    page = session.page
    page.click("#wb-tabs [data-view='network']")
    frame = page.frame_locator("#wb-frame")
    frame.locator("#fg-network canvas").wait_for(timeout=60000)
    count = frame.locator("#fg-count").text_content()
    assert count and not count.startswith("0 nodes"), count
    # Choose a node in the network (its search box selects it, as a click does).
    frame.locator("#fg-search").fill("Hoi An")
    before = session.runs()
    frame.locator("#fg-results li").first.click()
    session.wait_run(before)
    assert page.input_value("#wb-query-name") == "partners"
    assert page.input_value("#wb-param-place") == HOI_AN
    session.assert_clean()


def test_an_ad_hoc_query_with_coordinates_goes_on_the_map(session: Session) -> None:
    page = session.page
    page.click("#wb-tabs [data-view='table']")
    page.evaluate("q => document.querySelector('.CodeMirror').CodeMirror.setValue(q)",
                  WITH_COORDINATES)
    before = session.runs()
    page.click("#wb-run")
    session.wait_run(before)
    assert page.eval_on_selector_all("#wb-table th", "ths => ths.map(t => t.textContent)") \
        == ["place", "label", "lat", "long"]
    assert page.is_enabled("#wb-tabs [data-view='map']")
    page.click("#wb-tabs [data-view='map']")
    frame = page.frame_locator("#wb-frame")
    frame.locator("#fg-network canvas").wait_for(timeout=60000)
    assert frame.locator("#fg-count").text_content().startswith("1 of 1 nodes")
    assert frame.locator("#fg-unplaced-box").is_hidden()  # placed by the row's coordinates
    session.assert_clean()


def test_results_download_as_csv(session: Session) -> None:
    page = session.page
    with page.expect_download() as info:
        page.click("#wb-download-csv")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.splitlines()[0] == "place,label,lat,long"
    assert JINZHONG in text
    session.assert_clean()


def test_a_bad_query_is_one_line_in_the_page(session: Session) -> None:
    page = session.page
    page.evaluate("() => document.querySelector('.CodeMirror').CodeMirror.setValue('SELEC x')")
    page.click("#wb-run")
    page.wait_for_selector("#wb-status.wb-error")
    assert "\n" not in page.text_content("#wb-status").strip()
    session.errors = [e for e in session.errors if "400" not in e]  # the failed request's log
    session.assert_clean()
