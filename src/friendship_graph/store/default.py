"""The default store: the bundled ontology and data (and a project's), built on first use.

The first command on a fresh install builds an on-disk Oxigraph store from the package's
``ontology/`` and ``data/`` into the user data directory (``platformdirs``), named after a hash
of those files; later commands open it read-only in milliseconds. When the bundled files change
(a new release), the hash changes and a new store is built; old ones are removed. See
``docs/decisions/0002-default-store.md``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from ..errors import FriendshipGraphError
from ..ontology import ontology_files
from ..project import find_project
from ..rdf.files import RDF_EXTENSIONS
from ..resources import HOME_ENV, data_dir, data_home
from .base import ontology_fingerprint
from .embedded import EmbeddedStore, StoreLock

__all__ = ["bundled_data_files", "default_data_files", "default_store_path", "default_store",
           "build_store", "HOME_ENV"]


def bundled_data_files() -> list[Path]:
    """The RDF files shipped in ``data/`` (also ``.gz``-compressed ones), sorted."""
    out = []
    for path in sorted(data_dir().rglob("*")):
        name = path.name[:-3] if path.name.endswith(".gz") else path.name
        if path.is_file() and Path(name).suffix.lower() in RDF_EXTENSIONS:
            out.append(path)
    return out


def default_data_files() -> list[Path]:
    """The data of the default store: the bundled files, then the data files the project's
    ``friendship-graph.toml`` names (see :mod:`friendship_graph.project`)."""
    project = find_project()
    return bundled_data_files() + (list(project.data) if project else [])


def default_store_path() -> Path:
    """Where the default store for the current ontology and data files lives."""
    files = [*ontology_files(), *default_data_files()]
    return data_home() / f"store-{ontology_fingerprint(files)}"


def build_store(path: Path, files: list[Path],
                progress: Callable[[Path], None] | None = None) -> None:
    """Build a store at ``path`` from the ontology and ``files`` (see
    :meth:`EmbeddedStore.build <friendship_graph.store.embedded.EmbeddedStore.build>`).
    Used for the default store and ``init``."""
    EmbeddedStore.build(path, files, progress)


def _prune(home: Path, keep: int) -> None:
    """Remove all but the ``keep`` most recently built default stores."""
    stores = sorted((p for p in home.glob("store-*") if p.is_dir() and ".tmp-" not in p.name),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in stores[keep:]:
        shutil.rmtree(old, ignore_errors=True)
        Path(str(old) + ".lock").unlink(missing_ok=True)


def default_store(*, read_only: bool = True,
                  progress: Callable[[Path], None] | None = None) -> EmbeddedStore:
    """Open the default store, building it first if the bundled files changed."""
    path = default_store_path()
    if not (path / "CURRENT").exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        guard = StoreLock(path.parent / "build", exclusive=True, blocking=True)
        try:
            if not (path / "CURRENT").exists():
                tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
                shutil.rmtree(tmp, ignore_errors=True)
                try:
                    build_store(tmp, default_data_files(), progress)
                except FriendshipGraphError:
                    shutil.rmtree(tmp, ignore_errors=True)
                    raise
                os.replace(tmp, path)
                _prune(path.parent, keep=3)
        finally:
            guard.release()
    return EmbeddedStore.open(path, read_only=read_only)
