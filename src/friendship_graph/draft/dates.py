"""Dates in a report, resolved against its publication date and kept as precise as written.

"今年2月" in a report published on 2019-10-30 is February 2019 (``"2019-02"^^xsd:gYearMonth``),
"10月28日" is 2019-10-28 (``xsd:date``), "去年" is 2018 (``xsd:gYear``), "29日" after a date in
October is 2019-10-29. A partial date stays partial: nothing is padded to a day. Vague
expressions (近年来, 近期, recently, in recent years) give no date at all.

A date without a year takes the year last written before it (a year written alone, such as
"2017全省旅游发展大会", only within its paragraph), else the publication year, moved one year
back when that would put the date after the publication. A day without a month takes the month
last written before it; with none, it is left out; 同月 and 同年 (the same month, year) take
the month or year last written. English month names come from the CLDR (Babel).

>>> from datetime import date
>>> [str(m.literal) for m in find_dates("今年2月,访问;8月,赴德国", "zh", date(2019, 10, 30))]
['2019-02', '2019-08']
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rdflib import Literal

from ..vocab import XSD

__all__ = ["DateMention", "DateContext", "find_dates", "parse_published"]


@dataclass(frozen=True)
class DateMention:
    """A date found in a text: where, and its value at the precision written."""

    start: int
    end: int
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def literal(self) -> Literal:
        """The value as ``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date``."""
        if self.month is None:
            return Literal(f"{self.year:04d}", datatype=XSD.gYear)
        if self.day is None:
            return Literal(f"{self.year:04d}-{self.month:02d}", datatype=XSD.gYearMonth)
        return Literal(f"{self.year:04d}-{self.month:02d}-{self.day:02d}", datatype=XSD.date)


class DateContext:
    """What a partial date is completed with: the publication date, and the year and month
    last written (a year written alone counts only in its own paragraph)."""

    def __init__(self, published: date) -> None:
        self.published = published
        self.year: int | None = None
        self.month: int | None = None
        self.year_only = False

    def new_paragraph(self) -> None:
        if self.year_only:
            self.year = self.month = None
            self.year_only = False


def parse_published(text: str) -> date:
    """A ``YYYY-MM-DD`` publication date; ``ValueError`` otherwise."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD")
    return date.fromisoformat(text.strip())


_NUM = r"(\d{1,2})"
_ZH = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?:年(?:" + _NUM + r"月(?:" + _NUM + r"[日号])?)?|(?=[^\d年]))"
    r"|(?P<rel>今年|去年|前年|明年|本年)(?:" + _NUM + r"月(?:" + _NUM + r"[日号])?)?"
    r"|(?P<relm>本月|上月|上个月|下月|下个月)(?:" + _NUM + r"[日号])?"
    r"|(?P<same>同月|当月|同年|当年)"
    r"|(?<!\d)" + _NUM + r"月(?:" + _NUM + r"[日号])?"
    r"|(?<![\d月])" + _NUM + r"[日号]")
_REL_YEAR = {"今年": 0, "本年": 0, "去年": -1, "前年": -2, "明年": 1}
_REL_MONTH = {"本月": 0, "上月": -1, "上个月": -1, "下月": 1, "下个月": 1}
_EN_REL = {"this": 0, "last": -1, "next": 1, "previous": -1}


@lru_cache(maxsize=1)
def _en_pattern() -> tuple[re.Pattern[str], dict[str, int]]:
    from babel.dates import get_month_names

    months: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale="en").items():
            months[name.lower().rstrip(".")] = number
    names = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    rel = "|".join(_EN_REL)
    pattern = re.compile(
        rf"(?<![\w-])(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{names})\.?(?:,?\s+(?P<y1>\d{{4}}))?"
        rf"|(?P<m2>{names})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{{4}}))?"
        rf"|(?P<m3>{names})(?:\s+(?:of\s+)?(?P<y3>\d{{4}}))?"
        rf"|(?:in|since|during|of)\s+(?P<y4>(?:19|20)\d\d)"
        rf"|(?P<ry>{rel})\s+year|(?P<rm>{rel})\s+month)(?![\w-])", re.IGNORECASE)
    return pattern, months


