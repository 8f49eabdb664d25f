"""What an import did: the :class:`ImportReport` (counts, how places were resolved, rejected
rows with their reasons, conflicts, the review list, positions outside their country,
suspected mislabelled countries, timings) and :class:`ImportFileError` for a file that
cannot be imported at all."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import FriendshipGraphError
from ..geo.checks import Mislabelled, PositionCheck, mislabelled_countries
from .review import ReviewItem

__all__ = [
    "ImportFileError", "ImportReport", "REASON_EMPTY_NAME", "REASON_SELF_PAIR",
    "REASON_COORDINATE", "REASON_COUNTRY", "REASON_DATE", "REASON_VALUE",
]

REASON_EMPTY_NAME = "empty name"
REASON_SELF_PAIR = "self-pair"
REASON_COORDINATE = "unparseable coordinate"
REASON_COUNTRY = "unknown country"
REASON_DATE = "unparseable date"
REASON_VALUE = "unknown value"


class ImportFileError(FriendshipGraphError):
    """The input file cannot be imported at all (encoding, columns, format); nothing was written."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message} (nothing was imported)")


@dataclass
class ImportReport:
    """What an import did. ``rejected`` and ``conflicts`` hold ``(row, reason, detail)``."""

    importer: str = ""
    graph: str = ""
    files: list[str] = field(default_factory=list)
    rows_read: int = 0
    places_created: int = 0
    places_merged: int = 0  # distinct places of the store (other sources) this import reused
    partnerships_created: int = 0
    partnerships_merged: int = 0  # partnerships already in the store (another source)
    duplicate_rows: int = 0  # rows repeating a pair already read from this source
    nodes_created: int = 0  # generic nodes (edges importer)
    edges_created: int = 0
    quads_written: int = 0
    #: places of the store reached by each method: "id", "name" (equal names), "score"
    #: (other names, each spelling once) and "decision" (a curator's merge)
    merged_by: dict[str, int] = field(default_factory=dict)
    rejected: list[tuple[str, str, str]] = field(default_factory=list)
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)
    #: merges made on a score, and likely duplicates left apart, for a curator
    review: list[ReviewItem] = field(default_factory=list)
    #: (iso, check) of every position the source gives a place (once per place)
    positions: list[tuple[str, PositionCheck]] = field(default_factory=list)
    #: (row, place, detail) of the positions outside the place's country
    outside: list[tuple[str, str, str]] = field(default_factory=list)
    #: (row, place) whose position outside its country this source corrected
    corrected: list[tuple[str, str]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def reject(self, row: int | str, reason: str, detail: str = "") -> None:
        self.rejected.append((str(row), reason, detail))

    def conflict(self, row: int | str, kind: str, detail: str) -> None:
        self.conflicts.append((str(row), kind, detail))

    @property
    def rejected_by_reason(self) -> dict[str, int]:
        return dict(sorted(Counter(reason for _, reason, _ in self.rejected).items()))

    @property
    def conflicts_by_kind(self) -> dict[str, int]:
        return dict(sorted(Counter(kind for _, kind, _ in self.conflicts).items()))

    @property
    def mislabelled(self) -> list[Mislabelled]:
        """Countries the source seems to give places of another country."""
        return mislabelled_countries(self.positions)

    @property
    def kept_apart(self) -> int:
        return sum(1 for item in self.review if item.outcome == "kept apart")

    def summary(self) -> str:
        """A few lines for stderr."""
        lines = [f"import {self.importer} -> {self.graph}: {self.rows_read} rows read"]
        if self.places_created or self.places_merged:
            lines.append(f"  places: {self.places_created} created, {self.places_merged} "
                         "merged with places already in the store")
            how = ", ".join(f"{n} by {k}" for k, n in sorted(self.merged_by.items()))
            if how:
                lines.append(f"  resolution: {how}; {self.kept_apart} likely duplicates kept "
                             "apart for review")
        if self.partnerships_created or self.partnerships_merged or self.duplicate_rows:
            lines.append(f"  partnerships: {self.partnerships_created} created, "
                         f"{self.partnerships_merged} merged with partnerships already in "
                         f"the store, {self.duplicate_rows} duplicate rows")
        if self.nodes_created or self.edges_created:
            lines.append(f"  nodes: {self.nodes_created}, edges: {self.edges_created}")
        rejected = ", ".join(f"{n} {r}" for r, n in self.rejected_by_reason.items())
        lines.append(f"  rejected: {len(self.rejected)} rows" + (f" ({rejected})" if rejected
                                                                 else ""))
        if self.conflicts:
            kinds = ", ".join(f"{n} {k}" for k, n in self.conflicts_by_kind.items())
            lines.append(f"  conflicts (not merged): {len(self.conflicts)} ({kinds})")
        if self.positions:
            lines.append(f"  positions: {len(self.outside)} of {len(self.positions)} outside "
                         f"the place's country, {len(self.corrected)} corrected")
        for item in self.mislabelled:
            lines.append(f"  suspected mislabelled country: {item.detail}")
        lines.append(f"  {self.quads_written} quads written")
        return "\n".join(lines)

    def write_csv(self, path: str | Path) -> None:
        """Every rejected row and conflict: ``row,kind,reason,detail``; the details quote the
        input, so cells a spreadsheet would run as formulas are neutralised
        (:func:`~friendship_graph.results.spreadsheet_safe`)."""
        from ..results import spreadsheet_safe

        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["row", "kind", "reason", "detail"])
            for row, reason, detail in self.rejected:
                writer.writerow([row, "rejected", spreadsheet_safe(str(reason)),
                                 spreadsheet_safe(str(detail))])
            for row, kind, detail in self.conflicts:
                writer.writerow([row, "conflict", spreadsheet_safe(str(kind)),
                                 spreadsheet_safe(str(detail))])
            for row, place, detail in self.outside:
                writer.writerow([row, "position", "outside the country",
                                 spreadsheet_safe(f"{place}: {detail}")])
            for row, place in self.corrected:
                writer.writerow([row, "position", "corrected", spreadsheet_safe(str(place))])
            for item in self.mislabelled:
                writer.writerow(["", "country", "suspected mislabelled",
                                 spreadsheet_safe(str(item.detail))])
            for item in self.review:
                writer.writerow([item.row, "resolution", item.outcome, spreadsheet_safe(
                    f"{item.place} ({item.label!r}) ~ {item.candidate} "
                    f"({item.candidate_label!r}): {item.score:g}, {item.reasons}")])

    def to_dict(self) -> dict[str, Any]:
        return {
            "importer": self.importer, "graph": self.graph, "files": self.files,
            "rows_read": self.rows_read, "places_created": self.places_created,
            "places_merged": self.places_merged,
            "partnerships_created": self.partnerships_created,
            "partnerships_merged": self.partnerships_merged,
            "duplicate_rows": self.duplicate_rows, "nodes_created": self.nodes_created,
            "edges_created": self.edges_created, "quads_written": self.quads_written,
            "rejected": len(self.rejected), "rejected_by_reason": self.rejected_by_reason,
            "conflicts": len(self.conflicts), "conflicts_by_kind": self.conflicts_by_kind,
            "merged_by": dict(sorted(self.merged_by.items())),
            "review": len(self.review), "kept_apart": self.kept_apart,
            "positions": len(self.positions), "positions_outside": len(self.outside),
            "positions_corrected": len(self.corrected),
            "mislabelled_countries": [
                {"stated": m.stated, "lies_in": m.lies_in, "outside": m.outside,
                 "total": m.total} for m in self.mislabelled],
        }
