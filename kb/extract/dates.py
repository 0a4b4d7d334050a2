"""Time expressions resolved against the publication date, keeping their real precision.

"Thursday" is the latest Thursday on or before publication, "late April" is 21-30 April,
"overnight" the night before publication, "since 2014" an open interval from 2014. Each
result is a TimeSpan with the stated value (xsd:date, gYearMonth or gYear) and earliest/latest
bounds, so questions can filter by overlap.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [m.lower() for m in calendar.month_name if m]
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}


@dataclass(frozen=True)
class TimeSpan:
    """A stated time: ``value`` in its own precision, bounds as dates, ``since`` for open intervals."""

    value: str
    precision: str  # "day" | "month" | "year"
    earliest: date
    latest: date
    text: str
    since: bool = False


def publication_date(stated: str | None) -> date | None:
    if not stated:
        return None
    parts = [int(p) for p in stated.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _day(d: date, text: str, since: bool = False) -> TimeSpan:
    return TimeSpan(d.isoformat(), "day", d, d, text, since)


def _month(year: int, month: int, text: str, since: bool = False, part: str = "") -> TimeSpan:
    last = calendar.monthrange(year, month)[1]
    first_day, last_day = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}.get(
        part, (1, last)
    )
    return TimeSpan(
        f"{year:04d}-{month:02d}",
        "month",
        date(year, month, first_day),
        date(year, month, last_day),
        text,
        since,
    )


def _year(year: int, text: str, since: bool = False) -> TimeSpan:
    return TimeSpan(f"{year:04d}", "year", date(year, 1, 1), date(year, 12, 31), text, since)


_PATTERN = re.compile(
    r"(?P<since>\bsince\s+|\bfrom\s+)?"
    r"(?:(?P<part>early|mid|late|the end of|the start of|the beginning of)[\s-]+)?"
    r"(?:"
    r"(?P<relday>yesterday|today|overnight|last night|tonight)"
    r"|(?P<past>(?:in|over|during) the (?:past|last) (?P<n>\d+|24|48|72|two|three|seven) (?P<unit>hours|days|weeks))"
    r"|(?P<lastunit>last (?P<lu>week|month|year))"
    r"|(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?P<dm>(?P<d1>\d{1,2})(?:st|nd|rd|th)? (?:of )?(?P<m1>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?(?:,? (?P<y1>\d{4}))?)"
    r"|(?P<md>(?P<m2>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.? (?P<d2>\d{1,2})(?:st|nd|rd|th)?(?:,? (?P<y2>\d{4}))?)"
    r"|(?P<my>(?P<m3>may(?= (?:of )?\d{4})|january|february|march|april|june|july|august|september|october|november|december)(?: (?:of )?(?P<y3>\d{4}))?)"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})"
    r"|(?P<year>(?:19|20)\d{2})(?![\d-])"
    r")\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {"two": 2, "three": 3, "seven": 7}


def _month_number(name: str) -> int:
    return _MONTH_ABBR[name.lower()[:3]]


def _year_for(month: int, published: date) -> int:
    """A month named without a year is the latest such month not after publication."""
    return published.year if month <= published.month else published.year - 1


def find_times(text: str, published: date | None) -> list[tuple[int, int, TimeSpan]]:
    """Every time expression in ``text`` as (start, end, TimeSpan); needs a publication date for relative ones."""
    out = []
    for m in _PATTERN.finditer(text):
        span = _resolve(m, published)
        if span is not None:
            out.append((m.start(), m.end(), span))
    return out


def _resolve(m: re.Match, published: date | None) -> TimeSpan | None:  # noqa: C901 - one branch a form
    text = m.group(0).strip()
    since = bool(m.group("since"))
    part = (m.group("part") or "").lower()
    part = {"the end of": "late", "the start of": "early", "the beginning of": "early"}.get(
        part, part
    )
    if m.group("iso"):
        return _day(date.fromisoformat(m.group("iso")), text, since)
    if m.group("year"):
        return _year(int(m.group("year")), text, since)
    if m.group("dm") or m.group("md"):
        day = int(m.group("d1") or m.group("d2"))
        month = _month_number(m.group("m1") or m.group("m2"))
        year = m.group("y1") or m.group("y2")
        if year:
            y = int(year)
        elif published:
            y = _year_for(month, published)
        else:
            return None
        try:
            return _day(date(y, month, day), text, since)
        except ValueError:
            return None
    if m.group("my"):
        month = _month_number(m.group("m3"))
        if m.group("y3"):
            return _month(int(m.group("y3")), month, text, since, part)
        if published is None:
            return None
        return _month(_year_for(month, published), month, text, since, part)
    if published is None:
        return None
    if m.group("weekday"):
        back = (published.weekday() - WEEKDAYS.index(m.group("weekday").lower())) % 7
        return _day(published - timedelta(days=back), text, since)
    rel = (m.group("relday") or "").lower()
    if rel in ("yesterday",):
        return _day(published - timedelta(days=1), text, since)
    if rel in ("today", "tonight"):
        return _day(published, text, since)
    if rel in ("overnight", "last night"):
        return TimeSpan(
            published.isoformat(), "day", published - timedelta(days=1), published, text, since
        )
    if m.group("past"):
        n = m.group("n").lower()
        count = _NUMBER_WORDS.get(n) or int(n)
        unit = m.group("unit").lower()
        days = {"hours": max(1, count // 24), "days": count, "weeks": 7 * count}[unit]
        return TimeSpan(
            published.isoformat(), "day", published - timedelta(days=days), published, text, True
        )
    if m.group("lastunit"):
        unit = m.group("lu").lower()
        if unit == "week":
            start = published - timedelta(days=published.weekday() + 7)
            return TimeSpan(start.isoformat(), "day", start, start + timedelta(days=6), text, since)
        if unit == "month":
            prev = published.replace(day=1) - timedelta(days=1)
            return _month(prev.year, prev.month, text, since)
        return _year(published.year - 1, text, since)
    return None
