"""Content negotiation for SPARQL answers: ``Accept`` ranges and ``format=`` parameters ->
the media type and the :func:`friendship_graph.results.format_result` format."""

from __future__ import annotations

__all__ = ["SOLUTION_TYPES", "GRAPH_TYPES", "parse_accept", "negotiate", "not_acceptable"]

#: (media type, results.py format) in order of preference, per kind of result.
SOLUTION_TYPES = [
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("application/json", "json"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
]
GRAPH_TYPES = [
    ("text/turtle", "ttl"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "jsonld"),
    ("application/rdf+xml", "xml"),
    ("application/trig", "trig"),
    ("application/n-quads", "nq"),
    ("text/plain", "nt"),
    ("application/x-turtle", "ttl"),
    ("application/xml", "xml"),
    ("application/json", "jsonld"),
]
#: ``format=``/``output=`` parameter values (SPARQLWrapper, Virtuoso style) per kind.
_FORMAT_PARAM = {
    "select": {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"},
    "graph": {"turtle": "ttl", "ttl": "ttl", "n3": "ttl", "nt": "nt", "ntriples": "nt",
              "n-triples": "nt", "json-ld": "jsonld", "jsonld": "jsonld", "json": "jsonld",
              "xml": "xml", "rdf+xml": "xml", "rdfxml": "xml", "trig": "trig", "nq": "nq"},
}


def parse_accept(header: str | None) -> list[str]:
    """Media ranges of an Accept header, best first (q-values, then order); ranges with
    ``q=0`` are left out."""
    if not header:
        return []
    ranges = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, index, media))
    return [media for _, _, media in sorted(ranges)]


def negotiate(kind: str, accept: list[str], formats: list[str]) -> tuple[str, str] | None:
    """The (media type, results.py format) for a result ``kind`` (``select``, ``ask`` or
    ``graph``) from Accept ranges (best first) and ``format=`` values; None if none fits."""
    table = GRAPH_TYPES if kind == "graph" else SOLUTION_TYPES
    specific = [m for m in accept if m != "*/*"]
    if not specific:
        names = _FORMAT_PARAM["graph" if kind == "graph" else "select"]
        for value in formats:
            value = value.strip().lower()
            if value in names:
                wanted = names[value]
                return next((m, f) for m, f in table if f == wanted)
            match = next(((m, f) for m, f in table if m == value), None)
            if match:
                return match
        return table[0]
    for media in accept:
        if media == "*/*":
            return table[0]
        if media.endswith("/*"):
            major = media[:-1]
            match = next(((m, f) for m, f in table if m.startswith(major)), None)
        else:
            match = next(((m, f) for m, f in table if m == media), None)
        if match:
            return match
    return None


def not_acceptable(kind: str) -> str:
    """The one-line message of a ``406``: which media types a ``kind`` of answer has."""
    table = GRAPH_TYPES if kind == "graph" else SOLUTION_TYPES
    what = "graph" if kind == "graph" else "SPARQL results"
    return (f"none of the accepted media types fits a {what} answer; use one of "
            + ", ".join(m for m, _ in table))
