"""The errors the library raises. The CLI prints them as one line; nothing else leaks out."""

from __future__ import annotations

__all__ = [
    "FriendshipGraphError",
    "LoadError",
    "StoreInUseError",
    "QueryError",
    "ParameterError",
    "NetworkAccessError",
    "RemoteStoreError",
    "ResultLimitError",
    "ReservedGraphError",
    "UnrepresentableError",
]


class FriendshipGraphError(Exception):
    """Base class: a problem the user can act on. ``str(error)`` is the one-line message."""


class LoadError(FriendshipGraphError):
    """A file could not be loaded; the store is unchanged."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message} (nothing was loaded)")


class StoreInUseError(FriendshipGraphError):
    """Another process is writing the store."""


class QueryError(FriendshipGraphError):
    """A query is malformed or failed."""


class ResultLimitError(QueryError):
    """A query's result has more rows (or triples) than the limit it was run with; it was
    stopped as soon as the limit was passed."""

    def __init__(self, limit: int, unit: str) -> None:
        self.limit = limit
        self.unit = unit
        super().__init__(f"the result has more than {limit} {unit}, the limit "
                         "(--max-results); add a LIMIT or narrow the query")


class UnrepresentableError(FriendshipGraphError):
    """A result holds what the asked format cannot carry (a character XML 1.0 cannot hold in
    an XML answer); another format can."""


class ReservedGraphError(FriendshipGraphError):
    """A write would change a graph only the program writes (ontology, inferred, system)."""


class ParameterError(FriendshipGraphError):
    """A query parameter is missing, unknown or has a bad value."""


class NetworkAccessError(FriendshipGraphError):
    """Something asked for network access that was not allowed."""


class RemoteStoreError(FriendshipGraphError):
    """A remote SPARQL endpoint failed or could not be reached."""
