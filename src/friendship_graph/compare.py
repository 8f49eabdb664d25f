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

Besides the rows, :class:`SourceQuality` says for each of the two sources how many places it
describes, how many it shares with the other (through a shared identifier, or by name), how
many positions it gives outside the place's country (the importers' ``fg:qualityIssue``
marks), how many of those another source corrected, and which of its countries look
mislabelled (most of their places lie in one other country).
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

__all__ = ["Comparison", "ComparisonRow", "SourceQuality", "compare_sources", "resolve_source",
           "KINDS"]

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
class SourceQuality:
    """What a source says about its places, and how it met the other source."""

    places: int = 0
    shared_by_id: int = 0  # places both describe, with an identifier both give
    shared_by_name: int = 0  # places both describe, without a shared identifier
    outside: int = 0  # positions marked outside the place's country
    corrected: int = 0  # of those, replaced by another source's position
    mislabelled: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass
class Comparison:
    source_a: str
    source_b: str
    pairs_a: int = 0
    pairs_b: int = 0
    shared: int = 0
    rows: list[ComparisonRow] = field(default_factory=list)
    quality_a: SourceQuality = field(default_factory=SourceQuality)
    quality_b: SourceQuality = field(default_factory=SourceQuality)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(KINDS, 0)
        for row in self.rows:
            out[row.kind] += 1
        return out

    def summary(self) -> dict[str, object]:
        return {"source_a": self.source_a, "source_b": self.source_b,
                "pairs_a": self.pairs_a, "pairs_b": self.pairs_b, "shared": self.shared,
                **self.counts()}

    def quality(self) -> dict[str, dict[str, object]]:
        """Each source's :class:`SourceQuality`, by source IRI."""
        return {self.source_a: self.quality_a.to_dict(), self.source_b: self.quality_b.to_dict()}

    def to_json(self) -> str:
        return json.dumps({"summary": self.summary(), "quality": self.quality(),
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
    _quality(store, result, countries, graph_a, graph_b)
    return result


def _quality(store: Store, result: Comparison, countries: dict[str, dict[str, set[str]]],
             graph_a: str, graph_b: str) -> None:
    """Fill the two sources' :class:`SourceQuality`."""
    from .geo.checks import PositionCheck, check_position, mislabelled_countries
    from .vocab import FGC, GEO, OWL, SKOS

    ids: dict[str, dict[str, set[str]]] = {graph_a: defaultdict(set), graph_b: defaultdict(set)}
    for s, _p, o, _lang, g in store.statements([str(OWL.sameAs), str(SKOS.exactMatch),
                                                str(FG.isoCode)], literals=True, graphs=True):
        if g in ids:
            ids[g][s].add(o)
    issues: dict[str, dict[str, set[str]]] = {graph_a: defaultdict(set), graph_b: defaultdict(set)}
    for s, _p, o, _lang, g in store.statements([str(FG.qualityIssue)], graphs=True):
        if g in issues:
            issues[g][s].add(o)
    positions: dict[str, dict[str, tuple[float, float]]] = {graph_a: {}, graph_b: {}}
    lats: dict[tuple[str, str], str] = {}
    for s, _p, o, _lang, g in store.statements([str(GEO.lat)], literals=True, graphs=True):
        lats[(s, g)] = o
    for s, _p, o, _lang, g in store.statements([str(GEO.long)], literals=True, graphs=True):
        if g in positions and (s, g) in lats:
            try:
                positions[g][s] = (float(lats[(s, g)]), float(o))
            except ValueError:
                continue
    for graph, other, quality in ((graph_a, graph_b, result.quality_a),
                                  (graph_b, graph_a, result.quality_b)):
        mine = countries[graph]
        quality.places = len(mine)
        for place in set(mine) & set(countries[other]):
            if ids[graph][place] & ids[other][place]:
                quality.shared_by_id += 1
            else:
                quality.shared_by_name += 1
        marked = issues[graph]
        quality.outside = sum(1 for v in marked.values()
                              if str(FGC.coordinatesOutsideCountry) in v)
        quality.corrected = sum(1 for v in marked.values() if str(FGC.coordinatesReplaced) in v)
        checks = []
        for place, (lat, lon) in positions[graph].items():
            for country in mine.get(place, ()):
                code = country.rsplit("/", 1)[-1].upper()
                if str(FGC.coordinatesOutsideCountry) in marked.get(place, ()):
                    checks.append((code, check_position(code, lat, lon)))
                else:
                    checks.append((code, PositionCheck(True)))
        quality.mislabelled = [m.detail for m in mislabelled_countries(checks)]

