"""Importers: third-party data in the ontology's terms, one named graph per source.

One module and one public function per format:

* ``pairs`` -- :func:`~friendship_graph.importers.pairs.import_pairs` (CSV/TSV of place pairs);
* ``template`` -- :func:`~friendship_graph.importers.template.import_template` (the librarians'
  spreadsheet);
* ``gexf`` / ``graphml`` / ``json`` -- :func:`~friendship_graph.importers.gexf.import_gexf`,
  :func:`~friendship_graph.importers.gexf.import_graphml`,
  :func:`~friendship_graph.importers.gexf.import_json` (networks this project exported come
  back as the statements they were projected from: :mod:`.projected`);
* ``edges`` -- :func:`~friendship_graph.importers.edges.import_edges` (KONECT/SNAP edge lists).

:func:`run_import` picks one by name (what ``friendship-graph import FORMAT`` calls). Shared
parts, in the order an import uses them: :mod:`.parsing` (text files, CSV rows, coordinates,
dates), :mod:`.countries` (ISO 3166 with pycountry), :mod:`.identifiers` (Q-ids, GeoNames ids,
ISO 3166-2 codes), :mod:`.places` (names, slugs, the store's places), :mod:`.resolver` (entity
resolution, scored by :mod:`.scoring`), :mod:`.quality` (positions against the countries'
outlines), :mod:`.review` (the review list and the curators' decisions), :mod:`.terms` (kinds
and statuses named in the ontology), :mod:`.builder` (the quads of one source graph),
:mod:`.partnerships` (pairs of places -> partnerships), :mod:`.provenance` (the dataset a
graph comes from), :mod:`.report` and :mod:`.progress`; :mod:`.common` gathers their names.
:mod:`.world` builds the bundled world network. See ``docs/importers.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["FORMATS", "run_import"]

#: Importer name -> "module:function".
FORMATS: dict[str, str] = {
    "pairs": "pairs:import_pairs",
    "template": "template:import_template",
    "gexf": "gexf:import_gexf",
    "graphml": "gexf:import_graphml",
    "json": "gexf:import_json",
    "edges": "edges:import_edges",
}


def run_import(store: Store, format: str, paths: Sequence[str | Path], **options: Any):  # noqa: ANN201
    """Run the importer called ``format`` on ``paths``; returns its ImportReport."""
    import importlib

    from ..errors import FriendshipGraphError

    if format not in FORMATS:
        raise FriendshipGraphError(f"unknown import format {format!r}; use one of "
                                   + ", ".join(FORMATS))
    module, function = FORMATS[format].split(":")
    importer = getattr(importlib.import_module(f"{__name__}.{module}"), function)
    return importer(store, list(paths), **options)
