"""HTML pages and RSS/Atom feeds, from files or URLs."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from kb.errors import ArticleError
from kb.reading.article import Article
from kb.reading.text import parse_date

_TAGS = re.compile(r"<[^>]+>")


def looks_like_feed(raw: str) -> bool:
    head = raw.lstrip()[:2000].lower()
    return "<rss" in head or ("<feed" in head and "atom" in head) or "<rdf:rdf" in head


def looks_like_html(raw: str) -> bool:
    head = raw.lstrip()[:2000].lower()
    return head.startswith("<!doctype html") or "<html" in head


def read_html(raw: str, origin: str, url: str | None = None) -> Article:
    """The page's main text (trafilatura strips navigation and boilerplate) and its metadata."""
    import trafilatura

    text = trafilatura.extract(raw, include_comments=False, include_tables=False, favor_recall=True)
    if not text or len(text.split()) < 20:
        # a navigation page or an error page: a few words ("Home") are not an article
        raise ArticleError(f"{origin}: no article text found in the HTML page")
    meta = trafilatura.extract_metadata(raw, default_url=url)
    date = parse_date(meta.date) if meta is not None and meta.date else None
    return Article(
        text=text,
        title=(meta.title if meta is not None else None) or None,
        source=(meta.sitename if meta is not None else None) or None,
        date=date,
        url=url or (meta.url if meta is not None else None) or None,
        origin=origin,
    )


def read_feed(raw: str, origin: str) -> Iterator[Article]:
    """Each feed item becomes an article; its summary or content is the text."""
    import feedparser

    feed = feedparser.parse(raw)
    if feed.bozo and not feed.entries:
        raise ArticleError(f"{origin}: not a readable RSS/Atom feed ({feed.bozo_exception})")
    source = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        body = ""
        if entry.get("content"):
            body = entry.content[0].get("value", "")
        body = body or entry.get("summary", "")
        text = html.unescape(_TAGS.sub(" ", body))
        if not text.strip():
            continue
        date = entry.get("published") or entry.get("updated")
        yield Article(
            text=text,
            title=entry.get("title"),
            source=source,
            date=parse_date(date) if date else None,
            url=entry.get("link"),
            origin=f"{origin}#item{number}",
        )
