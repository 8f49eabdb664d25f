"""The review list of entity resolution, and a curator's decisions as data.

Merges the scorer is not sure of (:data:`~.scoring.REVIEW_AT` <= score <
:data:`~.scoring.MERGE_AT`) are kept apart and listed as :class:`ReviewItem` rows, and so are
the merges it made on names that were not equal (so that a curator can undo one). The list is
written as CSV (:func:`write_review_csv`) and as a short self-contained HTML page
(:func:`write_review_html`, no script, nothing fetched).

A curator fills the ``decision`` column with ``merge`` or ``keep apart`` and records the
sheet with :func:`record_decisions` (``friendship-graph decide REVIEW.csv``): each decision
becomes ``owl:sameAs`` (merge) or ``owl:differentFrom`` (keep apart) between the two place
IRIs in the named graph ``graph:resolution-decisions``, with who decided and when. Every later
import reads them (:func:`read_decisions`): a mention that would become the one place is
merged into the other, or never merged with it.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from ..errors import FriendshipGraphError
from ..vocab import DCTERMS, FG, GRAPH, ID, OWL, PROV, RDF, RDFS

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["DECISIONS_GRAPH", "ReviewItem", "Decisions", "read_decisions", "record_decisions",
           "write_review_csv", "write_review_html", "REVIEW_COLUMNS"]

#: The named graph of the curators' decisions.
DECISIONS_GRAPH = GRAPH["resolution-decisions"]
REVIEW_COLUMNS = ("score", "outcome", "place", "label", "candidate", "candidate_label",
                  "country", "km", "reasons", "row", "source", "decision")
_VERDICTS = {"merge": OWL.sameAs, "keep apart": OWL.differentFrom}


@dataclass
class ReviewItem:
    """A pair of places the resolver merged on a score or left apart for a curator."""

    score: float
    outcome: str  # "merged" or "kept apart"
    place: str  # the IRI the mention has (or would have had, when merged)
    label: str
    candidate: str  # the IRI of the place it was compared with
    candidate_label: str
    country: str
    km: float | None
    reasons: str
    row: str = ""
    source: str = ""

    def cells(self) -> list[str]:
        return [f"{self.score:g}", self.outcome, self.place, self.label, self.candidate,
                self.candidate_label, self.country.upper(),
                "" if self.km is None else f"{self.km:.1f}", self.reasons, self.row,
                self.source, ""]


@dataclass
class Decisions:
    """The curators' decisions: place IRI -> the place it is merged into; pairs kept apart."""

    merge: dict[str, str] = field(default_factory=dict)
    apart: set[frozenset[str]] = field(default_factory=set)

    def kept_apart(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self.apart


def read_decisions(store: Store) -> Decisions:
    """The decisions in ``graph:resolution-decisions`` (between place IRIs)."""
    decisions = Decisions()
    place = str(ID["place/"])
    for s, _p, o, _g in store.quads(None, OWL.sameAs, None, DECISIONS_GRAPH):
        if str(s).startswith(place) and str(o).startswith(place):
            decisions.merge[str(s)] = str(o)
    for s, _p, o, _g in store.quads(None, OWL.differentFrom, None, DECISIONS_GRAPH):
        decisions.apart.add(frozenset((str(s), str(o))))
    return decisions


def write_review_csv(items: Iterable[ReviewItem], path: str | Path) -> int:
    """The review list as CSV (``decision`` empty, for the curator); returns the rows."""
    rows = sorted(items, key=lambda i: (-i.score, i.place, i.candidate))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REVIEW_COLUMNS)
        for item in rows:
            writer.writerow(item.cells())
    return len(rows)


def write_review_html(items: Iterable[ReviewItem], path: str | Path, title: str) -> int:
    """The review list as one self-contained HTML page (no script, nothing fetched)."""
    rows = sorted(items, key=lambda i: (-i.score, i.place, i.candidate))
    e = html.escape
    body = "\n".join(
        f"<tr class=\"{e(i.outcome.replace(' ', '-'))}\"><td>{e(f'{i.score:g}')}</td>"
        f"<td>{e(i.outcome)}</td><td>{e(i.label)}<br><code>{e(i.place)}</code></td>"
        f"<td>{e(i.candidate_label)}<br><code>{e(i.candidate)}</code></td>"
        f"<td>{e(i.country.upper())}</td><td>{'' if i.km is None else f'{i.km:.1f}'}</td>"
        f"<td>{e(i.reasons)}</td><td>{e(i.source)} {e(i.row)}</td></tr>" for i in rows)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{e(title)}</title>
