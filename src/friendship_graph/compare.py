"""Compare two sources (named graphs): which partnerships each states that the other lacks,
and where they disagree. What ``friendship-graph compare SOURCE_A SOURCE_B`` prints.

Partnerships are compared by their pair of places (the sorted partner IRIs), so two sources
that state the same pair with different partnership nodes still count as agreeing. Kinds of
rows:

``only_in_a`` / ``only_in_b``
    a pair one source states and the other does not, although the other source knows both
    places: a one-sided link, the interesting case (one list forgot it, or the other is wrong).
``coverage_a`` / ``coverage_b``
    a pair one source states whose places the other source does not have at all: a
    difference of coverage rather than a disagreement.
``date``
    both state the pair but with different start dates.
``country``
    both describe a place but give it different countries.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import URIRef

from .errors import FriendshipGraphError
from .store import Store
from .vocab import FG, GRAPH, RDFS

__all__ = ["Comparison", "ComparisonRow", "compare_sources", "resolve_source", "KINDS"]

KINDS = ("only_in_a", "only_in_b", "coverage_a", "coverage_b", "date", "country")


@dataclass
class ComparisonRow:
    kind: str
    place_a: str  # IRI (first partner, or the place for "country")
    place_b: str  # IRI (second partner; empty for "country")
    label_a: str
    label_b: str
    value_a: str = ""  # the partnership IRI / date / country in source A
    value_b: str = ""  # ... in source B


@dataclass
class Comparison:
    source_a: str
    source_b: str
    pairs_a: int = 0
    pairs_b: int = 0
    shared: int = 0
    rows: list[ComparisonRow] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(KINDS, 0)
        for row in self.rows:
            out[row.kind] += 1
        return out

    def summary(self) -> dict[str, object]:
        return {"source_a": self.source_a, "source_b": self.source_b,
                "pairs_a": self.pairs_a, "pairs_b": self.pairs_b, "shared": self.shared,
                **self.counts()}

    def to_json(self) -> str:
        return json.dumps({"summary": self.summary(),
                           "rows": [row.__dict__ for row in self.rows]},
                          ensure_ascii=False, indent=2)

    def to_csv(self, delimiter: str = ",", *, raw_csv: bool = False) -> str:
        """The rows as CSV (or TSV with ``delimiter="\\t"``); cells a spreadsheet would run
        as formulas neutralised unless ``raw_csv``
        (:func:`~friendship_graph.results.spreadsheet_safe`)."""
        from .results import spreadsheet_safe

        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
        fields = list(ComparisonRow.__dataclass_fields__)
        writer.writerow(fields)
        for row in self.rows:
            values = [getattr(row, f) for f in fields]
            writer.writerow(values if raw_csv else [
                spreadsheet_safe(v) if isinstance(v, str) else v for v in values])
        return buffer.getvalue()


def resolve_source(store: Store, name: str) -> URIRef:
    """A named graph from its IRI, ``graph:NAME`` or ``NAME``; error if the store lacks it."""
    name = name.strip()
    if name.startswith("graph:"):
        iri = GRAPH[name[len("graph:"):]]
    elif "://" in name:
        iri = URIRef(name)
    else:
        iri = GRAPH[name]
    graphs = [str(g) for g in store.graphs()]
    if str(iri) not in graphs:
        names = ", ".join(g.rsplit("/", 1)[-1] for g in graphs)
        raise FriendshipGraphError(f"no source {name!r} in the store; the sources are: {names}")
    return iri


def _pairs(store: Store, graph: str) -> dict[tuple[str, str], dict[str, set[str]]]:
    partners: dict[str, set[str]] = defaultdict(set)
    for s, _p, o, _lang, g in store.statements([str(FG.partner)], graphs=True):
        if g == graph:
            partners[s].add(o)
    starts: dict[str, set[str]] = defaultdict(set)
    for s, _p, o, _lang, g in store.statements([str(FG.startDate)], literals=True, graphs=True):
        if g == graph:
            starts[s].add(o)
    out: dict[tuple[str, str], dict[str, set[str]]] = {}
    for p, places in partners.items():
        if len(places) != 2:
            continue
        key = tuple(sorted(places))
        entry = out.setdefault(key, {"partnerships": set(), "dates": set()})  # type: ignore[arg-type]
        entry["partnerships"].add(p)
        entry["dates"] |= starts.get(p, set())
    return out  # type: ignore[return-value]


def compare_sources(store: Store, source_a: str, source_b: str) -> Comparison:
    """Compare the partnerships and places of two sources of the store."""
    graph_a = str(resolve_source(store, source_a))
    graph_b = str(resolve_source(store, source_b))
    pairs_a, pairs_b = _pairs(store, graph_a), _pairs(store, graph_b)
    countries: dict[str, dict[str, set[str]]] = {graph_a: defaultdict(set),
                                                 graph_b: defaultdict(set)}
    for s, _p, o, _lang, g in store.statements([str(FG.country)], literals=True, graphs=True):
        if g in countries:
            countries[g][s].add(o)
    labels: dict[str, str] = {}
    for s, _p, o, lang, _g in store.statements([str(RDFS.label)], literals=True):
        if lang == "en" or (s not in labels and not lang):
            labels.setdefault(s, o)
    places_a = set(countries[graph_a]) | {p for key in pairs_a for p in key}
    places_b = set(countries[graph_b]) | {p for key in pairs_b for p in key}
    result = Comparison(graph_a, graph_b, len(pairs_a), len(pairs_b))

    def row(kind: str, a: str, b: str, value_a: str = "", value_b: str = "") -> None:
        result.rows.append(ComparisonRow(kind, a, b, labels.get(a, ""), labels.get(b, ""),
                                         value_a, value_b))

    for key in sorted(set(pairs_a) | set(pairs_b)):
        a, b = key
        in_a, in_b = pairs_a.get(key), pairs_b.get(key)
        if in_a and in_b:
            result.shared += 1
            if in_a["dates"] and in_b["dates"] and in_a["dates"] != in_b["dates"]:
                row("date", a, b, " ".join(sorted(in_a["dates"])),
                    " ".join(sorted(in_b["dates"])))
        elif in_a:
            known = a in places_b and b in places_b
            row("only_in_a" if known else "coverage_a", a, b,
                " ".join(sorted(in_a["partnerships"])), "")
        elif in_b:
            known = a in places_a and b in places_a
            row("only_in_b" if known else "coverage_b", a, b, "",
                " ".join(sorted(in_b["partnerships"])))
    for place in sorted(set(countries[graph_a]) & set(countries[graph_b])):
        ca, cb = countries[graph_a][place], countries[graph_b][place]
        if ca != cb:
            row("country", place, "", " ".join(sorted(ca)), " ".join(sorted(cb)))
    return result
