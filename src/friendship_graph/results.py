"""Write query results in the standard formats: SPARQL 1.1 JSON, XML, CSV and TSV for
solutions (and newline-delimited JSON, ``ndjson``: one solution per line, its terms as in
SPARQL JSON); any RDF syntax for graphs; and a rich table for people."""

from __future__ import annotations

import csv
import io
import json
from typing import IO

from rdflib import BNode, Literal, URIRef, Variable
from rdflib.term import Node

from .errors import FriendshipGraphError
from .store import QueryResult

__all__ = ["RESULT_FORMATS", "GRAPH_FORMATS", "format_result", "term_json", "term_tsv"]

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


def format_result(result: QueryResult, format: str = "table", stream: IO[str] | None = None,
                  ) -> str:
    """Serialise a result; returns the text (and writes it to ``stream`` if given)."""
    text = _format(result, format)
    if stream is not None:
        stream.write(text)
    return text


def _format(result: QueryResult, format: str) -> str:
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
            from rdflib import Dataset

            dataset = Dataset()
            for triple in result.triples:
                dataset.add(triple)
            return dataset.serialize(format=name)
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
            writer.writerow([_csv_value(t) for t in row])
        return out.getvalue()
    if format == "tsv":
        lines = ["\t".join("?" + v for v in result.variables)]
        lines += ["\t".join(term_tsv(t) for t in row) for row in result.rows]
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