<style>body{{font:14px system-ui,sans-serif;margin:1em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:3px 6px;vertical-align:top}}code{{color:#555;font-size:12px}}
tr.merged{{background:#eef6ee}}</style></head><body>
<h1>{e(title)}</h1>
<p>{len(rows)} pairs. <em>merged</em>: merged on a score although the names differ;
<em>kept apart</em>: a likely duplicate the resolver did not merge. Write <code>merge</code> or
<code>keep apart</code> in the <code>decision</code> column of the CSV file and record it with
<code>friendship-graph decide FILE.csv</code>; later imports follow it.</p>
<table><thead><tr><th>score</th><th>outcome</th><th>place</th><th>compared with</th>
<th>country</th><th>km</th><th>why</th><th>row</th></tr></thead><tbody>
{body}
</tbody></table></body></html>
"""
    Path(path).write_text(page, encoding="utf-8")
    return len(rows)


def _decision_rows(path: Path) -> list[tuple[int, str, str, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise FriendshipGraphError(f"{path}: cannot read it as UTF-8 text: {error}") from None
    reader = csv.DictReader(text.splitlines())
    missing = {"place", "candidate", "decision"} - set(reader.fieldnames or ())
    if missing:
        raise FriendshipGraphError(f"{path}: a review sheet needs the columns place, candidate "
                                   f"and decision (missing: {', '.join(sorted(missing))})")
    out = []
    place = str(ID["place/"])
    for row in reader:
        line = reader.line_num
        verdict = " ".join((row.get("decision") or "").lower().replace("_", " ").split())
        if not verdict:
            continue
        if verdict not in _VERDICTS:
            raise FriendshipGraphError(f"{path}:{line}: decision {verdict!r}; write 'merge' or "
                                       "'keep apart' (or leave it empty)")
        a, b = (row.get("place") or "").strip(), (row.get("candidate") or "").strip()
        if not (a.startswith(place) and b.startswith(place)) or a == b or any(
                c in a + b for c in " <>\"{}|\\^`"):
            raise FriendshipGraphError(f"{path}:{line}: place and candidate must be two "
                                       f"different place IRIs ({place}...)")
        out.append((line, verdict, a, b))
    return out


def record_decisions(store: Store, paths: Sequence[str | Path], *, curator: str = "",
                     date: str | None = None) -> dict[str, int]:
    """Record the decisions of review sheets in ``graph:resolution-decisions`` (added to the
    decisions already there; a pair decided again keeps only its latest decision). Every
    sheet is read before anything is written. Returns the number of each verdict."""
    rows = [row for path in paths for row in _decision_rows(Path(path))]
    g = DECISIONS_GRAPH
    old = read_decisions(store)
    keep = [(URIRef(a), OWL.sameAs, URIRef(b), g) for a, b in old.merge.items()]
    keep += [(URIRef(a), OWL.differentFrom, URIRef(b), g)
             for a, b in (sorted(pair) for pair in old.apart)]
    decided = {frozenset((a, b)) for _line, _v, a, b in rows}
    quads = [q for q in keep if frozenset((str(q[0]), str(q[2]))) not in decided]
    counts = dict.fromkeys(_VERDICTS, 0)
    for _line, verdict, a, b in rows:
        counts[verdict] += 1
        quads.append((URIRef(a), _VERDICTS[verdict], URIRef(b), g))
    quads += [q for q in store.quads(g, DCTERMS.creator, None, g)
              if not curator or str(q[2]) != curator]
    node = ID["source/resolution-decisions"]
    today = date or dt.date.today().isoformat()
    quads += [(node, RDF.type, FG.Dataset, g),
              (node, RDFS.label, Literal("Curators' entity-resolution decisions", lang="en"), g),
              (g, PROV.wasDerivedFrom, node, g),
              (g, DCTERMS.modified, Literal(today), g)]
    if curator:
        quads.append((g, DCTERMS.creator, Literal(curator), g))
    store.add_quads(quads, replace_graph=g)
    return counts
