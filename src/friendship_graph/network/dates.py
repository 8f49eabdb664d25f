"""Dates for the ``as_of`` selection: the period a date stands for, whether a partnership
was in force in it and whether an event or agreement had happened by its end."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..vocab import FGC
from .read import P, Thing

__all__ = ["parse_period", "in_force", "happened"]

_DATE = re.compile(r"^(-?\d{4,})(?:-(\d{2})(?:-(\d{2}))?)?")

#: Statuses in which a partnership counts as in force for ``as_of`` (as in partners.rq).
_IN_FORCE_STATUSES = frozenset({str(FGC.established), str(FGC.ended)})


def parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a time zone is ignored) as (first day, last
    day); ``None`` when it is not such a date."""
    match = _DATE.match(str(text).strip())
    if not match:
        return None
    try:
        year = int(match.group(1))
        if match.group(3):
            day = dt.date(year, int(match.group(2)), int(match.group(3)))
            return day, day
        if match.group(2):
            month = int(match.group(2))
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None


def _periods(thing: Thing, prop: str) -> list[tuple[dt.date, dt.date]]:
    return [p for p in (parse_period(text) for text in thing.texts(prop)) if p]


def in_force(thing: Thing, period: tuple[dt.date, dt.date]) -> bool:
    """As ``partners.rq``: status established or ended, started (if known) by the end of the
    period and not ended (if known) before its start."""
    if not _IN_FORCE_STATUSES & set(thing.texts(P.status)):
        return False
    starts, ends = _periods(thing, P.start), _periods(thing, P.end)
    if starts and min(s[0] for s in starts) > period[1]:
        return False
    return not (ends and max(e[1] for e in ends) < period[0])


def happened(thing: Thing, period: tuple[dt.date, dt.date]) -> bool:
    """An event or agreement dated (start, date or signature) no later than the period's end."""
    for prop in (P.start, P.date, P.signed):
        dates = _periods(thing, prop)
        if dates:
            return min(d[0] for d in dates) <= period[1]
    return False
