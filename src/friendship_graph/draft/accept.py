"""Load the facts a reviewer accepted, with the review as their provenance, all or nothing.

A decisions file is the JSON the review page downloads, or the review sheet (CSV) with its
``decision`` column filled in. Each decision is ``accept``, ``reject`` or ``edit`` (accept
with changed values: ``{"rdfs:label@en": "...", "fg:signedOn": "2019-02"}``). Facts without a
decision are not loaded, except the places, people and documents that an accepted fact refers
to: those come with it unless the reviewer rejected them. A statement that points to a
rejected fact is left out; what that breaks (a partnership with one partner) fails the
validation below.

The accepted facts, their quotations, the source and the review (a ``fg:Review`` with one
``fg:ReviewDecision`` per decision, the reviewer's name and notes) go into the named graph
``graph:<name>`` of the draft ``graph:draft/<name>``, which must not exist yet unless
``replace`` is given. They are parsed and checked like any file (well-typed literals) and
validated against the shapes first: on any error nothing is written.
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from ..errors import FriendshipGraphError, LoadError
from ..vocab import FG, FGC, ID, PREFIXES, PROV, XSD
from .rdf import accepted_graph, to_trig
from .review import DECISIONS_FORMAT, DraftFile, read_draft

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["Decision", "Decisions", "AcceptReport", "read_decisions", "accept_draft"]

_VERDICTS = {"accept": FGC.accepted, "reject": FGC.rejected, "edit": FGC.edited}
_ALIASES = {"accepted": "accept", "yes": "accept", "y": "accept", "rejected": "reject",
            "no": "reject", "n": "reject", "edited": "edit"}
_DATE_TYPES = {r"-?\d{4}": XSD.gYear, r"-?\d{4}-\d{2}": XSD.gYearMonth,
               r"-?\d{4}-\d{2}-\d{2}": XSD.date}
#: Provenance statements the accepted graph holds about itself and its source.
_SOURCE_PROPERTIES = (RDF.type, RDFS.label, URIRef("http://purl.org/dc/terms/title"),
                      FG.publishedOn, URIRef("http://purl.org/dc/terms/language"),
                      FG.publisher, FG.author)


class AcceptError(FriendshipGraphError):
    """The decisions cannot be applied; nothing was loaded."""


@dataclass
class Decision:
    """One decision: the fact, accept/reject/edit, the changed values and a note."""

    fact: str
    decision: str
    values: dict[str, str] = field(default_factory=dict)
    note: str = ""


@dataclass
class Decisions:
    """A decisions file: the draft it is about, who reviewed, and the decisions."""

    path: Path
    draft: str = ""
    draft_sha256: str = ""
    reviewer: str = ""
    reviewed: str = ""
    decisions: dict[str, Decision] = field(default_factory=dict)


def _fail(path: str | os.PathLike[str], message: str) -> AcceptError:
    return AcceptError(f"{path}: {message} (nothing was loaded)")


def read_decisions(path: str | os.PathLike[str]) -> Decisions:
    """Read a decisions file (JSON from the review page, or the filled-in CSV sheet)."""
    file = Path(path)
    if not file.is_file():
        raise _fail(path, "no such file")
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (UnicodeDecodeError, OSError) as error:
        raise _fail(path, f"cannot read it as UTF-8 text ({error})") from None
    out = Decisions(file)
    if file.suffix.lower() == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
        if not rows or "fact" not in rows[0] or "decision" not in rows[0]:
            raise _fail(path, "a review sheet needs the columns fact and decision")
        for number, row in enumerate(rows, start=2):
            verdict = (row.get("decision") or "").strip().lower()
            if not verdict:
                continue
            out.draft = out.draft or (row.get("draft") or "").strip()
            out.draft_sha256 = out.draft_sha256 or (row.get("draft_sha256") or "").strip()
            _add(out, path, number, row["fact"].strip(), verdict, {},
                 (row.get("note") or "").strip())
        return out
    try:
        body = json.loads(text)
    except json.JSONDecodeError as error:
        raise _fail(path, f"line {error.lineno}: not JSON ({error.msg})") from None
    if not isinstance(body, dict) or body.get("format") != DECISIONS_FORMAT:
        raise _fail(path, f"not a decisions file (its \"format\" must be {DECISIONS_FORMAT!r}; "
                          "download it from the review page)")
    out.draft = str(body.get("draft") or "")
    out.draft_sha256 = str(body.get("draft_sha256") or "")
    out.reviewer = str(body.get("reviewer") or "")
    out.reviewed = str(body.get("reviewed") or "")
    entries = body.get("decisions")
    if not isinstance(entries, list):
        raise _fail(path, "\"decisions\" must be a list")
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("fact"), str):
            raise _fail(path, f"decision {number}: needs a \"fact\" (the fact's IRI)")
        values = entry.get("values") or {}
        if not isinstance(values, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in values.items()):
            raise _fail(path, f"decision {number}: \"values\" maps properties to text")
        _add(out, path, number, entry["fact"], str(entry.get("decision", "")).lower(),
             values, str(entry.get("note") or ""))
    return out


def _add(out: Decisions, path: str | os.PathLike[str], number: int, fact: str, verdict: str,
         values: dict[str, str], note: str) -> None:
    verdict = _ALIASES.get(verdict, verdict)
    if verdict not in _VERDICTS:
        raise _fail(path, f"decision {number} ({fact}): {verdict!r} is not accept, reject "
                          "or edit")
    out.decisions[fact] = Decision(fact, verdict, dict(values), note)


@dataclass
class AcceptReport:
    """What was loaded."""

    graph: str
    accepted: int = 0
    edited: int = 0
    implied: int = 0
    rejected: int = 0
    undecided: int = 0
    dropped: int = 0
    quads: int = 0

    def summary(self) -> str:
        return (f"loaded {self.quads} quads into <{self.graph}>: {self.accepted} facts "
                f"accepted ({self.edited} edited, {self.implied} with the facts that refer to "
                f"them), {self.rejected} rejected, {self.undecided} undecided (not loaded); "
                f"{self.dropped} statement(s) about rejected facts left out")


def _expand(key: str, path: str | os.PathLike[str]) -> tuple[URIRef, str | None]:
    name, _, lang = key.partition("@")
    prefix, _, local = name.partition(":")
    if prefix not in PREFIXES or not local:
        raise _fail(path, f"unknown property {key!r} in an edit; write it as prefix:name, "
                          "e.g. rdfs:label@en")
    return URIRef(PREFIXES[prefix] + local), lang or None


def _edited(draft: DraftFile, node: URIRef, decision: Decision,
            path: str | os.PathLike[str]) -> tuple[list[tuple], list[str]]:
    g = draft.graph
    triples = list(g.triples((node, None, None)))
    changes = []
    for key, value in decision.values.items():
        prop, lang = _expand(key, path)
        old = [o for _, p, o in triples if p == prop and isinstance(o, Literal)
               and (o.language or None) == lang]
        if any(p == prop and not isinstance(o, Literal) for _, p, o in triples):
            raise _fail(path, f"{node}: {key} is not a value that can be edited")
        triples = [t for t in triples if t not in [(node, prop, o) for o in old]]
        value = value.strip()
        if value:
            datatype = old[0].datatype if old and old[0].datatype else None
            if datatype in _DATE_TYPES.values() or (datatype is None and lang is None
                                                     and prop != FG.romanisedLabel
                                                     and re.fullmatch(r"\d{4}(-\d\d){0,2}",
                                                                      value)):
                datatype = next((t for p, t in _DATE_TYPES.items() if re.fullmatch(p, value)),
                                datatype)
            literal = Literal(value, lang=lang) if lang else Literal(value, datatype=datatype,
                                                                     normalize=False)
            triples.append((node, prop, literal))
        changes.append(f"{key}: {', '.join(repr(str(o)) for o in old) or 'none'} -> "
                       f"{value!r}" if value else f"{key}: removed")
    return triples, changes


def accept_draft(store: Store, draft_path: str | os.PathLike[str],
                 decisions_path: str | os.PathLike[str], *, replace: bool = False
                 ) -> AcceptReport:
    """Load the accepted facts of a draft into ``store`` (see the module's docstring)."""
    from ..store import parse_file
    from ..validate import validate_quads

    draft = read_draft(draft_path)
    decisions = read_decisions(decisions_path)
    if decisions.draft and decisions.draft != str(draft.graph_iri):
        raise _fail(decisions_path, f"the decisions are about <{decisions.draft}>, not about "
                                    f"the draft <{draft.graph_iri}>")
    if decisions.draft_sha256 and decisions.draft_sha256 != draft.sha256:
        raise _fail(decisions_path, f"the decisions were made on another version of "
                                    f"{draft.path.name} (its SHA-256 differs): review it again")
    facts = set(map(str, draft.facts()))
    unknown = sorted(set(decisions.decisions) - facts)
    if unknown:
        raise _fail(decisions_path, f"{len(unknown)} decision(s) about facts the draft does "
                                    f"not hold, e.g. <{unknown[0]}>")
    target = accepted_graph(draft.name)
    if not replace and str(target) in {str(g) for g in store.graphs()}:
        raise _fail(decisions_path, f"the store has a graph <{target}> already; remove it "
                                    "first or accept with --replace")
    verdict = {fact: d.decision for fact, d in decisions.decisions.items()}
    chosen = {f for f, v in verdict.items() if v in ("accept", "edit")}
    if not chosen:
        raise _fail(decisions_path, "no fact is accepted: nothing to load")
    report = AcceptReport(str(target))
    implied = _implied(draft, chosen, verdict, facts)
    report.implied = len(implied)
    loaded = chosen | implied
    g = draft.graph
    dataset = Dataset()
    for prefix, iri in PREFIXES.items():
        dataset.bind(prefix, iri)
    out = dataset.graph(target)
    review = ID[f"review/{draft.name}"]
    quotes = set()
    for fact in sorted(loaded):
        node = URIRef(fact)
        decision = decisions.decisions.get(fact)
        if decision is not None and decision.decision == "edit":
            triples, changes = _edited(draft, node, decision, decisions_path)
        else:
            triples, changes = list(g.triples((node, None, None))), []
        for s, p, o in triples:
            if str(o) in facts and str(o) not in loaded:
                report.dropped += 1
                continue
            out.add((s, p, o))
            if p == FG.supportedBy:
                quotes.add(o)
        if decision is not None:
            _decision(out, review, node, decision, changes)
    for fact, decision in sorted(decisions.decisions.items()):
        if decision.decision == "reject":
            _decision(out, review, URIRef(fact), decision, [])
    source = next(g.objects(draft.graph_iri, PROV.wasDerivedFrom), None)
    for quote in quotes:
        for triple in g.triples((quote, None, None)):
            out.add(triple)
    if source is not None:
        for prop in _SOURCE_PROPERTIES:
            for value in g.objects(source, prop):
                out.add((source, prop, value))
                if prop == FG.publisher:
                    for triple in g.triples((value, None, None)):
                        out.add(triple)
        out.add((target, PROV.wasDerivedFrom, source))
    out.add((target, PROV.wasDerivedFrom, draft.graph_iri))
    out.add((target, PROV.wasGeneratedBy, review))
    out.add((review, RDF.type, FG.Review))
    out.add((review, RDFS.label, Literal(f"Review of {draft.path.name}", lang="en")))
    out.add((review, FG.reviewed, draft.graph_iri))
    if decisions.reviewer:
        out.add((review, FG.reviewer, Literal(decisions.reviewer)))
    if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", decisions.reviewed):
        out.add((review, PROV.endedAtTime, Literal(decisions.reviewed, datatype=XSD.dateTime,
                                                    normalize=False)))
    report.accepted = len(loaded)
    report.edited = sum(1 for v in verdict.values() if v == "edit")
    report.rejected = sum(1 for v in verdict.values() if v == "reject")
    report.undecided = len(facts - loaded - {f for f, v in verdict.items() if v == "reject"})
    with tempfile.TemporaryDirectory() as folder:
        temporary = Path(folder) / f"{draft.name}.trig"
        temporary.write_text(to_trig(dataset), encoding="utf-8")
        try:
            quads = parse_file(temporary)
        except LoadError as error:
            raise _fail(decisions_path, f"an edited value is not valid: {error.reason}"
                        ) from None
    validation = validate_quads(quads)
    if not validation.conforms:
        raise _fail(decisions_path, f"the accepted facts do not validate: "
                                    f"{validation.first_message()}")
    store.add_quads([(_rdf(q.subject), _rdf(q.predicate), _rdf(q.object), _rdf(q.graph_name))
                     for q in quads], replace_graph=target)
    report.quads = len(quads)
    return report


def _rdf(term):  # noqa: ANN001, ANN202
    from ..store import to_rdflib

    return to_rdflib(term)


def _implied(draft: DraftFile, chosen: set[str], verdict: dict[str, str], facts: set[str]
             ) -> set[str]:
    """The undecided facts that accepted facts refer to (transitively)."""
    out: set[str] = set()
    todo = list(chosen)
    while todo:
        node = URIRef(todo.pop())
        for value in draft.graph.objects(node, None):
            key = str(value)
            if key in facts and key not in chosen and key not in out and key not in verdict:
                out.add(key)
                todo.append(key)
    return out


def _decision(out, review: URIRef, node: URIRef, decision: Decision,  # noqa: ANN001
              changes: list[str]) -> None:
    local = re.sub(r"[^A-Za-z0-9]+", "-", str(node).split("/id/", 1)[-1]).strip("-")
    item = URIRef(f"{review}/{local}")
    out.add((review, FG.decision, item))
    out.add((item, RDF.type, FG.ReviewDecision))
    out.add((item, FG.decisionOn, node))
    out.add((item, FG.verdict, _VERDICTS[decision.decision]))
    if decision.note:
        out.add((item, RDFS.comment, Literal(decision.note)))
    for change in changes:
        out.add((item, RDFS.comment, Literal(f"changed {change}", lang="en")))
