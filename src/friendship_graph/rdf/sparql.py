"""SPARQL as text: what the store does to a query before it runs it.

* :func:`check_no_network` refuses ``SERVICE`` and ``LOAD`` (a query must not make the store
  fetch from the network) unless network access is allowed;
* :func:`bind` binds variables to RDF terms with a ``VALUES`` block, so that no value is ever
  pasted into a query as text;
* :func:`query_form` tells ``SELECT`` from ``CONSTRUCT``, ``DESCRIBE`` and ``ASK``.

All of them look past strings, IRIs and comments, so a label that says "SERVICE" or "SELECT"
changes nothing.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence

from rdflib.term import Node

from ..errors import NetworkAccessError, QueryError
from .terms import term_to_sparql

__all__ = ["check_no_network", "bind", "query_form"]

_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_FORM = re.compile(r"(?<![\w:?$])(SELECT|CONSTRUCT|DESCRIBE|ASK)(?![\w:])", re.IGNORECASE)
_WHERE = re.compile(r"(?<![\w:?$])WHERE(?![\w:])", re.IGNORECASE)


def _mask(sparql: str) -> str:
    """The query with strings, IRIs and comments blanked out (same length)."""
    return _SKIP.sub(lambda m: " " * len(m.group(0)), sparql)


_NETWORK_KEYWORDS = re.compile(r"(?<![\w:?$])(SERVICE|LOAD)(?![\w:])", re.IGNORECASE)


def check_no_network(sparql: str) -> None:
    """Refuse ``SERVICE`` and ``LOAD``: a query must not make the store fetch from the network.

    Strings, IRIs and comments are skipped, so a label that says "SERVICE" is fine.
    """
    match = _NETWORK_KEYWORDS.search(_SKIP.sub(" ", sparql))
    if match:
        raise NetworkAccessError(
            f"the query uses {match.group(1).upper()}, which would fetch data from the network; "
            "this is refused unless network access is allowed (--allow-network)"
        )


def query_form(sparql: str) -> str:
    """``SELECT``, ``CONSTRUCT``, ``DESCRIBE`` or ``ASK``: the query's form."""
    match = _FORM.search(_mask(sparql))
    if not match:
        raise QueryError("not a SPARQL query: no SELECT, CONSTRUCT, DESCRIBE or ASK")
    return match.group(1).upper()


def bind(sparql: str, bindings: Mapping[str, Node | Sequence[Node]]) -> str:
    """Bind variables to RDF terms with a ``VALUES`` block at the top of the WHERE group.

    A variable bound to a list of terms gets one row per term (the rows are the product of
    all the lists). The terms are serialised with N-Triples escaping, so a value is always
    exactly one RDF term whatever characters it holds.

    A sub-``SELECT`` that projects a bound variable (by name or with ``*``) gets the same
    ``VALUES`` rows for the variables it projects at the top of its own WHERE group. That
    does not change the results (the sub-select's solutions join the outer ones on those
    variables anyway) but lets engines that evaluate sub-selects on their own (Oxigraph
    among them) start from the bound values instead of computing every solution and
    dropping most of them in the join.
    """
    if not bindings:
        return sparql
    masked = _mask(sparql)
    form = _FORM.search(masked)
    if not form:
        raise QueryError("not a SPARQL query: no SELECT, CONSTRUCT, DESCRIBE or ASK")
    where = _WHERE.search(masked, form.end())
    start = where.end() if where else form.end()
    brace = masked.find("{", start)
    if brace < 0:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    names = sorted(bindings)
    inserts = [(brace, _values_block(names, bindings))]
    # Sub-selects, outermost first, with the names their enclosing group can see.
    scopes: list[tuple[int, int, list[str]]] = [(brace, _closing(masked, brace), names)]
    for sub in _FORM.finditer(masked, brace):  # only SELECT can be nested
        if sub.group(1).upper() != "SELECT":
            continue
        inner = masked.find("{", sub.end())
        if inner < 0:
            break
        end = _closing(masked, inner)
        visible = next(seen for begin, stop, seen in reversed(scopes) if begin < sub.start() < stop)
        projected = _projected(masked[sub.end():inner])
        if projected is None:  # SELECT *: what the body uses and does not assign itself
            body = masked[inner:end]
            assigned = set(_ASSIGNED.findall(body))
            projected = set(_PROJECTION_VAR.findall(body)) - assigned
        wanted = [n for n in visible if n in projected]
        scopes.append((inner, end, wanted))
        if wanted:
            inserts.append((inner, _values_block(wanted, bindings)))
    for position, block in sorted(inserts, reverse=True):
        sparql = sparql[: position + 1] + block + sparql[position + 1:]
    return sparql


_VARIABLE = r"[?$]([A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)"
_PROJECTION_VAR = re.compile(_VARIABLE)
_ASSIGNED = re.compile(r"(?<![\w:?$])AS\s+" + _VARIABLE, re.IGNORECASE)


def _closing(masked: str, opening: int) -> int:
    """The position of the brace that closes the one at ``opening`` (end of text if none)."""
    depth = 0
    for position in range(opening, len(masked)):
        char = masked[position]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return position
    return len(masked)


def _projected(projection: str) -> set[str] | None:
    """The variables a SELECT clause projects as they are (``None`` for ``*``): those outside
    parentheses; ``(expression AS ?v)`` makes a new value, which is not the bound one."""
    depth, top = 0, []
    for char in projection:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            top.append(char)
        else:
            top.append(" ")
    flat = "".join(top)
    if "*" in flat:
        return None
    return set(_PROJECTION_VAR.findall(flat))


def _values_block(names: Sequence[str], bindings: Mapping[str, Node | Sequence[Node]]) -> str:
    columns = [[bindings[n]] if isinstance(bindings[n], Node) else list(bindings[n])
               for n in names]
    rows = " ".join("(" + " ".join(term_to_sparql(t) for t in row) + ")"
                    for row in itertools.product(*columns))
    return f" VALUES ({' '.join('?' + n for n in names)}) {{ {rows} }} "
