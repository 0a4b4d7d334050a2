"""JSON Lines: one article an object, ``text`` required."""

from __future__ import annotations

import json
from collections.abc import Iterator

from kb.errors import ArticleError
from kb.reading.article import Article
from kb.reading.text import parse_date

_FIELDS = ("text", "title", "source", "date", "url")


def read_jsonl(raw: str, origin: str, errors: list[str] | None = None) -> Iterator[Article]:
    """Yield one Article a good line. A bad line is reported with its number in ``errors`` and
    the other lines are still read; without an ``errors`` list the first bad line raises."""
    for number, line in enumerate(raw.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield _article(line, f"{origin}:{number}")
        except ArticleError as exc:
            if errors is None:
                raise
            errors.append(str(exc))


def _article(line: str, where: str) -> Article:
    """One JSON Lines object as an Article, or the reason it is not one."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ArticleError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise ArticleError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ArticleError(f'{where}: the object has no non-empty "text" field')
    date = obj.get("date")
    return Article(
        text=text,
        title=_str(obj.get("title")),
        source=_str(obj.get("source")),
        date=parse_date(str(date)) if date else None,
        url=_str(obj.get("url")),
        origin=where,
        metadata={k: str(v) for k, v in obj.items() if k not in _FIELDS},
    )


def _str(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None
