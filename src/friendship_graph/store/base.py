"""The :class:`Store` interface, and what every backend shares.

A store is an RDF dataset with SPARQL, atomic writes and derived facts. Its layout is the same
on every backend:

* every source lives in a named graph of its own (``graph:<name>``), so a source can be
  replaced or removed as a unit and every statement keeps its origin;
* the ontology, shapes and rules live in ``graph:ontology``, with a fingerprint of the files
  they were read from (:func:`ontology_fingerprint`), so a store notices when they change;
* what the rules in the ontology (``sh:SPARQLRule``) derive lives in ``graph:inferred`` and is
  recomputed after every write (:meth:`Store.run_rules`);
* ``graph:system`` holds the "inference pending" mark (:data:`PENDING_MARK`): it goes in with
  every write, in the same transaction, and out with the recomputed inferred graph, so a write
  interrupted before the rules ran is repaired when the store is next opened for writing.

:class:`Store` does all of that once, on top of a few primitives each backend implements
(run a query or an update, write quads, list quads). The backends are
:class:`~friendship_graph.store.embedded.EmbeddedStore` and
:class:`~friendship_graph.store.remote.RemoteStore`.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, ClassVar

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..errors import (
    FriendshipGraphError,
    NetworkAccessError,
    QueryError,
    ReservedGraphError,
    ResultLimitError,
)
from ..ontology import ontology_files
from ..rdf.files import LoadCheck, parse_file, prepare_load, rdf_format_for
from ..rdf.literals import first_non_xml_char, first_non_xml_char_in_sparql
from ..rdf.sparql import bind, check_no_network, query_form
from ..rdf.terms import parse_iri, term_to_sparql, to_oxigraph, to_rdflib
from ..rdf.updates import ALL, ANY_GRAPH, DEFAULT, NAMED, update_targets
from ..vocab import GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES

__all__ = ["Store", "QueryResult", "LoadReport", "packed_select", "ontology_fingerprint",
           "with_pending_mark", "without_pending_mark", "SYSTEM_GRAPH", "PENDING_MARK",
           "FINGERPRINT", "RULES_QUERY", "RESERVED_GRAPHS", "check_writable_graphs",
           "check_update", "ontology_rules", "limit_results"]

#: The named graph of the store's own bookkeeping.
SYSTEM_GRAPH = GRAPH["system"]
#: The graphs only the program writes, and what each holds: data files, imports, ``--graph``,
#: ``--source`` and SPARQL updates that would write one are refused before anything is
#: written (:func:`check_writable_graphs`, :func:`check_update`). The one place they are
#: listed: a new system graph goes here.
RESERVED_GRAPHS: dict[str, str] = {
    str(ONTOLOGY_GRAPH): "the ontology, shapes and rules, read from the ontology files",
    str(INFERRED_GRAPH): "what the rules derive, recomputed after every write",
    str(SYSTEM_GRAPH): "the store's own bookkeeping",
}
#: Whether the default graph is written only by the program too (it is data today; a store
#: that maintains it, e.g. as the merged view of the sources, sets this).
DEFAULT_GRAPH_RESERVED = False
#: "The inferred graph is not up to date": written with every write, removed by the rules.
PENDING_MARK = ox.Quad(
    ox.NamedNode(str(SYSTEM_GRAPH)),
    ox.NamedNode(str(SYSTEM_GRAPH) + "#inferencePending"),
    ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
    ox.NamedNode(str(SYSTEM_GRAPH)),
)
#: Records, in the ontology graph, a hash of the ontology files it was loaded from.
FINGERPRINT = ox.NamedNode(str(SYSTEM_GRAPH) + "#ontologyFingerprint")
#: The rules: every ``sh:SPARQLRule`` of an ontology file, with its CONSTRUCT.
RULES_QUERY = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?rule ?construct WHERE { ?rule a sh:SPARQLRule ; sh:construct ?construct . }
ORDER BY ?rule
"""


def check_writable_graphs(graphs: Iterable[str | None], what: str = "",
                          advice: str = "put the data in a graph of its own (--graph IRI for "
                                        "load, --source NAME for import)") -> None:
    """Refuse a write to a graph only the program writes (:data:`RESERVED_GRAPHS`; ``None``
    is the default graph): one line naming the graph and what to do instead."""
    for graph in graphs:
        if graph is None and not DEFAULT_GRAPH_RESERVED:
            continue
        name = "the default graph" if graph is None else f"<{graph}>"
        if graph is None or graph in RESERVED_GRAPHS:
            holds = RESERVED_GRAPHS.get(graph or "", "the merged view of the sources")
            raise ReservedGraphError(
                f"{what + ': ' if what else ''}{name} is written only by friendship-graph "
                f"itself (it holds {holds}); {advice} - nothing was written")


