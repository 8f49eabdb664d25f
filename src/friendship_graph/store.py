"""Open the graph and write to it atomically.

This is the only module that knows which backend holds the data. The default is an
embedded, persistent Oxigraph store (pyoxigraph, RocksDB underneath); ``Store.memory()`` is an
in-memory Oxigraph store. Everything above this module talks to :class:`Store` with rdflib
terms, so the rest of the code works the same on every backend.

Layout of a store:

* every source lives in a named graph of its own (``graph:<name>``), so a source can be
  replaced or removed as a unit and every statement keeps its origin;
* the ontology, shapes and rules live in ``graph:ontology``;
* what the rules in the ontology derive lives in ``graph:inferred`` and is recomputed after
  every write.

Writes are atomic per call: a file that fails to parse on its last line, or (when asked) fails
validation, changes nothing.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .errors import FriendshipGraphError, LoadError, NetworkAccessError, QueryError, StoreInUseError
from .vocab import GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES

__all__ = [
    "Store",
    "QueryResult",
    "LoadReport",
    "rdf_format_for",
    "graph_for_file",
    "check_no_network",
    "RDF_EXTENSIONS",
]

#: File endings the store reads, and the pyoxigraph format for each.
RDF_EXTENSIONS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ntriples": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nquads": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}

_SYSTEM_GRAPH = GRAPH["system"]
_PENDING = ox.Quad(
    ox.NamedNode(str(_SYSTEM_GRAPH)),
    ox.NamedNode(str(_SYSTEM_GRAPH) + "#inferencePending"),
    ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
    ox.NamedNode(str(_SYSTEM_GRAPH)),
)
#: Records, in the ontology graph, a hash of the ontology files it was loaded from.
_ONTOLOGY_FINGERPRINT = ox.NamedNode(str(_SYSTEM_GRAPH) + "#ontologyFingerprint")
_RULES_QUERY = f"""
PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?rule ?construct WHERE {{
    GRAPH <{ONTOLOGY_GRAPH}> {{ ?rule a sh:SPARQLRule ; sh:construct ?construct . }}
}} ORDER BY ?rule
"""


# --------------------------------------------------------------------------- terms


def to_rdflib(term: Any) -> Node | None:
    """Convert a pyoxigraph term to the equal rdflib term, keeping lexical forms."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Node | None) -> Any:
    """Convert an rdflib term to the equal pyoxigraph term (``None`` stays ``None``)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def term_to_sparql(term: Node) -> str:
    """Serialise an rdflib term for a SPARQL text (N-Triples escaping, so it cannot escape)."""
    return str(to_oxigraph(term)) if not isinstance(term, BNode) else f"_:{term}"


# --------------------------------------------------------------------------- results


@dataclass
class QueryResult:
    """The result of a query: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT)."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)

    def __iter__(self) -> Iterator[Any]:
        if self.kind == "select":
            return iter(self.rows)
        if self.kind == "graph":
            return iter(self.triples)
        return iter([self.boolean])

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples)

    def dicts(self) -> list[dict[str, Node | None]]:
        """The solutions as dicts from variable name to term (unbound: ``None``)."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def graph(self):  # noqa: ANN201 - rdflib.Graph
        """CONSTRUCT/DESCRIBE results as an rdflib Graph with the project's prefixes."""
        from rdflib import Graph

        g = Graph()
        for prefix, iri in PREFIXES.items():
            g.bind(prefix, iri)
        for triple in self.triples:
            g.add(triple)
        return g


@dataclass
class LoadReport:
    """What a load did: files, the graphs written, and the triple count before and after."""

    files: list[str] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)
    size_before: int = 0
    size_after: int = 0

    @property
    def added(self) -> int:
        return self.size_after - self.size_before


# --------------------------------------------------------------------------- helpers


def rdf_format_for(path: str | os.PathLike[str], format: str | None = None) -> ox.RdfFormat:
    """The RDF format of a file, from an explicit name (``turtle``, ``trig``...) or its ending."""
    if format:
        names = {
            "turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE,
            "nt": ox.RdfFormat.N_TRIPLES, "ntriples": ox.RdfFormat.N_TRIPLES,
            "n-triples": ox.RdfFormat.N_TRIPLES,
            "nq": ox.RdfFormat.N_QUADS, "nquads": ox.RdfFormat.N_QUADS,
            "n-quads": ox.RdfFormat.N_QUADS,
            "trig": ox.RdfFormat.TRIG,
            "jsonld": ox.RdfFormat.JSON_LD, "json-ld": ox.RdfFormat.JSON_LD,
            "xml": ox.RdfFormat.RDF_XML, "rdfxml": ox.RdfFormat.RDF_XML,
            "rdf/xml": ox.RdfFormat.RDF_XML, "n3": ox.RdfFormat.N3,
        }
        try:
            return names[format.lower()]
        except KeyError:
            raise LoadError(str(path), f"unknown RDF format {format!r}; use one of "
                            + ", ".join(sorted(names))) from None
    name = Path(path).name.lower().removesuffix(".gz")
    suffix = Path(name).suffix
    if suffix not in RDF_EXTENSIONS:
        raise LoadError(str(path), f"cannot tell the RDF format from the ending {suffix!r}; "
                        "use .ttl, .nt, .nq, .trig, .jsonld or .rdf, or pass --format")
    return RDF_EXTENSIONS[suffix]


