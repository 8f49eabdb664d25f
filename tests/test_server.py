"""``friendship-graph serve``: the SPARQL 1.1 Protocol endpoint, with SPARQLWrapper as a real
client over real sockets (the server runs in this process on 127.0.0.1, its query workers are
real processes). Nothing is mocked."""

from __future__ import annotations

import contextlib
import csv
import http.client
import io
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, URLENCODED, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from friendship_graph.errors import FriendshipGraphError
from friendship_graph.server import make_server, negotiate
from friendship_graph.store import Store

#: SPARQLWrapper turns an error answer (400, 401, 413...) into its own exception and leaves
#: urllib's HTTPError, which holds the connection's socket, to the garbage collector; the
#: ResourceWarning then surfaces in whichever later test collects it. Third-party code we
#: cannot fix: ignored here only (every other socket the tests open is closed).
pytestmark = [pytest.mark.filterwarnings("ignore::ResourceWarning"),
              pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")]


@pytest.fixture(autouse=True)
def _collect_leaked_sockets() -> Iterator[None]:
    """Collect those sockets before the test ends, while the filters above apply (not in a
    later module's test, which would fail on them)."""
    yield
    import gc

    gc.collect()

CITIES = "SELECT ?city WHERE { ?city a fg:PrefectureLevelCity } ORDER BY ?city"
JINZHONG = "https://w3id.org/friendship-graph/id/place/cn/jinzhong"
#: A cartesian product of all triples, three times over: billions of solutions.
PATHOLOGICAL = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
                "FILTER (STR(?c) != STR(?i)) }")


def _build_store(path: Path, jinzhong_file: Path) -> Path:
    with Store.open(path) as store:
        store.load_files([jinzhong_file])
    return path


class _Running:
    def __init__(self, **options: object) -> None:
        self.server = make_server(port=0, **options)
        self.url = self.server.url
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.close()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, jinzhong_file: Path) -> Path:
    return _build_store(tmp_path_factory.mktemp("served") / "store", jinzhong_file)


@pytest.fixture(scope="module")
def endpoint(store_path: Path) -> str:
    running = _Running(store_path=store_path, timeout=3.0, max_results=1000, workers=2)
    yield running.url
    running.close()


def _client(url: str, query: str, fmt: str = JSON, method: str = "GET",
            request_method: str = URLENCODED) -> SPARQLWrapper:
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    client.setRequestMethod(request_method)
    client.setTimeout(30)
    return client


