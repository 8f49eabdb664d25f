"""Reconciliation: the candidate look-up and the W3C API's answers (library), and the
service over real HTTP with the request shapes OpenRefine sends (a form with ``queries=``
JSON, a JSON body, the 1.0 draft's ``{"queries": [...]}``, JSONP for GET)."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from friendship_graph.names import Rank
from friendship_graph.reconcile import NameIndex, ReconcileError, Reconciler, find_candidates
from friendship_graph.server import make_server
from friendship_graph.store import Store

ID = "https://w3id.org/friendship-graph/id/"
FG = "https://w3id.org/friendship-graph/ontology#"
JINZHONG = ID + "place/cn/jinzhong"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def store(jinzhong_file: Path) -> Store:
    store = Store.memory()
    store.load_files([jinzhong_file])
    return store


@pytest.fixture(scope="module")
def reconciler(store: Store) -> Reconciler:
    return Reconciler(store)


# -- the candidate look-up ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Jinzhong", "jinzhong", "晋中", "晉中", "JINZHONG", "晋中市"])
def test_a_city_is_found_in_every_script_and_in_pinyin(store: Store, text: str) -> None:
    found = find_candidates(store, text, limit=3)
    assert found[0].id == JINZHONG
    assert found[0].rank in (Rank.EXACT, Rank.PREFIX)


def test_types_narrow_the_candidates_to_a_class_and_the_classes_under_it(
        reconciler: Reconciler) -> None:
    index = reconciler.index
    anything = index.search("jinzhong", limit=20)
    places = index.search("jinzhong", types=[FG + "Place"], limit=20)
    organisations = index.search("jinzhong", types=[FG + "Organization"], limit=20)
    assert {c.id for c in places} == {JINZHONG}
    assert organisations and all(c.id.startswith(ID + "org/") for c in organisations)
    assert {c.id for c in anything} == {c.id for c in places} | {c.id for c in organisations}


def test_no_text_no_candidates(store: Store) -> None:
    index = NameIndex(store)
    assert index.search("   ") == [] and index.search("zzzz-no-such-place") == []


# -- the API's answers ----------------------------------------------------------------------


def test_the_manifest_names_the_spaces_types_preview_and_suggest(reconciler: Reconciler) -> None:
    manifest = reconciler.manifest("http://localhost:7879/reconcile")
    assert manifest["versions"] == ["0.2"]
    assert manifest["identifierSpace"] == ID
    assert {t["id"] for t in manifest["defaultTypes"]} == {FG + "Place", FG + "Organization"}
    assert manifest["preview"]["url"] == "http://localhost:7879/reconcile/preview?id={{id}}"
    assert manifest["suggest"]["entity"] == {"service_url": "http://localhost:7879",
                                             "service_path": "/reconcile/suggest/entity"}


def test_a_batch_of_queries_gets_scored_candidates_and_one_match(
        reconciler: Reconciler) -> None:
    answer = reconciler.reconcile({"q0": {"query": "晋中", "type": "fg:Place", "limit": 3},
                                   "q1": {"query": "Hoi An"}, "q2": {"query": "nowhere-xyz"}})
    best = answer["q0"]["result"][0]
    assert best["id"] == JINZHONG and best["score"] == 100.0 and best["match"] is True
    assert best["type"] == [{"id": FG + "PrefectureLevelCity", "name": "prefecture-level city"}]
    assert answer["q1"]["result"][0]["name"] == "Hội An"
    assert answer["q2"] == {"result": []}


def test_an_unmet_property_constraint_lowers_the_score(reconciler: Reconciler) -> None:
    china = reconciler.reconcile({"q": {"query": "Jinzhong", "type": "fg:Place", "properties": [
        {"pid": "fg:country", "v": "China"}]}})["q"]["result"][0]
    france = reconciler.reconcile({"q": {"query": "Jinzhong", "type": "fg:Place", "properties": [
        {"pid": "fg:country", "v": {"id": ID + "country/fr"}}]}})["q"]["result"][0]
    assert china["score"] == 100.0 and china["match"]
    assert france["score"] < 100.0 and not france["match"]


def test_the_1_0_draft_shape_gets_candidates_in_order(reconciler: Reconciler) -> None:
    answer = reconciler.reconcile({"queries": [
        {"conditions": [{"matchType": "name", "propertyValue": "jinzhong"}], "limit": 1},
        {"conditions": [{"matchType": "name", "propertyValue": "Como"}]}]})
    assert [r["candidates"][0]["id"] for r in answer["results"]] == [JINZHONG,
                                                                      ID + "place/it/como"]


@pytest.mark.parametrize("request_", [[1, 2], {"q0": 5}, {"q0": {"query": 5}},
                                      {"q0": {"query": "x", "limit": "ten"}},
                                      {"q0": {"query": "x", "properties": 5}},
                                      {"queries": [{"conditions": [], "limit": -1}]}])
def test_a_malformed_request_is_one_line(reconciler: Reconciler, request_: object) -> None:
    with pytest.raises(ReconcileError) as error:
        reconciler.reconcile(request_)  # type: ignore[arg-type]
    assert "\n" not in str(error.value)


def test_suggest_and_preview(reconciler: Reconciler) -> None:
    assert reconciler.suggest("entity", "jinz")["result"][0]["id"] == JINZHONG
    types = reconciler.suggest("type", "prefecture")["result"]
    assert types[0] == {"id": FG + "PrefectureLevelCity", "name": "prefecture-level city"}
    assert reconciler.suggest("property", "country")["result"][0]["id"] == FG + "country"
    card = reconciler.preview(JINZHONG)
    assert "晋中市" in card and "China" in card


# -- over HTTP, as OpenRefine asks ----------------------------------------------------------


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, jinzhong_file: Path):  # noqa: ANN201
    path = tmp_path_factory.mktemp("reconcile") / "store"
    with Store.open(path) as store:
        store.load_files([jinzhong_file])
    server = make_server(path, port=0, workers=1, timeout=60.0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.url.removesuffix("/sparql") + "/reconcile"
    server.close()


def _fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
           ) -> tuple[int, str, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


QUERIES = {"q0": {"query": "晋中", "type": FG + "Place", "type_strict": "should", "limit": 3},
           "q1": {"query": "Province of Como", "properties": [{"pid": FG + "country",
                                                               "v": "Italy"}]}}


def test_http_manifest_and_jsonp(service: str) -> None:
    status, media, body = _fetch(service)
    assert status == 200 and media.startswith("application/json")
    assert json.loads(body)["suggest"]["entity"]["service_path"] == "/reconcile/suggest/entity"
    status, media, body = _fetch(service + "?callback=jQuery123_456")
    assert media.startswith("text/javascript") and body.startswith("/**/jQuery123_456({")
    status, _, body = _fetch(service + "?callback=" + urllib.parse.quote("alert(1)//"))
    assert status == 400 and body.count("\n") == 1


def test_http_queries_as_openrefine_sends_them(service: str) -> None:
    form = urllib.parse.urlencode({"queries": json.dumps(QUERIES)}).encode()
    status, media, body = _fetch(service, form, FORM)
    assert status == 200 and media.startswith("application/json")
    answer = json.loads(body)
    assert answer["q0"]["result"][0]["id"] == JINZHONG and answer["q0"]["result"][0]["match"]
    assert answer["q1"]["result"][0]["id"] == ID + "place/it/como"
    # The same batch as a JSON body, as GET with JSONP, and in the 1.0 draft's shape.
    assert json.loads(_fetch(service, json.dumps(QUERIES).encode(),
                             {"Content-Type": "application/json"})[2]) == answer
    jsonp = _fetch(service + "?callback=cb&queries=" + urllib.parse.quote(json.dumps(QUERIES)))[2]
    assert json.loads(jsonp.removeprefix("/**/cb(").removesuffix(");")) == answer
    draft = {"queries": [{"conditions": [{"matchType": "name", "propertyValue": "晋中"}],
                          "type": FG + "Place"}]}
    status, _, body = _fetch(service, json.dumps(draft).encode(),
                             {"Content-Type": "application/json"})
    assert json.loads(body)["results"][0]["candidates"][0]["id"] == JINZHONG


def test_http_bad_requests_are_one_line(service: str) -> None:
    for data in (b"queries=%7Bnot+json", b"queries=" + urllib.parse.quote("[1]").encode()):
        status, media, body = _fetch(service, data, FORM)
        assert status == 400 and media.startswith("text/plain") and body.count("\n") == 1
    status, _, _ = _fetch(service, b"<x/>", {"Content-Type": "application/xml"})
    assert status == 415


def test_http_suggest_and_preview(service: str) -> None:
    status, _, body = _fetch(service + "/suggest/entity?prefix=" + urllib.parse.quote("晋中"))
    assert json.loads(body)["result"][0]["id"] == JINZHONG
    status, _, _ = _fetch(service + "/suggest/nothing?prefix=x")
    assert status == 404
    status, media, body = _fetch(service + "/preview?id=" + urllib.parse.quote(JINZHONG))
    assert status == 200 and media.startswith("text/html") and "晋中市" in body
    status, media, _ = _fetch(service + "/preview?id=" + urllib.parse.quote("<script>"))
    assert status == 404 and media.startswith("text/plain")


# -- on the world ---------------------------------------------------------------------------


@pytest.mark.slow
def test_on_the_bundled_store_names_in_any_script_find_their_place() -> None:
    from friendship_graph.store.default import default_store

    with default_store() as world:
        reconciler = Reconciler(world)
        answer = reconciler.reconcile({
            "a": {"query": "晉中", "type": "fg:Place", "limit": 3},
            "b": {"query": "hoi an", "type": "fg:Place", "limit": 3},
            "c": {"query": "Paris", "type": "fg:Place", "limit": 5,
                  "properties": [{"pid": "fg:country", "v": "France"}]}})
    assert answer["a"]["result"][0]["id"] == JINZHONG and answer["a"]["result"][0]["match"]
    assert answer["b"]["result"][0]["name"] == "Hội An"
    paris = answer["c"]["result"][0]
    assert paris["match"] and paris["id"].startswith(ID + "place/fr/")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["query", "type", "limit", "properties", "pid", "v", "queries",
                         "conditions", "matchType", "propertyValue", "q0"]), inner, max_size=4),
    max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_any_json_request_is_answered_or_refused_in_one_line(reconciler: Reconciler,
                                                             request_: object) -> None:
    try:
        answer = reconciler.reconcile(request_)  # type: ignore[arg-type]
    except ReconcileError as error:
        assert "\n" not in str(error)
    else:
        assert isinstance(answer, dict)
