"""Partnerships from pairs of places: each pair a source gives becomes one partnership,
shared with the other sources that state it.

:class:`PairWriter` checks a :class:`PairRecord` (both places, kind, status, date), resolves
its places with the :class:`~.builder.GraphBuilder`, and states the partnership: merged into
one already in the store (:class:`PartnershipIndex`) when the status agrees, else a new one
(``id:partnership/<cc>-<slug>--<cc>-<slug>``), a status conflict kept apart and reported.
:func:`write_pairs` runs it over a whole source; :func:`import_records` is the common end of
the pair importers.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef

from ..vocab import DCTERMS, FG, FGC, ID, RDF, RDFS
from .builder import GraphBuilder, PlaceMention, check_mention
from .parsing import parse_date
from .places import fast_rows, haversine_km, slugify
from .progress import progress_bar, status_line
from .provenance import Dataset, start_import
from .report import REASON_DATE, REASON_SELF_PAIR, REASON_VALUE, ImportReport
from .resolver import Resolver
from .scoring import compare_names
from .terms import cached_term

if TYPE_CHECKING:
    from ..store import Store

#: Two sides of a pair in one country closer than this, with names that agree, are one place
#: (a self-pair); with other names, the positions are reported as a conflict.
SAME_PLACE_KM = 2.0

__all__ = [
    "SAME_PLACE_KM", "PairRecord", "PairWriter", "PartnershipIndex", "partnership_iri",
    "partnership_classes", "write_pairs", "import_records",
]

# Terms used per row, looked up once (rdflib namespace lookups are slow).
_TYPE, _LABEL = RDF.type, RDFS.label
_PARTNER, _STATUS, _START, _SOURCE = FG.partner, FG.status, FG.startDate, DCTERMS.source
_PARTNERSHIP = FG.Partnership


@dataclass
class PairRecord:
    """One pair of places from a source, with the row it came from."""

    row: int | str
    a: PlaceMention
    b: PlaceMention
    date: str | None = None
    kind: str | None = None
    status: str | None = None


class PartnershipIndex:
    """Partnerships already in the store, by their sorted pair of partner IRIs."""

    def __init__(self, store: Store, graph: URIRef) -> None:
        self.pairs: dict[tuple[str, str], dict[str, Any]] = {}
        rows = fast_rows(store, """
            SELECT ?p ?a ?b ?status ?label ?g WHERE {
                GRAPH ?g { ?p fg:partner ?a , ?b . }
                FILTER (STR(?a) < STR(?b))
                OPTIONAL { ?p fg:status ?status }
                OPTIONAL { ?p rdfs:label ?label FILTER (LANGMATCHES(LANG(?label), "en")) }
            } ORDER BY ?p""")
        types: dict[str, set[str]] = {}
        for p, t in fast_rows(store, "SELECT DISTINCT ?p ?t WHERE { ?p fg:partner ?x ; a ?t }"):
            types.setdefault(p, set()).add(t)
        for p, a, b, status, label, g in rows:
            if str(g) == str(graph):
                continue  # re-importing: this source's own statements are replaced
            key = (str(a), str(b))
            entry = self.pairs.setdefault(key, {"iri": URIRef(p), "statuses": set(),
                                                "labels": set(), "types": types.get(str(p),
                                                                                    set())})
            if str(p) != str(entry["iri"]):
                continue
            if status is not None:
                entry["statuses"].add(str(status))
            if label is not None:
                entry["labels"].add(str(label))


def partnership_iri(a: URIRef, b: URIRef) -> URIRef:
    """``id:partnership/<cc>-<slug>--<cc>-<slug>`` from the sorted pair of place IRIs."""
    tails = sorted(str(x).split("/place/", 1)[-1].rsplit("/id/", 1)[-1].replace("/", "-")
                   for x in (a, b))
    return ID[f"partnership/{tails[0]}--{tails[1]}"]


def partnership_classes(store: Store) -> list[URIRef]:
    """``fg:Partnership`` and every class below it."""
    rows = store.query("SELECT DISTINCT ?c WHERE { ?c rdfs:subClassOf* fg:Partnership }").rows
    return [URIRef(r[0]) for r in rows]


class PairWriter:
    """States the partnerships of one source's pairs in its :class:`GraphBuilder`.

    Parameters
    ----------
    store
        The store the source is imported into (its partnerships and ontology are read).
    builder
        The builder of the source's graph; its report receives rejections and conflicts.
    default_kind, default_status
        The kind and status of a record that names none.
    """

    def __init__(self, store: Store, builder: GraphBuilder, *, default_kind: URIRef,
                 default_status: URIRef) -> None:
        self.store = store
        self.builder = builder
        self.report = builder.report
        self.default_kind = default_kind
        self.default_status = default_status
        self.existing = PartnershipIndex(store, builder.dataset.graph)
        self.kinds = {str(c) for c in partnership_classes(store)}
        #: pairs of place IRIs written by this source -> their partnership
        self.seen: dict[tuple[str, str], URIRef] = {}

    def write(self, record: PairRecord) -> URIRef | None:
        """State the partnership of ``record``; its IRI, or ``None`` when the row is rejected
        (a repeated pair gives the partnership of its first row)."""
        checked = self._check(record)
        if checked is None:
            return None
        side_a, side_b, kind, status, date = checked
        builder, row = self.builder, record.row
        node_a = builder.place(record.a, side_a[0], row, side_a[1])
        node_b = builder.place(record.b, side_b[0], row, side_b[1])
        return self.write_between(row, node_a.iri, node_b.iri, kind, status, date,
                                  (record.a.name, record.b.name))

    def write_between(self, row: int | str, place_a: URIRef, place_b: URIRef, kind: URIRef,
                      status: URIRef, date: Literal | None = None,
                      names: tuple[str, str] = ("", "")) -> URIRef | None:
        """State the partnership between two resolved places (the second half of
        :meth:`write`); ``None`` when both are one place."""
        builder = self.builder
        if place_a == place_b:
            self.report.reject(row, REASON_SELF_PAIR, f"{names[0]!r} and {names[1]!r} "
                               f"are the same place ({place_a})")
            return None
        a, b = sorted((place_a, place_b), key=str)
        key = (str(a), str(b))
        if key in self.seen:
            self.report.duplicate_rows += 1
            iri = self.seen[key]
            if date is not None:
                builder.add(iri, _START, date)
            return iri
        iri = self._partnership(a, b, kind, status, row)
        self.seen[key] = iri
        builder.add(iri, _PARTNER, a)
        builder.add(iri, _PARTNER, b)
        builder.add(iri, _STATUS, status)
        builder.add(iri, _SOURCE, builder.dataset.node)
        if date is not None:
            builder.add(iri, _START, date)
        return iri

    def _check(self, record: PairRecord) -> tuple[Any, Any, URIRef, URIRef, Literal | None] | None:
        """Both sides checked, the kind, the status and the date of a record; ``None`` (and
        the row rejected with a reason) when one of them is not usable."""
        row, report = record.row, self.report
        side_a = check_mention(record.a, row, report)
        if side_a is None:
            return None
        side_b = check_mention(record.b, row, report)
        if side_b is None:
            return None
        shared = {i.key for i in record.a.ids} & {i.key for i in record.b.ids}
        if shared:
            report.reject(row, REASON_SELF_PAIR, f"{record.a.name!r} and {record.b.name!r} share "
                          f"the identifier {sorted(shared)[0]}")
            return None
        if (side_a[0].iso2 == side_b[0].iso2 and side_a[1] is not None
                and side_b[1] is not None):
            km = haversine_km(*map(float, side_a[1]), *map(float, side_b[1]))
            alike = compare_names([record.a.name], [record.b.name],
                                  self.builder.resolver.cues) is not None
            if km <= SAME_PLACE_KM and alike:
                report.reject(row, REASON_SELF_PAIR, f"{record.a.name!r} and {record.b.name!r} "
                              f"are {km:.1f} km apart in one country: one place")
                return None
            if km <= SAME_PLACE_KM:
                report.conflict(row, "position", f"{record.a.name!r} and {record.b.name!r} "
                                f"are {km:.1f} km apart in one country: the source's positions "
                                "of two places are the same (a geocoding error?)")
        kind = cached_term(self.store, _PARTNERSHIP, record.kind, self.default_kind)
        if kind is None or str(kind) not in self.kinds:
            report.reject(row, REASON_VALUE, f"kind {record.kind!r} is not a partnership class")
            return None
        status = cached_term(self.store, FGC.PartnershipStatus, record.status,
                             self.default_status)
        if status is None:
            report.reject(row, REASON_VALUE,
                          f"status {record.status!r} is not a partnership status")
            return None
        date = None
        if record.date and str(record.date).strip():
            date = parse_date(record.date)
            if date is None:
                report.reject(row, REASON_DATE, f"{record.date!r}")
                return None
        return side_a, side_b, kind, status, date

    def _label(self, place: URIRef) -> str:
        node = self.builder.resolver.by_iri.get(place)
        return node.label if node is not None else self.builder.labels.get(place, str(place))

    def _partnership(self, a: URIRef, b: URIRef, kind: URIRef, status: URIRef,
                     row: int | str) -> URIRef:
        """The partnership between places ``a`` and ``b`` (sorted): the one already in the
        store when its status agrees (or it has none), else a new one, with its type and
        label."""
        builder = self.builder
        label = f"{self._label(a)} – {self._label(b)}"
        prior = self.existing.pairs.get((str(a), str(b)))
        if prior is not None and (not prior["statuses"] or str(status) in prior["statuses"]):
            iri = prior["iri"]
            self.report.partnerships_merged += 1
            same_kind = str(kind) in prior["types"] or not prior["types"]
            builder.add(iri, _TYPE, kind if same_kind else _PARTNERSHIP)
            if not prior["labels"] or label in prior["labels"]:
                builder.add(iri, _LABEL, Literal(label, lang="en"))
            return iri
        iri = partnership_iri(a, b)
        if prior is not None:
            self.report.conflict(row, "status", f"{prior['iri']} between the same places has "
                                 f"status {', '.join(sorted(prior['statuses']))}, this source "
                                 f"says {status}: kept as a separate partnership")
            iri = URIRef(str(iri) + "--" + slugify(builder.dataset.name))
        self.report.partnerships_created += 1
        builder.add(iri, _TYPE, kind)
        builder.add(iri, _LABEL, Literal(label, lang="en"))
        return iri


def write_pairs(store: Store, records: Iterable[PairRecord], dataset: Dataset,
                report: ImportReport, *, default_kind: URIRef = FG.Twinning,
                default_status: URIRef = FGC.established, total: int | None = None,
                progress: bool | None = None, resolver: Resolver | None = None,
                write: bool = True) -> GraphBuilder:
    """Resolve pairs of places and write them as partnerships into the dataset's graph.

    Rows that cannot be used are rejected with a reason; the rest never stop. Returns the
    builder (its quads are written unless ``write=False``).
    """
    t0 = time.perf_counter()
    builder = GraphBuilder(store, dataset, report, resolver)
    writer = PairWriter(store, builder, default_kind=default_kind,
                        default_status=default_status)
    records = list(records)
    report.timings["resolver_seed"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    with progress_bar(total or len(records), f"importing {dataset.name}", progress) as advance:
        for record in records:
            advance()
            writer.write(record)
    report.timings["resolution"] = time.perf_counter() - t1
    if write:
        t2 = time.perf_counter()
        with status_line(f"writing {len(builder.triples):,} statements to the store",
                         len(records), progress):
            builder.write()
        report.timings["store_write"] = time.perf_counter() - t2
    return builder


def import_records(store: Store, records: list[PairRecord], paths: Sequence[str | Path], *,
                   importer: str, version: str, name: str | None, title: str, source: str,
                   licenses: Sequence[str], rights: str, retrieved: str | None,
                   report: ImportReport | None, parse_time: float, kind: URIRef,
                   status: URIRef, progress: bool | None,
                   resolver: Resolver | None) -> ImportReport:
    """The common end of the pair importers: describe the dataset (named after the first file
    unless ``name``), fill the report and write the pairs with :func:`write_pairs`."""
    dataset, report = start_import(importer, version, paths, name=name, title=title,
                                   source=source, licenses=licenses, rights=rights,
                                   retrieved=retrieved, report=report, parse_time=parse_time)
    report.rows_read = len(records)
    write_pairs(store, records, dataset, report, default_kind=kind, default_status=status,
                progress=progress, resolver=resolver)
    return report
