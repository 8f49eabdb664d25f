"""The words that map wording to the ontology's terms, read from the ontology.

Nothing here lists a word: every cue is an annotation of a class, a concept or a property
(``fg:cue``, ``fg:nameCue``, with language tags; see ``ontology/core.ttl``, section "Drafting
from text"), so a librarian's extension that declares a new kind of agreement or event with
its cues is found by the drafter with no change here. :class:`Cues` gathers them for one
language and finds them in text:

* in Chinese a cue matches anywhere (text and cue folded alike: traditional characters as
  simplified, full-width as ASCII);
* in English a cue matches whole words, whatever the case.

>>> from friendship_graph.ontology import load_ontology
>>> from friendship_graph.vocab import FG
>>> cues = Cues(load_ontology(), "zh")
>>> [local_name(m.term) for m in cues.find("与平遥县签订了《缔結友好城市意向書》", FG.Agreement)]
['LetterOfIntent']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from ..ontology import Ontology, local_name
from ..vocab import FG
from .reading import fold_text

__all__ = ["Cue", "CueMatch", "Cues"]


@dataclass(frozen=True)
class Cue:
    """One cue word: its folded text, the term it signals, and whether it is a name cue."""

    text: str
    term: URIRef
    name: bool = False


@dataclass(frozen=True)
class CueMatch:
    """Where a cue occurs in a text."""

    start: int
    end: int
    cue: Cue

    @property
    def term(self) -> URIRef:
        return self.cue.term


def _language_of(literal: Literal) -> str:
    return (literal.language or "").split("-")[0].lower()


class Cues:
    """The cues of the ontology in one language (``zh`` or ``en``), and questions about the
    terms they point to."""

    def __init__(self, ontology: Ontology, language: str) -> None:
        self.ontology = ontology
        self.language = language
        self._patterns: dict[tuple, re.Pattern[str] | None] = {}

    # -- the cues -----------------------------------------------------------------------------

    def _values(self, term: URIRef, prop: URIRef) -> list[str]:
        out = []
        for value in self.ontology.graph.objects(term, prop):
            if isinstance(value, Literal) and _language_of(value) == self.language:
                text = fold_text(str(value)).strip()
                if text:
                    out.append(text)
        return out

    def of(self, terms: Iterable[URIRef], *, names: bool = False) -> list[Cue]:
        """The cues (or, with ``names``, the name cues) of ``terms``, longest first."""
        prop = FG.nameCue if names else FG.cue
        found = {Cue(text, term, names) for term in terms for text in self._values(term, prop)}
        return sorted(found, key=lambda c: (-len(c.text), c.text, str(c.term)))

    def classes_below(self, root: URIRef) -> list[URIRef]:
        """``root`` and every class below it."""
        return sorted(self.ontology.subclasses(root))

    def concepts_of(self, scheme: URIRef) -> list[URIRef]:
        """The concepts of a SKOS concept scheme."""
        return sorted(c for c in self.ontology.graph.subjects(SKOS.inScheme, scheme)
                      if isinstance(c, URIRef))

    def _pattern(self, key: tuple, cues: list[Cue]) -> re.Pattern[str] | None:
        if key not in self._patterns:
            if not cues:
                self._patterns[key] = None
            else:
                parts = [r"\s+".join(map(re.escape, c.text.split())) for c in cues]
                body = "|".join(f"(?P<c{i}>{part})" for i, part in enumerate(parts))
                if self.language == "en":
                    body = rf"(?<![\w-])(?:{body})(?![\w-])"
                self._patterns[key] = re.compile(body)
        return self._patterns[key]

    def find(self, folded: str, root: URIRef | None = None, *, scheme: URIRef | None = None,
             prop: URIRef | None = None, names: bool = False, start: int = 0,
             end: int | None = None) -> list[CueMatch]:
        """The cues of the classes below ``root`` (or the concepts of ``scheme``, or of the
        property ``prop``) in ``folded[start:end]``, left to right, the longest at each place.

        ``folded`` is text folded with :func:`~friendship_graph.draft.reading.fold_text`
        (plain text is folded here).
        """
        if root is not None:
            terms, key = self.classes_below(root), ("class", root, names)
        elif scheme is not None:
            terms, key = self.concepts_of(scheme), ("scheme", scheme, names)
        elif prop is not None:
            terms, key = [prop], ("prop", prop, names)
        else:
            raise ValueError("give root, scheme or prop")
        cues = self.of(terms, names=names)
        pattern = self._pattern(key, cues)
        if pattern is None:
            return []
        folded = fold_text(folded)
        end = len(folded) if end is None else end
        out = []
        for match in pattern.finditer(folded, start, end):
            index = int(match.lastgroup[1:])  # type: ignore[index]
            out.append(CueMatch(match.start(), match.end(), cues[index]))
        return out

    # -- what the terms say about themselves ---------------------------------------------------

    def depth(self, cls: URIRef) -> int:
        """How many classes are above ``cls`` (a more specific class is deeper)."""
        return len(self.ontology.superclasses(cls))

    def annotation(self, term: URIRef, prop: URIRef) -> URIRef | None:
        value = self.ontology.annotation(term, prop)
        return value if isinstance(value, URIRef) else None

    def precedence(self, concept: URIRef) -> int:
        value = self.ontology.graph.value(concept, FG.cuePrecedence)
        try:
            return int(str(value)) if value is not None else 0
        except ValueError:
            return 0

    def notation(self, concept: URIRef) -> str:
        value = self.ontology.graph.value(concept, SKOS.notation)
        return str(value) if value is not None else ""

    def default(self, scheme: URIRef) -> URIRef | None:
        """The concept a fact of this scheme gets when no cue says (``fg:defaultValue``)."""
        value = self.ontology.graph.value(scheme, FG.defaultValue)
        return value if isinstance(value, URIRef) else None

    def label(self, term: URIRef, lang: str | None = None) -> str:
        return self.ontology.label(term, lang or self.language)

    def is_a(self, cls: URIRef, root: URIRef) -> bool:
        return root in self.ontology.superclasses(cls)

    @cached_property
    def place_classes(self) -> set[URIRef]:
        return self.ontology.subclasses(FG.Place)

    def types_of(self, graph_types: Iterable[URIRef], root: URIRef) -> URIRef | None:
        """The most specific of ``graph_types`` below ``root``."""
        return self.ontology.most_specific(set(graph_types), root)

    def slug(self, cls: URIRef) -> str:
        """A word for IRIs of instances of a class: its English label, hyphenated."""
        label = self.ontology.labels(cls).get("en") or local_name(cls)
        return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
