"""No network: nothing in a data file or a query makes the project fetch anything.

Two nets catch a fetch:

* the session-wide audit hook in conftest.py ("# --- no network ---") fails every test that
  opens a Python socket to a non-loopback address or asks urllib for a remote URL;
* pyoxigraph fetches in Rust (SERVICE, LOAD, remote JSON-LD contexts), out of reach of Python's
  audit hooks, so those tests point the data at a *canary*: a local HTTP server on 127.0.0.1
  that counts the requests it gets. It must get none.
"""

from __future__ import annotations

import http.server
import os
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import _NETWORK_ATTEMPTS, TESTS, NetworkAttempt
from friendship_graph.cli import main
from friendship_graph.errors import LoadError, NetworkAccessError, QueryError
from friendship_graph.store import Store

BAD = TESTS / "data" / "bad"


class Canary:
    """An HTTP server on 127.0.0.1 that records every request and answers 404."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        canary = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _record(self) -> None:
                canary.requests.append(f"{self.command} {self.path}")
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_HEAD = _record

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def canary() -> Canary:
    server = Canary()
    yield server
    server.close()


# ------------------------------------------------------------------ the guard itself


def test_guard_refuses_a_remote_socket() -> None:
    start = len(_NETWORK_ATTEMPTS)
    with pytest.raises(NetworkAttempt), socket.create_connection(("192.0.2.1", 80), timeout=1):
        pass
    assert _NETWORK_ATTEMPTS[start:]
    del _NETWORK_ATTEMPTS[start:]  # expected here: do not fail this test


def test_guard_refuses_urllib_and_dns() -> None:
    start = len(_NETWORK_ATTEMPTS)
    with pytest.raises(NetworkAttempt):
        urllib.request.urlopen("https://example.org/", timeout=1)
    with pytest.raises(NetworkAttempt):
        socket.getaddrinfo("example.org", 443)
    assert len(_NETWORK_ATTEMPTS) - start >= 2
    del _NETWORK_ATTEMPTS[start:]


def test_guard_allows_loopback(canary: Canary) -> None:
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(canary.url + "/ping", timeout=5)
    assert canary.requests == ["GET /ping"]


# ------------------------------------------------------------------ queries and updates


def _service(url: str) -> str:
    return f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ service silent <{url}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o . SERVICE ?x {{ ?s ?p ?o }} VALUES ?x {{ <{url}/s> }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER(?s<?p)SERVICE<{url}/s>{{?s ?p ?o}} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
])
def test_service_is_refused_and_nothing_is_fetched(memory_store: Store, canary: Canary,
                                                   template: str) -> None:
    with pytest.raises((NetworkAccessError, QueryError)) as caught:
        memory_store.query(template.format(url=canary.url))
    assert "\n" not in str(caught.value)
    assert canary.requests == []


@pytest.mark.parametrize("update", ["LOAD <{url}/data.ttl>",
                                    "LOAD SILENT <{url}/data.ttl> INTO GRAPH <urn:g>",
                                    "INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/s> "
                                    "{{ ?s ?p ?o }} }}"])
def test_load_and_service_in_updates_are_refused(memory_store: Store, canary: Canary,
                                                 update: str) -> None:
    before = memory_store.content_hash()
    with pytest.raises(NetworkAccessError) as caught:
        memory_store.update(update.format(url=canary.url))
    assert "--allow-network" in str(caught.value)
    assert canary.requests == []
    assert memory_store.content_hash() == before


def test_service_in_a_string_or_iri_is_just_text(memory_store: Store) -> None:
    result = memory_store.query('SELECT ?x WHERE { BIND("SERVICE <http://x/> LOAD" AS ?x) '
                                'FILTER(?x != <http://x/SERVICE>) }')
    assert len(result) == 1


def test_cli_query_with_service_is_one_line_and_fetches_nothing(canary: Canary,
                                                                tmp_path: Path) -> None:
    store = tmp_path / "store"
    Store.open(store).close()
    result = CliRunner().invoke(main, ["--store", str(store), "query", _service(canary.url)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "SERVICE" in result.stderr and "--allow-network" in result.stderr
    assert canary.requests == []


def test_allow_network_really_lets_service_through(canary: Canary) -> None:
    """The canary is a working net: with --allow-network, SERVICE does reach it."""
    with Store.memory(allow_network=True) as store, pytest.raises(QueryError):
        store.query(_service(canary.url))
    assert canary.requests and canary.requests[0].endswith("/sparql")


# ------------------------------------------------------------------ data files


def test_remote_json_ld_context_is_refused_and_not_fetched(memory_store: Store,
                                                           canary: Canary, tmp_path: Path) -> None:
    path = tmp_path / "remote.jsonld"
    context = f"{canary.url}/context.jsonld"
    path.write_text(f'{{"@context": "{context}", "@id": "urn:a", "name": "a"}}',
                    encoding="utf-8")
    before = memory_store.content_hash()
    with pytest.raises(LoadError) as caught:
        memory_store.load_files([path])
    assert "remote @context" in str(caught.value) and "inline the context" in str(caught.value)
    assert canary.requests == []
    assert memory_store.content_hash() == before


def test_owl_imports_is_data_not_a_fetch(memory_store: Store, canary: Canary,
                                         tmp_path: Path) -> None:
    """owl:imports of a URL is stored as a statement; load, validate and query fetch nothing."""
    text = (BAD / "network" / "owl-imports.ttl").read_text(encoding="utf-8")
    path = tmp_path / "imports.ttl"
    path.write_text(text.replace("http://example.org/remote-ontology.ttl",
                                 canary.url + "/remote-ontology.ttl"), encoding="utf-8")
    memory_store.load_files([path])
    assert memory_store.query(
        f"ASK {{ ?o owl:imports <{canary.url}/remote-ontology.ttl> }}").boolean
    from friendship_graph.validate import validate_files, validate_store

    validate_files([path])
    validate_store(memory_store)
    CliRunner().invoke(main, ["validate", str(path)])
    assert canary.requests == []


def test_owl_imports_file_through_the_cli(tmp_path: Path) -> None:
    """The committed file (imports of example.org and w3.org): the audit hook sees no fetch."""
    store = tmp_path / "store"
    path = BAD / "network" / "owl-imports.ttl"
    result = CliRunner().invoke(main, ["--store", str(store), "load", str(path)])
    assert result.exit_code == 0, result.stderr
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code in (0, 1), result.stderr


def test_rdfxml_external_dtd_is_not_fetched(memory_store: Store, canary: Canary,
                                            tmp_path: Path) -> None:
    text = (BAD / "network" / "rdfxml-doctype-system.rdf").read_text(encoding="utf-8")
    path = tmp_path / "dtd.rdf"
    path.write_text(text.replace("http://example.org/rdf.dtd", canary.url + "/rdf.dtd"),
                    encoding="utf-8")
    memory_store.load_files([path])
    assert canary.requests == []


def test_rdfxml_external_entity_is_refused(memory_store: Store, canary: Canary,
                                           tmp_path: Path) -> None:
    path = tmp_path / "xxe.rdf"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY e SYSTEM "{canary.url}/e"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
        '<rdf:Description rdf:about="urn:a"><rdfs:label>&e;</rdfs:label></rdf:Description>\n'
        "</rdf:RDF>\n", encoding="utf-8")
    with pytest.raises(LoadError):
        memory_store.load_files([path])
    assert canary.requests == []


# ------------------------------------------------------------------ a real subprocess


def test_subprocess_cli_under_the_guard(tmp_path: Path, jinzhong_file: Path) -> None:
    """The audit hook installed in a child process: load, validate, stats and a named query
    through the real CLI code make no connection."""
    store = tmp_path / "store"
    tests, data, where = str(TESTS), str(jinzhong_file), str(store)
    script = "\n".join([
        f"import sys; sys.path.insert(0, {tests!r})",
        "import conftest; conftest.install_network_guard()",
        "from friendship_graph.cli import main",
        f"for args in (['load', {data!r}], ['validate', {data!r}], ['stats'],",
        "             ['query', 'partners', '--param', 'place=Jinzhong']):",
        "    try:",
        f"        main(['--store', {where!r}, *args], standalone_mode=False)",
        "    except SystemExit:",
        "        pass",
        "print('ATTEMPTS', len(conftest._NETWORK_ATTEMPTS))",
    ])
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, env={**os.environ}, check=False)
    assert "ATTEMPTS 0" in done.stdout, done.stdout + done.stderr
    assert "Szolnok" in done.stdout  # the named query did run on the loaded data
    assert "error" not in done.stderr, done.stderr


# ------------------------------------------------------------------ rules planted by data

ONTOLOGY_GRAPH = "https://w3id.org/friendship-graph/graph/ontology"
SH = "http://www.w3.org/ns/shacl#"
FG = "https://w3id.org/friendship-graph/ontology#"


def _planted_rule(url: str) -> str:
    """N-Triples of a shape whose SHACL rule would fetch from ``url`` if it ever ran."""
    construct = (f"CONSTRUCT {{ ?s <{FG}twinnedWith> ?o }} WHERE {{ SERVICE <{url}/sparql> "
                 "{ ?s ?p ?o } }")
    return (f"<{FG}PlantedShape> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            f"<{SH}NodeShape> .\n<{FG}PlantedShape> <{SH}rule> <{FG}PlantedRule> .\n"
            f"<{FG}PlantedRule> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            f"<{SH}SPARQLRule> .\n<{FG}PlantedRule> <{SH}construct> \"{construct}\" .\n")


def _another_write(store: Store, tmp_path: Path) -> None:
    """A write after the planting: every write runs the rules."""
    later = tmp_path / "later.nt"
    later.write_text(f"<{FG}x> <http://www.w3.org/2000/01/rdf-schema#label> \"later\" .\n",
                     encoding="utf-8")
    store.load_files([later])


@pytest.mark.parametrize("syntax", ["trig", "nq"])
def test_a_rule_written_into_the_ontology_graph_by_a_file_is_refused(
        syntax: str, canary: Canary, tmp_path: Path) -> None:
    rule = _planted_rule(canary.url)
    path = tmp_path / f"plant.{syntax}"
    if syntax == "trig":
        path.write_text(f"<{ONTOLOGY_GRAPH}> {{\n{rule}}}\n", encoding="utf-8")
    else:
        path.write_text(rule.replace(" .\n", f" <{ONTOLOGY_GRAPH}> .\n"), encoding="utf-8")
    with Store.open(tmp_path / "store", allow_network=True) as store:
        before = store.content_hash()
        with pytest.raises(LoadError) as caught:
            store.load_files([path])
        assert "only friendship-graph writes" in str(caught.value)
        assert store.content_hash() == before
        _another_write(store, tmp_path)
    assert canary.requests == []


@pytest.mark.parametrize("allow_network", [False, True])
def test_a_rule_in_a_data_graph_is_data_and_never_runs(
        allow_network: bool, canary: Canary, tmp_path: Path) -> None:
    """A rule in a source's own graph loads (it is a statement like any other) but is never
    run, not even with network access allowed: rules come only from the ontology files."""
    path = tmp_path / "plant.nt"
    path.write_text(_planted_rule(canary.url), encoding="utf-8")
    with Store.open(tmp_path / "store", allow_network=allow_network) as store:
        store.load_files([path])
        assert store.query(f"ASK {{ <{FG}PlantedRule> a sh:SPARQLRule }}").boolean
        _another_write(store, tmp_path)
        store.remove_graph(store.graphs()[0])
        assert not store.query(f"ASK {{ GRAPH graph:inferred {{ ?s <{FG}twinnedWith> ?o "
                               "FILTER(isBlank(?o) || !isIRI(?s)) } }").boolean
    assert canary.requests == []


def test_updates_that_plant_a_rule_fetch_nothing(canary: Canary, tmp_path: Path) -> None:
    from friendship_graph.errors import ReservedGraphError

    rule = _planted_rule(canary.url)
    with Store.open(tmp_path / "store", allow_network=True) as store:
        before = store.content_hash()
        with pytest.raises(ReservedGraphError):
            store.update(f"INSERT DATA {{ GRAPH <{ONTOLOGY_GRAPH}> {{ {rule} }} }}")
        assert store.content_hash() == before
        store.update(f"INSERT DATA {{ GRAPH <urn:x:planted> {{ {rule} }} }}")  # data: fine
        _another_write(store, tmp_path)
    assert canary.requests == []


@pytest.mark.parametrize("how", ["extensions", "--ontology"])
def test_a_service_rule_in_an_extension_is_refused_and_fetches_nothing(
        how: str, canary: Canary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import friendship_graph.ontology as ontology_module
    from friendship_graph.ontology import ONTOLOGY_ENV
    from friendship_graph.resources import ontology_dir

    store = tmp_path / "store"
    Store.open(store).close()
    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "extensions").mkdir(exist_ok=True)
    rule = (folder / "extensions" if how == "extensions" else tmp_path) / "service.ttl"
    rule.write_text(_planted_rule(canary.url), encoding="utf-8")
    monkeypatch.setenv(ONTOLOGY_ENV, "")  # restored (unset) after the test
    options = ["--ontology", str(rule)] if how == "--ontology" else []
    if how == "extensions":
        monkeypatch.setattr(ontology_module, "ontology_dir", lambda: folder)
    data = tmp_path / "data.nt"
    data.write_text(f"<{FG}x> <http://www.w3.org/2000/01/rdf-schema#label> \"x\" .\n",
                    encoding="utf-8")
    for args in (["load", str(data)], ["stats"], ["remove", "urn:x:nothing"]):
        result = CliRunner().invoke(main, [*options, "--allow-network", "--store", str(store),
                                           *args])
        os.environ[ONTOLOGY_ENV] = ""  # what --ontology set for the run
        if args[0] != "stats":
            assert result.exit_code == 2, result.stderr
            assert "uses SERVICE or LOAD" in result.stderr and str(rule) in result.stderr
            assert result.stderr.count("\n") == 1
    assert canary.requests == []


def test_endpoint_updates_that_plant_a_rule_fetch_nothing(canary: Canary, tmp_path: Path,
                                                          jinzhong_file: Path) -> None:
    """Through ``serve`` with the update token: into graph:ontology 403, into a data graph
    accepted as data; the rules the worker then runs are the ontology's, and none fetches."""
    from friendship_graph.server import make_server

    path = tmp_path / "store"
    with Store.open(path) as store:
        store.load_files([jinzhong_file])
    server = make_server(path, port=0, allow_updates=True, token="s3cret", workers=1,
                         allow_network=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    rule = _planted_rule(canary.url)
    statuses = []
    try:
        for graph in (ONTOLOGY_GRAPH, "urn:x:planted"):
            request = urllib.request.Request(
                server.url, data=f"INSERT DATA {{ GRAPH <{graph}> {{ {rule} }} }}".encode(),
                headers={"Content-Type": "application/sparql-update",
                         "Authorization": "Bearer s3cret"})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    statuses.append(response.status)
            except urllib.error.HTTPError as error:
                statuses.append(error.code)
    finally:
        server.close()
    assert statuses == [403, 204]
    assert canary.requests == []
    with Store.open(path, read_only=True) as store:
        assert store.query(f"ASK {{ GRAPH <urn:x:planted> {{ <{FG}PlantedRule> ?p ?o }} }}"
                           ).boolean
        assert not store.query(f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ <{FG}PlantedRule> ?p ?o }} }}"
                               ).boolean
