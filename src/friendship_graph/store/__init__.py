"""The RDF store: one interface, two backends, and one way to open a store.

This package is the only place that knows which backend holds the data:

* :mod:`.base` - the :class:`Store` interface and what every backend shares (the layout of a
  store: a named graph per source, the ontology graph, the inferred graph and the rules that
  fill it, the "inference pending" mark; all-or-nothing loads);
* :mod:`.embedded` - Oxigraph in this process, on disk (with its lock) or in memory;
* :mod:`.remote` - a SPARQL 1.1 server, over the SPARQL 1.1 Protocol;
* :mod:`.default` - the default store, built from the bundled data on first use.

Everything above it talks to a :class:`Store` with rdflib terms, so the rest of the code works
the same on every backend. Open a store with :func:`open_store` (what the command line and the
server do) or with ``Store.open(path)``, ``Store.memory()`` or ``Store.remote(url)``.

Files, terms and SPARQL text are read and written by :mod:`friendship_graph.rdf`; the names
below are re-exported from there for convenience.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..errors import FriendshipGraphError
from ..rdf.files import RDF_EXTENSIONS, graph_for_file, parse_file, rdf_format_for
from ..rdf.sparql import check_no_network
from ..rdf.terms import term_to_sparql, to_oxigraph, to_rdflib
from .base import LoadReport, QueryResult, Store, packed_select
from .default import default_store
from .embedded import EmbeddedStore
from .remote import RemoteStore

__all__ = [
    "Store",
    "EmbeddedStore",
    "RemoteStore",
    "QueryResult",
    "LoadReport",
    "open_store",
    "default_store",
    "packed_select",
    "parse_file",
    "to_rdflib",
    "to_oxigraph",
    "term_to_sparql",
    "rdf_format_for",
    "graph_for_file",
    "check_no_network",
    "RDF_EXTENSIONS",
]


def open_store(path: str | os.PathLike[str] | None = None, endpoint: str | None = None, *,
               write: bool = False, allow_network: bool = False,
               progress: Callable[[Path], None] | None = None) -> Store:
    """Open the store to work on: the one at ``path``, the SPARQL server at ``endpoint``, or
    (neither given) the default store.

    With ``write`` the store is opened for writing (an on-disk store is created when there is
    none at ``path``); the default store is read-only. ``allow_network`` lets SPARQL
    ``SERVICE`` and ``LOAD`` fetch from the network. ``progress`` is told about each file
    when the default store has to be built first.
    """
    if endpoint:  # a remote SPARQL 1.1 server (see docs/endpoint.md)
        if path:
            raise FriendshipGraphError("give --store PATH or --endpoint URL, not both (check "
                                       "$FRIENDSHIP_GRAPH_STORE and $FRIENDSHIP_GRAPH_ENDPOINT)")
        return RemoteStore.connect(endpoint, read_only=not write, allow_network=allow_network)
    if path:
        return EmbeddedStore.open(path, read_only=not write, create=write,
                                  allow_network=allow_network)
    if write:
        raise FriendshipGraphError(
            "name the store to write with --store PATH (or FRIENDSHIP_GRAPH_STORE); the "
            "default store is rebuilt from the bundled data and is read-only. "
            "'friendship-graph --store PATH init' makes a store holding the bundled data."
        )
    store = default_store(progress=progress)
    store.allow_network = allow_network
    return store
