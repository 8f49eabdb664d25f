"""Named, parameterised SPARQL queries and safe parameter binding.

A named query is a ``.rq`` file in this folder whose header names, describes and declares its
parameters::

    # name: partners
    # description: One row per partnership of a place.
    # param: place (place, required): a label in any language (case-insensitive) or an IRI
    # param: as_of (date, optional): only partnerships in force on that date

In the query text a parameter is the variable of the same name (``?place``). Values are turned
into RDF terms of the declared type and bound with a ``VALUES`` block inserted at the top of the
query's ``WHERE`` group: no value is ever pasted into the query text, so no value can change a
query's meaning. An optional parameter that is not given stays unbound (test it with
``BOUND(?as_of)``).

Parameter types:

``string``
    a plain literal.
``place``
    a place, by label (any language, case-insensitive) or IRI. It is resolved before the
    query runs (:func:`resolve_places`) and ``?name`` is bound to the IRI of every place it
    names (one ``VALUES`` row each), so queries use it as a node: ``?p fg:partner ?place``.
``iri``
    an IRI.
``integer``
    an ``xsd:integer``.
``date``
    ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``. Binds ``?name`` to the first day and
    ``?name_end`` to the last day of that period, as ``xsd:date``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..errors import ParameterError, QueryError
from ..rdf.sparql import bind, query_form
from ..resources import queries_dir
from ..store import QueryResult, Store

__all__ = [
    "Parameter",
    "NamedQuery",
    "list_queries",
    "get_query",
    "parse_query_file",
    "bind",
    "convert_parameters",
    "run_query",
    "query_form",
    "resolve_places",
    "named_bindings",
    "NO_SUCH_PLACE",
]

_HEADER = re.compile(r"^#\s*(name|description|param)\s*:\s*(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>\w+)\s*(?:,\s*(?P<req>required|optional))?"
    r"\s*\)\s*(?:[:\u2014-]\s*(?P<doc>.*))?$"
)
TYPES = ("string", "place", "iri", "integer", "date")


@dataclass(frozen=True)
class Parameter:
    """A declared parameter of a named query."""

    name: str
    type: str = "string"
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    """A named query: its name, description, parameters and SPARQL text."""

    name: str
    description: str
    parameters: tuple[Parameter, ...] = ()
    text: str = ""
    path: Path | None = field(default=None, compare=False)

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise ParameterError(f"query {self.name!r} has no parameter {name!r} (it has: {known})")


def parse_query_file(path: str | Path) -> NamedQuery:
    """Read a ``.rq`` file and its header."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QueryError(f"{path}: cannot read the query: {error}") from None
    name, description, params = path.stem, "", []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "name":
            name = value
        elif key == "description":
            description = f"{description} {value}".strip()
        else:
            param = _PARAM.match(value)
            if not param or param.group("type") not in TYPES:
                raise QueryError(
                    f"{path}:{number}: bad parameter declaration {value!r}; write "
                    "'# param: NAME (TYPE, required|optional): description' with TYPE one of "
                    + ", ".join(TYPES)
                )
            params.append(Parameter(param.group("name"), param.group("type"),
                                    param.group("req") == "required",
                                    (param.group("doc") or "").strip()))
    return NamedQuery(name, description, tuple(params), text, path)


def list_queries(folders: list[Path] | None = None) -> list[NamedQuery]:
    """Every named query shipped with the package (and in ``folders``), sorted by name."""
    found: dict[str, NamedQuery] = {}
    for folder in [queries_dir(), *(folders or [])]:
        for path in sorted(Path(folder).glob("*.rq")):
            query = parse_query_file(path)
            found[query.name] = query
    return [found[name] for name in sorted(found)]


def get_query(name: str) -> NamedQuery:
    """The named query ``name``, or a ParameterError listing the known names."""
    for query in list_queries():
        if query.name == name:
            return query
    known = ", ".join(q.name for q in list_queries())
    raise QueryError(f"no named query {name!r}; known queries: {known}")


