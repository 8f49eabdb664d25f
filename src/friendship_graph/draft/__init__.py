"""Draft a dataset from a news report, review it, and load what the reviewer accepts.

The three steps, each one function (and one command):

1. :func:`draft_article` reads a plain-text report (Chinese or English) and writes a **draft**:
   TriG, one named graph typed ``fg:DraftDataset``, with candidate places, partnerships,
   agreements and documents, signatures, events and reported quantities, each tied to the
   ``fg:Quotation`` of the sentence that supports it. It never writes to a store.
2. :func:`review_draft` writes a review sheet (CSV) and an offline HTML page on which a
   reviewer accepts, rejects or edits each fact and downloads the decisions (JSON).
3. :func:`accept_draft` loads the accepted facts into a source graph of their own, all or
   nothing, with the review recorded as provenance, after validating them.

The words that map wording to the ontology's classes, concepts and relations are annotations
of the ontology (``fg:cue``, ``fg:nameCue``: see :mod:`.cues`); the text tools are jieba,
pypinyin, OpenCC and Babel's CLDR data (docs/decisions/0007-drafting-text-tools.md).

>>> from friendship_graph.draft import draft_article
>>> report = draft_article("report.txt", "2019-10-30", output="report.draft.trig")  # doctest: +SKIP
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import FriendshipGraphError
from ..importers.places import slugify
from ..ontology import load_ontology
from ..resources import new_file_mode
from .accept import AcceptReport, accept_draft, read_decisions
from .cues import Cues
from .dates import parse_published
from .facts import extract_facts
from .gazetteer import Gazetteer
from .mentions import find_mentions
from .rdf import DraftSource, facts_to_dataset, to_trig
from .reading import read_article
from .review import ReviewReport, read_draft, review_draft

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..store import Store

__all__ = ["DraftError", "DraftReport", "draft_article", "draft_text", "review_draft",
           "ReviewReport", "accept_draft", "AcceptReport", "read_draft", "read_decisions",
           "Gazetteer"]

#: The kinds of fact a draft must hold at least one of (places alone are no facts).
FACT_KINDS = ("partnership", "document", "event", "quantity")


class DraftError(FriendshipGraphError):
    """The article cannot be drafted; nothing was written."""


@dataclass
class DraftReport:
    """What a draft holds, and what validating it found."""

    path: Path
    graph: str
    counts: dict[str, int] = field(default_factory=dict)
    quads: int = 0
    violations: int = 0
    warnings: int = 0

    def summary(self) -> str:
        kinds = ", ".join(f"{n} {_plural(kind, n)}" for kind, n in sorted(self.counts.items()))
        return (f"wrote {self.path}: draft graph <{self.graph}>, {kinds}; {self.quads} quads; "
                f"validation: {self.violations} violation(s), {self.warnings} warning(s)")


def _plural(word: str, n: int) -> str:
    if n == 1:
        return word
    return word[:-1] + "ies" if word.endswith("y") else word + "s"


def _source_name(path: str | os.PathLike[str]) -> str:
    stem = re.sub(r"\.(txt|text|md)$", "", Path(path).name, flags=re.IGNORECASE)
    return slugify(stem) or "article"


def draft_text(article_path: str | os.PathLike[str], published: str | None, *,
               gazetteer: Gazetteer | Callable[[], Gazetteer],
               source_title: str | None = None, publisher: str | None = None,
               language: str | None = None, name: str | None = None):  # noqa: ANN201
    """The draft of an article as an rdflib Dataset, and the number of facts of each kind;
    raises :class:`DraftError` (or an :class:`~.reading.ArticleError`) on bad input, before
    the gazetteer (or the callable that makes it) is used."""
    if not published:
        raise DraftError("the publication date is required (--published YYYY-MM-DD): dates "
                         "such as 今年2月 or 'last month' are read against it; nothing was "
                         "written")
    try:
        day = parse_published(published)
    except ValueError as error:
        raise DraftError(f"bad --published date: {error}; nothing was written") from None
    article = read_article(article_path, language)
    if callable(gazetteer):
        gazetteer = gazetteer()
    cues = Cues(load_ontology(), article.language)
    mentions, _ = find_mentions(article, gazetteer, cues)
    facts = extract_facts(article, cues, day, mentions)
    counts = Counter(f.kind for f in facts)
    if not any(counts.get(kind) for kind in FACT_KINDS):
        raise DraftError(f"{article_path}: no facts found (no partnership, agreement, "
                         "document, event or reported quantity): nothing was written")
    source = DraftSource(name or _source_name(article_path), day.isoformat(),
                         title=source_title, publisher=publisher,
                         language=article.language, file_name=Path(article_path).name)
    return facts_to_dataset(facts, article, source, cues, gazetteer), dict(counts)


def draft_article(article_path: str | os.PathLike[str], published: str | None, *,
                  store: Store | Callable[[], Store] | None = None,
                  gazetteer: Gazetteer | None = None,
                  output: str | os.PathLike[str] | None = None,
                  source_title: str | None = None, publisher: str | None = None,
                  language: str | None = None) -> DraftReport:
    """Draft a dataset from an article and write it as TriG to ``output`` (default:
    ``<article name>.draft.trig`` in the current folder); validate it.

    Places are matched against ``gazetteer``, else against the places of ``store`` (a
    :class:`~friendship_graph.store.Store`, or a function that opens one: it is called only
    once the article has been read), else of the default store. The store is only read, and
    nothing is written when the article cannot be drafted.
    """
    from ..validate import validate_graph

    def make() -> Gazetteer:
        if gazetteer is not None:
            return gazetteer
        if store is None:
            from ..store.default import default_store

            with default_store() as default:
                return Gazetteer.from_store(default)
        if callable(store):
            with store() as opened:
                return Gazetteer.from_store(opened)
        return Gazetteer.from_store(store)

    dataset, counts = draft_text(article_path, published, gazetteer=make,
                                 source_title=source_title, publisher=publisher,
                                 language=language)
    target = Path(output) if output else Path.cwd() / f"{_source_name(article_path)}.draft.trig"
    graph = next(g for g in dataset.graphs() if len(g))
    report = validate_graph(graph)
    _write_atomic(target, to_trig(dataset), check=True)
    return DraftReport(target, str(graph.identifier), counts, len(graph),
                       report.violation_count,
                       sum(1 for f in report.findings if f.severity == "Warning"))


def _write_atomic(path: Path, text: str, *, check: bool = False) -> None:
    """Write ``text`` to a temporary file next to ``path``, then rename it; with ``check``,
    first parse it as RDF the way ``load`` would (so a draft always loads)."""
    import tempfile

    from ..store import parse_file

    if not path.parent.is_dir():
        raise DraftError(f"{path}: the folder {path.parent} does not exist; create it first")
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".trig")
    try:
        os.fchmod(handle, new_file_mode())
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        if check:
            parse_file(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
