"""Write query results in the standard formats: SPARQL 1.1 JSON, XML, CSV and TSV for
solutions (and newline-delimited JSON, ``ndjson``: one solution per line, its terms as in
SPARQL JSON); any RDF syntax for graphs; and a rich table for people."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from typing import IO

from rdflib import BNode, Literal, URIRef, Variable
from rdflib.term import Node

from .errors import FriendshipGraphError, UnrepresentableError
from .rdf.literals import first_non_xml_char
from .store import QueryResult

__all__ = ["RESULT_FORMATS", "GRAPH_FORMATS", "format_result", "term_json", "term_tsv",
           "spreadsheet_safe", "spreadsheet_value"]

#: The first characters that make a spreadsheet read a cell as a formula (OWASP's list),
#: and the apostrophe that marks a cell as neutralised.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def spreadsheet_safe(cell: str) -> str:
    """A CSV/TSV cell a spreadsheet shows as text instead of running it as a formula
    (OWASP's CSV injection rule): a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or
    a carriage return gets a leading ``'``; so does one starting with ``'``, so that
    :func:`spreadsheet_value` gives back exactly the value. Numbers (``-2``, ``+1.5e3``)
    are left as they are.

    >>> spreadsheet_safe("=HYPERLINK(\"http://x\")"), spreadsheet_safe("-2")
    ('\'=HYPERLINK("http://x")', '-2')
    """
    if cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def spreadsheet_value(cell: str) -> str:
    """The value :func:`spreadsheet_safe` wrote."""
    return cell[1:] if cell.startswith("'") else cell

RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml", "ndjson")
#: CLI name -> rdflib serializer name
GRAPH_FORMATS = {
    "ttl": "turtle", "turtle": "turtle", "nt": "nt", "ntriples": "nt", "jsonld": "json-ld",
    "json-ld": "json-ld", "xml": "xml", "rdfxml": "xml", "trig": "trig", "nq": "nquads",
    "n3": "n3",
}


def term_json(term: Node) -> dict[str, str]:
    """A term as a SPARQL 1.1 Query Results JSON object."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
    return out


def term_tsv(term: Node | None) -> str:
    """A term in SPARQL 1.1 TSV syntax (Turtle/N-Triples form)."""
    if term is None:
        return ""
    from .rdf.terms import term_to_sparql

    return term_to_sparql(term)


def _tsv_cell(term: Node | None, cell: Callable[[str], str]) -> str:
    """A TSV cell; a spreadsheet drops the quotes of ``"=cmd"``, so the value inside them is
    neutralised the same way as a CSV cell."""
    text = term_tsv(term)
    if isinstance(term, Literal) and text.startswith('"') and cell(str(term)) != str(term):
        return "\"'" + text[1:]
    return text


def _csv_value(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _label(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        return str(term)
    from .vocab import PREFIXES

    text = str(term)
    for prefix, iri in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(iri) and len(text) > len(iri):
            return f"{prefix}:{text[len(iri):]}"
    return text


def _dataset_text(result: QueryResult, name: str) -> str:
    """A graph result in a dataset syntax (TriG, N-Quads): its triples in the default graph,
    written by pyoxigraph (rdflib's dataset writers use its deprecated ConjunctiveGraph API)."""
    import pyoxigraph as ox

    from .rdf.terms import to_oxigraph
    from .vocab import PREFIXES

    quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.DefaultGraph())
             for s, p, o in result.triples]
    if name == "trig":
        return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES).decode("utf-8")
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")


def format_result(result: QueryResult, format: str = "table", stream: IO[str] | None = None,
                  *, raw_csv: bool = False) -> str:
    """Serialise a result; returns the text (and writes it to ``stream`` if given).

    CSV and TSV cells that a spreadsheet would run as formulas are neutralised
    (:func:`spreadsheet_safe`) unless ``raw_csv`` (for programs that read the values). An
    XML answer that would hold a character XML 1.0 cannot carry raises
    :class:`~friendship_graph.errors.UnrepresentableError` instead of being broken.
    """
    text = _format(result, format, (lambda cell: cell) if raw_csv else spreadsheet_safe)
    if format in ("xml", "rdfxml"):
        bad = first_non_xml_char(text)
        if bad is not None:  # a store filled before the load checked it, or a remote one
            raise UnrepresentableError(
                f"the result holds the character U+{ord(bad):04X}, which XML 1.0 cannot carry; "
                "ask for another format (json, csv, tsv; ttl or nt for a graph)")
    if stream is not None:
        stream.write(text)
    return text


def _format(result: QueryResult, format: str, cell: Callable[[str], str]) -> str:
    if result.kind == "graph":
        if format == "table":
            format = "ttl"
        try:
            name = GRAPH_FORMATS[format]
        except KeyError:
            raise FriendshipGraphError(
                f"unknown RDF format {format!r} for a CONSTRUCT/DESCRIBE result; use one of "
                + ", ".join(sorted(GRAPH_FORMATS))
            ) from None
        if name in ("trig", "nquads"):
            return _dataset_text(result, name)
        return result.graph().serialize(format=name)
    if result.kind == "ask":
        if format in ("json", "ndjson"):
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
        if format == "xml":
            return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                    f"<head/><boolean>{'true' if result.boolean else 'false'}</boolean></sparql>\n")
        return ("true" if result.boolean else "false") + "\n"
    if format == "json":
        bindings = [{v: term_json(t) for v, t in zip(result.variables, row, strict=True)
                     if t is not None} for row in result.rows]
        return json.dumps({"head": {"vars": result.variables},
                           "results": {"bindings": bindings}}, ensure_ascii=False, indent=1) + "\n"
    if format == "ndjson":  # one solution per line, its terms as in SPARQL JSON
        return "".join(json.dumps({v: term_json(t) for v, t in zip(result.variables, row,
                                                                     strict=True)
                                   if t is not None}, ensure_ascii=False) + "\n"
                       for row in result.rows)
    if format == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([cell(_csv_value(t)) for t in row])
        return out.getvalue()
    if format == "tsv":
        lines = ["\t".join("?" + v for v in result.variables)]
        lines += ["\t".join(_tsv_cell(t, cell) for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    if format == "xml":
        from rdflib.plugins.sparql.results.xmlresults import XMLResultSerializer
        from rdflib.query import Result

        res = Result("SELECT")
        res.vars = [Variable(v) for v in result.variables]
        res.bindings = [{res.vars[i]: t for i, t in enumerate(row) if t is not None}
                        for row in result.rows]
        out_bytes = io.BytesIO()
        XMLResultSerializer(res).serialize(out_bytes, encoding="utf-8")
        return out_bytes.getvalue().decode("utf-8")
    if format == "table":
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(*result.variables, show_lines=False)
        for row in result.rows:
            table.add_row(*(Text(_label(t)) for t in row))
        console = Console(file=io.StringIO(), width=200, color_system=None)
        console.print(table)
        console.print(f"{len(result.rows)} row(s)")
        return console.file.getvalue()  # type: ignore[attr-defined]
    raise FriendshipGraphError(f"unknown result format {format!r}; use one of "
                               + ", ".join(RESULT_FORMATS))
