"""What every importer shares: the import report, provenance, progress, reading text files,
and the writer that turns resolved pairs of places into partnerships.

An importer parses its whole input first (a malformed file raises :class:`ImportFileError`
before anything is written), resolves every mention of a place with
:class:`~friendship_graph.importers.places.Resolver`, builds the quads of ONE named graph
(``graph:<source name>``), and writes them with ``store.add_quads(quads, replace_graph=...)``:
one transaction, so re-importing a source replaces it.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
import sys
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from .. import __version__
from ..errors import FriendshipGraphError
from ..store import Store
from ..vocab import DCTERMS, FG, FGC, GEO, GRAPH, ID, OWL, PROV, RDF, RDFS, SKOS, WD, XSD
from .countries import CountryMatch, country_label, resolve_country
from .places import PlaceNode, Resolver, fast_rows, parse_place_name, slugify

__all__ = [
    "ImportFileError", "ImportReport", "Dataset", "PlaceMention", "PairRecord", "GraphBuilder",
    "write_pairs", "read_text", "parse_coordinate", "parse_date", "progress_bar",
    "REASON_EMPTY_NAME", "REASON_SELF_PAIR", "REASON_COORDINATE", "REASON_COUNTRY",
    "REASON_DATE", "REASON_VALUE",
]

# Terms used per row, looked up once (rdflib namespace lookups are slow).
_TYPE, _LABEL, _ALT = RDF.type, RDFS.label, SKOS.altLabel
_COUNTRY, _LOCATED_IN, _LAT, _LONG = FG.country, FG.locatedIn, GEO.lat, GEO.long
_PARTNER, _STATUS, _START, _SOURCE = FG.partner, FG.status, FG.startDate, DCTERMS.source
_SAME_AS, _POPULATION, _DECIMAL = OWL.sameAs, FG.population, XSD.decimal
_CITY, _DISTRICT, _PLACE, _PARTNERSHIP = FG.City, FG.District, FG.Place, FG.Partnership

REASON_EMPTY_NAME = "empty name"
REASON_SELF_PAIR = "self-pair"
REASON_COORDINATE = "unparseable coordinate"
REASON_COUNTRY = "unknown country"
REASON_DATE = "unparseable date"
REASON_VALUE = "unknown value"


class ImportFileError(FriendshipGraphError):
    """The input file cannot be imported at all (encoding, columns, format); nothing was written."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message} (nothing was imported)")


# --------------------------------------------------------------------------- the report


