"""The embedded store: Oxigraph (pyoxigraph, RocksDB underneath) on disk or in memory.

The default backend: it needs no server. An on-disk store is guarded by a lock file next to it
(:class:`StoreLock`): readers share it, a writer has it alone, and a process that cannot have
it is told at once that the store is in use instead of waiting.
"""

from __future__ import annotations

import fcntl
import io
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from ..errors import FriendshipGraphError, QueryError, StoreInUseError
from ..rdf.files import RDF_EXTENSIONS, graph_for_file, load_error, open_binary, syntax_message
from ..rdf.terms import to_oxigraph, to_rdflib
from ..vocab import INFERRED_GRAPH, PREFIXES
from .base import PENDING_MARK, QueryResult, Store, limit_results, without_pending_mark

__all__ = ["EmbeddedStore", "StoreLock"]


class StoreLock:
    """An advisory lock next to an on-disk store: shared for readers, exclusive for writers.

    ``flock`` on ``<store>.lock`` next to the store's real folder (symbolic links resolved,
    so that every way of naming a store takes the same lock): the kernel releases it when the
    process ends, however it ends (see docs/decisions/0005-architecture-review.md for why
    not ``filelock``).
    """

    def __init__(self, path: Path, exclusive: bool, blocking: bool = False) -> None:
        real = path.resolve()
        self.path = real.with_name(real.name + ".lock")
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
        """Release the lock (again: nothing)."""
        if self._fd >= 0:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = -1


def _sparql_error(error: BaseException) -> QueryError:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return QueryError(f"SPARQL error: {text}")


def _to_result(result: Any, max_results: int | None = None) -> QueryResult:
    if isinstance(result, bool | ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [tuple(to_rdflib(solution[v]) for v in variables)
                for solution in limit_results(result, max_results, "rows")]
        return QueryResult(kind="select", variables=variables, rows=rows)
    triples = [(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object))
               for t in limit_results(result, max_results, "triples")]
    return QueryResult(kind="graph", triples=triples)  # type: ignore[arg-type]