def graph_for_file(path: str | os.PathLike[str]) -> URIRef:
    """The named graph a triples file goes to when none is given: ``graph:<file stem>``."""
    stem = Path(path).name.split(".")[0]
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-").lower() or "unnamed"
    return GRAPH[slug]


_STRINGS_AND_IRIS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*',
)
_NETWORK_KEYWORDS = re.compile(r"(?<![\w:?$])(SERVICE|LOAD)(?![\w:])", re.IGNORECASE)


def check_no_network(sparql: str) -> None:
    """Refuse ``SERVICE`` and ``LOAD``: a query must not make the store fetch from the network.

    Strings, IRIs and comments are skipped, so a label that says "SERVICE" is fine.
    """
    code = _STRINGS_AND_IRIS.sub(" ", sparql)
    match = _NETWORK_KEYWORDS.search(code)
    if match:
        raise NetworkAccessError(
            f"the query uses {match.group(1).upper()}, which would fetch data from the network; "
            "this is refused unless network access is allowed (--allow-network)"
        )


def _line_of(error: SyntaxError) -> int | None:
    if error.lineno:
        return int(error.lineno)
    match = re.search(r"line (\d+)", str(error))
    return int(match.group(1)) if match else None


def _syntax_message(error: BaseException) -> str:
    # pyoxigraph appends "(file name, line N)"; the LoadError names both already (and a file
    # name may hold a line break, so this goes before taking the first line).
    message = re.sub(r" \((?:[^()]*, )?line \d+\)\s*$", "", str(error))
    message = message.splitlines()[0] if message.strip() else type(error).__name__
    if "LoadDocumentCallback" in message:
        return ("the JSON-LD document refers to a remote @context, which would be fetched from "
                "the network; inline the context instead")
    return message


def _sparql_error(error: BaseException) -> QueryError:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return QueryError(f"SPARQL error: {text}")