def check_update(sparql: str) -> None:
    """Refuse a SPARQL update that may change a reserved graph (see :func:`check_writable_graphs`),
    before it runs: ``GRAPH ?g`` in a template, ``CLEAR``/``DROP ALL`` and ``NAMED`` too,
    since they could reach one. The graphs are told by
    :func:`friendship_graph.rdf.updates.update_targets`. An update holding a character XML
    1.0 cannot carry is refused too, as a load refuses it."""
    bad = first_non_xml_char_in_sparql(sparql)
    if bad is not None:
        raise QueryError(
            f"the update holds the character U+{ord(bad):04X} (raw or as a \\u escape), which "
            "XML 1.0 cannot carry: no XML answer or export could hold the data; remove it - "
            "nothing was written")
    targets = update_targets(sparql, PREFIXES)
    if ANY_GRAPH in targets:
        raise ReservedGraphError(
            "the update writes to GRAPH ?variable, which could be one of the graphs only "
            "friendship-graph writes (ontology, inferred, system); name each graph with its "
            "IRI - nothing was written")
    for broad in (ALL, NAMED):
        if broad in targets:
            raise ReservedGraphError(
                f"CLEAR/DROP {broad} would also empty the graphs only friendship-graph writes "
                "(ontology, inferred, system); drop each source's graph by name (or use "
                "'friendship-graph remove GRAPH') - nothing was written")
    check_writable_graphs([None if t == DEFAULT else t for t in sorted(targets)], "the update")


@functools.lru_cache(maxsize=8)
def _rules_of(files: tuple[str, ...], fingerprint: str) -> tuple[tuple[str, str], ...]:
    rules: list[tuple[str, str]] = []
    for path in files:
        probe = ox.Store()
        probe.extend(parse_file(path))
        for rule, construct in probe.query(RULES_QUERY):
            where = f"{path}: the rule {_rule_name(probe, rule)}"
            try:
                check_no_network(construct.value)
            except NetworkAccessError:
                raise FriendshipGraphError(
                    f"{where} uses SERVICE or LOAD: rules never reach the network; remove it "
                    "from the ontology file") from None
            try:
                if query_form(construct.value) != "CONSTRUCT":
                    raise QueryError("it is not a CONSTRUCT query")
                ox.Store().query(construct.value, prefixes=PREFIXES)
            except (QueryError, SyntaxError, ValueError) as error:
                raise FriendshipGraphError(
                    f"{where} is not valid SPARQL ({str(error).splitlines()[0]}); fix the "
                    "ontology file - nothing was written") from None
            rules.append((rule.value, construct.value))
    return tuple(sorted(rules))


def _rule_name(probe: ox.Store, rule: ox.NamedNode | ox.BlankNode) -> str:
    """How a message names a rule: its IRI, or (a blank node) the shape that holds it."""
    if isinstance(rule, ox.NamedNode):
        return f"<{rule.value}>"
    shapes = [s for s, in probe.query("SELECT ?s WHERE { ?s <http://www.w3.org/ns/shacl#rule> "
                                      f"{rule} }}") if isinstance(s, ox.NamedNode)]
    return f"of <{shapes[0].value}>" if shapes else "(a blank node)"


def ontology_rules(files: Sequence[str | os.PathLike[str]] | None = None,
                   ) -> tuple[tuple[str, str], ...]:
    """The rules, ``(rule IRI, CONSTRUCT)``, of the ontology files (default:
    :func:`~friendship_graph.ontology.ontology_files`) - never of the data: a rule is read
    from the files the program trusts, checked to be a valid CONSTRUCT without ``SERVICE``
    or ``LOAD``, or refused with one line naming its file. Cached per fingerprint."""
    paths = tuple(str(p) for p in (ontology_files() if files is None else files))
    return _rules_of(paths, ontology_fingerprint(paths))


# --------------------------------------------------------------------------- results


#: Rows a query result shows in a notebook (``_repr_html_``).
_SHOWN_ROWS = 50


