"""What every importer shares, in one place: the import report, provenance, progress, reading
text files, and the writer that turns resolved pairs of places into partnerships.

An importer parses its whole input first (a malformed file raises :class:`ImportFileError`
before anything is written), resolves every mention of a place with
:class:`~friendship_graph.importers.resolver.Resolver`, builds the quads of ONE named graph
(``graph:<source name>``), and writes them with ``store.add_quads(quads, replace_graph=...)``:
one transaction, so re-importing a source replaces it.

The names are defined, one topic per module, in :mod:`.report` (the report and the reasons
rows are rejected), :mod:`.parsing` (text files, CSV rows, coordinates, dates),
:mod:`.progress`, :mod:`.provenance` (the dataset a graph is derived from), :mod:`.terms`
(kinds and statuses looked up in the ontology), :mod:`.builder` (the graph builder) and
:mod:`.partnerships` (pairs of places -> partnerships); this module gathers them.
"""

from __future__ import annotations

from .builder import GraphBuilder, PlaceMention, check_mention
from .parsing import normalise, parse_coordinate, parse_date, read_csv_rows, read_text
from .partnerships import (
    PairRecord,
    PairWriter,
    PartnershipIndex,
    import_records,
    partnership_classes,
    partnership_iri,
    write_pairs,
)
from .progress import progress_bar, status_line
from .provenance import Dataset, start_import
from .report import (
    REASON_COORDINATE,
    REASON_COUNTRY,
    REASON_DATE,
    REASON_EMPTY_NAME,
    REASON_SELF_PAIR,
    REASON_VALUE,
    ImportFileError,
    ImportReport,
)
from .terms import cached_term, ontology_term

__all__ = [
    "ImportFileError", "ImportReport", "Dataset", "PlaceMention", "PairRecord", "GraphBuilder",
    "write_pairs", "read_text", "parse_coordinate", "parse_date", "progress_bar",
    "REASON_EMPTY_NAME", "REASON_SELF_PAIR", "REASON_COORDINATE", "REASON_COUNTRY",
    "REASON_DATE", "REASON_VALUE",
    "status_line", "read_csv_rows", "normalise", "start_import", "import_records",
    "partnership_iri", "partnership_classes", "PartnershipIndex", "PairWriter",
    "check_mention", "ontology_term", "cached_term",
]
