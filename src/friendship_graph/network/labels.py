"""Names of things: IRIs from what a user types, and the labels shown for them.

A user names a class, property, concept or node by a full IRI, ``<IRI>`` or a prefixed name
(:func:`expand_name`); the projection shows the English label of a thing, else another one
(:func:`pick_label`), read from the store a few IRIs at a time (:func:`read_labels`,
:func:`node_labels`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from ..rdf.terms import parse_iri
from ..vocab import PREFIXES, RDFS

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["expand_name", "prefixed", "local_name", "read_labels", "pick_label", "node_labels"]


def expand_name(name: str) -> URIRef | None:
    """A full IRI, ``<IRI>`` or ``prefix:local`` with a known prefix, else ``None``; a name
    written as an IRI that is not one (``<a b>``) is a one-line error."""
    name = name.strip()
    if (name.startswith("<") and name.endswith(">")) \
            or re.match(r"^[a-z][a-z0-9+.-]*://", name, re.IGNORECASE):
        return parse_iri(name, "the name")
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES:
        return parse_iri(PREFIXES[prefix] + local, f"the name {name!r} expands to")
    return None


def prefixed(iri: str) -> str:
    """``iri`` as a prefixed name when one of the known prefixes fits, else as it is."""
    for prefix, base in PREFIXES.items():
        if str(iri).startswith(base) and len(str(iri)) > len(base):
            return f"{prefix}:{str(iri)[len(base):]}"
    return str(iri)


def local_name(iri: str) -> str:
    """What follows the last ``#`` or ``/`` of an IRI."""
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _values(iris: Iterable[str]) -> str:
    """The body of a SPARQL ``VALUES`` block of IRIs (sorted, each once)."""
    return " ".join(f"<{iri}>" for iri in sorted({str(i) for i in iris}))


def read_labels(store: Store, iris: set[URIRef]) -> dict[URIRef, dict[str, str]]:
    """Labels (language -> text) of a few IRIs (classes, properties, concepts)."""
    out: dict[URIRef, dict[str, str]] = defaultdict(dict)
    if not iris:
        return out
    # One UNION branch per property: both start from the bound ?x (two VALUES blocks would be
    # a cross product that Oxigraph joins with every statement of the store).
    rows = store.query(
        f"SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {_values(iris)} }} "
        "{ ?x rdfs:label ?l BIND (rdfs:label AS ?p) } "
        "UNION { ?x skos:prefLabel ?l BIND (skos:prefLabel AS ?p) } }"
    ).rows
    for x, _prop, label in sorted(rows, key=lambda r: (r[1] != RDFS.label, str(r[2]))):
        if isinstance(label, Literal):
            out[x].setdefault(label.language or "", str(label))
    return out


def pick_label(labels: dict[str, str]) -> str | None:
    """Of labels by language, the English one, else a regional English one, else one
    without a language, else the first by language tag; ``None`` when there is none."""
    for lang in ("en", *sorted(k for k in labels if k.startswith("en-")), "", *sorted(labels)):
        if lang in labels:
            return labels[lang]
    return None


def node_labels(store: Store, nodes: Iterable[str]) -> dict[str, str]:
    """English (else any) labels of a few nodes, read from the store in one query."""
    wanted = [n for n in nodes if expand_name(n) is not None]
    out: dict[str, str] = {}
    if not wanted:
        return out
    by_node: dict[str, dict[str, str]] = defaultdict(dict)
    for x, _p, label in sorted(store.query(
        f"SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {_values(wanted)} }} "
        "VALUES ?p { rdfs:label skos:prefLabel } ?x ?p ?l FILTER (isLiteral(?l)) }"
    ).rows, key=lambda r: (r[1] != RDFS.label, str(r[2]))):
        by_node[str(x)].setdefault(label.language or "", str(label))
    for node, labels in by_node.items():
        label = pick_label(labels)
        if label:
            out[node] = label
    return out
