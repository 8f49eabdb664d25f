"""RDF terms: rdflib <-> Oxigraph, and terms written into SPARQL text.

Everything above the store talks rdflib terms; the backends talk pyoxigraph terms (the embedded
store, and a remote store's answers, which pyoxigraph parses) or SPARQL text (a remote store).
The conversions keep lexical forms exactly (``"01"^^xsd:integer`` stays ``"01"``), and a term
written into SPARQL text uses N-Triples escaping, so that a value is always exactly one term,
whatever characters it holds.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..errors import FriendshipGraphError

__all__ = ["to_rdflib", "to_oxigraph", "term_to_sparql", "escaped_value",
           "unescape_value", "parse_iri"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term: Any) -> Node | None:
    """Convert a pyoxigraph term to the equal rdflib term, keeping lexical forms."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Node | None) -> Any:
    """Convert an rdflib term to the equal pyoxigraph term (``None`` stays ``None``)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def parse_iri(text: str, what: str = "the value") -> URIRef:
    """``text`` as an IRI, or one line saying why it is not one (a space, ``<``, ``>``, a
    missing scheme...). Every IRI a user types (``--graph``, ``--license``, ``--focus``)
    goes through here before it becomes a term."""
    value = text.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    try:
        if any("\udc80" <= char <= "\udcff" for char in value):
            raise ValueError("it holds bytes that are not UTF-8")
        if not re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", value):
            raise ValueError("it has no scheme (write it in full: https://...)")
        ox.NamedNode(value)
    except ValueError as error:
        shown = text.encode("utf-8", "backslashreplace").decode("utf-8")
        raise FriendshipGraphError(f"{what} {shown!r} is not an IRI: {error}") from None
    return URIRef(value)


def term_to_sparql(term: Node) -> str:
    """Serialise an rdflib term for a SPARQL text (N-Triples escaping, so it cannot escape)."""
    return str(to_oxigraph(term)) if not isinstance(term, BNode) else f"_:{term}"


def escaped_value(variable: str) -> str:
    """A SPARQL expression: the lexical form (or IRI) of ``variable`` with "%", tab and newline
    percent-encoded (an IRI cannot hold them), so that it cannot break
    :func:`~friendship_graph.store.base.packed_select`; :func:`unescape_value` reverses it."""
    return (f'REPLACE(REPLACE(REPLACE(STR({variable}), "%", "%25"), "\\t", "%09"), '
            f'"\\n", "%0A")')


def unescape_value(text: str) -> str:
    """The value :func:`escaped_value` encoded."""
    return unquote(text) if "%" in text else text
