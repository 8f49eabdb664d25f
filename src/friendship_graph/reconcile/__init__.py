"""Reconciliation: match names from a spreadsheet (or OpenRefine) against the store's places
and organisations, with the project's one ranking rule (:mod:`friendship_graph.names`).

* :func:`find_candidates` (in :mod:`.candidates`): the things whose names match a text.
* :class:`Reconciler` (in :mod:`.service`): the W3C Entity Reconciliation API's answers
  (manifest, batches of queries with type and property constraints, suggest, preview)
  as JSON-ready values; ``friendship-graph serve`` answers it at ``/reconcile``.

"""

from __future__ import annotations

from .candidates import Candidate, NameIndex, find_candidates
from .service import MAX_LIMIT, MAX_QUERIES, ReconcileError, Reconciler

__all__ = ["Candidate", "NameIndex", "find_candidates", "Reconciler", "ReconcileError",
           "MAX_QUERIES", "MAX_LIMIT"]
