"""The review of a draft: a CSV sheet, and an offline HTML page that makes a decisions file.

Every node of the draft that cites a quotation (``fg:supportedBy``) is a candidate fact. The
sheet has one row per fact (its kind, label, statements and sentence, and empty ``decision``
and ``note`` columns a reviewer may fill in: accept, reject); the page shows each fact with its
sentence, the names in it highlighted, buttons to accept, reject or edit it (its labels, dates
and other values), and a button that downloads the decisions as JSON for
``friendship-graph draft accept``.

The page is one self-contained file: its script and styles are inlined, its Content Security
Policy allows only those (by hash) and nothing from the network, and every string of the data
is put into the page as text, never as HTML.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from ..errors import FriendshipGraphError
from ..ontology import load_ontology, local_name
from ..results import spreadsheet_safe
from ..vocab import FG, PREFIXES

__all__ = ["DraftFile", "ReviewReport", "read_draft", "review_draft", "draft_facts",
           "DECISIONS_FORMAT"]

ASSETS = Path(__file__).resolve().parent / "assets"
#: The ``format`` of a decisions file.
DECISIONS_FORMAT = "friendship-graph-review/1"
#: Literal-valued properties a reviewer may change or add, besides those the fact has.
EDITABLE_EXTRA = ("rdfs:label@en", "rdfs:label@zh", "fg:romanisedLabel")
_SKIP_CLASSES = (FG.Quotation, FG.NewsReport, FG.Publisher)


class DraftFileError(FriendshipGraphError):
    """A file is not a readable draft."""


@dataclass
class DraftFile:
    """A draft read back: its file, its named graph, its triples and their hash."""

    path: Path
    graph_iri: URIRef
    graph: Graph
    sha256: str

    @property
    def name(self) -> str:
        return str(self.graph_iri).rsplit("/draft/", 1)[-1]

    def facts(self) -> list[URIRef]:
        """The candidate facts: nodes citing a quotation, other than the source itself."""
        out = set()
        for node in self.graph.subjects(FG.supportedBy, None):
            types = set(self.graph.objects(node, RDF.type))
            if isinstance(node, URIRef) and not types & set(_SKIP_CLASSES):
                out.add(node)
        return sorted(out, key=_fact_order)


def _fact_order(iri: URIRef) -> tuple:
    text = str(iri)
    head, _, tail = text.rpartition("/")
    return (head, int(tail) if tail.isdigit() else 0, tail)


def read_draft(path: str | os.PathLike[str]) -> DraftFile:
    """Read a draft written by ``friendship-graph draft`` (one graph typed
    ``fg:DraftDataset`` in itself), or raise an error naming the file."""
    from ..store import parse_file, to_rdflib

    data = Path(path).read_bytes() if Path(path).is_file() else None
    if data is None:
        raise DraftFileError(f"{path}: no such file")
    quads = parse_file(path, format="trig")
    graphs = {q.graph_name.value for q in quads if hasattr(q.graph_name, "value")}
    drafts = [g for g in graphs if any(
        q.subject.value == g and q.predicate.value == str(RDF.type)
        and q.object.value == str(FG.DraftDataset) and q.graph_name.value == g
        for q in quads if hasattr(q.subject, "value"))]
    if len(drafts) != 1 or len(graphs) != 1:
        raise DraftFileError(f"{path}: not a draft: a draft holds one named graph that says of "
                             "itself 'a fg:DraftDataset' (made by 'friendship-graph draft')")
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    for quad in quads:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return DraftFile(Path(path), URIRef(drafts[0]), graph, hashlib.sha256(data).hexdigest())


def curie(iri: URIRef) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if str(iri).startswith(namespace):
            return f"{prefix}:{str(iri)[len(namespace):]}"
    return str(iri)


def _key(prop: URIRef, value: Literal) -> str:
    key = curie(prop)
    return f"{key}@{value.language}" if value.language else key


def draft_facts(draft: DraftFile) -> list[dict]:
    """The facts of a draft as plain data (for the sheet, the page and the tests)."""
    ontology = load_ontology()
    g = draft.graph

    def label(node: object) -> str:
        if isinstance(node, Literal):
            return str(node)
        labels = {lit.language or "": str(lit) for lit in g.objects(node, RDFS.label)
                  if isinstance(lit, Literal)}
        if labels:
            return labels.get("en") or labels.get("zh") or next(iter(labels.values()))
        if isinstance(node, URIRef) and (node, None, None) in ontology.graph:
            return ontology.label(node, "en")
        return local_name(str(node))

    out = []
    for node in draft.facts():
        types = [t for t in g.objects(node, RDF.type) if isinstance(t, URIRef)]
        cls = types[0] if types else FG.Place
        statements, editable, highlights = [], {}, set()
        for prop, value in sorted(g.predicate_objects(node), key=lambda pv: (curie(pv[0]),
                                                                              str(pv[1]))):
            if prop in (RDF.type, FG.supportedBy):
                continue
            statements.append({"property": ontology.label(prop, "en") if (
                prop, None, None) in ontology.graph else curie(prop), "value": label(value)})
            if isinstance(value, Literal):
                editable.setdefault(_key(prop, value), str(value))
                highlights.add(str(value))
            else:
                highlights.update(str(v) for v in g.objects(value, RDFS.label))
        for extra in EDITABLE_EXTRA:
            editable.setdefault(extra, "")
        quotes = []
        for quote in g.objects(node, FG.supportedBy):
            text = g.value(quote, FG.quote)
            paragraph = g.value(quote, FG.paragraph)
            if text is not None:
                quotes.append({"text": str(text), "paragraph": int(paragraph or 0)})
        quotes.sort(key=lambda q: (q["paragraph"], q["text"]))
        sentence_text = " ".join(q["text"] for q in quotes)
        out.append({
            "fact": str(node), "kind": ontology.label(cls, "en"), "kind_class": curie(cls),
            "label": label(node), "statements": statements, "quotes": quotes,
            "highlights": sorted(h for h in highlights if len(h) >= 2 and h in sentence_text),
            "editable": editable,
        })
    return out


@dataclass
class ReviewReport:
    """The files a review wrote."""

    csv_path: Path
    html_path: Path
    facts: int
    paths: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        return f"wrote {self.csv_path} and {self.html_path} ({self.facts} facts to review)"


def review_draft(draft_path: str | os.PathLike[str],
                 output: str | os.PathLike[str] | None = None) -> ReviewReport:
    """Write ``<output>.review.csv`` and ``<output>.review.html`` for a draft (``output``
    defaults to the draft's path without ``.trig``)."""
    draft = read_draft(draft_path)
    facts = draft_facts(draft)
    base = str(output) if output else str(draft.path).removesuffix(".trig")
    base = base.removesuffix(".review.html").removesuffix(".review.csv")
    csv_path, html_path = Path(base + ".review.csv"), Path(base + ".review.html")
    _write(csv_path, _sheet(draft, facts))
    _write(html_path, review_page(draft, facts))
    return ReviewReport(csv_path, html_path, len(facts), [csv_path, html_path])


def _sheet(draft: DraftFile, facts: list[dict]) -> str:
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["fact", "kind", "label", "statements", "paragraph", "sentence",
                     "decision", "note", "draft", "draft_sha256"])
    for fact in facts:
        statements = "; ".join(f"{s['property']}: {s['value']}" for s in fact["statements"])
        for quote in fact["quotes"][:1] or [{"paragraph": "", "text": ""}]:
            writer.writerow([fact["fact"], fact["kind"], spreadsheet_safe(fact["label"]),
                             spreadsheet_safe(statements), quote["paragraph"],
                             spreadsheet_safe(quote["text"]), "", "", str(draft.graph_iri),
                             draft.sha256])
    return buffer.getvalue()


def review_page(draft: DraftFile, facts: list[dict]) -> str:
    """The review page (HTML) of a draft."""
    from html import escape

    from ..render import script_json

    script = (ASSETS / "review.js").read_text(encoding="utf-8")
    style = (ASSETS / "review.css").read_text(encoding="utf-8")
    template = (ASSETS / "review.html").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    data = {"format": DECISIONS_FORMAT, "draft": str(draft.graph_iri), "file": draft.path.name,
            "draft_sha256": draft.sha256, "facts": facts}
    values = {"title": escape(f"Review: {draft.path.name}"),
              "script_hash": f"'sha256-{digest}'", "style": style,
              "data": script_json(data), "script": script}
    # One pass over the template: text from the draft is never scanned for placeholders.
    return re.sub(r"\{\{ (\w+) \}\}", lambda m: values[m.group(1)], template)


def _write(path: Path, text: str) -> None:
    from ..export import atomic_write

    with atomic_write(path) as handle:
        handle.write(text)
