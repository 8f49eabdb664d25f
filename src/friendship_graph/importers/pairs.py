"""The ``pairs`` importer: CSV/TSV files of pairs of places with any column names.

Each row is one partnership between two places: each side's name and country, optionally
latitude and longitude and identifiers (Wikidata, GeoNames, ISO 3166-2), and optionally a date
(start), kind (a class under fg:Partnership) and status (a concept of fgc:PartnershipStatus).
Column names are mapped by a dict, a TOML or JSON mapping file, or guessed from common headers
(``city1``, ``country1``, ``lat1``, ``lng1``, ... as in the Wikipedia twin-towns list). See
``docs/importers.md``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import URIRef

from ..vocab import FG, FGC
from .builder import PlaceMention
from .identifiers import Identifier, parse_identifiers
from .parsing import read_csv_rows, read_text
from .partnerships import PairRecord, import_records
from .report import ImportFileError, ImportReport
from .resolver import Resolver

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["import_pairs", "read_pairs", "load_mapping", "FIELDS", "IMPORTER_VERSION"]

IMPORTER_VERSION = "1"

#: Mapping keys: the fields a row can have, and the headers guessed for each.
FIELDS: dict[str, tuple[str, ...]] = {
    "name1": ("name1", "city1", "place1", "town1", "source", "from"),
    "country1": ("country1", "country_1", "nation1"),
    "lat1": ("lat1", "latitude1"),
    "lon1": ("lon1", "lng1", "long1", "longitude1"),
    "name2": ("name2", "city2", "place2", "town2", "target", "to"),
    "country2": ("country2", "country_2", "nation2"),
    "lat2": ("lat2", "latitude2"),
    "lon2": ("lon2", "lng2", "long2", "longitude2"),
    "wikidata1": ("wikidata1", "qid1", "item1"),
    "geonames1": ("geonames1", "geonameid1"),
    "iso1": ("iso1", "iso3166_2_1", "subdivision1"),
    "wikidata2": ("wikidata2", "qid2", "item2"),
    "geonames2": ("geonames2", "geonameid2"),
    "iso2": ("iso2", "iso3166_2_2", "subdivision2"),
    "date": ("date", "start", "start_date", "since", "year"),
    "kind": ("kind", "type"),
    "status": ("status",),
}
REQUIRED = ("name1", "country1", "name2", "country2")


def load_mapping(path: str | Path) -> dict[str, str]:
    """A mapping file: TOML (``name1 = "City A"``, optionally under ``[columns]``) or JSON."""
    path = Path(path)
    text = read_text(path)
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            import tomllib

            data = tomllib.loads(text)
    except (ValueError, json.JSONDecodeError) as error:
        raise ImportFileError(path, f"not a valid mapping file: {error}") from None
    except RecursionError:
        raise ImportFileError(path, "not a valid mapping file: it is nested too deeply; a "
                              "mapping is one table of field = column") from None
    if isinstance(data, dict) and isinstance(data.get("columns"), dict):
        data = data["columns"]
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ImportFileError(path, "a mapping file maps field names (name1, country1, lat1, "
                              "lon1, name2, ..., date, kind, status) to column names")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise ImportFileError(path, f"unknown field(s) {', '.join(unknown)}; use "
                              + ", ".join(FIELDS))
    return dict(data)


def _columns(header: list[str], mapping: Mapping[str, str] | None, path: str | Path
             ) -> dict[str, str]:
    mapping = {k: v for k, v in (mapping or {}).items() if v}
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise ImportFileError(path, f"unknown field(s) {', '.join(unknown)} in the column "
                              "mapping; use " + ", ".join(FIELDS))
    lower = {h.lower(): h for h in header}
    columns: dict[str, str] = {}
    for fieldname, guesses in FIELDS.items():
        if fieldname in mapping:
            wanted = mapping[fieldname]
            if wanted not in header:
                raise ImportFileError(path, f"no column {wanted!r} (mapped to {fieldname}); "
                                      f"the columns are: {', '.join(header)}", 1)
            columns[fieldname] = wanted
            continue
        for guess in guesses:
            if guess in lower:
                columns[fieldname] = lower[guess]
                break
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        raise ImportFileError(
            path, f"missing required column(s) for {', '.join(missing)}; the columns are: "
            f"{', '.join(header)}; map them with --{missing[0]} COLUMN or --mapping FILE", 1)
    return columns


def read_pairs(path: str | Path, mapping: Mapping[str, str] | None = None, *,
               delimiter: str | None = None, encoding: str = "utf-8") -> list[PairRecord]:
    """Parse one file into pair records (row = line number); raises ImportFileError when the
    file is unusable as a whole."""
    text = read_text(path, encoding)
    header, rows = read_csv_rows(text, path, delimiter)
    columns = _columns(header, mapping, path)

    def get(row: dict[str, str], fieldname: str) -> str | None:
        column = columns.get(fieldname)
        return row.get(column) if column else None

    def ids(row: dict[str, str], side: str) -> list[Identifier]:
        return parse_identifiers([("wikidata", get(row, f"wikidata{side}")),
                                  ("geonames", get(row, f"geonames{side}")),
                                  ("iso3166-2", get(row, f"iso{side}"))])

    records = []
    for line, row in rows:
        records.append(PairRecord(
            line,
            PlaceMention(get(row, "name1") or "", get(row, "country1"), get(row, "lat1"),
                         get(row, "lon1"), ids=ids(row, "1")),
            PlaceMention(get(row, "name2") or "", get(row, "country2"), get(row, "lat2"),
                         get(row, "lon2"), ids=ids(row, "2")),
            date=get(row, "date"), kind=get(row, "kind"), status=get(row, "status"),
        ))
    return records


def import_pairs(store: Store, paths: Sequence[str | Path] | str | Path, *,
                 mapping: Mapping[str, str] | str | Path | None = None,
                 name: str | None = None, title: str = "", source: str = "",
                 licenses: Sequence[str] = (), rights: str = "", retrieved: str | None = None,
                 delimiter: str | None = None, encoding: str = "utf-8",
                 kind: URIRef = FG.Twinning, status: URIRef = FGC.established,
                 report: ImportReport | None = None, progress: bool | None = None,
                 resolver: Resolver | None = None) -> ImportReport:
    """Import CSV/TSV files of place pairs into ``graph:<name>`` (default: the first file's
    stem), replacing that graph. Every file is parsed before anything is written."""
    if isinstance(paths, str | Path):
        paths = [paths]
    if isinstance(mapping, str | Path):
        mapping = load_mapping(mapping)
    t0 = time.perf_counter()
    records: list[PairRecord] = []
    for path in paths:
        for record in read_pairs(path, mapping, delimiter=delimiter, encoding=encoding):
            if len(paths) > 1:
                record.row = f"{Path(path).name}:{record.row}"
            records.append(record)
    return import_records(store, records, paths, importer="pairs", version=IMPORTER_VERSION,
                          name=name, title=title, source=source, licenses=licenses,
                          rights=rights, retrieved=retrieved, report=report,
                          parse_time=time.perf_counter() - t0, kind=kind, status=status,
                          progress=progress, resolver=resolver)