def ontology_fingerprint(files: Iterable[str | os.PathLike[str]]) -> str:
    """A hash of the ontology files' names and contents (a store records the one it holds)."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(Path(path).name.encode())
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


# --------------------------------------------------------------------------- the lock


class _Lock:
    """An advisory lock next to an on-disk store: shared for readers, exclusive for writers."""

    def __init__(self, path: Path, exclusive: bool, blocking: bool = False) -> None:
        self.path = path.with_name(path.name + ".lock")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(self._fd, mode if blocking else mode | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            who = "another process" if exclusive else "another process that is writing it"
            raise StoreInUseError(
                f"store is in use: {path} is open by {who}; wait for it to finish and try again"
            ) from None

    def release(self) -> None:
        if self._fd >= 0:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = -1


# --------------------------------------------------------------------------- the store


class Store:
    """The friendship graph: an RDF dataset with SPARQL, atomic loads and derived facts.

    Open one with :meth:`open` (on disk), :meth:`memory` (in memory, for tests and scripts)
    or :func:`friendship_graph.default.default_store` (the bundled data, built on first use).
    Use it as a context manager so the lock on an on-disk store is released.

    >>> from friendship_graph.store import Store
    >>> with Store.memory() as store:
    ...     store.query("ASK { ?c rdfs:subClassOf fg:City }").boolean
    True
    """

    def __init__(self, ox_store: ox.Store, *, path: Path | None = None, read_only: bool = False,
                 lock: _Lock | None = None, allow_network: bool = False) -> None:
        self._ox = ox_store
        self.path = path
        self.read_only = read_only
        self.allow_network = allow_network
        self._lock = lock

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def memory(cls, *, ontology: bool = True, allow_network: bool = False) -> Store:
        """A new in-memory store, holding the bundled ontology unless ``ontology=False``."""
        store = cls(ox.Store(), allow_network=allow_network)
        if ontology:
            store.load_ontology()
        return store

    @classmethod
    def remote(cls, url: str, *, update_url: str | None = None, read_only: bool = False,
               timeout: float = 60.0, union: str | None = None, token: str | None = None,
               allow_network: bool = False) -> Store:
        """A store on a remote SPARQL 1.1 server (Query + Update protocols), same API.

        ``url`` is the query endpoint (``http://localhost:7878`` or ``.../query`` for
        Oxigraph); the update URL is derived from it unless given. ``union`` says how the
        server gives the union of all graphs as the default graph (``oxigraph``, ``native``
        or ``dataset``). Opening for writing loads the ontology into an empty server.
        See :mod:`friendship_graph.remote` and docs/endpoint.md.
        """
        from .remote import RemoteStore

        return RemoteStore.connect(url, update_url=update_url, read_only=read_only,
                                   timeout=timeout, union=union, token=token,
                                   allow_network=allow_network)

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, read_only: bool = False, create: bool = True,
             allow_network: bool = False) -> Store:
        """Open (or create) an on-disk store at ``path``.

        Readers share the store; a writer has it alone: opening for writing while another
        process uses it, or for reading while another process writes it, raises
        :class:`~friendship_graph.errors.StoreInUseError` at once instead of waiting.
        A new store gets the bundled ontology.
        """
        path = Path(path)
        exists = path.is_dir() and any(path.iterdir())
        if not exists and (read_only or not create):
            raise FriendshipGraphError(
                f"no store at {path}; create one with: friendship-graph --store {path} load FILE"
            )
        lock = _Lock(path, exclusive=not read_only)
        try:
            ox_store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as error:
            lock.release()
            if "lock" in str(error).lower():
                raise StoreInUseError(
                    f"store is in use: {path} is open by another process") from None
            raise FriendshipGraphError(f"cannot open the store at {path}: {error}") from None
        except RuntimeError as error:  # RocksDB: "Corruption: ..."
            lock.release()
            raise FriendshipGraphError(
                f"cannot open the store at {path}: {str(error).splitlines()[0]}; it is not a "
                "friendship-graph store or it is damaged: rebuild it from its sources") from None
        store = cls(ox_store, path=path, read_only=read_only, lock=lock,
                    allow_network=allow_network)
        if not read_only:
            if not exists or store._ontology_outdated():
                store.load_ontology()
            elif store._inference_pending():
                store.run_rules()
        elif store._ontology_outdated():
            # The ontology files (extensions, --ontology) changed since the store was written:
            # reload them once with a short write, then reopen read-only. When that write is
            # not possible (other readers, a read-only folder), answer from the ontology held.
            store.close()
            try:
                cls.open(path, allow_network=allow_network).close()
            except FriendshipGraphError:
                return cls(ox.Store.read_only(str(path)), path=path, read_only=True,
                           lock=_Lock(path, exclusive=False), allow_network=allow_network)
            return cls.open(path, read_only=True, create=False, allow_network=allow_network)
        return store

    @classmethod
    def build(cls, path: str | os.PathLike[str], files: Sequence[str | os.PathLike[str]],
              progress: Callable[[Path], None] | None = None) -> None:
        """Build a new on-disk store at ``path`` from the ontology and trusted ``files``
        (the bundled data; ``.gz`` files too): each file in its own named graph (quad files
        keep theirs), then the rules.

        Everything is loaded and derived in memory first, then written to disk in one
        bulk load, which is several times faster than deriving on disk. The caller builds
        into a fresh folder and renames it into place (see :mod:`friendship_graph.default`).
        """
        memory = cls.memory()
        for file in files:
            file = Path(file)
            if progress:
                progress(file)
            name = file.name[:-3] if file.name.endswith(".gz") else file.name
            rdf_format = RDF_EXTENSIONS[Path(name).suffix.lower()]
            opener = gzip.open if file.name.endswith(".gz") else open
            try:
                with opener(file, "rb") as handle:
                    memory._ox.bulk_load(handle, format=rdf_format,
                                         to_graph=ox.NamedNode(str(graph_for_file(name))))
            except (SyntaxError, OSError, ValueError) as error:
                line = _line_of(error) if isinstance(error, SyntaxError) else None
                raise LoadError(str(file), _syntax_message(error), line) from None
        memory.run_rules()
        disk = ox.Store(str(path))
        disk.bulk_load(memory._ox.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        disk.optimize()
        disk.flush()

    def close(self) -> None:
        """Flush and release the store (and its lock)."""
        if self._ox is not None and not self.read_only and self.path is not None:
            self._ox.flush()
        self._ox = None  # type: ignore[assignment]
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self._ox)

    def __repr__(self) -> str:
        where = str(self.path) if self.path else "memory"
        return f"<Store {where} ({len(self)} quads{', read-only' if self.read_only else ''})>"

    # -- reading ---------------------------------------------------------------------------

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        """Run a SPARQL 1.1 query over the union of all graphs.

        ``bindings`` maps variable names to rdflib terms; they are bound as RDF terms with a
        ``VALUES`` block (see :func:`friendship_graph.queries.bind`), never pasted as text.
        """
        from .queries import bind

        if not self.allow_network:
            check_no_network(sparql)
        if bindings:
            sparql = bind(sparql, bindings)
        try:
            result = self._ox.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
            # Solutions are computed lazily: evaluation errors (a failed SERVICE call...)
            # surface while reading them, so read them inside the try.
            return _to_result(result)
        except (SyntaxError, ValueError) as error:
            raise _sparql_error(error) from None
        except OSError as error:
            raise QueryError(f"query failed: {_syntax_message(error)}") from None

    def quads(self, subject: Node | None = None, predicate: Node | None = None,
              object: Node | None = None, graph: Node | None = None,
              ) -> Iterator[tuple[Node, Node, Node, Node | None]]:
        """Quads matching a pattern (``None`` matches anything), as rdflib terms."""
        for quad in self._ox.quads_for_pattern(
            to_oxigraph(subject), to_oxigraph(predicate), to_oxigraph(object), to_oxigraph(graph)
        ):
            yield (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object),
                   to_rdflib(quad.graph_name))

    def statements(self, predicates: Iterable[str], objects: Iterable[str] | None = None, *,
                   literals: bool = False, graphs: bool = False,
                   ) -> list[tuple[str, str, str, str, str]]:
        """Statements as plain strings: the fast way to read many of them.

        Returns ``(subject, predicate, object, language, graph)`` for every statement whose
        predicate is one of ``predicates`` (IRIs) and, if ``objects`` is given, whose object
        is one of those IRIs. Subjects are IRIs (statements about blank nodes are left out);
        objects are IRIs, or with ``literals=True`` IRIs and literals (the lexical form;
        ``language`` is the language tag or ``""``). With ``graphs=True``, ``graph`` is the
        IRI of the named graph holding the statement (a statement in two graphs comes twice)
        and statements outside named graphs are left out; otherwise it is ``""`` and a
        statement may come once per graph that holds it.

        Unlike :meth:`query`, nothing is converted to rdflib terms, which costs more than the
        lookup itself when there are hundreds of thousands of values (the network projection
        reads its structure this way). A remote store answers with one SPARQL query.
        """
        named, literal_type = ox.NamedNode, ox.Literal
        rows: list[tuple[str, str, str, str, str]] = []
        append = rows.append
        wanted_objects = [named(o) for o in objects] if objects is not None else [None]
        for predicate in predicates:
            pred = named(predicate)
            for obj in wanted_objects:
                for quad in self._ox.quads_for_pattern(None, pred, obj, None):
                    subject, value, graph = quad.subject, quad.object, quad.graph_name
                    if type(subject) is not named:
                        continue
                    kind = type(value)
                    if kind is named:
                        language = ""
                    elif literals and kind is literal_type:
                        language = value.language or ""
                    else:
                        continue
                    if graphs:
                        if type(graph) is not named:
                            continue
                        append((subject.value, predicate, value.value, language, graph.value))
                    else:
                        append((subject.value, predicate, value.value, language, ""))
        return rows

    def graphs(self) -> list[URIRef]:
        """The named graphs, sorted."""
        return sorted(URIRef(g.value) for g in self._ox.named_graphs()
                      if isinstance(g, ox.NamedNode))

    def content_hash(self) -> str:
        """A SHA-256 of the sorted quads: equal exactly when the content is equal."""
        lines = sorted(str(quad) for quad in self._ox)
        digest = hashlib.sha256()
        for line in lines:
            digest.update(line.encode("utf-8"))
            digest.update(b"\n")
        return digest.hexdigest()

    def dump(self, output: str | os.PathLike[str] | IO[bytes] | None, format: str = "nq",
             graph: Node | None = None) -> bytes | None:
        """Serialise the store (or one graph) with pyoxigraph's writers."""
        rdf_format = rdf_format_for("x." + format, None) if "." not in format else None
        rdf_format = rdf_format or rdf_format_for(format)
        kwargs: dict[str, Any] = {"format": rdf_format, "prefixes": PREFIXES}
        if graph is not None:
            kwargs["from_graph"] = to_oxigraph(graph)
        elif not rdf_format.supports_datasets:
            raise FriendshipGraphError(
                f"{rdf_format.name} holds one graph; name a graph or use TriG or N-Quads"
            )
        if rdf_format == ox.RdfFormat.RDF_XML:
            _check_xml_chars(self._ox.quads_for_pattern(None, None, None, kwargs["from_graph"]))
        return self._ox.dump(output, **kwargs)

    # -- writing ---------------------------------------------------------------------------

    def _writable(self) -> None:
        if self.read_only:
            raise FriendshipGraphError("the store is open read-only")

    def load_files(self, paths: Sequence[str | os.PathLike[str]], *, graph: str | None = None,
                   format: str | None = None, replace: bool = False,
                   validate: bool = False, canonicalize: bool = False) -> LoadReport:
        """Load RDF files, each into its own named graph, all or nothing.

        Triples files (Turtle, N-Triples, RDF/XML, JSON-LD) go to ``graph`` or to
        ``graph:<file stem>``; quad files (TriG, N-Quads) keep their graphs, and their
        default-graph triples go to that graph too. With ``replace`` the target graphs are
        emptied first (in the same transaction). With ``validate`` the new data is checked
        against the shapes first and nothing is written if it has violations.

        Every file is parsed completely before anything is written; a parse error raises
        :class:`~friendship_graph.errors.LoadError` naming the file and line. So does a typed
        literal the store would not keep as written (``"01"^^xsd:integer`` is kept as ``"1"``),
        unless ``canonicalize`` accepts that rewriting.
        """
        self._writable()
        report = LoadReport(files=[str(p) for p in paths], size_before=len(self))
        quads, targets = prepare_load(self, paths, graph=graph, format=format,
                                      validate=validate, canonicalize=canonicalize)
        self._write_quads(quads, replace_graphs=sorted(targets) if replace else ())
        report.graphs = sorted(targets)
        self.run_rules()
        report.size_after = len(self)
        return report

    def add_quads(self, quads: Iterable[tuple[Node, Node, Node, Node]], *,
                  replace_graph: Node | None = None) -> int:
        """Add rdflib quads in one transaction (used by the importers); returns the count.

        With ``replace_graph`` that graph is emptied in the same transaction.
        """
        self._writable()
        ox_quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), to_oxigraph(g))
                    for s, p, o, g in quads]
        self._write_quads(ox_quads, replace_graphs=[str(replace_graph)] if replace_graph else ())
        self.run_rules()
        return len(ox_quads)

    def remove_graph(self, graph: Node) -> None:
        """Remove a named graph (a whole source) in one transaction."""
        self._writable()
        self._ox.update(with_pending_mark(f"DROP SILENT GRAPH {term_to_sparql(graph)}"))
        self.run_rules()

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update (one transaction), then recompute derived facts."""
        self._writable()
        if not self.allow_network:
            check_no_network(sparql)
        try:
            self._ox.update(with_pending_mark(sparql), prefixes=PREFIXES)
        except (SyntaxError, ValueError) as error:
            raise _sparql_error(error) from None
        except OSError as error:  # e.g. LOAD <url> (allowed) failed: nothing was changed
            raise QueryError(f"update failed, nothing was changed: {_syntax_message(error)}"
                             ) from None
        self.run_rules()

    def load_ontology(self, extra: Iterable[str | os.PathLike[str]] = ()) -> None:
        """(Re)load the bundled ontology, shapes, rules and extensions, plus ``extra`` files,
        into ``graph:ontology`` in one transaction."""
        from .ontology import ontology_files

        files = [*ontology_files(), *extra]
        quads: list[ox.Quad] = []
        for path in files:
            quads.extend(parse_file(path, graph=ONTOLOGY_GRAPH, force_graph=True))
        quads.append(ox.Quad(ox.NamedNode(str(ONTOLOGY_GRAPH)), _ONTOLOGY_FINGERPRINT,
                             ox.Literal(ontology_fingerprint(files)),
                             ox.NamedNode(str(ONTOLOGY_GRAPH))))
        self._write_quads(quads, replace_graphs=[str(ONTOLOGY_GRAPH)])
        self.run_rules()

    def _ontology_outdated(self) -> bool:
        """True when the ontology files differ from those last loaded into the store."""
        from .ontology import ontology_files

        recorded = [q.object.value for q in self._ox.quads_for_pattern(
            ox.NamedNode(str(ONTOLOGY_GRAPH)), _ONTOLOGY_FINGERPRINT, None,
            ox.NamedNode(str(ONTOLOGY_GRAPH)))]
        return recorded != [ontology_fingerprint(ontology_files())]

    def run_rules(self) -> int:
        """Recompute ``graph:inferred`` from the ``sh:SPARQLRule`` rules in the ontology.

        Each rule's CONSTRUCT runs over every graph but the inferred one; the inferred graph is
        then brought to exactly that result in one transaction that deletes what no longer
        follows and inserts what is new (on disk this is several times faster than dropping
        and rewriting the graph). Returns the number of derived triples.
        """
        graphs = [g for g in self._ox.named_graphs() if g.value != str(INFERRED_GRAPH)]
        derived: set[ox.Triple] = set()
        for solution in self._ox.query(_RULES_QUERY, use_default_graph_as_union=True):
            try:
                derived.update(self._ox.query(solution["construct"].value, prefixes=PREFIXES,
                                              default_graph=graphs or [ox.DefaultGraph()]))
            except SyntaxError as error:
                raise FriendshipGraphError(
                    f"the rule {solution['rule'].value} is not valid SPARQL: "
                    f"{_syntax_message(error)}"
                ) from None
        inferred = ox.NamedNode(str(INFERRED_GRAPH))
        held = {q.triple for q in self._ox.quads_for_pattern(None, None, None, inferred)}
        stale, new = held - derived, derived - held
        operations = [f"DELETE DATA {{ GRAPH <{_SYSTEM_GRAPH}> {{ {_PENDING.triple} }} }}"]
        if stale:
            body = " ".join(f"{t} ." for t in stale)
            operations.append(f"DELETE DATA {{ GRAPH <{INFERRED_GRAPH}> {{ {body} }} }}")
        if new:
            body = " ".join(f"{t} ." for t in new)
            operations.append(f"INSERT DATA {{ GRAPH <{INFERRED_GRAPH}> {{ {body} }} }}")
        self._ox.update(" ;\n".join(operations))
        return len(derived)

    # -- internals -------------------------------------------------------------------------

    def _inference_pending(self) -> bool:
        return any(True for _ in self._ox.quads_for_pattern(
            _PENDING.subject, _PENDING.predicate, None, _PENDING.graph_name))

    def _write_quads(self, quads: list[ox.Quad], replace_graphs: Iterable[str] = ()) -> None:
        replace_graphs = list(replace_graphs)
        if not replace_graphs:
            self._ox.extend([*quads, _PENDING])
            return
        # Empty the graphs and insert the new data in one update: one transaction.
        buffer = io.StringIO()
        for graph in replace_graphs:
            buffer.write(f"DROP SILENT GRAPH <{graph}> ;\n")
        buffer.write("INSERT DATA {\n")
        buffer.write(f"GRAPH {_PENDING.graph_name} {{ {_PENDING.triple} }}\n")
        for quad in quads:
            if isinstance(quad.graph_name, ox.DefaultGraph):
                buffer.write(f"{quad.triple} .\n")
            else:
                buffer.write(f"GRAPH {quad.graph_name} {{ {quad.triple} }}\n")
        buffer.write("}")
        self._ox.update(buffer.getvalue())


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _check_xml_chars(quads: Iterable[ox.Quad]) -> None:
    """Refuse to write RDF/XML that XML cannot hold (pyoxigraph would write a broken file)."""
    for quad in quads:
        for term in (quad.subject, quad.predicate, quad.object):
            bad = _NOT_XML.search(term.value) if hasattr(term, "value") else None
            if bad:
                raise FriendshipGraphError(
                    f"RDF/XML cannot hold the character U+{ord(bad.group()):04X} in {term}; "
                    "the file would be broken: use Turtle, N-Triples or JSON-LD instead")


def with_pending_mark(update: str) -> str:
    """A SPARQL update followed by the "inference pending" mark, so that both go in with one
    request (one transaction): a crash, or a server stopping the update, before the rules ran
    is repaired on the next write. Shared by every backend."""
    return (f"{update.rstrip().rstrip(';')}\n;\n"
            f"INSERT DATA {{ GRAPH {_PENDING.graph_name} {{ {_PENDING.triple} }} }}")


def escaped_value(variable: str) -> str:
    """A SPARQL expression: the lexical form (or IRI) of ``variable`` with "%", tab and newline
    percent-encoded (an IRI cannot hold them), so that it cannot break :func:`packed_select`;
    :func:`unescape_value` reverses it."""
    return (f'REPLACE(REPLACE(REPLACE(STR({variable}), "%", "%25"), "\\t", "%09"), '
            f'"\\n", "%0A")')


def unescape_value(text: str) -> str:
    """The value :func:`escaped_value` encoded."""
    return unquote(text) if "%" in text else text


def packed_select(store: Store, columns: Sequence[str], where: str) -> list[tuple[str, ...]]:
    """Run a SELECT whose solutions come back packed in one string (GROUP_CONCAT), so that a
    large result costs one term instead of one per value; split into rows of ``columns``.

    Every column must be an expression that cannot fail and holds no tab or newline (IRIs
    through STR, values through :func:`escaped_value`). Should an endpoint fail to aggregate,
    the solutions are read one by one instead.
    """
    line = "CONCAT(" + ', "\\t", '.join(columns) + ")" if len(columns) > 1 else columns[0]
    result = store.query(
        f'SELECT (GROUP_CONCAT({line}; separator="\\n") AS ?packed) WHERE {{ {where} }}')
    if result.rows and result.rows[0][0] is not None:
        text = str(result.rows[0][0])
    else:
        text = "\n".join(str(row[0]) for row in store.query(
            f"SELECT ({line} AS ?line) WHERE {{ {where} }}").rows if row[0] is not None)
    if not text:
        return []
    # One split of the whole text: far cheaper than one split per row.
    parts = text.replace("\n", "\t").split("\t")
    if len(parts) % len(columns):
        raise FriendshipGraphError("the store returned a malformed packed result; "
                                   "run the command again with --debug and report it")
    return list(zip(*[iter(parts)] * len(columns), strict=True))


def _to_result(result: Any) -> QueryResult:
    if isinstance(result, bool | ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [tuple(to_rdflib(solution[v]) for v in variables) for solution in result]
        return QueryResult(kind="select", variables=variables, rows=rows)
    triples = [(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object))
               for t in result]
    return QueryResult(kind="graph", triples=triples)  # type: ignore[arg-type]


_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _open_binary(path: str | os.PathLike[str]) -> IO[bytes]:
    """A file opened for reading bytes, decompressed when its name ends in ``.gz``."""
    if str(path).lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")  # noqa: SIM115 - the caller closes it


def _guard_file(path: str | os.PathLike[str], rdf_format: ox.RdfFormat) -> None:
    """Refuse inputs that would make the parser do unbounded work or fetch from the network."""
    if not Path(path).is_file():
        raise LoadError(str(path), "no such file")
    if rdf_format == ox.RdfFormat.RDF_XML:
        with _open_binary(path) as handle:
            head = handle.read(1 << 20)
        if _ENTITY_DECLARATION.search(head):
            raise LoadError(str(path), "RDF/XML with <!ENTITY> declarations is refused "
                            "(entity expansion can exhaust memory); expand the entities first")
        _check_xml(path)


def _check_xml(path: str | os.PathLike[str]) -> None:
    """Check that an XML file is well-formed (pyoxigraph accepts a truncated RDF/XML file),
    with expat: it never fetches a DTD, and entity declarations anywhere are refused."""
    from xml.parsers import expat

    parser = expat.ParserCreate()

    def refuse_entity(name: str, *_: object) -> None:
        raise LoadError(str(path), f"RDF/XML with <!ENTITY {name}> declarations is refused "
                        "(entity expansion can exhaust memory); expand the entities first",
                        parser.CurrentLineNumber)

    parser.EntityDeclHandler = refuse_entity
    try:
        with _open_binary(path) as handle:
            parser.ParseFile(handle)
    except expat.ExpatError as error:
        raise LoadError(str(path), f"not well-formed XML: {expat.errors.messages[error.code]}",
                        error.lineno) from None


_XSD = "http://www.w3.org/2001/XMLSchema#"
_TZ = r"(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))?"
_YEAR = r"-?(?:[1-9]\d{4,}|\d{4})"
_INTEGER = r"[+-]?\d+"
#: Lexical forms (XML Schema 1.1) of the datatypes the data uses; others are not checked.
_LEXICAL = {
    _XSD + name: re.compile(pattern)
    for name, pattern in {
        "date": rf"({_YEAR})-(\d\d)-(\d\d){_TZ}",
        "dateTime": rf"({_YEAR})-(\d\d)-(\d\d)T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?{_TZ}"
                    rf"|({_YEAR})-(\d\d)-(\d\d)T24:00:00(?:\.0+)?{_TZ}",
        "gYearMonth": rf"({_YEAR})-(\d\d){_TZ}",
        "gYear": rf"{_YEAR}{_TZ}",
        "integer": _INTEGER, "int": _INTEGER, "long": _INTEGER, "short": _INTEGER,
        "nonNegativeInteger": r"\+?\d+|-0+", "positiveInteger": r"\+?0*[1-9]\d*",
        "decimal": r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)",
        "double": r"[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|INF)|NaN",
        "float": r"[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|INF)|NaN",
        "boolean": r"true|false|1|0",
    }.items()
}


def _lexical_problem(value: str, datatype: str) -> bool:
    """True when ``value`` is not in the lexical space of ``datatype`` (or is no such day)."""
    match = _LEXICAL[datatype].fullmatch(value)
    if match is None:
        return True
    groups = [g for g in match.groups() if g is not None]
    if len(groups) >= 2:
        year, month = int(groups[0]), int(groups[1])
        if not 1 <= month <= 12:
            return True
        if len(groups) >= 3:
            import calendar

            leap = calendar.isleap(year)  # XML Schema 1.1 years are astronomical (0 = 1 BCE)
            days = calendar.mdays[month] + (1 if month == 2 and leap else 0)
            if not 1 <= int(groups[2]) <= days:
                return True
    return False


def _check_literals(path: str | os.PathLike[str], quads: list[ox.Quad],
                    canonical: bool = True) -> None:
    """Refuse ill-typed literals such as ``"2020-1-1"^^xsd:date``, which RDF parsers accept
    (they are syntactically fine) but which no query can compare or sort correctly."""
    for quad in quads:
        literal = quad.object
        if isinstance(literal, ox.Literal) and literal.datatype.value in _LEXICAL:
            datatype = literal.datatype.value
            if _lexical_problem(literal.value, datatype):
                short = "xsd:" + datatype.removeprefix(_XSD)
                hint = (" (write dates as YYYY-MM-DD; YYYY-MM is xsd:gYearMonth, YYYY xsd:gYear)"
                        if short in ("xsd:date", "xsd:gYearMonth", "xsd:gYear") else "")
                raise LoadError(
                    str(path), f"ill-typed literal \"{literal.value}\"^^{short}: "
                    f"not a valid {short} value{hint}", _find_line(path, literal.value))
    if canonical:
        _check_canonical(path, quads)


def _check_canonical(path: str | os.PathLike[str], quads: list[ox.Quad]) -> None:
    """Refuse typed literals the store would not keep as written: Oxigraph stores numbers,
    booleans and dates as values, so "01"^^xsd:integer would come back as "1" - a different
    RDF term, and a silent loss on every round trip."""
    typed = {q.object for q in quads if isinstance(q.object, ox.Literal)
             and q.object.datatype.value.startswith(_XSD)
             and q.object.datatype.value != _XSD + "string"}
    if not typed:
        return
    probe = ox.Store()
    predicate = ox.NamedNode("urn:x-fg:value")
    literals = list(typed)
    probe.extend(ox.Quad(ox.NamedNode(f"urn:x-fg:{i}"), predicate, lit)
                 for i, lit in enumerate(literals))
    for quad in probe:
        original = literals[int(quad.subject.value.rsplit(":", 1)[1])]
        if quad.object.value != original.value:
            short = "xsd:" + original.datatype.value.removeprefix(_XSD)
            raise LoadError(
                str(path), f"\"{original.value}\"^^{short} is not in canonical form; the store "
                f"would keep it as \"{quad.object.value}\" (a different RDF term): write that, "
                "or load with --canonicalize to accept the rewriting",
                _find_line(path, original.value))


def _find_line(path: str | os.PathLike[str], needle: str) -> int | None:
    """The first line of a file that holds ``needle`` (quoted, as XML text, or bare)."""
    if not needle:
        return None
    try:
        with open(path, "rb") as handle:
            data = handle.read(64 << 20)
    except OSError:
        return None
    raw = needle.encode("utf-8", "replace")
    for candidate in (b'"' + raw + b'"', b">" + raw + b"<", b"'" + raw + b"'", raw):
        index = data.find(candidate)
        if index >= 0:
            return data.count(b"\n", 0, index) + 1
    return None


def prepare_load(store: Store, paths: Sequence[str | os.PathLike[str]], *,
                 graph: str | None = None, format: str | None = None, validate: bool = False,
                 canonicalize: bool = False) -> tuple[list[ox.Quad], set[str]]:
    """Parse (and, with ``validate``, check against the shapes) every file of a load before
    anything is written: the quads and the named graphs they go to. Shared by every backend."""
    quads: list[ox.Quad] = []
    targets: set[str] = set()
    for path in paths:
        target = URIRef(graph) if graph else graph_for_file(path)
        parsed = parse_file(path, format=format, graph=target, canonicalize=canonicalize)
        if not parsed:
            raise LoadError(str(path), "the file holds no statements (is it empty?); "
                            "to empty a graph use 'friendship-graph remove GRAPH'")
        for quad in parsed:
            quads.append(quad)
            targets.add(quad.graph_name.value)
    if validate:
        from .validate import validate_quads

        report = validate_quads(quads, store)
        if not report.conforms:
            raise LoadError(", ".join(str(p) for p in paths),
                            f"{report.violation_count} SHACL violation(s): "
                            f"{report.first_message()}; run "
                            "'friendship-graph validate' on the file for the full report")
    return quads, targets


def parse_file(path: str | os.PathLike[str], *, format: str | None = None,
               graph: Node | None = None, force_graph: bool = False,
               canonicalize: bool = False) -> list[ox.Quad]:
    """Parse a whole RDF file into pyoxigraph quads, or raise a LoadError naming the line.

    Default-graph triples go to ``graph``; with ``force_graph`` every quad does. Typed
    literals must be well-typed, and in canonical form unless ``canonicalize``.
    """
    rdf_format = rdf_format_for(path, format)
    _guard_file(path, rdf_format)
    target = to_oxigraph(graph) if graph is not None else ox.DefaultGraph()
    try:
        quads = []
        with _open_binary(path) as source:
            parsed = list(ox.parse(source, format=rdf_format))
        for quad in parsed:
            if force_graph or isinstance(quad.graph_name, ox.DefaultGraph):
                quad = ox.Quad(quad.subject, quad.predicate, quad.object, target)
            quads.append(quad)
    except SyntaxError as error:
        message = _syntax_message(error)
        line = _line_of(error)
        if line is None:  # RDF/XML errors quote the bad text but give no line
            quoted = re.search(r"'([^']+)'|`([^`]+)`", message)
            line = _find_line(path, next(g for g in quoted.groups() if g)) if quoted else None
        raise LoadError(str(path), message, line) from None
    except (OSError, ValueError, UnicodeDecodeError, EOFError) as error:
        raise LoadError(str(path), _syntax_message(error)) from None
    except MemoryError as error:  # pyoxigraph: "Reached the buffer maximal size of 16777216"
        raise LoadError(str(path), f"a single term or statement is too long for the parser "
                        f"({_syntax_message(error)}); is the file truncated or not RDF?") from None
    _check_literals(path, quads, canonical=not canonicalize)
    return quads
