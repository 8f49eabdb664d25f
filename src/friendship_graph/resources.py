"""Where the bundled ontology and data files are, and the user's data directory.

In an installed wheel they are package resources (``friendship_graph.ontology_files`` and
``friendship_graph.data_files``, mapped from the repository's ``ontology/`` and ``data/`` by
``pyproject.toml``); in a source checkout or an editable install they are those folders.
The data directory (``$FRIENDSHIP_GRAPH_HOME``, else the platform's user data folder) holds
the default stores and the user's ontology extensions (``extensions/*.ttl``).
"""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path

__all__ = ["ontology_dir", "data_dir", "queries_dir", "data_home", "user_extensions_dir",
           "HOME_ENV", "new_file_mode", "checkout_dir"]

#: Environment variable naming the data directory (default stores, user extensions).
HOME_ENV = "FRIENDSHIP_GRAPH_HOME"

_CHECKOUT = Path(__file__).resolve().parents[2]


def _resource_dir(package: str, checkout_name: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            if Path(location).is_dir():
                return Path(location)
    return _CHECKOUT / checkout_name


_UMASK_LOCK = threading.Lock()


def new_file_mode() -> int:
    """The permissions a new file gets under the user's umask (``0o666 & ~umask``), as
    ``open()`` would give it. Files written through a temporary file (``tempfile.mkstemp``
    makes them ``0o600``) are set to this before they replace the target, so others can open
    an export the same way as any file the user writes."""
    with _UMASK_LOCK:  # reading the umask means setting it: keep other threads out
        mask = os.umask(0o022)
        os.umask(mask)
    return 0o666 & ~mask


def checkout_dir() -> Path | None:
    """The source checkout this package runs from (editable install or ``src/`` on the
    path), or ``None`` for an installed wheel."""
    if (_CHECKOUT / "pyproject.toml").is_file() and data_dir() == _CHECKOUT / "data":
        return _CHECKOUT
    return None


def ontology_dir() -> Path:
    """The folder holding ``core.ttl``, ``shapes.ttl`` and ``extensions/``."""
    return _resource_dir("friendship_graph.ontology_files", "ontology")


def data_dir() -> Path:
    """The folder holding the bundled datasets."""
    return _resource_dir("friendship_graph.data_files", "data")


def queries_dir() -> Path:
    """The folder holding the named queries (``*.rq``)."""
    return Path(__file__).resolve().parent / "queries"


def data_home() -> Path:
    """The user's data directory: ``$FRIENDSHIP_GRAPH_HOME``, else the platform's user data
    folder for friendship-graph (``~/.local/share/friendship-graph`` on Linux)."""
    from platformdirs import user_data_dir

    return Path(os.environ.get(HOME_ENV) or user_data_dir("friendship-graph", appauthor=False))


def user_extensions_dir() -> Path:
    """The folder of the user's own ontology extensions, read by every command."""
    return data_home() / "extensions"
