"""Where a report names places and countries, and which place each name is.

Names are found in two passes over the article:

1. **Known names** (every Chinese name in the gazetteer: CLDR countries, curated places) and
   **new names**: a word of a place class's ``fg:nameCue`` (市, 县, 省, 大区, City, County...)
   ends (Chinese) or begins or ends (English) a name. In Chinese the name starts right after
   a country or place written just before it ("越南会安市": 会安市 in Vietnam; "伦巴第大区科莫省":
   科莫省 in 伦巴第大区), else where the run of name-like words before the cue begins (jieba:
   person and place names, words its dictionary does not know; "与比肯菲尔德市" gives
   比肯菲尔德市). Dictionary words such as 城市 or 全市 are not names. In English a capitalised
   phrase is a name when the gazetteer knows it, when it begins or ends with a name cue, or
   when a country follows it after a comma ("Kyakhta, Russia").
2. Every occurrence of every name found is a **mention**, also where the name is written
   without its country, and (Chinese) where it is written without its name cue when that
   leaves at least two characters (晋中 for 晋中市).

Each name is resolved once, with :meth:`Gazetteer.lookup`; a name the gazetteer does not know
becomes a candidate place: its class from the name cue, its country from a country written
before it, no identifier and no coordinates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import URIRef

from ..names import fold
from ..vocab import FG
from .cues import Cues
from .gazetteer import Gazetteer, PlaceMatch
from .reading import Article, fold_text
from .segmenting import tokens, word_frequency

__all__ = ["PlaceRef", "Mention", "find_mentions"]

#: A dictionary word this frequent is a common noun (城市, 全市, 地区), not a name.
COMMON_WORD = 5000
#: The longest new Chinese name, in characters, before its name cue.
MAX_STEM = 10
_BREAK_ZH = re.compile(r"[^\u3400-\u9fff\uf900-\ufaff·・]")
_TITLE = re.compile(r"《[^》]*》|“[^”]*”")
_EN_TITLE = re.compile(r"“[^”]*”|\"[^\"]*\"")
_CAPITALISED = re.compile(
    r"(?<![\w'’-])[A-Z][\w'’.-]*(?:\s+(?:(?:of|de|la|le|upon|am|an|del|di|sur)\s+)?"
    r"[A-Z][\w'’-]*)*")


@dataclass(eq=False)
class PlaceRef:
    """A place of the draft: a place of the gazetteer, or a candidate place."""

    key: str  # folded name: one PlaceRef per name in a draft
    surface: str  # the name as first written
    cls: URIRef
    match: PlaceMatch | None = None
    ambiguous: list[URIRef] = field(default_factory=list)
    country: URIRef | None = None  # stated by the report (a country written before it)
    container: PlaceRef | None = None  # a place written right before it
    stem: str | None = None  # the name without its name cue

    @property
    def iri(self) -> URIRef | None:
        return self.match.place.iri if self.match else None

    @property
    def identity(self) -> str:
        """The place's IRI when the gazetteer knows it, else its name: two names of one
        place are one place."""
        return str(self.iri) if self.iri is not None else self.key

    @property
    def is_country(self) -> bool:
        return self.cls == FG.Country

    @property
    def country_iri(self) -> URIRef | None:
        if self.is_country:
            return self.iri
        if self.country is not None:
            return self.country
        if self.match is not None and self.match.place.country is not None:
            return self.match.place.country
        return self.container.country_iri if self.container is not None else None


@dataclass(frozen=True)
class Mention:
    """One place name in a sentence (offsets in the sentence's text)."""

    start: int
    end: int
    place: PlaceRef
    qualifier: Mention | None = None  # the country or place written right before it

    @property
    def head(self) -> int:
        """Where the name starts, with the country or place that qualifies it."""
        return self.qualifier.head if self.qualifier is not None else self.start


@dataclass
class _Found:
    cls: URIRef
    country: URIRef | None = None
    container: str | None = None
    stem: str | None = None


class _Finder:
    def __init__(self, article: Article, gazetteer: Gazetteer, cues: Cues) -> None:
        self.article = article
        self.gazetteer = gazetteer
        self.cues = cues
        self.found: dict[str, _Found] = {}
        self.refs: dict[str, PlaceRef] = {}
        self.known = gazetteer.han_names() if cues.language == "zh" else {}
        self.written: dict[str, set[str]] = {}  # English: a name's key -> as written

    # -- pass 1 -------------------------------------------------------------------------------

    def _known_pattern(self, extra: list[str]) -> re.Pattern[str] | None:
        names = sorted({*self.known, *extra}, key=lambda n: (-len(n), n))
        names = [n for n in names if n]
        if not names:
            return None
        return re.compile("|".join(map(re.escape, names)))

    def discover(self) -> None:
        if self.cues.language == "zh":
            pattern = self._known_pattern([])
            for sentence in self.article.sentences:
                self._discover_zh(fold_text(sentence.text), pattern)
        else:
            for sentence in self.article.sentences:
                self._discover_en(sentence.text)

    def _discover_zh(self, text: str, pattern: re.Pattern[str] | None) -> None:
        spans: list[tuple[int, int, str]] = [
            (m.start(), m.end(), m.group()) for m in pattern.finditer(text)] if pattern else []
        words = tokens(text)
        titles = [(m.start(), m.end()) for m in _TITLE.finditer(text)]
        for cue in self.cues.find(text, FG.Place, names=True):
            i, j = cue.start, cue.end
            if any(a <= i and j <= b for a, b, _ in spans):
                continue
            limit = max((m.end() for m in _BREAK_ZH.finditer(text, 0, i)), default=0)
            anchor = max(((a, b, n) for a, b, n in spans if b <= i and b >= limit),
                         key=lambda s: s[1], default=None)
            if any(a <= i < b for a, b in titles):
                continue
            name = None
            word = next((t for t in words if t.start < j <= t.end), None)
            if (anchor is not None and 1 <= i - anchor[1] <= MAX_STEM
                    and self._name_like(words, anchor[1], i)
                    and not (word and word.end == j and word.known and word.start > anchor[1]
                             and word.tag.startswith("ns"))):
                name = text[anchor[1]:j]
            if name is None or not self._plausible(name, j - i):
                name = self._name_from_words(text, words, i, j,
                                             max(limit, anchor[1] if anchor else 0))
            if not name or not self._plausible(name, j - i):
                continue
            if fold(name) not in self.known:
                country = container = None
                if anchor is not None and text[anchor[1]:j] == name:
                    anchor_ref = self.resolve(anchor[2])
                    if anchor_ref.is_country:
                        country = anchor_ref.iri
                    else:
                        container = anchor[2]
                known = self.found.setdefault(name, _Found(cue.term, None, None,
                                                           name[: -(j - i)]))
                known.country = known.country or country
                known.container = known.container or container
            spans.append((j - len(name), j, name))

    @staticmethod
    def _name_from_words(text: str, words: tuple, i: int, j: int, limit: int) -> str | None:
        token = next((t for t in words if t.start < j <= t.end), None)
        if token is None or token.end != j:
            return None
        if token.start < i:  # the cue ends a word: 晋中市, 平遥县
            if token.start >= limit and token.tag.startswith("ns"):
                return token.word
            return None
        if token.start != i:
            return None
        start = i
        for word in reversed([t for t in words if t.end <= i]):
            if word.start < limit or not word.name_like:
                break
            start = word.start
        return text[start:j] if start < i else None

    @staticmethod
    def _name_like(words: tuple, start: int, end: int) -> bool:
        """No dictionary word of two or more characters that is not a name lies wholly in
        ``[start, end)`` (single characters may be parts of a transliteration: 比, 万)."""
        return not any(start <= t.start and t.end <= end and len(t.word) >= 2
                       and not t.name_like for t in words)

    def _plausible(self, name: str, cue_length: int) -> bool:
        stem = name[:-cue_length]
        frequency = word_frequency(name)
        if frequency >= COMMON_WORD or word_frequency(stem) >= COMMON_WORD:
            return False
        return len(stem) >= 2 or frequency > 0

    def _discover_en(self, text: str) -> None:
        titles = [(m.start(), m.end()) for m in _EN_TITLE.finditer(text)]
        for match in _CAPITALISED.finditer(text):
            if any(a <= match.start() < b for a, b in titles):
                continue
            words = match.group().split()
            for size in range(len(words), 0, -1):
                for first in range(0, len(words) - size + 1):
                    phrase = " ".join(words[first:first + size]).rstrip(".")
                    if self._en_name(phrase, text, match):
                        break
                else:
                    continue
                break

    def _en_name(self, phrase: str, text: str, match: re.Match) -> bool:
        key = self.key(phrase)
        cue_words = {c.text for c in self.cues.of(self.cues.classes_below(FG.Place),
                                                  names=True)}
        if key in cue_words:
            return False  # "City" alone names no place
        if key in self.found or self.gazetteer.lookup(phrase):
            self.found.setdefault(key, _Found(FG.Place))
            self.written.setdefault(key, set()).add(phrase)
            return True
        for cue in self.cues.of(self.cues.classes_below(FG.Place), names=True):
            word = cue.text
            lowered = fold_text(phrase)
            if lowered.endswith(" " + word) or lowered.startswith(word + " of "):
                stem = phrase[:-len(word) - 1] if lowered.endswith(" " + word) else phrase[
                    len(word) + 4:]
                self.found[key] = _Found(cue.term, stem=stem)
                self.written.setdefault(key, set()).add(phrase)
                return True
        after = text[match.end():match.end() + 60]
        follow = re.match(r",\s+((?:[A-Z][\w'’-]*\s?){1,4})", after)
        if follow and phrase == match.group():
            country = self.gazetteer.lookup(follow.group(1).strip().rstrip(".,"))
            if country and country[0].place.cls == FG.Country:
                self.found[key] = _Found(FG.Place, country[0].place.iri)
                self.written.setdefault(key, set()).add(phrase)
                return True
        return False

    # -- resolving ----------------------------------------------------------------------------

    def key(self, name: str) -> str:
        return fold(name).replace(" ", "") if self.cues.language == "zh" else fold_text(
            name).strip()

    def resolve(self, name: str, surface: str | None = None) -> PlaceRef:
        key = self.key(name)
        if key in self.refs:
            return self.refs[key]
        found = self.found.get(name) or self.found.get(key)
        country = found.country if found else None
        matches = self.gazetteer.lookup(name, country=country,
                                        stem=found.stem if found else None)
        distinct = {m.place.iri for m in matches}
        match = matches[0] if len(distinct) == 1 else None
        if match is None and matches and matches[0].place.cls == FG.Country:
            match = matches[0]
        cls = match.place.cls if match else (found.cls if found else FG.Place)
        ref = PlaceRef(key, surface or name, cls, match,
                       sorted(distinct) if len(distinct) > 1 else [], country, None,
                       found.stem if found else None)
        self.refs[key] = ref
        if found and found.container:
            ref.container = self.resolve(found.container)
        return ref

    # -- pass 2 -------------------------------------------------------------------------------

    def mentions(self, text: str) -> list[Mention]:
        if self.cues.language == "en":
            return self._mentions_en(text)
        folded = fold_text(text)
        aliases: dict[str, str] = {}
        for name, found in self.found.items():
            aliases[name] = name
            if (found.stem and len(found.stem) >= 2 and found.stem not in self.known
                    and word_frequency(found.stem) < COMMON_WORD):
                aliases.setdefault(found.stem, name)
        pattern = self._pattern_cache(aliases)
        out: list[Mention] = []
        for m in pattern.finditer(folded) if pattern else ():
            name = aliases.get(m.group(), m.group())
            ref = self.resolve(name, text[m.start():m.end()] if name == m.group() else None)
            qualifier = out[-1] if out and out[-1].end == m.start() else None
            out.append(Mention(m.start(), m.end(), ref, qualifier))
        return out

    def _pattern_cache(self, aliases: dict[str, str]) -> re.Pattern[str] | None:
        key = tuple(sorted(aliases))
        if getattr(self, "_cached_key", None) != key:
            self._cached_key = key
            self._cached = self._known_pattern(list(aliases))
        return self._cached

    def _mentions_en(self, text: str) -> list[Mention]:
        # Names as written (capitalised), matched case-sensitively: "sister city" is no City.
        names = sorted({n for forms in self.written.values() for n in forms},
                       key=len, reverse=True)
        if not names:
            return []
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(
            r"\s+".join(map(re.escape, n.split())) for n in names) + r")(?![\w-])")
        out: list[Mention] = []
        for m in pattern.finditer(text):
            ref = self.resolve(text[m.start():m.end()])
            qualifier = None
            if out and out[-1].place.is_country is False and ref.is_country and re.fullmatch(
                    r",\s*", text[out[-1].end:m.start()]):
                continue  # "Kyakhta, Russia": the country qualifies the place before it
            out.append(Mention(m.start(), m.end(), ref, qualifier))
        return out


def find_mentions(article: Article, gazetteer: Gazetteer, cues: Cues
                  ) -> tuple[dict[int, list[Mention]], list[PlaceRef]]:
    """The place mentions of every sentence (by sentence index), and the places they name
    (see the module's docstring)."""
    finder = _Finder(article, gazetteer, cues)
    finder.discover()
    finder.refs.clear()  # resolved again now that every name's country is known
    by_sentence = {s.index: finder.mentions(s.text) for s in article.sentences}
    return by_sentence, list(finder.refs.values())