# ----------------------------------------------------------------------------- values


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_date_range(value: str) -> tuple[Literal, Literal]:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as the first and last day of that period."""
    match = _DATE.match(value.strip())
    if not match:
        raise ParameterError(f"bad date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            first, last = (year, 1, 1), (year, 12, 31)
        elif day is None:
            if not 1 <= month <= 12:
                raise ValueError
            first, last = (year, month, 1), (year, month, calendar.monthrange(year, month)[1])
        else:
            import datetime

            datetime.date(year, month, day)
            first = last = (year, month, day)
    except ValueError:
        raise ParameterError(f"bad date {value!r}: no such day or month") from None
    fmt = "{:04d}-{:02d}-{:02d}"
    return (Literal(fmt.format(*first), datatype=XSD.date),
            Literal(fmt.format(*last), datatype=XSD.date))


def convert_parameters(query: NamedQuery, values: Mapping[str, str]) -> dict[str, Node]:
    """Turn user strings into RDF terms of each parameter's type; check required ones."""
    bindings: dict[str, Node] = {}
    for name, value in values.items():
        parameter = query.parameter(name)
        if parameter.type in ("string", "place"):
            bindings[name] = Literal(value)
        elif parameter.type == "iri":
            iri = value.strip().removeprefix("<").removesuffix(">")
            if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", iri):
                raise ParameterError(f"parameter {name}: {value!r} is not an IRI")
            bindings[name] = URIRef(iri)
        elif parameter.type == "integer":
            if not re.match(r"^[+-]?\d+$", value.strip()):
                raise ParameterError(f"parameter {name}: {value!r} is not a whole number")
            bindings[name] = Literal(int(value), datatype=XSD.integer)
        elif parameter.type == "date":
            bindings[name], bindings[f"{name}_end"] = parse_date_range(value)
    missing = [p.name for p in query.parameters if p.required and p.name not in values]
    if missing:
        raise ParameterError(
            f"query {query.name!r} needs " + ", ".join(f"--param {m}=VALUE" for m in missing)
        )
    return bindings


#: What a ``place`` parameter is bound to when no place matches (so the query finds nothing).
NO_SUCH_PLACE = URIRef("https://w3id.org/friendship-graph/id/no-such-place")

_CANDIDATES = """
SELECT DISTINCT ?x ?label WHERE {
    ?x rdfs:label|skos:altLabel ?label .
    FILTER (CONTAINS(LCASE(STR(?label)), LCASE(STR(?value))) || STR(?x) = STR(?value))
}
"""
_PLACES = "SELECT DISTINCT ?x WHERE { ?x a/rdfs:subClassOf* fg:Place }"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def resolve_places(store: Store, value: str) -> list[URIRef]:
    """The places a ``place`` parameter names, sorted.

    In order of preference: the place whose IRI is ``value``; the places one of whose labels
    (``rdfs:label`` or ``skos:altLabel``, any language) equals it ignoring case; failing
    those, the places with a label that holds it as whole words ("Como" finds "Province of
    Como") or, for Chinese, a label that is the value plus one character ("晋中" finds
    "晋中市"). Resolving first and binding IRIs lets every query start from the place's own
    statements (index look-ups) instead of scanning all labels.
    """
    wanted = value.strip()
    if not wanted:
        return []
    rows = store.query(_CANDIDATES, {"value": Literal(wanted)}).rows
    folded, words = wanted.casefold(), _words(wanted)
    by_iri, exact, loose = set(), set(), set()
    for x, label in rows:
        text = str(label)
        if str(x) == wanted:
            by_iri.add(x)
        if text.casefold() == folded:
            exact.add(x)
            continue
        label_words = _words(text)
        as_words = bool(words) and any(label_words[i:i + len(words)] == words
                                       for i in range(len(label_words) - len(words) + 1))
        chinese_suffix = (len(wanted) > 1 and str(getattr(label, "language", "") or "")
                          .lower().startswith("zh")
                          and text.startswith(wanted) and len(text) == len(wanted) + 1)
        if as_words or chinese_suffix:
            loose.add(x)
    for candidates in (by_iri, exact, loose):
        if candidates:
            places = store.query(_PLACES, {"x": sorted(candidates)}).rows
            if places:
                return sorted(URIRef(str(r[0])) for r in places)
    return []


def run_query(store: Store, query: str | NamedQuery, params: Mapping[str, str] | None = None,
              *, max_results: int | None = None) -> QueryResult:
    """Run a named query (by name or object) or a SPARQL text with string parameters.

    For a SPARQL text, every parameter is bound as a plain literal. With ``max_results``,
    a larger result is stopped as it is produced
    (:class:`~friendship_graph.errors.ResultLimitError`).
    Returns a :class:`~friendship_graph.store.QueryResult`.
    """
    params = dict(params or {})
    if not isinstance(query, NamedQuery) and re.match(r"^[A-Za-z][A-Za-z0-9_-]*$",
                                                      query.strip()):
        query = get_query(query.strip())
    if isinstance(query, NamedQuery):
        return store.query(query.text, named_bindings(store, query, params),
                           max_results=max_results)
    return store.query(query, {k: Literal(v) for k, v in params.items()},
                       max_results=max_results)


def named_bindings(store: Store, query: NamedQuery, params: Mapping[str, str],
                   ) -> dict[str, Node | list[Node]]:
    """The bindings for a named query: each value converted to its parameter's type, and
    each ``place`` parameter resolved to the IRIs of the places it names
    (:func:`resolve_places`; :data:`NO_SUCH_PLACE` when none)."""
    bindings: dict[str, Node | list[Node]] = dict(convert_parameters(query, params))
    for parameter in query.parameters:
        if parameter.type == "place" and parameter.name in params:
            places = resolve_places(store, params[parameter.name])
            bindings[parameter.name] = places or [NO_SUCH_PLACE]
    return bindings
