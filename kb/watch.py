"""`kb watch`: poll RSS/Atom feeds and pages, ingest what is new, once per article.

Each poll is a conditional GET (If-None-Match / If-Modified-Since from the last answer), so an
unchanged feed costs a 304. An item counts as seen by its identity and content hash (the same
keys ingest uses), kept per feed in ``KB_HOME/watch/state.json`` with the validators, so a
restarted watcher neither fetches in vain nor ingests twice; a changed item at the same URL is
ingested again and replaces the old version, as `kb ingest` does. A feed that cannot be fetched
or read is logged with its URL and tried again after a delay that doubles with each failure
(up to six hours); the other feeds go on.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kb.errors import KBError
from kb.reading import Article, read_bytes

if TYPE_CHECKING:
    import httpx

    from kb.api import KnowledgeBase

log = logging.getLogger("kb.watch")
MAX_BACKOFF = 6 * 3600.0
SEEN_PER_FEED = 2000  # keys kept per feed: far more than any feed lists at once


class WatchError(KBError):
    """The list of feeds is unusable (a missing file, a line that is not an http(s) URL)."""


@dataclass
class FeedState:
    """What the watcher remembers of one feed between polls and restarts."""

    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    next_try: float = 0.0
    last_error: str | None = None
    seen: list[str] = field(default_factory=list)


def read_feed_list(path: Path) -> list[str]:
    """One URL a line; blank lines and lines starting with # are skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise WatchError(f"{path}: cannot read the list of feeds ({exc})") from None
    urls = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        check_url(line, f"{path} line {number}")
        urls.append(line)
    return urls


def check_url(url: str, where: str) -> None:
    if not url.startswith(("http://", "https://")) or len(url) < 11:
        raise WatchError(f"{where}: not an http(s) URL: {url!r}")


class Watcher:
    """Polls ``urls`` into ``kb``; ``poll()`` is one round, ``run()`` rounds until stopped."""

    def __init__(self, kb: KnowledgeBase, urls: list[str], interval: float = 300.0) -> None:
        import httpx

        self.kb = kb
        self.urls = list(dict.fromkeys(urls))
        self.interval = interval
        self.path = Path(kb.settings.home) / "watch" / "state.json"
        self.state = self._load()
        self.stopping = threading.Event()
        self.client = httpx.Client(
            follow_redirects=True, timeout=20.0, headers={"User-Agent": "incident-kb watch"}
        )

    # ---- state ------------------------------------------------------------------------------
    def _load(self) -> dict[str, FeedState]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("%s: unreadable watch state (%s); starting afresh", self.path, exc)
            return {}
        return {url: FeedState(**value) for url, value in raw.items()}

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        data = {url: asdict(state) for url, state in self.state.items()}
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)

    # ---- polling ------------------------------------------------------------------------------
    def run(self, once: bool = False) -> int:
        """Poll every feed, then again every ``interval`` seconds; returns the articles ingested."""
        total = 0
        while not self.stopping.is_set():
            total += self.poll()
            if once:
                break
            self.stopping.wait(self.interval)
        return total

    def poll(self) -> int:
        """One round over the feeds that are due; a failing feed never stops the others."""
        total = 0
        for url in self.urls:
            if self.stopping.is_set():
                break
            state = self.state.setdefault(url, FeedState())
            if time.time() < state.next_try:
                continue
            try:
                total += self._poll_feed(url, state)
            except (KBError, _FetchError) as exc:  # unreadable input, or the store unreachable
                self._failed(url, state, str(exc))
            self._save()
        return total

    def _poll_feed(self, url: str, state: FeedState) -> int:
        import httpx

        headers = {}
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        try:
            response = self.client.get(url, headers=headers)
        except httpx.HTTPError as exc:
            raise _FetchError(f"{url}: cannot fetch ({exc})") from None
        if response.status_code == 304:
            self._succeeded(state, response)
            return 0
        if response.status_code >= 400:
            raise _FetchError(f"{url}: the server answered HTTP {response.status_code}")
        name = url.split("?")[0]
        if "html" in response.headers.get("content-type", "") and not name.endswith(
            (".rss", ".xml", ".atom")
        ):
            name += ".html"
        articles = read_bytes(response.content, url, name, url=url)
        new = [a for a in articles if _key(a) not in set(state.seen)]
        ingested = self._ingest(url, [a for a in new if not self.kb.is_stored(a)])
        state.seen = (state.seen + [_key(a) for a in new])[-SEEN_PER_FEED:]
        self._succeeded(state, response)
        return ingested

    def _ingest(self, url: str, articles: list[Article]) -> int:
        if not articles:
            return 0
        Path(self.kb.settings.home).mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="watch-", dir=self.kb.settings.home) as folder:
            batch = Path(folder) / "new.jsonl"
            batch.write_text(
                "".join(json.dumps(_record(a), ensure_ascii=False) + "\n" for a in articles),
                encoding="utf-8",
            )
            report = self.kb.ingest([str(batch)])
        if report.errors:
            raise _FetchError(f"{url}: ingest failed ({'; '.join(report.errors)})")
        for article in articles:
            log.info(
                "new article: %s <%s> from %s",
                article.title or "(untitled)",
                article.url or article.identity,
                url,
            )
        return len(articles)

    def _succeeded(self, state: FeedState, response: httpx.Response) -> None:
        state.etag = response.headers.get("etag") or state.etag
        state.last_modified = response.headers.get("last-modified") or state.last_modified
        state.failures, state.next_try, state.last_error = 0, 0.0, None

    def _failed(self, url: str, state: FeedState, error: str) -> None:
        state.failures += 1
        delay = min(self.interval * 2 ** (state.failures - 1), MAX_BACKOFF)
        state.next_try = time.time() + delay
        state.last_error = error
        log.warning("%s; failure %d, next try in %g s", error, state.failures, round(delay, 1))

    def close(self) -> None:
        self.client.close()


class _FetchError(Exception):
    """A feed could not be fetched; logged and retried later, never fatal."""


def _key(article: Article) -> str:
    return f"{article.identity}#{article.content_hash}"


def _record(article: Article) -> dict[str, str]:
    """The article as a JSON Lines record `kb ingest` reads back to the same identity."""
    fields = {
        "text": article.text,
        "title": article.title,
        "source": article.source,
        "date": article.date,
        "url": article.url,
    }
    return {k: v for k, v in fields.items() if v}


def feed_urls(urls: list[str], feeds_file: str | None) -> list[str]:
    """The feeds named on the command line and in the list file, checked, in order."""
    for url in urls:
        check_url(url, "command line")
    listed = read_feed_list(Path(feeds_file)) if feeds_file else []
    if not urls and not listed:
        raise WatchError("no feeds to watch: give URLs, or --feeds FILE with one URL a line")
    return [*urls, *listed]
