"""The workbench's routes over real HTTP (no browser): the page and its policy, its assets and
licence, the named queries as JSON, a named query run, a view, and bad requests as one line;
and on the bundled store (slow)."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from pathlib import Path

import pytest

from friendship_graph.server import make_server
from friendship_graph.server.workbench import PAGE_POLICY
from friendship_graph.store import Store

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _serve(path: Path | None) -> tuple[object, str]:
    server = make_server(path, port=0, workers=1, timeout=120.0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.url.removesuffix("/sparql")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory, jinzhong_file: Path):  # noqa: ANN201
    path = tmp_path_factory.mktemp("workbench-http") / "store"
    with Store.open(path) as store:
        store.load_files([jinzhong_file])
    server, url = _serve(path)
    yield url
    server.close()  # type: ignore[attr-defined]


def _fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
           ) -> tuple[int, Message, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=180) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_a_browser_gets_the_page_and_a_client_the_endpoint_line(root: str) -> None:
    status, headers, body = _fetch(root + "/", headers={"Accept": "text/html,*/*;q=0.8"})
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert headers["Content-Security-Policy"] == PAGE_POLICY
    assert b"/workbench/assets/codemirror.js" in body and b"http" not in body.split(b"<body")[0]
    status, headers, body = _fetch(root + "/")
    assert headers["Content-Type"].startswith("text/plain") and b"SPARQL 1.1 endpoint" in body


def test_assets_and_the_editors_licence_are_served_and_nothing_else(root: str) -> None:
    for name in ("codemirror.js", "codemirror-sparql.js", "workbench.js", "workbench.css"):
        status, headers, _ = _fetch(f"{root}/workbench/assets/{name}")
        assert status == 200 and headers["X-Content-Type-Options"] == "nosniff", name
    status, _, body = _fetch(root + "/workbench/assets/codemirror-LICENSE-MIT")
    assert status == 200 and b"Permission is hereby granted" in body
    for name in ("..%2Fsparql.py", "workbench.html", "nothing.js"):
        assert _fetch(f"{root}/workbench/assets/{name}")[0] == 404, name


def test_the_named_queries_as_json(root: str) -> None:
    status, _, body = _fetch(root + "/workbench/queries")
    catalogue = json.loads(body)
    partners = next(q for q in catalogue["queries"] if q["name"] == "partners")
    assert {p["name"]: p["type"] for p in partners["parameters"]} == {"place": "place",
                                                                     "as_of": "date"}
    assert catalogue["prefixes"]["fg"] == "https://w3id.org/friendship-graph/ontology#"


def test_a_named_query_runs_with_its_form_and_negotiates(root: str) -> None:
    form = urllib.parse.urlencode({"name": "partners", "param.place": "晋中"}).encode()
    status, headers, body = _fetch(root + "/workbench/run", form,
                                   {**FORM, "Accept": "application/sparql-results+json"})
    assert status == 200
    labels = {b["partnerLabel"]["value"] for b in json.loads(body)["results"]["bindings"]}
    assert {"Hội An", "Province of Como"} <= labels
    status, headers, body = _fetch(root + "/workbench/run", form, {**FORM, "Accept": "text/csv"})
    assert headers["Content-Type"].startswith("text/csv") and body.startswith(b"partner,")


@pytest.mark.parametrize("fields, status", [
    ({}, 400), ({"name": "no-such-query"}, 400), ({"name": "partners"}, 400),
    ({"query": "SELECT * WHERE { ?s ?p ?o }"}, 400)])
def test_bad_runs_are_one_line(root: str, fields: dict[str, str], status: int) -> None:
    got, headers, body = _fetch(root + "/workbench/run", urllib.parse.urlencode(fields).encode(),
                                FORM)
    assert got == status and headers["Content-Type"].startswith("text/plain")
    assert body.decode().count("\n") == 1, body


def test_a_view_is_the_html_page_sandboxed(root: str) -> None:
    query = urllib.parse.urlencode({"name": "partners", "param.place": "Jinzhong"})
    status, headers, body = _fetch(f"{root}/workbench/view?{query}")
    assert status == 200 and headers["Content-Security-Policy"].startswith("sandbox allow-scripts")
    assert b'id="fg-data"' in body and b"Content-Security-Policy" in body
    status, _, body = _fetch(f"{root}/workbench/view?" + urllib.parse.urlencode(
        {"query": "ASK { ?s ?p ?o }"}))
    assert status == 400 and b"only SELECT" in body


@pytest.mark.slow
def test_on_the_bundled_store() -> None:
    from friendship_graph.store.default import default_store

    default_store().close()
    server, url = _serve(None)
    try:
        form = urllib.parse.urlencode({"name": "partners", "param.place": "晋中"}).encode()
        status, _, body = _fetch(url + "/workbench/run", form, {**FORM, "Accept": "text/csv"})
        assert status == 200 and "Hội An" in body.decode()
        view = urllib.parse.urlencode({"name": "partners", "param.place": "晋中"})
        status, _, body = _fetch(f"{url}/workbench/view?{view}")
        assert status == 200 and "Szolnok" in body.decode()
        queries = json.dumps({"q0": {"query": "晉中", "type": "fg:Place"}})
        status, _, body = _fetch(url + "/reconcile",
                                 urllib.parse.urlencode({"queries": queries}).encode(), FORM)
        assert json.loads(body)["q0"]["result"][0]["match"] is True
    finally:
        server.close()  # type: ignore[attr-defined]