@dataclass
class ImportReport:
    """What an import did. ``rejected`` and ``conflicts`` hold ``(row, reason, detail)``."""

    importer: str = ""
    graph: str = ""
    files: list[str] = field(default_factory=list)
    rows_read: int = 0
    places_created: int = 0
    places_merged: int = 0  # distinct places of the store (other sources) this import reused
    partnerships_created: int = 0
    partnerships_merged: int = 0  # partnerships already in the store (another source)
    duplicate_rows: int = 0  # rows repeating a pair already read from this source
    nodes_created: int = 0  # generic nodes (edges importer)
    edges_created: int = 0
    quads_written: int = 0
    rejected: list[tuple[str, str, str]] = field(default_factory=list)
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def reject(self, row: int | str, reason: str, detail: str = "") -> None:
        self.rejected.append((str(row), reason, detail))

    def conflict(self, row: int | str, kind: str, detail: str) -> None:
        self.conflicts.append((str(row), kind, detail))

    @property
    def rejected_by_reason(self) -> dict[str, int]:
        return dict(sorted(Counter(reason for _, reason, _ in self.rejected).items()))

    @property
    def conflicts_by_kind(self) -> dict[str, int]:
        return dict(sorted(Counter(kind for _, kind, _ in self.conflicts).items()))

    def summary(self) -> str:
        """A few lines for stderr."""
        lines = [f"import {self.importer} -> {self.graph}: {self.rows_read} rows read"]
        if self.places_created or self.places_merged:
            lines.append(f"  places: {self.places_created} created, {self.places_merged} "
                         "merged with places already in the store")
        if self.partnerships_created or self.partnerships_merged or self.duplicate_rows:
            lines.append(f"  partnerships: {self.partnerships_created} created, "
                         f"{self.partnerships_merged} merged with partnerships already in "
                         f"the store, {self.duplicate_rows} duplicate rows")
        if self.nodes_created or self.edges_created:
            lines.append(f"  nodes: {self.nodes_created}, edges: {self.edges_created}")
        rejected = ", ".join(f"{n} {r}" for r, n in self.rejected_by_reason.items())
        lines.append(f"  rejected: {len(self.rejected)} rows" + (f" ({rejected})" if rejected
                                                                 else ""))
        if self.conflicts:
            kinds = ", ".join(f"{n} {k}" for k, n in self.conflicts_by_kind.items())
            lines.append(f"  conflicts (not merged): {len(self.conflicts)} ({kinds})")
        lines.append(f"  {self.quads_written} quads written")
        return "\n".join(lines)

    def write_csv(self, path: str | Path) -> None:
        """Every rejected row and conflict: ``row,kind,reason,detail``."""
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["row", "kind", "reason", "detail"])
            for row, reason, detail in self.rejected:
                writer.writerow([row, "rejected", reason, detail])
            for row, kind, detail in self.conflicts:
                writer.writerow([row, "conflict", kind, detail])

    def to_dict(self) -> dict[str, Any]:
        return {
            "importer": self.importer, "graph": self.graph, "files": self.files,
            "rows_read": self.rows_read, "places_created": self.places_created,
            "places_merged": self.places_merged,
            "partnerships_created": self.partnerships_created,
            "partnerships_merged": self.partnerships_merged,
            "duplicate_rows": self.duplicate_rows, "nodes_created": self.nodes_created,
            "edges_created": self.edges_created, "quads_written": self.quads_written,
            "rejected": len(self.rejected), "rejected_by_reason": self.rejected_by_reason,
            "conflicts": len(self.conflicts), "conflicts_by_kind": self.conflicts_by_kind,
        }


# --------------------------------------------------------------------------- provenance


@dataclass
class Dataset:
    """Who made a source and under which licence: described in its graph as a fg:Dataset."""

    name: str  # graph:<name>, id:source/<name>
    title: str = ""
    source: str = ""  # where it came from: a URL or a file name
    licenses: Sequence[str] = ()  # licence IRIs
    rights: str = ""  # attribution text
    retrieved: str | None = None  # retrieval date (YYYY-MM-DD, YYYY-MM or YYYY)
    importer: str = ""

    def __post_init__(self) -> None:
        slug = re.sub(r"[^a-z0-9._-]+", "-", self.name.lower()).strip("-")
        if not slug:
            raise FriendshipGraphError(f"a source name must have a letter or digit: {self.name!r}")
        self.name = slug

    @property
    def graph(self) -> URIRef:
        return GRAPH[self.name]

    @property
    def node(self) -> URIRef:
        return ID[f"source/{self.name}"]

    def quads(self) -> list[tuple[Node, Node, Node, Node]]:
        g, s = self.graph, self.node
        title = self.title or self.name
        out: list[tuple[Node, Node, Node]] = [
            (s, _TYPE, FG.Dataset),
            (s, _LABEL, Literal(title, lang="en")),
            (s, DCTERMS.title, Literal(title, lang="en")),
            (g, PROV.wasDerivedFrom, s),
            (g, DCTERMS.creator, Literal(f"friendship-graph {__version__}, importer "
                                         f"{self.importer}")),
        ]
        if self.source:
            is_url = re.match(r"^[a-z]+://\S+$", self.source)
            out.append((s, _SOURCE, URIRef(self.source) if is_url
                        else Literal(self.source)))
        for licence in self.licenses:
            out.append((s, DCTERMS.license, URIRef(licence)))
        if self.rights:
            out.append((s, DCTERMS.rights, Literal(self.rights, lang="en")))
        if self.retrieved:
            out.append((g, DCTERMS.created, parse_date(self.retrieved)
                        or Literal(self.retrieved)))
        return [(*t, g) for t in out]


