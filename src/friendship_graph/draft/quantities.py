"""Reported quantities: a number, what it counts, and how it is qualified ("20批以上").

A number is a reported quantity when a unit cue (a concept of ``fgc:Unit`` with its
``fg:cue`` words: 批, 人次, 人, people, batches...) follows it closely; the qualifier is the
concept of ``fgc:QuantityQualifier`` whose cue stands right before the number, between the
number and the unit, or right after the unit ("超过20批", "500多人次", "20批以上", "more than
20 batches"), else the scheme's ``fg:defaultValue`` (exactly). The period (每年, a year) is
a cue of ``fgc:Period`` anywhere in the same clause. Numbers inside dates are not quantities.

>>> from friendship_graph.ontology import load_ontology
>>> from friendship_graph.draft.cues import Cues
>>> [(str(q.value), local_name(q.qualifier), local_name(q.unit))
...  for q in find_quantities("每年接待均在20批以上,500多人次", Cues(load_ontology(), "zh"))]
[('20', 'moreThan', 'batches'), ('500', 'moreThan', 'personTimes')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from rdflib import URIRef

from ..ontology import local_name  # noqa: F401 - used by the doctest
from ..vocab import FGC
from .cues import Cues
from .reading import fold_text

__all__ = ["Quantity", "find_quantities"]

_NUMBER = re.compile(r"(?<![0-9A-Za-z.])(?<!\d,)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\d])")
#: How far after the number a unit may start (characters in Chinese, ~3 words in English).
_WINDOW = {"zh": 6, "en": 40}
#: Chinese number words that multiply the digits before them (3万 = 30000).
_MAGNITUDE = {"万": Decimal(10000), "亿": Decimal(100000000)}
_STOP = re.compile(r"[,，;；:：。!！?？()（）、\d]")


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, qualifier and, when the clause says, its period."""

    start: int
    end: int  # the end of the unit (or of a qualifier after it)
    value: Decimal
    unit: URIRef
    qualifier: URIRef
    period: URIRef | None = None
    qualified: bool = True  # False when the qualifier is the scheme's default


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in re.finditer(r"[;；。]", text[:start])), default=0)
    right = next((m.start() + end for m in re.finditer(r"[;；。]", text[end:])), len(text))
    return left, right


def find_quantities(text: str, cues: Cues, *,
                    skip: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """The reported quantities of ``text`` (one sentence), left to right. ``skip`` lists
    spans (dates) whose numbers are not quantities."""
    folded = fold_text(text)
    skip = skip or []
    language = cues.language
    out = []
    for number in _NUMBER.finditer(folded):
        if any(a <= number.start() < b for a, b in skip):
            continue
        limit = min(len(folded), number.end() + _WINDOW[language])
        stop = _STOP.search(folded, number.end(), limit)
        window_end = stop.start() if stop else limit
        units = cues.find(folded, scheme=FGC.Unit, start=number.end(), end=window_end)
        if not units:
            continue
        unit = units[0]
        gap = folded[number.end():unit.start]
        if (len(gap) > 4) if language == "zh" else (len(gap.split()) > 3):
            continue
        qualifiers = (
            cues.find(folded, scheme=FGC.QuantityQualifier, start=max(0, number.start() - 12),
                      end=number.start())
            + cues.find(folded, scheme=FGC.QuantityQualifier, start=number.end(),
                        end=unit.start)
            + cues.find(folded, scheme=FGC.QuantityQualifier, start=unit.end,
                        end=min(len(folded), unit.end + 3)))
        qualifiers = [q for q in qualifiers if _adjacent(folded, q, number, unit)]
        end = max([unit.end, *(q.end for q in qualifiers if q.start >= unit.end)])
        if qualifiers:
            qualifier, qualified = max(qualifiers, key=lambda q: cues.precedence(q.term)).term, True
        else:
            qualifier, qualified = cues.default(FGC.QuantityQualifier) or FGC.exactly, False
        left, right = _clause_bounds(folded, number.start(), end)
        periods = cues.find(folded, scheme=FGC.Period, start=left, end=right)
        value = Decimal(number.group(1).replace(",", "") + (
            "." + number.group(2) if number.group(2) else ""))
        magnitude = _MAGNITUDE.get(folded[number.end():number.end() + 1]) if (
            language == "zh") else None
        if magnitude:
            value *= magnitude
        out.append(Quantity(number.start(), end, value, unit.term, qualifier,
                            periods[0].term if periods else None, qualified))
    return out


def _adjacent(folded: str, qualifier, number: re.Match, unit) -> bool:  # noqa: ANN001
    """A qualifier counts when only spaces (or, in Chinese, up to two characters such as
    均在) separate it from the number or the unit."""
    if qualifier.end <= number.start():
        gap = folded[qualifier.end:number.start()]
    elif qualifier.start >= unit.end:
        gap = folded[unit.end:qualifier.start]
    else:
        return True
    return not gap.strip() or (len(gap.strip()) <= 2 and not re.search(r"\W", gap.strip()))