def _python_text(term: Node | None) -> str:
    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _python_value(term: Node | None) -> Any:
    """A term as a value for a data frame (see :meth:`QueryResult.to_dataframe`)."""
    if isinstance(term, Literal):
        value = term.toPython()
        return value if not isinstance(value, Literal) else str(term)
    return None if term is None else _python_text(term)


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

    def to_dataframe(self):  # noqa: ANN201 - pandas.DataFrame
        """The result as a :class:`pandas.DataFrame` (needs the ``pandas`` extra:
        ``pip install 'friendship-graph[pandas]'``).

        SELECT: one column per variable, one row per solution; IRIs and blank nodes as
        strings (``_:id``), literals as Python values where rdflib knows one (numbers, dates,
        booleans; else their text), unbound as ``None``. CONSTRUCT/DESCRIBE: the columns
        ``subject``, ``predicate``, ``object``. ASK: one column ``boolean``.
        """
        try:
            import pandas
        except ImportError:
            raise FriendshipGraphError("to_dataframe needs pandas: pip install "
                                       "'friendship-graph[pandas]'") from None
        if self.kind == "ask":
            return pandas.DataFrame({"boolean": [bool(self.boolean)]})
        columns = self.variables if self.kind == "select" else ["subject", "predicate", "object"]
        rows = self.rows if self.kind == "select" else self.triples
        return pandas.DataFrame([[_python_value(t) for t in row] for row in rows],
                                columns=list(columns), dtype=object)

    def _repr_html_(self) -> str:
        """An HTML table for Jupyter: the first 50 rows, every value escaped."""
        from html import escape

        if self.kind == "ask":
            return f"<p>ASK: <b>{'true' if self.boolean else 'false'}</b></p>"
        columns = self.variables if self.kind == "select" else ["subject", "predicate", "object"]
        rows = self.rows if self.kind == "select" else self.triples
        head = "".join(f"<th>{escape(c)}</th>" for c in columns)
        body = "".join("<tr>" + "".join(f"<td>{escape(_python_text(t))}</td>" for t in row)
                       + "</tr>" for row in rows[:_SHOWN_ROWS])
        more = len(rows) - _SHOWN_ROWS
        note = f"{len(rows)} row(s)" + (f", the first {_SHOWN_ROWS} shown" if more > 0 else "")
        return (f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
                f"<p>{escape(note)}</p>")

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


# --------------------------------------------------------------------------- shared helpers


def ontology_fingerprint(files: Iterable[str | os.PathLike[str]]) -> str:
    """A hash of the ontology files' names and contents (a store records the one it holds)."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(Path(path).name.encode())
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


def with_pending_mark(update: str) -> str:
    """A SPARQL update followed by the "inference pending" mark, so that both go in with one
    request (one transaction): a crash, or a server stopping the update, before the rules ran
    is repaired on the next write."""
    return (f"{update.rstrip().rstrip(';')}\n;\n"
            f"INSERT DATA {{ GRAPH {PENDING_MARK.graph_name} {{ {PENDING_MARK.triple} }} }}")


def without_pending_mark() -> str:
    """The SPARQL update that removes the "inference pending" mark."""
    return f"DELETE DATA {{ GRAPH <{SYSTEM_GRAPH}> {{ {PENDING_MARK.triple} }} }}"


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


def limit_results(items: Iterable[Any], limit: int | None, unit: str) -> Iterator[Any]:
    """The items of a result as they are produced, raising
    :class:`~friendship_graph.errors.ResultLimitError` at the one past ``limit`` (``None``:
    no limit), so that a huge result is stopped before it is built (every backend)."""
    if limit is None:
        yield from items
        return
    for count, item in enumerate(items):
        if count >= limit:
            raise ResultLimitError(limit, unit)
        yield item


def packed_select(store: Store, columns: Sequence[str], where: str) -> list[tuple[str, ...]]:
    """Run a SELECT whose solutions come back packed in one string (GROUP_CONCAT), so that a
    large result costs one term instead of one per value; split into rows of ``columns``.

    Every column must be an expression that cannot fail and holds no tab or newline (IRIs
    through STR, values through :func:`~friendship_graph.store.terms.escaped_value`). Should
    an endpoint fail to aggregate, the solutions are read one by one instead.
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


# --------------------------------------------------------------------------- the interface