def _valid(year: int, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None and (month is None
                            or not 1 <= day <= calendar.monthrange(year, month)[1]):
        return False
    return 1 <= year <= 9999


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _complete(context: DateContext, month: int | None, day: int | None
              ) -> tuple[int, int | None] | None:
    """The year (and month) of a date written without them."""
    published = context.published
    if month is None:
        if context.month is None or context.year is None:
            return None
        return context.year, context.month
    if context.year is not None:
        return context.year, month
    year = published.year
    if (month, day or 1) > (published.month, published.day):
        year -= 1
    return year, month


def find_dates(text: str, language: str, published: date,
               context: DateContext | None = None) -> list[DateMention]:
    """The dates in ``text`` (a sentence), left to right, resolved (see the module's
    docstring); each date completes the ones after it. ``context`` carries the year and
    month of a paragraph from one sentence to the next; without it, each call starts
    afresh."""
    context = context or DateContext(published)
    found = _find_zh(text, context) if language == "zh" else _find_en(text, context)
    out = []
    for start, end, year, month, day, sets_context in found:
        if not _valid(year, month, day):
            continue
        if sets_context:
            context.year = year
            context.month = month
            context.year_only = month is None
        out.append(DateMention(start, end, year, month, day))
    return out


def _find_zh(text: str, context: DateContext) -> Iterator[tuple]:
    for m in _ZH.finditer(text):
        groups = m.groups()
        if m.group("y"):
            year = int(m.group("y"))
            month = int(groups[1]) if groups[1] else None
            day = int(groups[2]) if groups[2] else None
            yield (m.start(), m.end(), year, month, day, True)
        elif m.group("rel"):
            year = context.published.year + _REL_YEAR[m.group("rel")]
            month = int(groups[4]) if groups[4] else None
            day = int(groups[5]) if groups[5] else None
            yield (m.start(), m.end(), year, month, day, True)
        elif m.group("relm"):
            year, month = _shift_month(context.published.year, context.published.month,
                                       _REL_MONTH[m.group("relm")])
            day = int(groups[7]) if groups[7] else None
            yield (m.start(), m.end(), year, month, day, True)
        elif m.group("same"):
            if context.year is not None and (m.group("same") in ("同年", "当年")
                                             or context.month is not None):
                month = context.month if m.group("same") in ("同月", "当月") else None
                yield (m.start(), m.end(), context.year, month, None, False)
        elif groups[9]:
            month, day = int(groups[9]), int(groups[10]) if groups[10] else None
            completed = _complete(context, month, day)
            if completed:
                yield (m.start(), m.end(), completed[0], month, day, True)
        elif groups[11]:
            completed = _complete(context, None, int(groups[11]))
            if completed:
                yield (m.start(), m.end(), completed[0], completed[1], int(groups[11]),
                       False)


def _find_en(text: str, context: DateContext) -> Iterator[tuple]:
    pattern, months = _en_pattern()
    for m in pattern.finditer(text):
        g = m.groupdict()
        month_name = g["m1"] or g["m2"] or g["m3"]
        if month_name:
            month = months[month_name.lower().rstrip(".")]
            day_text = g["d1"] or g["d2"]
            day = int(day_text) if day_text else None
            year_text = g["y1"] or g["y2"] or g["y3"]
            if year_text:
                yield (m.start(), m.end(), int(year_text), month, day, True)
                continue
            if g["m3"] and m.group(0)[0].islower():
                continue  # "may", "march" as words
            completed = _complete(context, month, day)
            if completed:
                yield (m.start(), m.end(), completed[0], month, day, True)
        elif g["y4"]:
            start = m.start("y4")
            yield (start, m.end(), int(g["y4"]), None, None, True)
        elif g["ry"]:
            year = context.published.year + _EN_REL[g["ry"].lower()]
            yield (m.start(), m.end(), year, None, None, True)
        elif g["rm"]:
            year, month = _shift_month(context.published.year, context.published.month,
                                       _EN_REL[g["rm"].lower()])
            yield (m.start(), m.end(), year, month, None, True)
