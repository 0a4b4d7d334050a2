"""Turn files, folders, URLs and stdin into Articles, refusing bad input with a clear reason.

Each source yields ``(origin, articles or error)`` so one bad file never stops the others.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kb.errors import ArticleError
from kb.reading.article import Article, normalise_text
from kb.reading.jsonl import read_jsonl
from kb.reading.text import read_text
from kb.reading.web import looks_like_feed, looks_like_html, read_feed, read_html

__all__ = ["Article", "Source", "decode", "iter_sources", "normalise_text", "read_bytes"]

MAX_BYTES = 25 * 1024 * 1024
_SKIP_SUFFIXES = {".pyc", ".png", ".jpg", ".jpeg", ".gif", ".pdf", ".zip", ".gz"}


@dataclass
class Source:
    """One input: a file, a URL or stdin, and the articles it held (or why it could not be read)."""

    origin: str
    articles: list[Article]
    error: str | None = None


def decode(data: bytes, origin: str) -> str:
    """UTF-8 text or a precise complaint: empty, binary, or the first undecodable byte."""
    if not data.strip():
        raise ArticleError(f"{origin}: the file is empty")
    if len(data) > MAX_BYTES:
        raise ArticleError(
            f"{origin}: {len(data) / 1e6:.1f} MB is over the {MAX_BYTES // 2**20} MB limit for one input; split it"
        )
    if b"\x00" in data[:8192]:
        raise ArticleError(f"{origin}: binary data, not a text article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ArticleError(
            f"{origin}: not UTF-8 (byte 0x{data[exc.start]:02x} on line {line}); convert it, e.g. iconv -f cp1252 -t utf-8"
        ) from None


def read_bytes(
    data: bytes,
    origin: str,
    name: str = "",
    url: str | None = None,
    errors: list[str] | None = None,
) -> list[Article]:
    """Pick the reader by name, then by content. Readers of many-article formats put per-item
    problems in ``errors`` (when given) and keep the good items."""
    raw = decode(data, origin)
    lower = name.lower()
    if lower.endswith((".jsonl", ".ndjson")):
        articles = list(read_jsonl(raw, origin, errors))
        if not articles and errors:
            more = f" (and {len(errors) - 1} more bad lines)" if len(errors) > 1 else ""
            raise ArticleError(errors[0] + more)
        return articles
    if lower.endswith((".rss", ".atom", ".xml")) or looks_like_feed(raw):
        return list(read_feed(raw, origin))
    if lower.endswith((".html", ".htm")) or looks_like_html(raw):
        return [read_html(raw, origin, url=url)]
    article = read_text(raw, origin)
    if url and not article.url:
        article.url = url
    if not article.text.strip():
        raise ArticleError(f"{origin}: the article has a header but no body")
    return [article]


def _read_file(path: Path) -> Source:
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ArticleError(
                f"{origin}: {size / 1e6:.1f} MB is over the {MAX_BYTES // 2**20} MB limit for one input; split it"
            )
        data = path.read_bytes()
    except OSError as exc:
        return Source(origin, [], f"{origin}: cannot read ({exc.strerror or exc})")
    except ArticleError as exc:
        return Source(origin, [], str(exc))
    problems: list[str] = []
    source = _guarded(origin, lambda: read_bytes(data, origin, path.name, errors=problems))
    if problems and source.error is None:
        more = f" (and {len(problems) - 1} more bad lines)" if len(problems) > 1 else ""
        source.error = problems[0] + more
    return source


def _read_url(url: str) -> Source:
    import httpx

    try:
        response = httpx.get(
            url, follow_redirects=True, timeout=20.0, headers={"User-Agent": "incident-kb"}
        )
        response.raise_for_status()
    except httpx.HTTPError as exc:
        return Source(url, [], f"{url}: cannot fetch ({exc})")
    name = url.split("?")[0]
    if "html" in response.headers.get("content-type", "") and not name.endswith((".rss", ".xml")):
        name = name + ".html"
    return _guarded(url, lambda: read_bytes(response.content, url, name, url=url))


def _guarded(origin: str, read: callable) -> Source:
    try:
        return Source(origin, read())
    except ArticleError as exc:
        return Source(origin, [], str(exc))


def iter_sources(inputs: list[str]) -> Iterator[Source]:
    """Walk the inputs (folders recursively, in name order) and read each."""
    for item in inputs:
        if item == "-":
            yield _guarded("<stdin>", lambda: read_bytes(sys.stdin.buffer.read(), "<stdin>"))
        elif item.startswith(("http://", "https://")):
            yield _read_url(item)
        else:
            path = Path(item)
            if path.is_dir():
                for child in sorted(p for p in path.rglob("*") if p.is_file()):
                    if child.suffix.lower() in _SKIP_SUFFIXES or any(
                        part.startswith(".") for part in child.relative_to(path).parts
                    ):
                        continue
                    yield _read_file(child)
            elif path.exists():
                yield _read_file(path)
            else:
                yield Source(item, [], f"{item}: no such file or folder")