def _http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
          method: str | None = None) -> tuple[int, Message, bytes]:
    """(status, headers, body); header names are case-insensitive, as in HTTP."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


# --------------------------------------------------------------------------- queries


@pytest.mark.parametrize(("method", "request_method"),
                         [("GET", URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)],
                         ids=["get", "post-form", "post-direct"])
def test_select_json(endpoint: str, method: str, request_method: str) -> None:
    result = _client(endpoint, CITIES, JSON, method, request_method).query()
    assert result.response.headers.get_content_type() == "application/sparql-results+json"
    data = result.convert()
    assert data["head"]["vars"] == ["city"]
    assert [b["city"]["value"] for b in data["results"]["bindings"]] == [JINZHONG]


def test_select_xml_csv_tsv(endpoint: str) -> None:
    document = _client(endpoint, CITIES, XML).query().convert()
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    assert uris == [JINZHONG]
    rows = list(csv.reader(io.StringIO(_client(endpoint, CITIES, CSV).query().convert()
                                       .decode("utf-8"))))
    assert rows == [["city"], [JINZHONG]]
    tsv = _client(endpoint, CITIES, TSV).query().convert().decode("utf-8").splitlines()
    assert tsv == ["?city", f"<{JINZHONG}>"]


def test_labels_keep_their_languages(endpoint: str, jinzhong_store: Store) -> None:
    query = f"SELECT ?label WHERE {{ <{JINZHONG}> rdfs:label ?label }} ORDER BY ?label"
    data = _client(endpoint, query, JSON, POST).query().convert()
    got = sorted((b["label"]["value"], b["label"].get("xml:lang"))
                 for b in data["results"]["bindings"])
    expected = sorted((str(row[0]), row[0].language) for row in jinzhong_store.query(query).rows)
    assert got == expected and any(lang == "zh" for _, lang in got)


def test_ask(endpoint: str) -> None:
    data = _client(endpoint, f"ASK {{ <{JINZHONG}> a/rdfs:subClassOf* fg:City }}").query().convert()
    assert data["boolean"] is True


def test_construct_turtle(endpoint: str, jinzhong_store: Store) -> None:
    query = f"CONSTRUCT {{ <{JINZHONG}> ?p ?o }} WHERE {{ <{JINZHONG}> ?p ?o }}"
    result = _client(endpoint, query, TURTLE, POST, POSTDIRECTLY).query()
    assert result.response.headers.get_content_type() == "text/turtle"
    graph = rdflib.Graph().parse(data=result.convert(), format="turtle")
    assert len(graph) == len(jinzhong_store.query(query)) > 3


@pytest.mark.parametrize(("accept", "media"), [
    ("application/n-triples", "application/n-triples"),
    ("application/ld+json", "application/ld+json"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("application/trig", "application/trig"),
])
def test_construct_other_rdf_formats(endpoint: str, accept: str, media: str) -> None:
    query = f"CONSTRUCT {{ <{JINZHONG}> a ?c }} WHERE {{ <{JINZHONG}> a ?c }}"
    status, headers, body = _http(endpoint + "?" + urllib.parse.urlencode({"query": query}),
                                  headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(media)
    import pyoxigraph as ox

    parsed = ox.parse(body, format=ox.RdfFormat.from_media_type(media))
    subjects = {q.subject.value for q in parsed if q.predicate.value == str(rdflib.RDF.type)}
    assert subjects == {JINZHONG}


def test_syntax_error_is_400(endpoint: str) -> None:
    with pytest.raises(QueryBadFormed):
        _client(endpoint, "SELECT ?x WHERE { ?x ?y }").query()


def test_service_is_refused(endpoint: str) -> None:
    query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    status, _, body = _http(endpoint + "?" + urllib.parse.urlencode({"query": query}))
    assert status == 400 and b"SERVICE" in body


def test_not_acceptable(endpoint: str) -> None:
    status, _, body = _http(endpoint + "?" + urllib.parse.urlencode({"query": CITIES}),
                            headers={"Accept": "image/png"})
    assert status == 406 and b"application/sparql-results+json" in body
    assert body.count(b"\n") == 1


def test_keep_alive(endpoint: str) -> None:
    """HTTP/1.1: one connection carries many queries."""
    parts = urllib.parse.urlsplit(endpoint)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        sockets = set()
        for _ in range(5):
            connection.request("GET", parts.path + "?" + urllib.parse.urlencode(
                {"query": CITIES}), headers={"Accept": "text/csv"})
            response = connection.getresponse()
            assert response.status == 200 and JINZHONG.encode() in response.read()
            sockets.add(id(connection.sock))
        assert len(sockets) == 1 and connection.sock is not None
    finally:
        connection.close()


# --------------------------------------------------------------------------- browsers

PREFLIGHT = {"Origin": "http://yasgui.example", "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "content-type"}


def test_cors_is_off_by_default(endpoint: str) -> None:
    """A page on another origin cannot read the answers: no CORS header, preflight or not."""
    status, headers, _ = _http(endpoint, method="OPTIONS", headers=PREFLIGHT)
    assert status == 204 and "POST" in headers["Allow"]
    assert headers["Access-Control-Allow-Origin"] is None
    status, headers, _ = _http(endpoint + "?" + urllib.parse.urlencode({"query": CITIES}),
                               headers={"Origin": "http://yasgui.example"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] is None


def test_cors_for_named_origins(store_path: Path) -> None:
    running = _Running(store_path=store_path, workers=1, cors=("http://yasgui.example",))
    try:
        status, headers, _ = _http(running.url, method="OPTIONS", headers=PREFLIGHT)
        assert status == 200
        assert headers["Access-Control-Allow-Origin"] == "http://yasgui.example"
        assert "POST" in headers["Access-Control-Allow-Methods"]
        assert "Content-Type" in headers["Access-Control-Allow-Headers"]
        query = running.url + "?" + urllib.parse.urlencode({"query": CITIES})
        status, headers, _ = _http(query, headers={"Origin": "http://yasgui.example"})
        assert status == 200
        assert headers["Access-Control-Allow-Origin"] == "http://yasgui.example"
        # another origin: the preflight is refused, and answers carry no CORS header
        status, headers, _ = _http(running.url, method="OPTIONS",
                                   headers={**PREFLIGHT, "Origin": "http://evil.example"})
        assert status == 400 and headers["Access-Control-Allow-Origin"] is None
        status, headers, _ = _http(query, headers={"Origin": "http://evil.example"})
        assert status == 200 and headers["Access-Control-Allow-Origin"] is None
    finally:
        running.close()
    with pytest.raises(FriendshipGraphError, match="--cors"):
        make_server(store_path, port=0, cors=("yasgui.example",))


def _raw(url: str, request: bytes) -> tuple[int, bytes]:
    """Send bytes as they are (what urllib would not send) and read the answer to its end."""
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(request)
        chunks = []
        while data := sock.recv(65536):
            chunks.append(data)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def _get(url: str, host: bytes | None, version: bytes = b"1.1") -> tuple[int, bytes]:
    path = urllib.parse.urlsplit(url).path.encode()
    lines = [b"GET " + path + b"?query=ASK%7B%7D HTTP/" + version, b"Connection: close"]
    if host is not None:
        lines.append(b"Host: " + host)
    return _raw(url, b"\r\n".join(lines) + b"\r\n\r\n")


def test_host_header_is_checked(endpoint: str) -> None:
    """DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 sends
    'Host: evil.example'; only the bound address and its loopback names are answered."""
    port = str(urllib.parse.urlsplit(endpoint).port).encode()
    for host in (b"127.0.0.1:" + port, b"localhost:" + port, b"LOCALHOST", b"[::1]:" + port):
        status, body = _get(endpoint, host)
        assert status == 200, (host, body)
    status, body = _get(endpoint, b"evil.example:" + port)
    assert status == 400 and body == (b"this server does not answer for the host 'evil.example' "
                                      b"(a page reaching it by another name could read it); "
                                      b"if that name is right, start the server with "
                                      b"--allowed-host evil.example\n")
    for host in (b"192.168.1.5", b"127.0.0.1.evil.example", b"evil.example@127.0.0.1"):
        assert _get(endpoint, host)[0] == 400, host
    status, body = _get(endpoint, None, b"1.0")  # HTTP/1.0 allows leaving it out
    assert status == 400 and b"Host" in body


def test_allowed_hosts(store_path: Path) -> None:
    running = _Running(store_path=store_path, workers=1,
                       allowed_hosts=("sparql.example.org", "*.lab.example"))
    try:
        for host, status in ((b"sparql.example.org", 200), (b"a.lab.example:80", 200),
                             (b"lab.example", 400), (b"127.0.0.1", 200),
                             (b"evil.example", 400)):
            assert _get(running.url, host)[0] == status, host
    finally:
        running.close()


def test_every_interface_answers_addresses_and_names() -> None:
    import socket as sockets

    from friendship_graph.server.guards import HostGuard, answered_hosts

    hosts = answered_hosts("0.0.0.0", ["Sparql.Example.org."])
    assert {"localhost", "127.0.0.1", "sparql.example.org",
            sockets.gethostname().lower()} <= hosts
    guard = HostGuard(None, hosts, any_address=True)  # type: ignore[arg-type]
    assert guard.allows("10.1.2.3") and guard.allows("::1") and not guard.allows("evil.example")
    assert answered_hosts("10.0.0.7") == {"10.0.0.7"}


@pytest.mark.parametrize(("header", "status", "message"), [
    (b"Content-Length: -1\r\n", 400, b""),
    (b"Content-Length: 12abc\r\n", 400, b""),
    (b"", 411, b"Content-Length"),
    (b"Transfer-Encoding: chunked\r\n", 411, b"Content-Length"),
    (b"Content-Length: 17000000\r\n", 413, b"larger than 16 MB"),
], ids=["negative", "malformed", "missing", "chunked", "oversized"])
def test_content_length_is_checked(endpoint: str, header: bytes, status: int,
                                   message: bytes) -> None:
    """The body's length is checked before a byte of it is read: a missing, negative,
    malformed or oversized Content-Length is refused, and the server goes on answering."""
    parts = urllib.parse.urlsplit(endpoint)
    request = (b"POST " + parts.path.encode() + b" HTTP/1.1\r\nHost: " +
               parts.netloc.encode() + b"\r\nContent-Type: application/sparql-query\r\n" +
               header + b"Connection: close\r\n\r\n" + b"ASK {}" * 10)
    got, body = _raw(endpoint, request)
    assert got == status, body
    assert message in body and body.count(b"\n") <= 1
    assert _client(endpoint, "ASK {}").query().convert()["boolean"] is True


# --------------------------------------------------------------------------- limits


def test_time_limit_then_next_query_succeeds(endpoint: str) -> None:
    started = time.monotonic()
    status, headers, body = _http(endpoint, data=urllib.parse.urlencode(
        {"query": PATHOLOGICAL}).encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    elapsed = time.monotonic() - started
    assert status == 503, body
    assert b"time limit of 3 s" in body and headers["Content-Type"].startswith("text/plain")
    assert elapsed < 20
    # The server keeps answering, on every worker.
    for _ in range(4):
        data = _client(endpoint, CITIES).query().convert()
        assert len(data["results"]["bindings"]) == 1


def test_time_limit_does_not_block_other_queries(endpoint: str) -> None:
    outcome: dict[str, int] = {}

    def slow() -> None:
        outcome["slow"] = _http(endpoint + "?" + urllib.parse.urlencode(
            {"query": PATHOLOGICAL}))[0]

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    data = _client(endpoint, CITIES).query().convert()
    assert len(data["results"]["bindings"]) == 1
    assert time.monotonic() - started < 2.5  # answered by the other worker, not after 3 s
    thread.join(30)
    assert outcome["slow"] == 503


def test_result_limit(endpoint: str) -> None:
    status, headers, body = _http(endpoint + "?" + urllib.parse.urlencode(
        {"query": "SELECT * WHERE { ?s ?p ?o }"}))
    assert status == 413 and b"limit of 1000" in body
    assert headers["Content-Type"].startswith("text/plain")
    data = _client(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 1000").query().convert()
    assert len(data["results"]["bindings"]) == 1000
    # About 8 million rows (the store joined with itself): stopped at the 1001st as they are
    # produced, well within the 3 s time limit (building them all would take minutes, and
    # gigabytes; issue 16).
    started = time.monotonic()
    status, _, body = _http(endpoint + "?" + urllib.parse.urlencode(
        {"query": "SELECT * WHERE { ?s ?p ?o . ?s2 ?p2 ?o2 }"}))
    assert status == 413 and b"more than 1000 rows" in body, body
    status, _, body = _http(endpoint + "?" + urllib.parse.urlencode(
        {"query": "CONSTRUCT { ?s ?p ?o2 } WHERE { ?s ?p ?o . ?s2 ?p2 ?o2 }"}))
    assert status == 413 and b"more than 1000 triples" in body, body
    assert time.monotonic() - started < 6


def test_request_head_is_bounded(endpoint: str) -> None:
    """Headers without end (2 MB of them) are refused once the head passes 128 KB."""
    parts = urllib.parse.urlsplit(endpoint)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(b"GET /sparql HTTP/1.1\r\nHost: " + parts.netloc.encode() + b"\r\n")
        with contextlib.suppress(OSError):  # the server may close while we still send
            for i in range(2000):
                sock.sendall(b"X-Pad-%d: " % i + b"a" * 1000 + b"\r\n")
        assert sock.recv(100).startswith(b"HTTP/1.1 400 ")
    assert _client(endpoint, "ASK {}").query().convert()["boolean"] is True


# --------------------------------------------------------------------------- updates

INSERT = 'INSERT DATA { GRAPH <https://w3id.org/friendship-graph/graph/extra> { ' \
         '<https://w3id.org/friendship-graph/id/place/xx/testville> ' \
         '<http://www.w3.org/2000/01/rdf-schema#label> "Testville"@en } }'
ASK_TESTVILLE = 'ASK { ?p rdfs:label "Testville"@en }'


def test_updates_refused_by_default(endpoint: str) -> None:
    client = _client(endpoint, INSERT, JSON, POST)
    client.addCustomHttpHeader("Authorization", "Bearer anything")
    with pytest.raises(urllib.error.HTTPError) as caught:
        client.query()
    assert caught.value.code == 403
    for media, body in (("application/sparql-update", INSERT.encode()),
                        ("application/x-www-form-urlencoded",
                         urllib.parse.urlencode({"update": INSERT}).encode())):
        status, _, text = _http(endpoint, data=body, headers={"Content-Type": media})
        assert status == 403 and b"read-only" in text
    assert _client(endpoint, ASK_TESTVILLE).query().convert()["boolean"] is False


def test_updates_with_token(tmp_path: Path, jinzhong_file: Path) -> None:
    path = _build_store(tmp_path / "store", jinzhong_file)
    running = _Running(store_path=path, timeout=10.0, allow_updates=True, token="s3cret",
                       workers=1)
    try:
        # no token: 401 (asked with urllib, which closes the answer; SPARQLWrapper's
        # Unauthorized leaves its socket to the garbage collector)
        status, _, _ = _http(running.url, data=INSERT.encode(),
                             headers={"Content-Type": "application/sparql-update"})
        assert status == 401
        wrong = _client(running.url, INSERT, JSON, POST)
        wrong.addCustomHttpHeader("Authorization", "Bearer nope")
        with pytest.raises(urllib.error.HTTPError) as caught:
            wrong.query()
        caught.value.close()  # the error holds the response (and its socket) open
        assert caught.value.code == 403
        assert _client(running.url, ASK_TESTVILLE).query().convert()["boolean"] is False
        right = _client(running.url, INSERT, JSON, POST, POSTDIRECTLY)
        right.addCustomHttpHeader("Authorization", "Bearer s3cret")
        right.query()
        assert _client(running.url, ASK_TESTVILLE).query().convert()["boolean"] is True
        # a form-encoded update, with the project's prefixes
        status, _, body = _http(running.url, data=urllib.parse.urlencode(
            {"update": "DROP GRAPH graph:extra"}).encode(), headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Authorization": "Bearer s3cret"})
        assert status == 204, body
        assert _client(running.url, ASK_TESTVILLE).query().convert()["boolean"] is False
        # even with the token, the graphs only the program writes are refused (issue 16)
        with Store.open(path, read_only=True) as store:
            before = store.content_hash()
        for update in ("DROP GRAPH graph:ontology", "CLEAR ALL", "INSERT DATA { GRAPH "
                       "graph:ontology { <a:rule> a <http://www.w3.org/ns/shacl#SPARQLRule> } }",
                       "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }"):
            status, _, body = _http(running.url, data=update.encode(), headers={
                "Content-Type": "application/sparql-update", "Authorization": "Bearer s3cret"})
            assert status == 403 and b"only friendship-graph writes" in body.replace(
                b"written only by friendship-graph", b"only friendship-graph writes"), body
            assert len(body.decode().strip().splitlines()) == 1
        with Store.open(path, read_only=True) as store:
            assert store.content_hash() == before
        # CSV answers neutralise formula cells
        status, _, body = _http(running.url + "?" + urllib.parse.urlencode(
            {"query": "SELECT ('=HYPERLINK(\\\"http://x\\\")' AS ?a) (-2 AS ?n) {}"}),
            headers={"Accept": "text/csv"})
        assert status == 200 and body.splitlines()[1] == b"\"'=HYPERLINK(\"\"http://x\"\")\",-2"
    finally:
        running.close()
    with Store.open(path, read_only=True) as store:
        assert not store.query(ASK_TESTVILLE).boolean


def test_settings_are_checked(store_path: Path) -> None:
    with pytest.raises(FriendshipGraphError, match="--token"):
        make_server(store_path, port=0, allow_updates=True)
    with pytest.raises(FriendshipGraphError, match="no store"):
        make_server(store_path.parent / "missing", port=0)


def test_negotiation() -> None:
    assert negotiate("select", [], []) == ("application/sparql-results+json", "json")
    assert negotiate("graph", ["*/*"], []) == ("text/turtle", "ttl")
    assert negotiate("select", ["text/*"], []) == ("text/csv", "csv")
    assert negotiate("graph", [], ["xml"]) == ("application/rdf+xml", "xml")
    assert negotiate("select", [], ["xml"]) == ("application/sparql-results+xml", "xml")
    assert negotiate("select", ["image/png"], []) is None


def test_cli_serve(store_path: Path, tmp_path: Path) -> None:
    """The command, as a user starts it: prints where it listens and answers queries."""
    copy = _build_store(tmp_path / "cli-store", Path(__file__).parents[1] / "data" /
                        "jinzhong-2019-10-30.trig")
    import os
    import signal

    process = subprocess.Popen(
        [sys.executable, "-m", "friendship_graph.cli", "--store", str(copy), "serve",
         "--port", "0", "--timeout", "5", "--max-results", "10",
         "--cors", "http://yasgui.example", "--allowed-host", "sparql.example.org"],
        stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        line = process.stderr.readline()
        match = re.search(r"serving (http://\S+)", line)
        assert match, line
        url = match.group(1)
        data = _client(url, CITIES).query().convert()
        assert len(data["results"]["bindings"]) == 1
        status, _, body = _http(url + "?" + urllib.parse.urlencode(
            {"query": "SELECT * WHERE { ?s ?p ?o }"}))
        assert status == 413 and b"limit of 10" in body
        _, headers, _ = _http(url + "?" + urllib.parse.urlencode({"query": "ASK {}"}),
                              headers={"Origin": "http://yasgui.example"})
        assert headers["Access-Control-Allow-Origin"] == "http://yasgui.example"
        assert _get(url, b"sparql.example.org")[0] == 200
        assert _get(url, b"evil.example")[0] == 400
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        workers = children.read_text().split() if children.exists() else []
        assert workers or not children.exists()
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C in the terminal
        assert process.wait(20) == 0
        assert "Traceback" not in process.stderr.read()
        time.sleep(0.5)
        for pid in workers:  # no worker outlives the server
            status_file = Path(f"/proc/{pid}/status")
            assert not status_file.exists() or "\tZ" in status_file.read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(20)
        process.stderr.close()


def test_update_gate_is_not_starved() -> None:
    """Queries share the store; an update waits for the running ones, and queries that
    arrive while it waits go after it."""
    import asyncio

    from friendship_graph.server.workers import Gate

    async def scenario() -> list[str]:
        gate = Gate()
        order: list[str] = []
        await gate.acquire(write=False)  # a running query

        async def update() -> None:
            async with gate.write():
                order.append("update")

        async def late_query() -> None:
            async with gate.read():
                order.append("late query")

        writer = asyncio.create_task(update())
        await asyncio.sleep(0.2)
        reader = asyncio.create_task(late_query())
        await asyncio.sleep(0.2)
        assert order == []  # the update waits for the running query; the late query too
        await gate.release(write=False)
        await asyncio.wait_for(asyncio.gather(writer, reader), 5)
        return order

    assert asyncio.run(scenario()) == ["update", "late query"]


def test_served_store_as_a_remote_store(endpoint: str, jinzhong_store: Store) -> None:
    """'friendship-graph serve' is itself a SPARQL endpoint for --endpoint (read-only)."""
    from click.testing import CliRunner

    from friendship_graph.cli import main
    from friendship_graph.queries import run_query

    with Store.remote(endpoint, read_only=True) as remote:
        assert remote.union == "native"
        assert len(remote) == len(jinzhong_store)
        assert remote.graphs() == [g for g in jinzhong_store.graphs()]
        got = run_query(remote, "partners", {"place": "Jinzhong"})
        expected = run_query(jinzhong_store, "partners", {"place": "Jinzhong"})
        assert sorted(map(str, got.rows)) == sorted(map(str, expected.rows))
    runner = CliRunner()
    result = runner.invoke(main, ["--endpoint", endpoint, "stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["--endpoint", endpoint, "load", __file__])
    assert result.exit_code == 2 and "friendship-graph serve" in result.stderr


def test_xml_answer_with_a_character_xml_cannot_carry_is_406(tmp_path: Path,
                                                             jinzhong_file: Path) -> None:
    """A store holding U+0001 (written around the load's checks, as an older store or
    another tool would have it): the XML answer is 406 with one line, never broken XML; the
    JSON answer carries the label."""
    import pyoxigraph as ox

    path = _build_store(tmp_path / "store", jinzhong_file)
    raw = ox.Store(str(path))
    raw.add(ox.Quad(ox.NamedNode(JINZHONG), ox.NamedNode("urn:x:note"), ox.Literal("a\x01b"),
                    ox.NamedNode("urn:x:g")))
    raw.flush()
    del raw
    running = _Running(store_path=path, timeout=10.0, workers=1)
    try:
        query = f"SELECT ?n WHERE {{ <{JINZHONG}> <urn:x:note> ?n }}"
        url = running.url + "?" + urllib.parse.urlencode({"query": query})
        status, _, body = _http(url, headers={"Accept": "application/sparql-results+xml"})
        assert status == 406 and b"U+0001" in body, body
        assert len(body.decode().strip().splitlines()) == 1
        status, _, body = _http(url, headers={"Accept": "application/sparql-results+json"})
        assert status == 200 and b"a\\u0001b" in body, body
    finally:
        running.close()
