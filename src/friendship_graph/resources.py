"""Where the bundled ontology and data files are.

In an installed wheel they are package resources (``friendship_graph.ontology_files`` and
``friendship_graph.data_files``, mapped from the repository's ``ontology/`` and ``data/`` by
``pyproject.toml``); in a source checkout or an editable install they are those folders.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

__all__ = ["ontology_dir", "data_dir", "queries_dir"]

_CHECKOUT = Path(__file__).resolve().parents[2]


def _resource_dir(package: str, checkout_name: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            if Path(location).is_dir():
                return Path(location)
    return _CHECKOUT / checkout_name


def ontology_dir() -> Path:
    """The folder holding ``core.ttl``, ``shapes.ttl`` and ``extensions/``."""
    return _resource_dir("friendship_graph.ontology_files", "ontology")


def data_dir() -> Path:
    """The folder holding the bundled datasets."""
    return _resource_dir("friendship_graph.data_files", "data")


def queries_dir() -> Path:
    """The folder holding the named queries (``*.rq``)."""
    return Path(__file__).resolve().parent / "queries"