class Store(ABC):
    """The friendship graph: an RDF dataset with SPARQL, atomic loads and derived facts.

    Open one with :meth:`open` (on disk), :meth:`memory` (in memory, for tests and scripts),
    :meth:`remote` (a SPARQL 1.1 server) or :func:`friendship_graph.store.open_store` (what
    the command line does), or use :func:`friendship_graph.store.default_store` (the bundled
    data, built on first use). Use it as a context manager so the lock on an on-disk store is
    released. Every backend answers the same methods the same way.

    >>> from friendship_graph.store import Store
    >>> with Store.memory() as store:
    ...     store.query("ASK { ?c rdfs:subClassOf fg:City }").boolean
    True
    """

    #: The backends by name; each registers itself: ``class X(Store, backend="name")``.
    backends: ClassVar[dict[str, type[Store]]] = {}

    path: Path | None = None
    read_only: bool = False
    allow_network: bool = False
    #: The ontology files loaded into this store (None: the current ``ontology_files()``).
    _ontology_files: tuple[str, ...] | None = None

    def __init_subclass__(cls, *, backend: str | None = None, **options: Any) -> None:
        super().__init_subclass__(**options)
        if backend:
            Store.backends[backend] = cls

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def memory(cls, *, ontology: bool = True, allow_network: bool = False) -> Store:
        """A new in-memory store, holding the bundled ontology unless ``ontology=False``."""
        return cls.backends["embedded"].memory(ontology=ontology, allow_network=allow_network)

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, read_only: bool = False, create: bool = True,
             allow_network: bool = False) -> Store:
        """Open (or create) an on-disk store at ``path`` (see
        :meth:`EmbeddedStore.open <friendship_graph.store.embedded.EmbeddedStore.open>`)."""
        return cls.backends["embedded"].open(path, read_only=read_only, create=create,
                                             allow_network=allow_network)

    @classmethod
    def build(cls, path: str | os.PathLike[str], files: Sequence[str | os.PathLike[str]],
              progress: Callable[[Path], None] | None = None) -> None:
        """Build a new on-disk store at ``path`` from the ontology and trusted ``files`` (see
        :meth:`EmbeddedStore.build <friendship_graph.store.embedded.EmbeddedStore.build>`)."""
        cls.backends["embedded"].build(path, files, progress)

    @classmethod
    def remote(cls, url: str, *, update_url: str | None = None, read_only: bool = False,
               timeout: float = 60.0, union: str | None = None, token: str | None = None,
               allow_network: bool = False) -> Store:
        """A store on a remote SPARQL 1.1 server (Query + Update protocols), same API.

        ``url`` is the query endpoint (``http://localhost:7878`` or ``.../query`` for
        Oxigraph); the update URL is derived from it unless given. ``union`` says how the
        server gives the union of all graphs as the default graph (``oxigraph``, ``native``
        or ``dataset``). Opening for writing loads the ontology into an empty server.
        See :mod:`friendship_graph.store.remote` and docs/endpoint.md.
        """
        return cls.backends["remote"].connect(  # type: ignore[attr-defined]
            url, update_url=update_url, read_only=read_only, timeout=timeout, union=union,
            token=token, allow_network=allow_network)

    @abstractmethod
    def close(self) -> None:
        """Release the store (flush it, and its lock if it has one)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None, *,
              max_results: int | None = None) -> QueryResult:
        """Run a SPARQL 1.1 query over the union of all graphs.

        ``bindings`` maps variable names to rdflib terms; they are bound as RDF terms with a
        ``VALUES`` block (see :func:`friendship_graph.store.sparql.bind`), never pasted as
        text. ``SERVICE`` and ``LOAD`` are refused unless the store allows network access.
        With ``max_results``, a result with more solutions (or triples) raises
        :class:`~friendship_graph.errors.ResultLimitError` as soon as the one past the limit
        is produced, so that memory stays bounded.
        """
        if not self.allow_network:
            check_no_network(sparql)
        if bindings:
            sparql = bind(sparql, bindings)
        return self._select(sparql, max_results)

    @abstractmethod
    def quads(self, subject: Node | None = None, predicate: Node | None = None,
              object: Node | None = None, graph: Node | None = None,
              ) -> Iterator[tuple[Node, Node, Node, Node | None]]:
        """Quads matching a pattern (``None`` matches anything), as rdflib terms."""

    @abstractmethod
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
        reads its structure this way).
        """

    @abstractmethod
    def graphs(self) -> list[URIRef]:
        """The named graphs, sorted."""

    @abstractmethod
    def __len__(self) -> int:
        """The number of quads."""

    def content_hash(self) -> str:
        """A SHA-256 of the sorted quads: equal exactly when the content is equal."""
        digest = hashlib.sha256()
        for line in sorted(str(quad) for quad in self._ox_quads()):
            digest.update(line.encode("utf-8"))
            digest.update(b"\n")
        return digest.hexdigest()

    def dump(self, output: str | os.PathLike[str] | IO[bytes] | None, format: str = "nq",
             graph: Node | None = None) -> bytes | None:
        """Serialise the store (or one graph) with pyoxigraph's writers: to ``output`` (a path
        or a binary stream), or returned as bytes when ``output`` is ``None``."""
        rdf_format = rdf_format_for("x." + format, None) if "." not in format else None
        rdf_format = rdf_format or rdf_format_for(format)
        if graph is None and not rdf_format.supports_datasets:
            raise FriendshipGraphError(
                f"{rdf_format.name} holds one graph; name a graph or use TriG or N-Quads"
            )
        if rdf_format == ox.RdfFormat.RDF_XML:
            _check_xml_chars(self._ox_quads(graph))
        return self._dump(output, rdf_format, graph)

    # -- writing ---------------------------------------------------------------------------

    def _writable(self) -> None:
        if self.read_only:
            raise FriendshipGraphError("the store is open read-only")

    def load_files(self, paths: Sequence[str | os.PathLike[str]], *, graph: str | None = None,
                   format: str | None = None, replace: bool = False,
                   canonicalize: bool = False, check: LoadCheck | None = None) -> LoadReport:
        """Load RDF files, each into its own named graph, all or nothing.

        Triples files (Turtle, N-Triples, RDF/XML, JSON-LD) go to ``graph`` or to
        ``graph:<file stem>``; quad files (TriG, N-Quads) keep their graphs, and their
        default-graph triples go to that graph too. With ``replace`` the target graphs are
        emptied first (in the same transaction). ``check`` sees the parsed quads before
        anything is written and refuses them by raising a LoadError (to check against the
        shapes: ``check=friendship_graph.validate.check_shapes``).

        Every file is parsed completely before anything is written; a parse error raises
        :class:`~friendship_graph.errors.LoadError` naming the file and line. So does a typed
        literal the store would not keep as written (``"01"^^xsd:integer`` is kept as ``"1"``),
        unless ``canonicalize`` accepts that rewriting. A backend that refuses the write (a
        remote server's error) raises a LoadError too.
        """
        self._writable()
        if graph is not None:
            graph = str(parse_iri(graph, "--graph"))
            check_writable_graphs([graph], "--graph")
        self._rules()
        report = LoadReport(files=[str(p) for p in paths], size_before=len(self))
        quads, targets = prepare_load(paths, graph=graph, format=format,
                                      canonicalize=canonicalize, check=check,
                                      reserved=RESERVED_GRAPHS)
        self._write_quads(quads, replace_graphs=sorted(targets) if replace else (),
                          paths=paths)
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
        if replace_graph is not None:
            check_writable_graphs([str(replace_graph)])
        self._rules()
        ox_quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), to_oxigraph(g))
                    for s, p, o, g in quads]
        check_writable_graphs({None if isinstance(q.graph_name, ox.DefaultGraph)
                               else q.graph_name.value for q in ox_quads})
        for quad in ox_quads:  # as a load does (rdf/files.py): XML outputs must hold it
            literal = isinstance(quad.object, ox.Literal)
            bad = first_non_xml_char(quad.object.value) if literal else None
            if bad is not None:
                raise FriendshipGraphError(
                    f"the literal {quad.object} of <{quad.subject}> holds the character "
                    f"U+{ord(bad):04X}, which XML 1.0 cannot carry - nothing was written")
        self._write_quads(ox_quads, replace_graphs=[str(replace_graph)] if replace_graph else ())
        self.run_rules()
        return len(ox_quads)

    def remove_graph(self, graph: Node) -> None:
        """Remove a named graph (a whole source) in one transaction."""
        self._writable()
        check_writable_graphs([str(graph)], "remove", "remove the sources, and the "
                              "program updates it")
        self._rules()
        self._update(with_pending_mark(f"DROP SILENT GRAPH {term_to_sparql(graph)}"))
        self.run_rules()

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update (one transaction), then recompute derived facts."""
        self._writable()
        if not self.allow_network:
            check_no_network(sparql)
        check_update(sparql)
        self._rules()
        self._update(with_pending_mark(sparql))
        self.run_rules()

    def load_ontology(self, extra: Iterable[str | os.PathLike[str]] = ()) -> None:
        """(Re)load the bundled ontology, shapes, rules and extensions, plus ``extra`` files,
        into ``graph:ontology`` in one transaction."""
        files = [*ontology_files(), *extra]
        ontology_rules(files)  # a broken rule is refused before anything is written
        self._ontology_files = tuple(str(f) for f in files)
        quads: list[ox.Quad] = []
        for path in files:
            quads.extend(parse_file(path, graph=ONTOLOGY_GRAPH, force_graph=True))
        quads.append(ox.Quad(ox.NamedNode(str(ONTOLOGY_GRAPH)), FINGERPRINT,
                             ox.Literal(ontology_fingerprint(files)),
                             ox.NamedNode(str(ONTOLOGY_GRAPH))))
        self._write_quads(quads, replace_graphs=[str(ONTOLOGY_GRAPH)])
        self.run_rules()

    def run_rules(self) -> int:
        """Recompute ``graph:inferred`` from the ``sh:SPARQLRule`` rules in the ontology.

        Each rule's CONSTRUCT runs over every graph but the inferred one; the inferred graph is
        then brought to exactly that result in one transaction, which also removes the
        "inference pending" mark. Returns the number of derived triples.
        """
        graphs = [str(g) for g in self.graphs() if g != INFERRED_GRAPH]
        derived: set[ox.Triple] = set()
        for rule, construct in self._rules():
            try:
                derived.update(self._construct(construct, graphs))
            except QueryError as error:
                raise FriendshipGraphError(
                    f"the rule <{rule}> failed: {error}") from None
        self._replace_inferred(derived)
        return len(derived)

    def _rules(self) -> tuple[tuple[str, str], ...]:
        """The rules of the ontology files this store was loaded from (see
        :func:`ontology_rules`); called before every write, so that a broken rule stops the
        write before anything is written."""
        return ontology_rules(self._ontology_files)

    # -- the state of the store ------------------------------------------------------------

    def _inference_pending(self) -> bool:
        """True when a write was interrupted before the rules ran."""
        mark = PENDING_MARK
        return any(True for _ in self.quads(to_rdflib(mark.subject), to_rdflib(mark.predicate),
                                            None, to_rdflib(mark.graph_name)))

    def _ontology_outdated(self) -> bool:
        """True when the ontology files differ from those last loaded into the store."""
        ontology = URIRef(str(ONTOLOGY_GRAPH))
        recorded = [str(o) for _, _, o, _ in self.quads(ontology, to_rdflib(FINGERPRINT),
                                                        None, ontology)]
        return recorded != [ontology_fingerprint(ontology_files())]

    # -- what each backend implements ------------------------------------------------------

    @abstractmethod
    def _select(self, sparql: str, max_results: int | None = None) -> QueryResult:
        """Run a query (already checked and bound) over the union of all graphs, stopping
        with ResultLimitError past ``max_results`` solutions or triples."""

    @abstractmethod
    def _construct(self, sparql: str, graphs: list[str]) -> Iterable[ox.Triple]:
        """Run a CONSTRUCT with the union of ``graphs`` as its default graph; raise
        :class:`~friendship_graph.errors.QueryError` when it is not valid SPARQL."""

    @abstractmethod
    def _update(self, sparql: str) -> None:
        """Run a SPARQL update (one transaction), with the project's prefixes; raise
        :class:`~friendship_graph.errors.QueryError` when it is not valid."""

    @abstractmethod
    def _write_quads(self, quads: list[ox.Quad], replace_graphs: Iterable[str] = (),
                     paths: Sequence[str | os.PathLike[str]] = ()) -> None:
        """Empty ``replace_graphs`` and add ``quads`` and the "inference pending" mark in one
        transaction. A refused write of the files ``paths`` raises a LoadError naming them."""

    @abstractmethod
    def _replace_inferred(self, derived: set[ox.Triple]) -> None:
        """Make ``graph:inferred`` exactly ``derived`` and remove the pending mark, in one
        transaction."""

    @abstractmethod
    def _ox_quads(self, graph: Node | None = None) -> Iterable[ox.Quad]:
        """Every quad (of ``graph``, when given) as pyoxigraph quads."""

    @abstractmethod
    def _dump(self, output: str | os.PathLike[str] | IO[bytes] | None,
              rdf_format: ox.RdfFormat, graph: Node | None) -> bytes | None:
        """Serialise (see :meth:`dump`; the format is checked)."""