# --------------------------------------------------------------------------- parsing helpers


def read_text(path: str | Path, encoding: str = "utf-8") -> str:
    """A whole text file, or :class:`ImportFileError` naming the line of a bad byte."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ImportFileError(path, f"cannot read the file: {error.strerror or error}") from None
    try:
        return data.decode("utf-8-sig" if encoding.lower().replace("_", "-") == "utf-8"
                           else encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(path, f"not valid {encoding} text (byte {error.start}); save it as "
                              f"UTF-8 or pass --encoding", line) from None
    except LookupError:
        raise ImportFileError(path, f"unknown encoding {encoding!r}") from None


def parse_coordinate(text: str | None, low: float, high: float) -> Decimal | None:
    """A decimal coordinate in [low, high]; ``None`` for an empty cell; ValueError otherwise."""
    if text is None:
        return None
    text = str(text).strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite() or not low <= value <= high:
        raise ValueError(text)
    return value


_DATE_FORMS = [
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date),
    (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth),
    (re.compile(r"^\d{4}$"), XSD.gYear),
]


def parse_date(text: str | None) -> Literal | None:
    """``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` as xsd:date / gYearMonth / gYear, as precise as
    given; ``None`` for empty or unparseable text."""
    if text is None:
        return None
    text = str(text).strip()
    for pattern, datatype in _DATE_FORMS:
        if pattern.match(text):
            try:
                if datatype == XSD.date:
                    _dt.date.fromisoformat(text)
                elif datatype == XSD.gYearMonth and not 1 <= int(text[5:]) <= 12:
                    return None
            except ValueError:
                return None
            return Literal(text, datatype=datatype, normalize=False)
    return None


@contextmanager
def progress_bar(total: int, description: str, enabled: bool | None = None) -> Iterator[Any]:
    """A rich progress bar on stderr, when stderr is a terminal (never in tests or pipes).

    Yields a function ``advance(n=1)``.
    """
    if enabled is None:
        enabled = sys.stderr.isatty() and "pytest" not in sys.modules
    if not enabled or total < 2000:
        yield lambda n=1: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n=1: progress.advance(task, n)


@contextmanager
def status_line(message: str, total: int, enabled: bool | None = None) -> Iterator[None]:
    """A rich spinner with ``message`` on stderr, under the same conditions as the bar."""
    if enabled is None:
        enabled = sys.stderr.isatty() and "pytest" not in sys.modules
    if not enabled or total < 2000:
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message):
        yield


# --------------------------------------------------------------------------- pairs


@dataclass
class PlaceMention:
    """One side of a pair, as the source writes it."""

    name: str
    country: str | None = None
    lat: str | float | None = None
    lon: str | float | None = None
    qid: str | None = None  # a Wikidata Q-id from the source
    population: int | None = None


@dataclass
class PairRecord:
    """One pair of places from a source, with the row it came from."""

    row: int | str
    a: PlaceMention
    b: PlaceMention
    date: str | None = None
    kind: str | None = None
    status: str | None = None


def ontology_term(store: Store, top: URIRef, text: str | None, default: URIRef) -> URIRef | None:
    """A class under ``top`` (or a concept in scheme ``top``) named by local name, IRI or
    label (any language, case-insensitive); ``default`` for empty text; None when unknown."""
    if text is None or not str(text).strip():
        return default
    wanted = str(text).strip().lower()
    rows = store.query("""
        SELECT DISTINCT ?t ?label WHERE {
            { ?t rdfs:subClassOf* ?top } UNION { ?t skos:inScheme ?top }
            OPTIONAL { ?t rdfs:label|skos:prefLabel|skos:notation ?label }
        }""", {"top": top}).rows
    for term, label in rows:
        iri = str(term)
        local = re.split(r"[#/]", iri)[-1].lower()
        if wanted in (iri.lower(), local, local.replace("-", ""), f"fg:{local}",
                      f"fgc:{local}") or (label is not None and str(label).lower() == wanted):
            return URIRef(iri)
    return None


class GraphBuilder:
    """Collects the quads of one source graph, stating each place once, the way the resolver
    decided: new places in full; places merged into another source's node with only what
    this source adds (its spelling as skos:altLabel, its Wikidata link)."""

    def __init__(self, store: Store, dataset: Dataset, report: ImportReport,
                 resolver: Resolver | None = None) -> None:
        self.store = store
        self.dataset = dataset
        self.report = report
        self.resolver = resolver or Resolver.from_store(store, exclude_graph=dataset.graph)
        self.graph = dataset.graph
        self.triples: set[tuple[Node, Node, Node]] = set()
        self._countries: set[str] = set()
        self._constituents: set[str] = set()
        self._existing_country_labels = self._country_labels()
        self._touched: set[URIRef] = set()
        self._merged: set[URIRef] = set()
        self._coords_done: set[URIRef] = set()
        self._spellings: set[tuple[URIRef, str]] = set()

    def _country_labels(self) -> dict[str, str]:
        rows = self.store.query("""
            SELECT ?c ?label WHERE { ?c a fg:Country ; rdfs:label ?label .
                                     FILTER (LANGMATCHES(LANG(?label), "en")) }""").rows
        return {str(c): str(label) for c, label in rows}

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.triples.add((s, p, o))

    # -- countries ---------------------------------------------------------------------------

    def country(self, match: CountryMatch) -> URIRef:
        iri = ID[f"country/{match.code}"]
        if match.code not in self._countries:
            self._countries.add(match.code)
            label = self._existing_country_labels.get(str(iri)) or country_label(match.iso2)
            self.add(iri, _TYPE, FG.Country)
            self.add(iri, _LABEL, Literal(label, lang="en"))
            self.add(iri, FG.isoCode, Literal(match.iso2))
        if match.constituent and match.constituent not in self._constituents:
            self._constituents.add(match.constituent)
            c_iri = ID[f"place/{match.code}/{match.constituent}"]
            self.add(c_iri, _TYPE, FG.ConstituentCountry)
            self.add(c_iri, _LABEL, Literal(match.constituent_label, lang="en"))
            self.add(c_iri, _COUNTRY, iri)
        return iri

    # -- places ------------------------------------------------------------------------------

    def place(self, mention: PlaceMention, match: CountryMatch, row: int | str,
              coords: tuple[Any, Any] | None) -> PlaceNode:
        """Resolve a mention and state it in this graph; returns the node."""
        self.country(match)
        parsed = parse_place_name(mention.name)
        parent_node = None
        if parsed.parent:
            parent_node = self._resolve(PlaceMention(parsed.parent), match, row, None,
                                        cls=_CITY if parsed.parent_is_city else _PLACE)
        cls = _DISTRICT if parsed.parent_is_city else (
            _PLACE if parsed.name == mention.name and "(" in mention.name else _CITY)
        slug_hint = None
        if parsed.parent:
            slug_hint = f"{slugify(parsed.name)}-{slugify(parsed.parent)}"
        node = self._resolve(PlaceMention(parsed.name, mention.country, mention.lat, mention.lon,
                                          mention.qid, mention.population),
                             match, row, coords, cls=cls,
                             parent=parent_node.iri if parent_node else None,
                             slug_hint=slug_hint)
        if parsed.qualified:
            self._spelling(node, normalise(mention.name))
        if parent_node is not None and node.parent == parent_node.iri:
            self.add(node.iri, _LOCATED_IN, parent_node.iri)
        elif match.constituent and node.parent is None:
            self.add(node.iri, _LOCATED_IN, ID[f"place/{match.code}/{match.constituent}"])
        if parent_node is not None and match.constituent and parent_node.parent is None:
            self.add(parent_node.iri, _LOCATED_IN,
                     ID[f"place/{match.code}/{match.constituent}"])
        return node

    def _resolve(self, mention: PlaceMention, match: CountryMatch, row: int | str,
                 coords: tuple[Any, Any] | None, *, cls: URIRef,
                 parent: URIRef | None = None, slug_hint: str | None = None) -> PlaceNode:
        lat = float(coords[0]) if coords else None
        lon = float(coords[1]) if coords else None
        qid = mention.qid
        node, created, conflicts = self.resolver.resolve(
            mention.name, match.code, lat=lat, lon=lon, qid=qid, parent=parent, cls=cls,
            slug_hint=slug_hint)
        for conflict in conflicts:
            self.report.conflict(row, conflict.kind, conflict.detail)
        if created:
            self.report.places_created += 1
        elif node.existing and node.iri not in self._merged:
            self._merged.add(node.iri)
            self.report.places_merged += 1
        iri = node.iri
        first = iri not in self._touched
        if first:
            self._touched.add(iri)
            self.add(iri, _TYPE, node.cls if not created else cls)
            self.add(iri, _COUNTRY, ID[f"country/{match.code}"])
        self._spelling(node, mention.name)
        if coords and (created or node.lat is None or node.coords_from == str(self.graph)) \
                and iri not in self._coords_done:
            # One position per place: the first source that gives one states it.
            self._coords_done.add(iri)
            node.lat, node.lon, node.coords_from = lat, lon, str(self.graph)
            self.add(iri, _LAT, Literal(str(coords[0]), datatype=_DECIMAL))
            self.add(iri, _LONG, Literal(str(coords[1]), datatype=_DECIMAL))
        if qid:
            self.add(iri, _SAME_AS, WD[qid])
            if node.qid is None:
                node.qid = qid
                self.resolver.by_qid.setdefault(qid, node)
        if mention.population is not None:
            self.add(iri, _POPULATION, Literal(int(mention.population)))
        return node

    def _spelling(self, node: PlaceNode, spelling: str) -> None:
        """The canonical label as rdfs:label@en, any other spelling as skos:altLabel@en."""
        spelling = normalise(spelling)
        if not spelling or (node.iri, spelling) in self._spellings:
            return
        self._spellings.add((node.iri, spelling))
        if spelling == node.label:
            self.add(node.iri, _LABEL, Literal(spelling, lang="en"))
        else:
            self.add(node.iri, _ALT, Literal(spelling, lang="en"))
        self.resolver.add_label(node, spelling)

    # -- writing -----------------------------------------------------------------------------

    def quads(self) -> list[tuple[Node, Node, Node, Node]]:
        g = self.graph
        return [*self.dataset.quads(), *((s, p, o, g) for s, p, o in self.triples)]

    def write(self) -> int:
        quads = self.quads()
        self.store.add_quads(quads, replace_graph=self.graph)
        self.report.quads_written = len(quads)
        return len(quads)


def normalise(text: str) -> str:
    """Whitespace-normalised text (a label keeps its characters otherwise)."""
    return re.sub(r"[ \t\u00a0]+", " ", str(text)).strip()


class _PartnershipIndex:
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


def start_import(importer: str, version: str, paths: Sequence[str | Path], *,
                 name: str | None, title: str, source: str, licenses: Sequence[str],
                 rights: str, retrieved: str | None, report: ImportReport | None,
                 parse_time: float) -> tuple[Dataset, ImportReport]:
    """The dataset an import writes (named after the first file unless ``name``) and its
    report, started with the files and the parse time."""
    dataset = Dataset(name or Path(paths[0]).name.split(".")[0], title=title,
                      source=source or ", ".join(Path(p).name for p in paths),
                      licenses=licenses, rights=rights, retrieved=retrieved,
                      importer=f"{importer} {version}")
    report = report or ImportReport()
    report.importer, report.graph = importer, str(dataset.graph)
    report.files = [str(p) for p in paths]
    report.timings["parse"] = parse_time
    return dataset, report


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


def write_pairs(store: Store, records: Iterable[PairRecord], dataset: Dataset,
                report: ImportReport, *, default_kind: URIRef = FG.Twinning,
                default_status: URIRef = FGC.established, total: int | None = None,
                progress: bool | None = None, resolver: Resolver | None = None,
                write: bool = True) -> GraphBuilder:
    """Resolve pairs of places and write them as partnerships into the dataset's graph.

    Rows that cannot be used are rejected with a reason; the rest never stop. Returns the
    builder (its quads are written unless ``write=False``).
    """
    import time

    t0 = time.perf_counter()
    builder = GraphBuilder(store, dataset, report, resolver)
    existing = _PartnershipIndex(store, dataset.graph)
    kinds = {str(c) for c in _partnership_classes(store)}
    seen: dict[tuple[str, str], URIRef] = {}
    records = list(records)
    report.timings["resolver_seed"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    with progress_bar(total or len(records), f"importing {dataset.name}", progress) as advance:
        for record in records:
            advance()
            _write_pair(store, builder, existing, seen, kinds, record, report,
                        default_kind, default_status)
    report.timings["resolution"] = time.perf_counter() - t1
    if write:
        t2 = time.perf_counter()
        with status_line(f"writing {len(builder.triples):,} statements to the store",
                         len(records), progress):
            builder.write()
        report.timings["store_write"] = time.perf_counter() - t2
    return builder


def _partnership_classes(store: Store) -> list[URIRef]:
    rows = store.query("SELECT DISTINCT ?c WHERE { ?c rdfs:subClassOf* fg:Partnership }").rows
    return [URIRef(r[0]) for r in rows]


def _side(mention: PlaceMention, row: int | str, report: ImportReport
          ) -> tuple[CountryMatch, tuple[Any, Any] | None] | None:
    if not normalise(mention.name or ""):
        report.reject(row, REASON_EMPTY_NAME, "")
        return None
    country_text = mention.country
    match = resolve_country(country_text) if country_text else None
    if match is None and not (country_text or "").strip() and "," in mention.name:
        # "Varna, Bulgaria" with an empty country column: the country is in the name.
        head, _, tail = mention.name.rpartition(",")
        match = resolve_country(tail)
        if match is not None:
            mention.name = head.strip()
    if match is None:
        report.reject(row, REASON_COUNTRY, f"{mention.name!r}: {country_text or ''!r}")
        return None
    try:
        lat = parse_coordinate(None if mention.lat is None else str(mention.lat), -90, 90)
        lon = parse_coordinate(None if mention.lon is None else str(mention.lon), -180, 180)
    except ValueError as error:
        report.reject(row, REASON_COORDINATE, f"{mention.name!r}: {error}")
        return None
    if (lat is None) != (lon is None):
        report.reject(row, REASON_COORDINATE, f"{mention.name!r}: only one coordinate")
        return None
    return match, ((lat, lon) if lat is not None else None)


def _write_pair(store: Store, builder: GraphBuilder, existing: _PartnershipIndex,
                seen: dict[tuple[str, str], URIRef], kinds: set[str], record: PairRecord,
                report: ImportReport, default_kind: URIRef, default_status: URIRef,
                ) -> URIRef | None:
    row = record.row
    side_a = _side(record.a, row, report)
    if side_a is None:
        return None
    side_b = _side(record.b, row, report)
    if side_b is None:
        return None
    if (normalise(record.a.name).lower() == normalise(record.b.name).lower()
            and side_a[0].iso2 == side_b[0].iso2):
        report.reject(row, REASON_SELF_PAIR, f"{record.a.name!r}")
        return None
    kind = _cached_term(store, _PARTNERSHIP, record.kind, default_kind)
    if kind is None or str(kind) not in kinds:
        report.reject(row, REASON_VALUE, f"kind {record.kind!r} is not a partnership class")
        return None
    status = _cached_term(store, FGC.PartnershipStatus, record.status, default_status)
    if status is None:
        report.reject(row, REASON_VALUE, f"status {record.status!r} is not a partnership status")
        return None
    date = None
    if record.date and str(record.date).strip():
        date = parse_date(record.date)
        if date is None:
            report.reject(row, REASON_DATE, f"{record.date!r}")
            return None
    node_a = builder.place(record.a, side_a[0], row, side_a[1])
    node_b = builder.place(record.b, side_b[0], row, side_b[1])
    if node_a.iri == node_b.iri:
        report.reject(row, REASON_SELF_PAIR, f"{record.a.name!r} and {record.b.name!r} are "
                      f"the same place ({node_a.iri})")
        return None
    a, b = sorted((node_a.iri, node_b.iri), key=str)
    key = (str(a), str(b))
    if key in seen:
        report.duplicate_rows += 1
        iri = seen[key]
        if date is not None:
            builder.add(iri, _START, date)
        return iri
    label_a = builder.resolver.by_iri[a].label
    label_b = builder.resolver.by_iri[b].label
    label = f"{label_a} – {label_b}"
    prior = existing.pairs.get(key)
    if prior is not None and (not prior["statuses"] or str(status) in prior["statuses"]):
        iri = prior["iri"]
        report.partnerships_merged += 1
        same_kind = str(kind) in prior["types"] or not prior["types"]
        builder.add(iri, _TYPE, kind if same_kind else _PARTNERSHIP)
        if not prior["labels"] or label in prior["labels"]:
            builder.add(iri, _LABEL, Literal(label, lang="en"))
    else:
        iri = partnership_iri(a, b)
        if prior is not None:
            report.conflict(row, "status", f"{prior['iri']} between the same places has status "
                            f"{', '.join(sorted(prior['statuses']))}, this source says "
                            f"{status}: kept as a separate partnership")
            iri = URIRef(str(iri) + "--" + slugify(builder.dataset.name))
        report.partnerships_created += 1
        builder.add(iri, _TYPE, kind)
        builder.add(iri, _LABEL, Literal(label, lang="en"))
    seen[key] = iri
    builder.add(iri, _PARTNER, a)
    builder.add(iri, _PARTNER, b)
    builder.add(iri, _STATUS, status)
    builder.add(iri, _SOURCE, builder.dataset.node)
    if date is not None:
        builder.add(iri, _START, date)
    return iri


#: Per store (weakly held, so a new store never sees another's answers): looked-up terms.
_TERMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _cached_term(store: Store, top: URIRef, text: str | None, default: URIRef) -> URIRef | None:
    if text is None or not str(text).strip():
        return default
    cache = _TERMS.setdefault(store, {})
    key = (str(top), str(text).strip().lower())
    if key not in cache:
        cache[key] = ontology_term(store, top, text, default)
    return cache[key]


def read_csv_rows(text: str, path: str | Path, delimiter: str | None = None
                  ) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and ``(line number, row dict)`` pairs of a CSV/TSV text (delimiter sniffed
    among comma, tab, semicolon and pipe unless given)."""
    if not text.strip():
        raise ImportFileError(path, "the file is empty; it needs a header row and data rows")
    if delimiter is None:
        first = text.split("\n", 1)[0]
        if str(path).lower().endswith((".tsv", ".tab")):
            delimiter = "\t"
        else:
            try:
                delimiter = csv.Sniffer().sniff(first, delimiters=",\t;|").delimiter
            except csv.Error:
                delimiter = ","
    elif delimiter in ("\\t", "tab", "TAB"):
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as error:
        raise ImportFileError(path, f"cannot read the header row: {error}", 1) from None
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        while True:
            try:
                values = next(reader)
            except StopIteration:
                break
            line = reader.line_num
            if not values or all(not v.strip() for v in values):
                continue
            rows.append((line, dict(zip(header, values, strict=False))))
    except csv.Error as error:
        raise ImportFileError(path, f"malformed CSV: {error}", reader.line_num) from None
    return header, rows
