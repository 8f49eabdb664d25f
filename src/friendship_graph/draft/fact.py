"""A candidate fact of a draft (a node, its statements, the sentences that support it) and the
set of facts of one article, merged by key."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from .mentions import PlaceRef
from .quantities import Quantity
from .reading import Sentence

__all__ = ["Fact", "FactSet"]


@dataclass(eq=False)
class Fact:
    """A candidate fact: a node of the draft, its statements and its supporting sentences."""

    kind: str  # place, partnership, document, event, delegation, quantity, signature, person
    cls: URIRef
    key: tuple
    labels: dict[str, str] = field(default_factory=dict)
    values: list[tuple[URIRef, object]] = field(default_factory=list)  # object: Fact|URIRef|Literal
    sentences: list[Sentence] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    place: PlaceRef | None = None
    names: list[str] = field(default_factory=list)  # a place: the names it is written with
    quantity: Quantity | None = None

    def add(self, prop: URIRef, value: object) -> None:
        if value is not None and (prop, value) not in self.values:
            self.values.append((prop, value))

    def support(self, sentence: Sentence) -> None:
        if sentence not in self.sentences:
            self.sentences.append(sentence)

    def value(self, prop: URIRef) -> object:
        return next((v for p, v in self.values if p == prop), None)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


class FactSet:
    """The facts of a draft, merged by key."""

    def __init__(self) -> None:
        self.facts: dict[tuple, Fact] = {}

    def get(self, kind: str, cls: URIRef, key: tuple, sentence: Sentence) -> Fact:
        fact = self.facts.get((kind, *key))
        if fact is None:
            fact = self.facts[(kind, *key)] = Fact(kind, cls, (kind, *key))
        fact.support(sentence)
        return fact

    def __iter__(self):  # noqa: ANN204
        return iter(self.facts.values())

    def of_kind(self, kind: str) -> list[Fact]:
        return [f for f in self.facts.values() if f.kind == kind]
