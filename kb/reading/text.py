"""Plain-text articles: an optional ``key: value`` header, a blank line, then the body.

A header-less body may still say where and when it was published, in a closing line
("Published in Dawn, June 8th, 2019") or a dateline ("BEIRUT (AFP) -"); those fill the gaps.
"""

from __future__ import annotations

import re

import dateparser

from kb.reading.article import Article

_HEADER_LINE = re.compile(r"^([a-z][a-z0-9_-]{0,30}):\s*(.*)$")
_KNOWN_KEYS = {"title", "source", "date", "url", "id", "author", "licence", "license", "language"}
_PUBLISHED = re.compile(
    r"^(?:published|first published|originally published)\s+(?:in|by|on)\s+(?P<source>[^,\n]+?)\s*,\s*(?P<date>[^\n]+?)\.?$",
    re.IGNORECASE,
)
_DATELINE_AGENCY = re.compile(
    r"^[A-Z][A-Z .,'-]{1,40}\((?P<agency>AFP|Reuters|AP|Anadolu|VOA|SANA|DPA|Xinhua)\)\s*[-\u2013\u2014:]"
)
_DATE_FORMS = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def parse_date(value: str) -> str | None:
    """A stated date as YYYY-MM-DD, or YYYY-MM when only the month is given; None if unreadable."""
    value = value.strip()
    if _DATE_FORMS.match(value):
        return value
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].*", value):
        return value[:10]
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", value)
    settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year", "month"]}
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    if parsed is None:
        return None
    has_day = re.search(r"\b\d{1,2}\b(?!\d)", re.sub(r"\b\d{4}\b", "", cleaned))
    return parsed.strftime("%Y-%m-%d" if has_day else "%Y-%m")


def split_header(raw: str) -> tuple[dict[str, str], str]:
    """Split off the header when the first lines are ``key: value`` pairs ended by a blank line."""
    lines = raw.split("\n")
    header: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            if header and _KNOWN_KEYS & header.keys():
                return header, "\n".join(lines[i + 1 :])
            return {}, raw
        match = _HEADER_LINE.match(line.strip())
        if not match:
            return {}, raw
        header[match.group(1)] = match.group(2).strip()
    return {}, raw


def read_text(raw: str, origin: str) -> Article:
    """Build an Article from a text file's decoded contents."""
    header, body = split_header(raw.lstrip("\ufeff").replace("\r\n", "\n"))
    meta = {k: v for k, v in header.items() if k not in ("title", "source", "date", "url")}
    article = Article(
        text=body,
        title=header.get("title") or None,
        source=header.get("source") or None,
        date=parse_date(header["date"]) if header.get("date") else None,
        url=header.get("url") or None,
        origin=origin,
        metadata=meta,
    )
    _fill_from_body(article)
    return article


def _fill_from_body(article: Article) -> None:
    lines = [line for line in article.text.split("\n") if line.strip()]
    if not lines:
        return
    match = _PUBLISHED.match(lines[-1].strip())
    if match:
        article.source = article.source or match.group("source").strip()
        article.date = article.date or parse_date(match.group("date"))
        article.text = (
            "\n".join(article.text.split("\n")[:-1]).strip() if len(lines) > 1 else article.text
        )
    dateline = _DATELINE_AGENCY.match(lines[0])
    if dateline:
        article.metadata.setdefault("wire", dateline.group("agency"))
