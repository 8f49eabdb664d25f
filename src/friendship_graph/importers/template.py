"""The ``template`` importer: the librarians' spreadsheet (``data/template/template.csv``).

One row per partnership, agreement or event, each with the source that states it. The columns
are documented in ``docs/importers.md`` and listed in :data:`COLUMNS`; only ``record``,
``place1``, ``country1`` and ``source`` are required (``place2``/``country2`` too for
partnerships and agreements). Kinds, statuses and levels are looked up in the ontology by local
name or label (``SisterCityPartnership``, ``letter of intent``, ``established``, ``city level``),
so an extension's new classes work without code changes.

Partnerships are resolved like the ``pairs`` importer's (one node per pair of places, shared
with the other sources); agreements and events get ``id:agreement/...`` and ``id:event/...``
IRIs from their ``id`` column, else from kind, places and date.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from ..vocab import DCTERMS, FG, FGC, ID, RDF, RDFS
from .builder import GraphBuilder, PlaceMention, check_mention
from .parsing import parse_date, read_csv_rows, read_text
from .partnerships import PairRecord, PairWriter
from .places import slugify
from .provenance import start_import
from .report import REASON_DATE, REASON_VALUE, ImportFileError, ImportReport
from .terms import cached_term

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["import_template", "COLUMNS", "REQUIRED", "IMPORTER_VERSION"]

IMPORTER_VERSION = "1"

#: Every column of the template, in order, with what it means.
COLUMNS: dict[str, str] = {
    "record": "partnership, agreement or event",
    "kind": "class: a partnership kind (SisterCityPartnership, FriendlyExchangeRelationship, "
            "Twinning), agreement kind (LetterOfIntent, Memorandum, FormalAgreement) or event "
            "kind (DelegationVisit, Meeting, TradeMission, Summit, ...); default: the base class",
    "id": "optional IRI slug for agreements and events (id:agreement/<id>, id:event/<id>)",
    "place1": "first place, in English as the source writes it (qualifiers allowed: "
              "'Setagaya (Tokyo)')",
    "place1_zh": "its Chinese name, if the source gives one",
    "country1": "its country (any common English name or ISO code)",
    "lat1": "latitude (decimal degrees), only if the source gives it",
    "lon1": "longitude (decimal degrees), only if the source gives it",
    "place2": "second place (partnerships and agreements: required; events: optional)",
    "place2_zh": "its Chinese name",
    "country2": "its country",
    "lat2": "latitude",
    "lon2": "longitude",
    "status": "partnerships: intended, established or ended (default established)",
    "level": "partnerships: province level, city level or county level",
    "date": "YYYY, YYYY-MM or YYYY-MM-DD: start (partnership), signing (agreement), day of the "
            "event",
    "end_date": "partnerships and events: when it ended",
    "intended_on": "partnerships: when the intention was recorded",
    "label_en": "English name of the record (default: 'place1 – place2' + kind)",
    "label_zh": "Chinese name of the record",
    "quote": "the one sentence of the source that states the fact, copied exactly",
    "quote_lang": "language of the quote (zh, en, ...)",
    "paragraph": "paragraph number of the quote in the source (1 = first)",
    "source": "the source: its title (required)",
    "source_url": "the source's URL, if any",
    "source_date": "when the source was published (YYYY, YYYY-MM or YYYY-MM-DD)",
    "note": "what is uncertain, in English (becomes fg:uncertainty)",
}
REQUIRED = ("record", "place1", "country1", "source")
_RECORDS = {"partnership": FG.Partnership, "agreement": FG.Agreement, "event": FG.Event}


def _slug_id(text: str) -> str:
    return re.sub(r"[^a-z0-9/_-]+", "-", text.strip().lower()).strip("-/")


def import_template(store: Store, paths: Sequence[str | Path] | str | Path, *,
                    name: str | None = None, title: str = "", source: str = "",
                    licenses: Sequence[str] = (), rights: str = "",
                    retrieved: str | None = None, encoding: str = "utf-8",
                    delimiter: str | None = None, report: ImportReport | None = None,
                    progress: bool | None = None) -> ImportReport:
    """Import filled-in template CSV files into ``graph:<name>``, replacing that graph."""
    del progress
    if isinstance(paths, str | Path):
        paths = [paths]
    t0 = time.perf_counter()
    rows = _read_rows(paths, encoding, delimiter)
    dataset, report = start_import("template", IMPORTER_VERSION, paths, name=name, title=title,
                                   source=source, licenses=licenses, rights=rights,
                                   retrieved=retrieved, report=report,
                                   parse_time=time.perf_counter() - t0)
    report.rows_read = len(rows)
    t1 = time.perf_counter()
    writer = _RowWriter(store, GraphBuilder(store, dataset, report))
    for row_id, row in rows:
        writer.write(row_id, row)
    report.timings["resolution"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    writer.builder.write()
    report.timings["store_write"] = time.perf_counter() - t2
    return report


def _read_rows(paths: Sequence[str | Path], encoding: str, delimiter: str | None,
               ) -> list[tuple[str, dict[str, str]]]:
    """``(row id, row)`` of every data row of the files, cells stripped; a missing or an
    unknown column raises :class:`ImportFileError`. The row id is the line number, with the
    file name when there are several files."""
    rows: list[tuple[str, dict[str, str]]] = []
    for path in paths:
        header, file_rows = read_csv_rows(read_text(path, encoding), path, delimiter)
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise ImportFileError(path, f"missing template column(s) {', '.join(missing)}; "
                                  "start from data/template/template.csv", 1)
        unknown = [c for c in header if c and c not in COLUMNS]
        if unknown:
            raise ImportFileError(path, f"unknown template column(s) {', '.join(unknown)}; "
                                  "the columns are listed in docs/importers.md", 1)
        for line, row in file_rows:
            rows.append((f"{Path(path).name}:{line}" if len(paths) > 1 else str(line),
                         {k: (v or "").strip() for k, v in row.items() if k}))
    return rows


class _RowWriter:
    """States the rows of a template in its graph: one partnership, agreement or event per
    row, with its places, labels, source and quotation."""

    def __init__(self, store: Store, builder: GraphBuilder) -> None:
        self.store = store
        self.builder = builder
        self.report = builder.report
        self.pairs = PairWriter(store, builder, default_kind=FG.Partnership,
                                default_status=FGC.established)
        #: the fg:Source nodes stated so far
        self.sources: set[URIRef] = set()

    def write(self, row_id: str, row: dict[str, str]) -> None:
        """State one row, or reject it with a reason."""
        checked = self._check(row_id, row)
        if checked is None:
            return
        record, kind, dates = checked
        source_node = _source(self.builder, row, dates.get("source_date"), self.sources)
        mention1 = PlaceMention(row.get("place1", ""), row.get("country1"), row.get("lat1"),
                                row.get("lon1"))
        mention2 = PlaceMention(row.get("place2", ""), row.get("country2"), row.get("lat2"),
                                row.get("lon2"))
        if record == "partnership":
            found = self._partnership(row_id, row, mention1, mention2, dates)
        else:
            found = self._agreement_or_event(row_id, row, record, kind, (mention1, mention2),
                                             dates)
        if found is not None:
            self._describe(row_id, row, *found, source_node)

    def _check(self, row_id: str, row: dict[str, str],
               ) -> tuple[str, URIRef, dict[str, Literal]] | None:
        """The record type, the kind and the dates of a row; ``None`` (and the row rejected)
        when one of them, or the source, is missing or not understood."""
        record = row.get("record", "").lower()
        if record not in _RECORDS:
            self.report.reject(row_id, REASON_VALUE, f"record {row.get('record')!r} is not "
                               "partnership, agreement or event")
            return None
        dates = {}
        for column in ("date", "end_date", "intended_on", "source_date"):
            if row.get(column):
                dates[column] = parse_date(row[column])
                if dates[column] is None:
                    self.report.reject(row_id, REASON_DATE, f"{column}: {row[column]!r}")
                    return None
        if not row.get("source"):
            self.report.reject(row_id, REASON_VALUE, "no source: every row needs the source "
                               "that states it")
            return None
        top = _RECORDS[record]
        kind = cached_term(self.store, top, row.get("kind"), top)
        if kind is None:
            self.report.reject(row_id, REASON_VALUE, f"kind {row.get('kind')!r} is not a kind "
                               f"of {record}")
            return None
        return record, kind, dates

    def _partnership(self, row_id: str, row: dict[str, str], mention1: PlaceMention,
                     mention2: PlaceMention, dates: dict[str, Literal],
                     ) -> tuple[URIRef, list[URIRef]] | None:
        """The partnership of a row (shared with other sources, as the pairs importer does)
        and its places; ``None`` when the row is rejected."""
        builder = self.builder
        iri = self.pairs.write(PairRecord(row_id, mention1, mention2, date=row.get("date"),
                                          kind=row.get("kind") or None,
                                          status=row.get("status") or None))
        if iri is None:
            return None
        if row.get("label_en"):  # the librarian's name replaces the generated one
            builder.triples -= {t for t in builder.triples if t[0] == iri
                                and t[1] == RDFS.label and t[2].language == "en"}
        if row.get("level"):
            level = cached_term(self.store, FGC.PartnershipLevel, row["level"], None)
            if level is None:
                self.report.conflict(row_id, "value", f"level {row['level']!r} is unknown; "
                                     "left out")
            else:
                builder.add(iri, FG.level, level)
        if dates.get("end_date"):
            builder.add(iri, FG.endDate, dates["end_date"])
        if dates.get("intended_on"):
            builder.add(iri, FG.intendedOn, dates["intended_on"])
        places = [URIRef(p) for p in sorted(
            str(o) for s, p_, o in builder.triples if s == iri and p_ == FG.partner)]
        return iri, places

    def _agreement_or_event(self, row_id: str, row: dict[str, str], record: str,
                            kind: URIRef, mentions: tuple[PlaceMention, PlaceMention],
                            dates: dict[str, Literal]) -> tuple[URIRef, list[URIRef]] | None:
        """The agreement (between its parties) or event (with its participants) of a row and
        its places; ``None`` when the row is rejected."""
        sides = [check_mention(mentions[0], row_id, self.report)]
        if sides[0] is None:
            return None
        if mentions[1].name.strip():
            sides.append(check_mention(mentions[1], row_id, self.report))
            if sides[1] is None:
                return None
        elif record == "agreement":
            self.report.reject(row_id, REASON_VALUE, "an agreement needs place2 (its parties)")
            return None
        builder = self.builder
        places = [builder.place(m, side[0], row_id, side[1]).iri
                  for m, side in zip(mentions, sides, strict=False)]
        local = re.split(r"[#/]", str(kind))[-1]
        ident = _slug_id(row.get("id", "")) or "-".join(
            [slugify(local), *(str(p).rsplit("/", 1)[-1] for p in places),
             str(dates.get("date") or "")]).strip("-")
        node = ID[f"{record}/{ident}"]
        builder.add(node, RDF.type, kind)
        prop = FG.party if record == "agreement" else FG.participant
        for place in places:
            builder.add(node, prop, place)
        if dates.get("date"):
            builder.add(node, FG.signedOn if record == "agreement" else FG.date, dates["date"])
        if dates.get("end_date") and record == "event":
            builder.add(node, FG.endDate, dates["end_date"])
        if not row.get("label_en"):
            labels = [builder.resolver.by_iri[p].label for p in places
                      if p in builder.resolver.by_iri]
            kind_label = re.sub(r"(?<!^)(?=[A-Z])", " ", local).lower()
            builder.add(node, RDFS.label,
                        Literal(f"{' – '.join(labels)} {kind_label}", lang="en"))
        return node, places

    def _describe(self, row_id: str, row: dict[str, str], node: URIRef, places: list[URIRef],
                  source_node: URIRef) -> None:
        """The Chinese names of the places, the record's labels and note, its source and the
        quotation that states it."""
        builder = self.builder
        for place, column in zip(places, ("place1_zh", "place2_zh"), strict=False):
            if row.get(column):
                builder.add(place, RDFS.label, Literal(row[column], lang="zh"))
        if row.get("label_en"):
            builder.add(node, RDFS.label, Literal(row["label_en"], lang="en"))
        if row.get("label_zh"):
            builder.add(node, RDFS.label, Literal(row["label_zh"], lang="zh"))
        if row.get("note"):
            builder.add(node, FG.uncertainty, Literal(row["note"], lang="en"))
        builder.add(node, DCTERMS.source, source_node)
        if row.get("quote"):
            _quote(builder, row_id, row, node, source_node)


def _quote(builder: GraphBuilder, row_id: str, row: dict[str, str], node: URIRef,
           source_node: URIRef) -> None:
    """The fg:Quotation of a row's ``quote`` (in ``quote_lang``, at ``paragraph``) that
    supports ``node``."""
    quote = ID[f"quote/{builder.dataset.name}/{slugify(row_id)}"]
    builder.add(quote, RDF.type, FG.Quotation)
    builder.add(quote, FG.quote, Literal(row["quote"], lang=row.get("quote_lang") or None))
    builder.add(quote, FG.inSource, source_node)
    builder.add(quote, RDFS.label, Literal(f"{row['source']}, quotation of row {row_id}",
                                           lang="en"))
    if row.get("paragraph", "").isdigit():
        builder.add(quote, FG.paragraph, Literal(int(row["paragraph"])))
    builder.add(node, FG.supportedBy, quote)


def _source(builder: GraphBuilder, row: dict[str, str], date: Literal | None,
            done: set[URIRef]) -> URIRef:
    """The fg:Source node of a row's ``source`` column (one per distinct title)."""
    title = row["source"]
    node = ID[f"source/{slugify(title)[:80]}"]
    if node not in done:
        done.add(node)
        builder.add(node, RDF.type, FG.Source)
        builder.add(node, DCTERMS.title, Literal(title))
        builder.add(node, RDFS.label, Literal(title))
        if row.get("source_url"):
            builder.add(node, DCTERMS.source, URIRef(row["source_url"]))
        if date is not None:
            builder.add(node, FG.publishedOn, date)
    return node
