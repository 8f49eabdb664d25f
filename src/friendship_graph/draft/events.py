"""Events in a segment: visits, meetings and trade missions (a cue of an event class), named
events (a name cue ends their name: festivals, summits, exhibitions) and delegations.

Part of the drafter (:mod:`.facts`): a visit goes from the origin (a place with the origin
role, else the delegation's place, else the subject) to the places with the destination role,
and is no visit without a destination (the next event cue is taken then: a meeting); a named
event takes its location from a place its name begins with or a place with the location role,
its edition from 第N届, and the countries of the segment as participants.
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef

from ..vocab import FG, XSD
from .clauses import Segment, name_ending_at
from .cues import CueMatch
from .fact import Fact
from .mentions import Mention
from .reading import fold_text

__all__ = ["EventFacts", "edition_number"]

_EDITION = re.compile(r"第([0-9]+|[一二三四五六七八九十]+)届")
_ZH_DIGITS = {ch: i for i, ch in enumerate("零一二三四五六七八九")}


def edition_number(text: str) -> int:
    """The number of 第N届: digits or Chinese numerals up to 99 (五 -> 5, 十二 -> 12)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_ZH_DIGITS.get(tens, 1) if tens else 1) * 10 + (
            _ZH_DIGITS.get(units, 0) if units else 0)
    return _ZH_DIGITS.get(text, 0)


class EventFacts:
    """The event part of the drafter (mixed into it: uses its cues, facts, language and
    :meth:`place`)."""

    def delegations(self, segment: Segment, stops: list[tuple[int, int]]) -> list[Fact]:
        out = []
        for cue in self.cues.find(segment.folded, FG.Delegation, names=True,
                                  start=segment.start, end=segment.end):
            # a cue word inside the name (经贸考察 in 经贸考察团) does not end it
            own = [(a, b) for a, b in stops if not (a < cue.end and cue.start < b)]
            fact = self._named(segment, cue, own, "delegation")
            if fact is None:
                continue
            start = segment.folded.find(fold_text(fact.labels[self.lang].strip()),
                                        segment.start)
            inside = [m for m in segment.mentions if start <= m.start and m.end <= cue.start]
            if not inside:  # "外国代表团": a delegation of no named place is no fact
                del self.facts.facts[fact.key]
                continue
            fact.add(FG.delegationOf, self.place(inside[-1], segment.sentence))
            fact.place = inside[-1].place
            out.append(fact)
        return out

    def _named(self, segment: Segment, cue: CueMatch, stops: list[tuple[int, int]],
               kind: str) -> Fact | None:
        text = segment.sentence.text
        if self.lang == "zh":
            start = name_ending_at(segment, cue.end, cue.start, stops)
        else:
            before = re.search(r"(?:[A-Z0-9][\w'’.-]*\s+)*$", text[segment.start:cue.start])
            start = segment.start + before.start() if before else cue.start
            if not text[cue.start].isupper():
                return None
        name = text[start:cue.end].strip()
        if len(name) <= len(text[cue.start:cue.end]) and not (
                kind == "event" and (segment.date is not None
                                     or segment.with_role(FG.location))):
            return None  # a bare 代表团 or 展会 names nothing, unless it happened then or there
        fact = self.facts.get(kind, cue.term, (name,), segment.sentence)
        fact.labels.setdefault(self.lang, name)
        return fact

    def named_events(self, segment: Segment, stops: list[tuple[int, int]]) -> list[Fact]:
        out = []
        for cue in self.cues.find(segment.folded, FG.Event, names=True, start=segment.start,
                                  end=segment.end):
            fact = self._named(segment, cue, stops, "event")
            if fact is None:
                continue
            name = fact.labels[self.lang]
            start = segment.sentence.text.find(name, segment.start)
            located = [m for m in segment.mentions if m.start == start]
            located += segment.with_role(FG.location)
            if located:
                fact.add(FG.location, self.place(located[0], segment.sentence))
            for mention in segment.mentions:
                index = segment.mentions.index(mention)
                if mention.place.is_country and index not in segment.roles and not (
                        start <= mention.start < start + len(name)):
                    fact.add(FG.participant, self.place(mention, segment.sentence))
            edition = _EDITION.search(name)
            if edition:
                fact.add(FG.edition, Literal(edition_number(edition.group(1))))
            if segment.date is not None:
                fact.add(FG.date, segment.date.literal)
            elif (year := re.match(r"((?:19|20)\d\d)", name)) is not None:
                fact.add(FG.date, Literal(year.group(1), datatype=XSD.gYear))
            out.append(fact)
        return out

    def action_event(self, segment: Segment, delegations: list[Fact], areas: set[URIRef]
                     ) -> Fact | None:
        found = self.cues.find(segment.folded, FG.Event, start=segment.start, end=segment.end)
        destinations = segment.with_role(FG.destination)
        if not destinations:  # a visit needs somewhere it went to
            found = [c for c in found if not self.cues.is_a(c.term, FG.DelegationVisit)]
        if not found:
            return None
        best = max(found, key=lambda c: (self.cues.depth(c.term), len(c.cue.text)))
        sentence = segment.sentence
        places = list(segment.mentions)
        is_visit = self.cues.is_a(best.term, FG.DelegationVisit)
        origin = self._origin(segment, places, delegations)
        left, right = segment.chunk(best.start)
        if segment.date is not None and left <= segment.date.start < right and not \
                sentence.text[left:segment.date.start].strip():
            left = segment.date.end  # a date that opens the clause is no part of the label
        label = sentence.text[left:right].strip(" ,，、")
        if origin is not None and origin.head < left:
            label = sentence.text[origin.head:right].strip(" ,，、")
        fact = self.facts.get("event", best.term, (label,), sentence)
        fact.labels.setdefault(self.lang, label)
        if segment.date is not None:
            fact.add(FG.date, segment.date.literal)
        if is_visit:
            if origin is not None:
                fact.add(FG.origin, self.place(origin, sentence))
            for mention in destinations:
                fact.add(FG.destination, self.place(mention, sentence))
            visitors = delegations or ([self.place(origin, sentence)] if origin else [])
            for visitor in visitors:
                fact.add(FG.visitor, visitor)
        else:
            for mention in places:
                if left <= mention.start < right:
                    fact.add(FG.participant, self.place(mention, sentence))
            for delegation in delegations:
                fact.add(FG.participant, delegation)
        for area in sorted(areas):
            fact.add(FG.cooperationArea, area)
        return fact

    def _origin(self, segment: Segment, places: list[Mention],
                delegations: list[Fact] | None = None) -> Mention | None:
        origins = [m for m in segment.with_role(FG.origin) if m in places]
        if origins:
            return origins[0]
        for delegation in delegations or []:
            for mention in places:
                if delegation.place is not None and (
                        mention.place.identity == delegation.place.identity):
                    return mention
        subject = segment.subject
        return subject if subject in places else None