class EmbeddedStore(Store, backend="embedded"):
    """A :class:`~friendship_graph.store.Store` in this process: Oxigraph on disk or in memory.

    Make one with :meth:`Store.open <friendship_graph.store.Store.open>` or
    :meth:`Store.memory <friendship_graph.store.Store.memory>`.
    """

    def __init__(self, ox_store: ox.Store, *, path: Path | None = None, read_only: bool = False,
                 lock: StoreLock | None = None, allow_network: bool = False) -> None:
        self._ox = ox_store
        self.path = path
        self.read_only = read_only
        self.allow_network = allow_network
        self._lock = lock

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def memory(cls, *, ontology: bool = True, allow_network: bool = False) -> EmbeddedStore:
        """A new in-memory store, holding the bundled ontology unless ``ontology=False``."""
        store = cls(ox.Store(), allow_network=allow_network)
        if ontology:
            store.load_ontology()
        return store

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, read_only: bool = False, create: bool = True,
             allow_network: bool = False) -> EmbeddedStore:
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
        lock = StoreLock(path, exclusive=not read_only)
        store = cls(cls._open_oxigraph(path, read_only, lock), path=path, read_only=read_only,
                    lock=lock, allow_network=allow_network)
        if not read_only:
            try:
                if not exists or store._ontology_outdated():
                    store.load_ontology()
                elif store._inference_pending():
                    store.run_rules()
            except BaseException:  # e.g. a broken rule in an extension: release the store
                store.close()
                raise
        elif store._ontology_outdated():
            # The ontology files (extensions, --ontology) changed since the store was written:
            # reload them once with a short write, then reopen read-only. When that write is
            # not possible (other readers, a read-only folder), answer from the ontology held.
            store.close()
            try:
                cls.open(path, allow_network=allow_network).close()
            except FriendshipGraphError:
                return cls(ox.Store.read_only(str(path)), path=path, read_only=True,
                           lock=StoreLock(path, exclusive=False), allow_network=allow_network)
            return cls.open(path, read_only=True, create=False, allow_network=allow_network)
        return store

    @staticmethod
    def _open_oxigraph(path: Path, read_only: bool, lock: StoreLock) -> ox.Store:
        try:
            return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
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

    @classmethod
    def build(cls, path: str | os.PathLike[str], files: Sequence[str | os.PathLike[str]],
              progress: Callable[[Path], None] | None = None) -> None:
        """Build a new on-disk store at ``path`` from the ontology and trusted ``files``
        (the bundled data; ``.gz`` files too): each file in its own named graph (quad files
        keep theirs), then the rules.

        Everything is loaded and derived in memory first, then written to disk in one
        bulk load, which is several times faster than deriving on disk. The caller builds
        into a fresh folder and renames it into place (see
        :func:`friendship_graph.store.default.default_store`).
        """
        memory = cls.memory()
        for file in files:
            file = Path(file)
            if progress:
                progress(file)
            name = file.name[:-3] if file.name.endswith(".gz") else file.name
            rdf_format = RDF_EXTENSIONS[Path(name).suffix.lower()]
            try:
                with open_binary(file) as handle:
                    memory._ox.bulk_load(handle, format=rdf_format,
                                         to_graph=ox.NamedNode(str(graph_for_file(name))))
            except (SyntaxError, OSError, ValueError) as error:
                raise load_error(file, error) from None
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

    def __len__(self) -> int:
        return len(self._ox)

    def __repr__(self) -> str:
        where = str(self.path) if self.path else "memory"
        return f"<Store {where} ({len(self)} quads{', read-only' if self.read_only else ''})>"

    # -- reading ---------------------------------------------------------------------------

    def _select(self, sparql: str, max_results: int | None = None) -> QueryResult:
        try:
            result = self._ox.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
            # Solutions are computed lazily: evaluation errors (a failed SERVICE call...)
            # surface while reading them, so read them inside the try.
            return _to_result(result, max_results)
        except (SyntaxError, ValueError) as error:
            raise _sparql_error(error) from None
        except OSError as error:
            raise QueryError(f"query failed: {syntax_message(error)}") from None

    def _construct(self, sparql: str, graphs: list[str]) -> Iterable[ox.Triple]:
        try:
            return list(self._ox.query(
                sparql, prefixes=PREFIXES,
                default_graph=[ox.NamedNode(g) for g in graphs] or [ox.DefaultGraph()]))
        except SyntaxError as error:
            raise QueryError(syntax_message(error)) from None

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
        """Statements as plain strings (see :meth:`Store.statements
        <friendship_graph.store.Store.statements>`), read from Oxigraph's indexes."""
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

    def _ox_quads(self, graph: Node | None = None) -> Iterable[ox.Quad]:
        if graph is None:
            return self._ox
        return self._ox.quads_for_pattern(None, None, None, to_oxigraph(graph))

    def _dump(self, output: str | os.PathLike[str] | IO[bytes] | None,
              rdf_format: ox.RdfFormat, graph: Node | None) -> bytes | None:
        kwargs: dict[str, Any] = {"format": rdf_format, "prefixes": PREFIXES}
        if graph is not None:
            kwargs["from_graph"] = to_oxigraph(graph)
        return self._ox.dump(output, **kwargs)

    # -- writing ---------------------------------------------------------------------------

    def _update(self, sparql: str) -> None:
        try:
            self._ox.update(sparql, prefixes=PREFIXES)
        except (SyntaxError, ValueError) as error:
            raise _sparql_error(error) from None
        except OSError as error:  # e.g. LOAD <url> (allowed) failed: nothing was changed
            raise QueryError(f"update failed, nothing was changed: {syntax_message(error)}"
                             ) from None

    def _write_quads(self, quads: list[ox.Quad], replace_graphs: Iterable[str] = (),
                     paths: Sequence[str | os.PathLike[str]] = ()) -> None:
        replace_graphs = list(replace_graphs)
        if not replace_graphs:
            self._ox.extend([*quads, PENDING_MARK])
            return
        # Empty the graphs and insert the new data in one update: one transaction.
        buffer = io.StringIO()
        for graph in replace_graphs:
            buffer.write(f"DROP SILENT GRAPH <{graph}> ;\n")
        buffer.write("INSERT DATA {\n")
        buffer.write(f"GRAPH {PENDING_MARK.graph_name} {{ {PENDING_MARK.triple} }}\n")
        for quad in quads:
            if isinstance(quad.graph_name, ox.DefaultGraph):
                buffer.write(f"{quad.triple} .\n")
            else:
                buffer.write(f"GRAPH {quad.graph_name} {{ {quad.triple} }}\n")
        buffer.write("}")
        self._ox.update(buffer.getvalue())

    def _replace_inferred(self, derived: set[ox.Triple]) -> None:
        # Delete what no longer follows and insert what is new: on disk this is several times
        # faster than dropping and rewriting the graph.
        inferred = ox.NamedNode(str(INFERRED_GRAPH))
        held = {q.triple for q in self._ox.quads_for_pattern(None, None, None, inferred)}
        stale, new = held - derived, derived - held
        operations = [without_pending_mark()]
        if stale:
            body = " ".join(f"{t} ." for t in stale)
            operations.append(f"DELETE DATA {{ GRAPH <{INFERRED_GRAPH}> {{ {body} }} }}")
        if new:
            body = " ".join(f"{t} ." for t in new)
            operations.append(f"INSERT DATA {{ GRAPH <{INFERRED_GRAPH}> {{ {body} }} }}")
        self._ox.update(" ;\n".join(operations))
