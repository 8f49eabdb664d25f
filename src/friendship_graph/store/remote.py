"""A store on a remote SPARQL 1.1 server: the same :class:`~friendship_graph.store.Store` API
over the SPARQL 1.1 Protocol (Query and Update) and, for loads when configured, the Graph Store
Protocol, with the standard library's HTTP client.

Everything above the store package works the same on an embedded and on a remote store; open
one with :func:`friendship_graph.store.open_store` (``endpoint=``) or ``Store.remote(url)``.

* Queries are sent as ``POST application/x-www-form-urlencoded`` (``query=`` plus the dataset
  parameters), asking for ``application/sparql-results+json`` (SELECT, ASK) or
  ``application/n-triples`` (CONSTRUCT, DESCRIBE). The project's prefixes are declared in
  front of the query text. The answer is parsed as it arrives, by pyoxigraph's streaming
  parsers, so ``max_results`` (``query --max-results``) stops a huge answer at the row past
  the limit and hangs up, having read a few megabytes of it.
* The default graph is the union of all graphs, as in the embedded store. How that is asked
  for depends on the server (``union``): ``oxigraph`` sends Oxigraph's ``union-default-graph``
  parameter; ``native`` sends nothing (servers whose default graph already is the union:
  GraphDB, Virtuoso, Amazon Neptune, Fuseki with ``tdb2:unionDefaultGraph true``);
  ``dataset`` lists the named graphs and names each of them with ``default-graph-uri``
  (works on any SPARQL 1.1 server, one extra request per query).
* Every write (a load, an import, a removal, the recomputed inferred graph) is ONE SPARQL
  Update request. Oxigraph, Fuseki (TDB2), GraphDB and Neptune run one update request as one
  transaction, so a write is all or nothing: a file with a syntax error is refused before
  anything is sent (it is parsed locally first), and a server that fails or dies during the
  request commits nothing. Loads do not go through a temporary graph: with the union default
  graph a temporary graph would be visible to every query while it exists, and would be left
  behind by a server that dies before it could be dropped.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import io
import os
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import BNode, URIRef
from rdflib.term import Node

from .. import __version__
from ..errors import FriendshipGraphError, LoadError, QueryError, RemoteStoreError
from ..rdf.terms import (
    escaped_value,
    term_to_sparql,
    to_oxigraph,
    to_rdflib,
    unescape_value,
)
from ..vocab import GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES
from .base import (
    PENDING_MARK,
    QueryResult,
    Store,
    limit_results,
    packed_select,
    without_pending_mark,
)

__all__ = ["RemoteStore", "UNION_MODES", "UPDATE_ENV", "UNION_ENV", "TOKEN_ENV", "GSP_ENV",
           "TEMP_GRAPH_PREFIX", "update_url_for"]
#: Environment variable: the SPARQL Update URL, when it cannot be derived from the query URL.
UPDATE_ENV = "FRIENDSHIP_GRAPH_UPDATE_ENDPOINT"
#: Environment variable: how to get the union default graph (``oxigraph``, ``native``,
#: ``dataset``).
UNION_ENV = "FRIENDSHIP_GRAPH_ENDPOINT_UNION"
#: Environment variable: a Graph Store Protocol URL; loads then go through temporary graphs.
GSP_ENV = "FRIENDSHIP_GRAPH_GSP_ENDPOINT"
#: Temporary graphs of Graph Store Protocol loads are named with this prefix.
TEMP_GRAPH_PREFIX = str(GRAPH["load-tmp-"])
#: Environment variable: a bearer token sent with every request.
TOKEN_ENV = "FRIENDSHIP_GRAPH_ENDPOINT_TOKEN"
UNION_MODES = ("oxigraph", "native", "dataset")

#: On one line, so that line numbers in the server's error messages are the query's own.
_PREFIX_BLOCK = "".join(f"PREFIX {p}: <{iri}> " for p, iri in PREFIXES.items())
_SELECT_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"


def update_url_for(query_url: str) -> str:
    """The SPARQL Update URL that goes with a query URL, by the servers' conventions.

    ``http://host:7878`` or ``.../query`` (Oxigraph, Fuseki ``/ds/query``) -> ``.../update``;
    ``.../repositories/ID`` (GraphDB) -> ``.../repositories/ID/statements``; anything else
    (Fuseki's dataset URL ``/ds``, Virtuoso's and Neptune's ``/sparql``) takes both.
    """
    parts = urllib.parse.urlsplit(query_url)
    path = parts.path.rstrip("/")
    if path == "" or path.endswith("/query"):
        path = path.removesuffix("/query") + "/update"
    elif "/repositories/" in path and path.count("/") == 2:
        path = path + "/statements"
    else:
        return query_url
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def _query_url_for(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.path.rstrip("/") == "":  # the root of an Oxigraph server
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/query", parts.query, ""))
    return url


def _first_line(text: str, limit: int = 300) -> str:
    for line in text.splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= limit else line[: limit - 3] + "..."
    return ""


# --------------------------------------------------------------------------- the store


class RemoteStore(Store, backend="remote"):
    """A :class:`~friendship_graph.store.Store` on a remote SPARQL 1.1 endpoint.

    Make one with :meth:`Store.remote <friendship_graph.store.Store.remote>`.
    """

    def __init__(self, url: str, *, update_url: str | None = None, read_only: bool = False,
                 timeout: float = 60.0, union: str | None = None, token: str | None = None,
                 allow_network: bool = False, write_timeout: float | None = None,
                 gsp_url: str | None = None) -> None:
        self.read_only = read_only
        self.allow_network = allow_network
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise RemoteStoreError(f"bad endpoint {url!r}: give an http:// or https:// URL of a "
                                   "SPARQL query endpoint, e.g. http://localhost:7878/query")
        self._auth: str | None = None
        if parts.username is not None:
            user = urllib.parse.unquote(parts.username)
            password = urllib.parse.unquote(parts.password or "")
            self._auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
            netloc = parts.hostname or ""
            if parts.port:
                netloc += f":{parts.port}"
            url = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
        token = token or os.environ.get(TOKEN_ENV)
        if token:
            self._auth = f"Bearer {token}"
        self.url = _query_url_for(url)
        self.update_url = update_url or os.environ.get(UPDATE_ENV) or update_url_for(url)
        self.timeout = timeout
        #: Graph Store Protocol URL: when set, loads go through temporary graphs (see
        #: :meth:`_load_via_gsp`); otherwise through one SPARQL Update.
        self.gsp_url = gsp_url or os.environ.get(GSP_ENV) or None
        #: Writes may take the server minutes (a large INSERT DATA); waiting less would report
        #: a failure for a load the server then commits.
        self.write_timeout = write_timeout if write_timeout is not None else max(timeout, 3600.0)
        self._union_chosen = bool(union or os.environ.get(UNION_ENV))
        self.server_software = ""
        union = union or os.environ.get(UNION_ENV) or "oxigraph"
        if union not in UNION_MODES:
            raise RemoteStoreError(f"unknown union mode {union!r}; use one of "
                                   + ", ".join(UNION_MODES) + f" (${UNION_ENV})")
        self.union = union

    @classmethod
    def connect(cls, url: str, **options: Any) -> RemoteStore:
        """Connect, check that the endpoint answers, and (for writing) bring a new store up to
        date: the ontology is loaded into an empty store, and the inferred graph is recomputed
        if a write was interrupted before it."""
        store = cls(url, **options)
        store._request(store.url, _form([("query", "ASK { }")]),
                       "application/x-www-form-urlencoded", _SELECT_JSON, what="connect")
        if store.server_software.startswith("friendship-graph/"):
            # 'friendship-graph serve': its default graph is the union already; it derives
            # the inferred graph itself and takes no dataset parameters, so it is read-only here.
            if not store._union_chosen:
                store.union = "native"
            if not store.read_only:
                raise RemoteStoreError(
                    f"{url} is a 'friendship-graph serve' endpoint: use it to query; to write, "
                    "use --store on the machine that serves it, or a SPARQL client with the "
                    "server's update token")
        if not store.read_only:
            store._drop_temporary_graphs()
            if ONTOLOGY_GRAPH not in store.graphs() or store._ontology_outdated():
                store.load_ontology()
            elif store._inference_pending():
                store.run_rules()
        return store

    def close(self) -> None:
        """Nothing to release: every request is a connection of its own."""

    def __repr__(self) -> str:
        return f"<RemoteStore {self.url}{' (read-only)' if self.read_only else ''}>"

    # -- HTTP ------------------------------------------------------------------------------

    def _request(self, url: str, body: bytes, content_type: str, accept: str | None = None,
                 *, what: str = "query", method: str = "POST") -> tuple[str, bytes]:
        """POST ``body``; return (content type, response body) or raise one clear error."""
        with self._open(url, body, content_type, accept, what=what, method=method) as response:
            return (response.headers.get_content_type() or "", response.read())

    @contextlib.contextmanager
    def _open(self, url: str, body: bytes, content_type: str, accept: str | None = None,
              *, what: str = "query", method: str = "POST",
              ) -> Iterator[http.client.HTTPResponse]:
        """POST ``body`` and give the response to read as it arrives; a failure, while
        connecting or while reading, is one clear error."""
        request = urllib.request.Request(url, data=body, method=method)
        request.add_header("Content-Type", content_type)
        request.add_header("User-Agent", f"friendship-graph/{__version__}")
        if accept:
            request.add_header("Accept", accept)
        if self._auth:
            request.add_header("Authorization", self._auth)
        written = what in ("update", "load", "upload")
        timeout = self.write_timeout if written else self.timeout
        after = (" The write was sent as one SPARQL Update (one transaction on the server): "
                 "nothing was written, unless the server committed it before failing "
                 "('friendship-graph stats' shows which).") if what in ("update", "load") \
            else ""
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                self.server_software = response.headers.get("Server", "")
                yield response
        except urllib.error.HTTPError as error:
            try:
                detail = _first_line(error.read().decode("utf-8", "replace"))
            except (OSError, http.client.HTTPException):
                detail = ""
            detail = detail or error.reason or ""
            if error.code == 400 and what == "query":
                raise QueryError(f"SPARQL error (from {url}): {detail}") from None
            nothing = " Nothing was written." if written else ""
            hint = {401: " (check the credentials in the URL or $" + TOKEN_ENV + ")",
                    403: " (the endpoint refuses this; does it allow updates?)",
                    404: " (is this the right endpoint URL?)"}.get(error.code, "")
            raise RemoteStoreError(
                f"the SPARQL endpoint {url} answered HTTP {error.code}: {detail}{hint}.{nothing}"
            ) from None
        except TimeoutError:
            raise RemoteStoreError(
                f"the SPARQL endpoint {url} did not answer within {timeout:g} s.{after}"
            ) from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, ConnectionRefusedError):
                raise RemoteStoreError(
                    f"cannot connect to the SPARQL endpoint {url}: connection refused; is the "
                    "server running, and is the URL (--endpoint, $FRIENDSHIP_GRAPH_ENDPOINT) "
                    "right?"
                ) from None
            if isinstance(reason, TimeoutError):
                raise RemoteStoreError(
                    f"the SPARQL endpoint {url} did not answer within {timeout:g} s.{after}"
                ) from None
            if isinstance(reason, ConnectionError | OSError) and not isinstance(reason, str):
                raise RemoteStoreError(
                    f"the connection to the SPARQL endpoint {url} failed: {reason}.{after}"
                ) from None
            raise RemoteStoreError(f"cannot reach the SPARQL endpoint {url}: {reason}") from None
        except (ConnectionError, http.client.HTTPException, OSError) as error:
            text = str(error) or type(error).__name__
            raise RemoteStoreError(
                f"the connection to the SPARQL endpoint {url} was lost ({text}).{after}"
            ) from None

    def _dataset(self, union: bool) -> list[tuple[str, str]]:
        if not union:
            return []
        if self.union == "oxigraph":
            return [("union-default-graph", "")]
        if self.union == "dataset":  # the named graphs must be named too, or GRAPH sees none
            names = self._graph_names()
            return [*(("default-graph-uri", str(g)) for g in names),
                    *(("named-graph-uri", str(g)) for g in names)]
        return []

    def _raw_query(self, sparql: str, dataset: Sequence[tuple[str, str]] = (),
                   max_results: int | None = None) -> QueryResult:
        """Run a query; the answer is parsed as it arrives (pyoxigraph's streaming parsers),
        so that with ``max_results`` a larger one is stopped at the row (or triple) past the
        limit without reading the rest (:class:`~friendship_graph.errors.ResultLimitError`)."""
        body = _form([("query", _PREFIX_BLOCK + sparql), *dataset])
        with self._open(self.url, body, "application/x-www-form-urlencoded",
                        f"{_SELECT_JSON}, {_NTRIPLES};q=0.9, text/turtle;q=0.8") as response:
            return self._read_answer(response, response.headers.get_content_type() or "",
                                     max_results)

    def _read_answer(self, response: IO[bytes], content_type: str,
                     max_results: int | None) -> QueryResult:
        formats = {_NTRIPLES: ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
                   "text/turtle": ox.RdfFormat.TURTLE}
        try:
            if content_type in (_SELECT_JSON, "application/json"):
                solutions = ox.parse_query_results(response, ox.QueryResultsFormat.JSON)
                if isinstance(solutions, ox.QueryBoolean):
                    return QueryResult(kind="ask", boolean=bool(solutions))
                variables = [v.value for v in solutions.variables]
                rows = [tuple(to_rdflib(solution[v]) for v in variables)
                        for solution in limit_results(solutions, max_results, "rows")]
                return QueryResult(kind="select", variables=variables, rows=rows)
            if content_type in formats:
                quads = ox.parse(response, format=formats[content_type])
                triples = [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
                           for q in limit_results(quads, max_results, "triples")]
                return QueryResult(kind="graph", triples=triples)  # type: ignore[arg-type]
        except (SyntaxError, TypeError) as error:  # TypeError: a term RDF 1.1 has not
            what = "JSON results" if "json" in content_type else "RDF"
            raise RemoteStoreError(f"the SPARQL endpoint {self.url} sent malformed {what}: "
                                   f"{_first_line(str(error))}") from None
        raise RemoteStoreError(
            f"the SPARQL endpoint {self.url} answered with {content_type or 'no content type'}, "
            "not SPARQL results; is this the URL of a SPARQL query endpoint?"
        )

    def _raw_update(self, sparql: str | bytes, what: str = "update") -> None:
        body = sparql.encode("utf-8") if isinstance(sparql, str) else sparql
        self._request(self.update_url, body, "application/sparql-update; charset=utf-8",
                      what=what)

    # -- reading ---------------------------------------------------------------------------

    def _select(self, sparql: str, max_results: int | None = None) -> QueryResult:
        return self._raw_query(sparql, self._dataset(union=True), max_results)

    def quads(self, subject: Node | None = None, predicate: Node | None = None,
              object: Node | None = None, graph: Node | None = None,
              ) -> Iterator[tuple[Node, Node, Node, Node | None]]:
        """Quads matching a pattern (``None`` matches anything), as rdflib terms."""
        for term in (subject, predicate, object, graph):
            if isinstance(term, BNode):
                raise FriendshipGraphError("a remote store cannot match a blank node in a "
                                           "pattern; query with SPARQL instead")

        def part(term: Node | None, var: str) -> str:
            return term_to_sparql(term) if term is not None else var

        pattern = f"{part(subject, '?s')} {part(predicate, '?p')} {part(object, '?o')}"
        where = f"{{ GRAPH {part(graph, '?g')} {{ {pattern} }} }}"
        if graph is None and self.union == "oxigraph":  # the default graph on its own
            where += f" UNION {{ {pattern} }}"
        result = self._raw_query(f"SELECT * WHERE {{ {where} }}")
        names = {"s": subject, "p": predicate, "o": object, "g": graph}
        for row in result.dicts():
            values = {k: row.get(k, names[k]) for k in names}
            yield (values["s"], values["p"], values["o"], values["g"])  # type: ignore[misc]

    def statements(self, predicates: Iterable[str], objects: Iterable[str] | None = None, *,
                   literals: bool = False, graphs: bool = False,
                   ) -> list[tuple[str, str, str, str, str]]:
        """Statements as plain strings (see :meth:`Store.statements
        <friendship_graph.store.Store.statements>`), with one SPARQL query whose answer comes
        back packed in one string (:func:`~friendship_graph.store.base.packed_select`)."""
        predicates = sorted(set(predicates))
        if not predicates:
            return []
        if objects is None:
            where = f"VALUES ?p {{ {' '.join(f'<{p}>' for p in predicates)} }} "
        else:  # one block of (predicate, object) rows: two blocks would be a cross product
            objects = sorted(set(objects))   # that engines may join with every statement
            if not objects:
                return []
            rows = " ".join(f"(<{p}> <{o}>)" for p in predicates for o in objects)
            where = f"VALUES (?p ?o) {{ {rows} }} "
        where += "GRAPH ?g { ?s ?p ?o } " if graphs else "?s ?p ?o "
        where += "FILTER (isIRI(?s) && " + ("(isIRI(?o) || isLiteral(?o)))" if literals
                                           else "isIRI(?o))")
        rows = packed_select(self, ["STR(?s)", "STR(?p)", escaped_value("?o"),
                                    'COALESCE(LANG(?o), "")', "STR(?g)" if graphs else '""'],
                             where)
        return [(s, p, unescape_value(o), lang, g) for s, p, o, lang, g in rows]

    def _graph_names(self) -> list[URIRef]:
        result = self._raw_query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted(row[0] for row in result.rows if isinstance(row[0], URIRef))

    def graphs(self) -> list[URIRef]:
        """The named graphs, sorted."""
        return self._graph_names()

    def __len__(self) -> int:
        total = 0
        queries = ["SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"]
        if self.union == "oxigraph":
            queries.append("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        for sparql in queries:
            rows = self._raw_query(sparql).rows
            total += int(rows[0][0]) if rows and rows[0][0] is not None else 0
        return total

    def _ox_quads(self, graph: Node | None = None) -> list[ox.Quad]:
        return [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o),
                        to_oxigraph(g) if g is not None else ox.DefaultGraph())
                for s, p, o, g in self.quads(graph=graph)]

    def _dump(self, output: str | os.PathLike[str] | IO[bytes] | None,
              rdf_format: ox.RdfFormat, graph: Node | None) -> bytes | None:
        """Serialise the store (or one graph), fetched with a query, with pyoxigraph."""
        quads = self._ox_quads(graph)
        items: list[Any] = quads
        if graph is not None and not rdf_format.supports_datasets:
            items = [q.triple for q in quads]
        data = ox.serialize(items, format=rdf_format, prefixes=PREFIXES)
        if output is None:
            return data
        if isinstance(output, str | os.PathLike):
            Path(output).write_bytes(data)
        else:
            output.write(data)
        return None

    # -- writing ---------------------------------------------------------------------------

    def _update(self, sparql: str) -> None:
        try:
            self._raw_update(_PREFIX_BLOCK + sparql)
        except RemoteStoreError as error:
            if " HTTP 400" in str(error):
                raise QueryError(f"SPARQL error: {error}") from None
            raise

    def _construct(self, sparql: str, graphs: list[str]) -> Iterable[ox.Triple]:
        # The named graphs are named too, so that GRAPH in a rule sees every one of them.
        dataset = [*(("default-graph-uri", g) for g in graphs),
                   *(("named-graph-uri", g) for g in [*graphs, str(INFERRED_GRAPH)])]
        result = self._raw_query(sparql, dataset)
        return [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
                for s, p, o in result.triples]

    def _replace_inferred(self, derived: set[ox.Triple]) -> None:
        """One update replaces the inferred graph (and removes the pending mark)."""
        if self.read_only:
            return
        body = " ".join(f"{t} ." for t in sorted(derived, key=str))
        self._raw_update(
            f"DROP SILENT GRAPH <{INFERRED_GRAPH}> ; {without_pending_mark()} ;"
            + (f" INSERT DATA {{ GRAPH <{INFERRED_GRAPH}> {{ {body} }} }}" if derived else "")
        )

    def _write_quads(self, quads: list[ox.Quad], replace_graphs: Iterable[str] = (),
                     paths: Sequence[str | os.PathLike[str]] = ()) -> None:
        """A load of files goes through the Graph Store Protocol when it is configured, else
        (and every other write) as ONE SPARQL Update; a refused load raises a LoadError."""
        if not paths:
            self._insert(quads, replace_graphs)
            return
        try:
            if self.gsp_url:
                self._load_via_gsp(quads, replace_graphs)
            else:
                self._insert(quads, replace_graphs)
        except RemoteStoreError as error:
            raise LoadError(", ".join(str(p) for p in paths), str(error).rstrip(".")) from None

    # -- internals -------------------------------------------------------------------------

    def _drop_temporary_graphs(self) -> None:
        """Drop temporary graphs a Graph Store Protocol load left behind (server died)."""
        left = [g for g in self._graph_names() if str(g).startswith(TEMP_GRAPH_PREFIX)]
        if left:
            self._raw_update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in left))

    def _load_via_gsp(self, quads: list[ox.Quad], replace_graphs: Iterable[str] = ()) -> None:
        """Upload each graph into a temporary graph (Graph Store Protocol ``PUT``, N-Triples),
        then move them all into place with ONE update (``ADD``, ``DROP``, and the pending
        mark). On a failure the temporary graphs are dropped and the target graphs were never
        touched; if the server is gone, the next write drops them."""
        by_graph: dict[str, list[ox.Triple]] = {}
        for quad in quads:
            by_graph.setdefault(quad.graph_name.value, []).append(quad.triple)
        run = uuid.uuid4().hex[:12]
        temps: dict[str, str] = {}
        moving = False
        try:
            for index, (target, triples) in enumerate(sorted(by_graph.items())):
                temp = f"{TEMP_GRAPH_PREFIX}{run}-{index}"
                temps[target] = temp
                body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
                separator = "&" if "?" in self.gsp_url else "?"  # type: ignore[operator]
                url = f"{self.gsp_url}{separator}graph={urllib.parse.quote(temp, safe='')}"
                self._request(url, body, "application/n-triples", what="upload", method="PUT")
            operations = [f"DROP SILENT GRAPH <{g}>" for g in replace_graphs]
            for target, temp in temps.items():
                operations += [f"ADD SILENT <{temp}> TO <{target}>", f"DROP SILENT GRAPH <{temp}>"]
            operations.append(
                f"INSERT DATA {{ GRAPH {PENDING_MARK.graph_name} {{ {PENDING_MARK.triple} }} }}")
            moving = True
            self._raw_update(" ;\n".join(operations), what="load")
        except RemoteStoreError as error:
            try:
                if temps:
                    self._raw_update(" ;\n".join(f"DROP SILENT GRAPH <{t}>"
                                                 for t in temps.values()), what="cleanup")
                cleanup = "the temporary graphs were dropped"
            except RemoteStoreError:
                cleanup = ("the temporary graphs (graph:load-tmp-...) could not be dropped; "
                           "the next write drops them")
            if moving:  # the move is one update: the message says what that means
                raise RemoteStoreError(f"{str(error).rstrip('.')} ({cleanup}).") from None
            raise RemoteStoreError(
                f"{str(error).rstrip('.')}. The data was being uploaded to temporary graphs; "
                f"nothing was written to the target graphs and {cleanup}.") from None

    def _insert(self, quads: list[ox.Quad], replace_graphs: Iterable[str] = ()) -> None:
        """Empty ``replace_graphs`` and add ``quads`` (and the pending mark) in ONE update."""
        buffer = io.StringIO()
        for graph_name in replace_graphs:
            buffer.write(f"DROP SILENT GRAPH <{graph_name}> ;\n")
        buffer.write("INSERT DATA {\n")
        buffer.write(f"GRAPH {PENDING_MARK.graph_name} {{ {PENDING_MARK.triple} }}\n")
        by_graph: dict[Any, list[ox.Triple]] = {}
        for quad in quads:
            by_graph.setdefault(quad.graph_name, []).append(quad.triple)
        for graph_name, triples in by_graph.items():
            default = isinstance(graph_name, ox.DefaultGraph)
            if not default:
                buffer.write(f"GRAPH {graph_name} {{\n")
            for triple in triples:
                buffer.write(f"{triple} .\n")
            if not default:
                buffer.write("}\n")
        buffer.write("}")
        self._raw_update(buffer.getvalue(), what="load")


def _form(pairs: Sequence[tuple[str, str]]) -> bytes:
    return urllib.parse.urlencode(list(pairs)).encode("ascii")
