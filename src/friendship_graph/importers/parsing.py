"""Reading the cells of a source: whole text files, CSV/TSV rows with their line numbers,
coordinates, dates and whitespace.

Every helper either returns a value or says exactly what is wrong: a file that cannot be
read at all raises :class:`~.report.ImportFileError` with its line; a bad cell gives
``None`` or ``ValueError`` so that the importer can reject that row with a reason.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Literal

from ..errors import FriendshipGraphError
from ..rdf.literals import first_non_xml_char
from ..vocab import XSD
from .report import ImportFileError

__all__ = ["read_text", "read_csv_rows", "parse_coordinate", "parse_date", "normalise"]


def read_text(path: str | Path, encoding: str = "utf-8") -> str:
    """A whole text file, or :class:`ImportFileError` naming the line of a bad byte."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ImportFileError(path, f"cannot read the file: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8-sig" if encoding.lower().replace("_", "-") == "utf-8"
                           else encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(path, f"not valid {encoding} text (byte {error.start}); save it as "
                              f"UTF-8 or pass --encoding", line) from None
    except LookupError:
        raise ImportFileError(path, f"unknown encoding {encoding!r}") from None
    except ValueError as error:  # a codec that refuses the text in another way
        raise ImportFileError(path, f"cannot decode the file as {encoding}: {error}") from None
    bad = first_non_xml_char(text)
    if bad is not None:
        line = text[: text.index(bad)].count("\n") + 1
        raise ImportFileError(path, f"the character U+{ord(bad):04X} cannot be written to XML "
                              "(RDF/XML, SPARQL XML results, GEXF, GraphML); remove it or "
                              "replace it with a space", line)
    return text


def read_csv_rows(text: str, path: str | Path, delimiter: str | None = None
                  ) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and ``(line number, row dict)`` pairs of a CSV/TSV text (delimiter sniffed
    among comma, tab, semicolon and pipe unless given)."""
    if not text.strip():
        raise ImportFileError(path, "the file is empty; it needs a header row and data rows")
    # strict: a quote that is never closed is an error, not a field swallowing the rest
    reader = csv.reader(io.StringIO(text, newline=""), strict=True,
                        delimiter=_delimiter(text, path, delimiter))
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as error:
        raise ImportFileError(path, f"cannot read the header row: {error}", 1) from None
    rows: list[tuple[int, dict[str, str]]] = []
    start = reader.line_num + 1
    try:
        while True:
            try:
                values = next(reader)
            except StopIteration:
                break
            line = reader.line_num
            if not values or all(not v.strip() for v in values):
                start = line + 1
                continue
            rows.append((line, dict(zip(header, values, strict=False))))
            start = line + 1
    except csv.Error as error:
        hint = (" (a quote opened on this line is never closed)"
                if "end of data" in str(error) else "")
        raise ImportFileError(path, f"malformed CSV: {error}{hint}", start) from None
    return header, rows


def _delimiter(text: str, path: str | Path, delimiter: str | None) -> str:
    """The delimiter given (``\\t``, ``tab``), else tab for ``.tsv``/``.tab`` files, else the
    one sniffed from the first line among comma, tab, semicolon and pipe (default comma)."""
    if delimiter is not None:
        delimiter = "\t" if delimiter in ("\\t", "tab", "TAB") else delimiter
        if len(delimiter) != 1 or delimiter in "\r\n\"":
            raise FriendshipGraphError(f"--delimiter must be one character (or 'tab'), not "
                                       f"{delimiter!r}")
        return delimiter
    if str(path).lower().endswith((".tsv", ".tab")):
        return "\t"
    try:
        return csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",\t;|").delimiter
    except csv.Error:
        return ","


def parse_coordinate(text: str | None, low: float, high: float) -> Decimal | None:
    """A decimal coordinate in [low, high]; ``None`` for an empty cell; ValueError otherwise."""
    if text is None:
        return None
    text = str(text).strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite() or not low <= value <= high:
        raise ValueError(text)
    return value


_DATE_FORMS = [
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date),
    (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth),
    (re.compile(r"^\d{4}$"), XSD.gYear),
]


def parse_date(text: str | None) -> Literal | None:
    """``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` as xsd:date / gYearMonth / gYear, as precise as
    given; ``None`` for empty or unparseable text."""
    if text is None:
        return None
    text = str(text).strip()
    for pattern, datatype in _DATE_FORMS:
        if pattern.match(text):
            try:
                if datatype == XSD.date:
                    _dt.date.fromisoformat(text)
                elif datatype == XSD.gYearMonth and not 1 <= int(text[5:]) <= 12:
                    return None
            except ValueError:
                return None
            return Literal(text, datatype=datatype, normalize=False)
    return None


def normalise(text: str) -> str:
    """Whitespace-normalised text (a label keeps its characters otherwise)."""
    return re.sub(r"[ \t\u00a0]+", " ", str(text)).strip()
