"""The clauses of a sentence, and what each place plays in them.

A sentence is cut into segments at semicolons (;；): "今年2月,代表团访问晋中市,与平遥县签订了
《...》;8月,晋中市赴德国..." is two segments, each with its own date, subject and facts. In a
segment:

* a place has a **role** when a cue of a property (``fg:cue`` on ``fg:party``,
  ``fg:destination``, ``fg:origin``, ``fg:location``: 与, 访问, 赴, 来自, 在, with, to, from...)
  stands right before it, or before the list it belongs to ("赴法国、俄罗斯、德国");
* a country written right before a place qualifies it ("越南会安市") and is no participant;
* the **subject** is the first place without a role ("晋中市赴德国...": 晋中市);
* the **date** is the first date of the segment;
* a **name** (of an event, a delegation) is the run of words that ends with its name cue and
  starts after the last punctuation, particle, preposition, verb or cue word before it
  ("举办“中法摄影家看晋中”图片展" names “中法摄影家看晋中”图片展).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import URIRef

from ..vocab import FG
from .cues import CueMatch, Cues
from .dates import DateMention
from .mentions import Mention
from .reading import Sentence, fold_text
from .segmenting import tokens

__all__ = ["Segment", "segments", "ROLE_PROPERTIES", "name_ending_at", "titles"]

#: The properties whose cues give a place its role in a clause.
ROLE_PROPERTIES = (FG.party, FG.destination, FG.origin, FG.location)
_SEGMENT_END = re.compile(r"[;；]")
_CHUNK_END = re.compile(r"(?<!\d),|,(?!\d)|[，;；:：]")
_LIST_SEPARATOR = {"zh": re.compile(r"^[、,，]?$"), "en": re.compile(r"^\s*(?:,|,?\s+and)?\s*$")}
_STOP_TAGS = ("u", "p", "c", "r", "d", "y", "e", "o", "q")
_ZH_TITLE = re.compile(r"《([^《》]+)》")
_EN_TITLE = re.compile(r"[“\"]([^”\"]{3,120})[”\"]")


@dataclass
class Segment:
    """One segment of a sentence (offsets in the sentence's text)."""

    sentence: Sentence
    start: int
    end: int
    folded: str  # the whole sentence, folded
    mentions: list[Mention] = field(default_factory=list)  # the places, without qualifiers
    roles: dict[int, URIRef] = field(default_factory=dict)  # index in mentions -> property
    date: DateMention | None = None

    @property
    def text(self) -> str:
        return self.sentence.text[self.start:self.end]

    @property
    def subject(self) -> Mention | None:
        return next((m for i, m in enumerate(self.mentions) if i not in self.roles), None)

    def with_role(self, prop: URIRef) -> list[Mention]:
        return [m for i, m in enumerate(self.mentions) if self.roles.get(i) == prop]

    def chunk(self, position: int) -> tuple[int, int]:
        """The comma-separated part of the segment holding ``position``."""
        left = max((m.end() for m in _CHUNK_END.finditer(self.folded, self.start, position)),
                   default=self.start)
        found = _CHUNK_END.search(self.folded, position, self.end)
        return left, found.start() if found else self.end


def segments(sentence: Sentence, mentions: list[Mention], dates: list[DateMention],
             cues: Cues) -> list[Segment]:
    """The segments of a sentence with their places, roles and dates."""
    folded = fold_text(sentence.text)
    bounds, start = [], 0
    for match in _SEGMENT_END.finditer(folded):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(folded)))
    qualifiers = {id(m.qualifier) for m in mentions if m.qualifier is not None}
    heads = [m for m in mentions if id(m) not in qualifiers]
    out = []
    for a, b in bounds:
        segment = Segment(sentence, a, b, folded,
                          [m for m in heads if a <= m.head and m.end <= b],
                          date=next((d for d in dates if a <= d.start < b), None))
        _assign_roles(segment, cues)
        out.append(segment)
    return out


def _assign_roles(segment: Segment, cues: Cues) -> None:
    folded, language = segment.folded, cues.language
    previous: tuple[int, URIRef] | None = None
    for index, mention in enumerate(segment.mentions):
        head = mention.head
        role = None
        for prop in ROLE_PROPERTIES:
            for cue in cues.find(folded, prop=prop, start=max(segment.start, head - 24),
                                 end=head):
                if cue.end == head or (language == "en" and not folded[cue.end:head].strip()):
                    role = prop
        if role is None and previous is not None:
            gap = folded[segment.mentions[previous[0]].end:head]
            if _LIST_SEPARATOR[language].match(gap) or _is_cue(folded, cues, FG.party, gap,
                                                                  segment, head):
                role = previous[1]
        if role is not None:
            segment.roles[index] = role
            previous = (index, role)
        else:
            previous = None


def _is_cue(folded: str, cues: Cues, prop: URIRef, gap: str, segment: Segment,
            head: int) -> bool:
    """The gap between two places of a list is a word of ``prop`` (与, and)."""
    if not gap.strip():
        return False
    start = head - len(gap)
    found = cues.find(folded, prop=prop, start=start, end=head)
    return bool(found) and all(not folded[a:b].strip() or folded[a:b].strip() in "、,，"
                               for a, b in _gaps(found, start, head))


def _gaps(found: list[CueMatch], start: int, end: int) -> list[tuple[int, int]]:
    out, position = [], start
    for match in found:
        out.append((position, match.start))
        position = match.end
    out.append((position, end))
    return out


def titles(segment: Segment, language: str) -> list[tuple[int, int]]:
    """The spans (inside the quotation marks) of the titles in a segment: 《...》 in
    Chinese, “...” in English."""
    pattern = _ZH_TITLE if language == "zh" else _EN_TITLE
    return [(m.start(1), m.end(1)) for m in pattern.finditer(segment.folded, segment.start,
                                                             segment.end)]


def name_ending_at(segment: Segment, end: int, cue_start: int, stops: list[tuple[int, int]]
                   ) -> int:
    """Where the name that ends at ``end`` (its name cue starting at ``cue_start``) begins
    (Chinese; see the module's docstring). ``stops`` are spans no name crosses (dates, cue
    words of other facts)."""
    words = [t for t in tokens(segment.folded) if t.end <= cue_start]
    start = cue_start
    index = len(words) - 1
    while index >= 0:
        word = words[index]
        if word.start < segment.start:
            break
        if word.word == "”":
            opening = segment.folded.rfind("“", segment.start, word.start)
            if opening < 0:
                break
            start = opening
            while index >= 0 and words[index].start > opening:
                index -= 1
            index -= 1
            continue
        if (word.tag == "x" or word.tag.startswith(_STOP_TAGS) or word.tag == "v"
                or word.word in "“《》"
                or any(a < word.end and word.start < b for a, b in stops)):
            break
        start = word.start
        index -= 1
    return start
