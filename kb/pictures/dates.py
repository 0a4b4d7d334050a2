"""Dates as the pictures need them: a user's window, and the span a stated date covers.

A claim dated "June 2019" covers the whole month; drawing it on June 1st would invent a day
the report never gave. Every stated date becomes a (first, last) pair, and every sort uses the
same pair, so the text, the JSON and the pictures agree on the order.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from kb.errors import KBError

_STATED = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class BadDate(KBError):
    """A date a user gave that is not YYYY, YYYY-MM or YYYY-MM-DD (or is no real day)."""


def span(value: str) -> tuple[date, date] | None:
    """The first and last day a stated YYYY, YYYY-MM or YYYY-MM-DD covers; None if it is none."""
    m = _STATED.match(value.strip()[:10]) if value else None
    if m is None:
        return None
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if day is not None:
            d = date(year, int(month), int(day))
            return d, d
        if month is not None:
            last = calendar.monthrange(year, int(month))[1]
            return date(year, int(month), 1), date(year, int(month), last)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def window(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    """A user's --from/--to as the first day of ``start`` and the last day of ``end``."""
    first = user_span(start, "from")[0] if start else None
    last = user_span(end, "to")[1] if end else None
    if first and last and first > last:
        raise BadDate(f"--from {start} is after --to {end}")
    return first, last


def user_span(value: str, name: str) -> tuple[date, date]:
    """The days a date a user typed covers; an error naming the option (``name``) otherwise."""
    found = span(value) if len(value.strip()) in (4, 7, 10) else None
    if found is None:
        raise BadDate(f"{name} date must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return found


def overlaps(first: date, last: date, start: date | None, end: date | None) -> bool:
    """Whether [first, last] meets the window (an open side lets everything through)."""
    return (start is None or last >= start) and (end is None or first <= end)
