"""`kb watch` against a local feed server whose feeds change: conditional GETs, one ingest per
article across restarts, and bad feeds logged with their URL and retried while others go on."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import make_kb
from feed_server import Doc, FeedServer, rss

from kb.watch import Watcher, WatchError, feed_urls

ROOT = Path(__file__).resolve().parent.parent
KB = [sys.executable, "-c", "from kb.cli import main; main()"]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://schema.org/NewsArticle> }"

ITEM_A = {
    "title": "Shelling hits a market in Tall Hamid",
    "link": "https://tests.incident-kb.org/a",
    "date": "Mon, 01 Mar 2021 09:00:00 GMT",
    "text": "Artillery shells struck the market of Tall Hamid on Monday morning, and a local "
    "monitor said at least four civilians were killed.",
}
ITEM_B = {
    "title": "Militia withdraws from the hills above Tall Hamid",
    "link": "https://tests.incident-kb.org/b",
    "date": "Tue, 02 Mar 2021 09:00:00 GMT",
    "text": "Fighters of the Hamid Brigades pulled back from the hills above Tall Hamid on "
    "Tuesday after two days of clashes, the monitor reported.",
}
ITEM_C = {
    "title": "Aid convoy reaches Tall Hamid",
    "link": "https://tests.incident-kb.org/c",
    "date": "Wed, 03 Mar 2021 09:00:00 GMT",
    "text": "A convoy of twelve trucks carrying food and medicine reached Tall Hamid on "
    "Wednesday, the first in a month, aid workers said.",
}


@pytest.fixture
def feeds():
    server = FeedServer().start()
    yield server
    server.stop()


def kb_run(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "KB_"))}
    env |= {"KB_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [*KB, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def new_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "new article:" in line]


@pytest.mark.slow
def test_watch_once_ingests_each_article_once_across_restarts(feeds, tmp_path):
    home = tmp_path / "kb"
    url = feeds.put("/news.rss", Doc(rss("Test wire", [ITEM_A])))
    feed_list = tmp_path / "feeds.txt"
    feed_list.write_text(f"# the test wire\n\n{url}\n", encoding="utf-8")

    first = kb_run(home, "watch", "--once", "--feeds", str(feed_list))
    assert first.returncode == 0, first.stderr
    assert len(new_lines(first.stderr)) == 1
    assert f"new article: {ITEM_A['title']} <{ITEM_A['link']}> from {url}" in first.stderr
    assert "If-None-Match" not in feeds.hits("/news.rss")[0]

    # a restarted watcher sends the stored validators and gets a 304
    second = kb_run(home, "watch", "--once", "--feeds", str(feed_list))
    assert second.returncode == 0, second.stderr
    assert new_lines(second.stderr) == []
    assert feeds.hits("/news.rss")[-1]["If-None-Match"] == Doc(rss("Test wire", [ITEM_A])).etag
    assert "If-Modified-Since" in feeds.hits("/news.rss")[-1]

    # the feed gains an item: only that one is ingested
    feeds.put("/news.rss", Doc(rss("Test wire", [ITEM_B, ITEM_A])))
    third = kb_run(home, "watch", "--once", url)
    assert [ITEM_B["title"] in line for line in new_lines(third.stderr)] == [True]

    # a server that ignores the validators still gets nothing ingested twice
    feeds.put("/news.rss", Doc(rss("Test wire", [ITEM_B, ITEM_A]), validators=False))
    fourth = kb_run(home, "watch", "--once", url)
    assert new_lines(fourth.stderr) == []
    assert "0 new articles ingested from 1 feeds" in fourth.stderr

    count = kb_run(home, "sparql", "--format", "csv", COUNT)
    assert count.stdout.splitlines()[1] == "2"


def test_bad_feeds_are_logged_with_their_url_and_retried_while_others_go_on(
    feeds, tmp_path, caplog
):
    good = feeds.put("/good.rss", Doc(rss("Good wire", [ITEM_A])))
    broken = feeds.put("/broken.rss", Doc(b'<rss version="2.0"><channel><title>cut off'))
    failing = feeds.put("/failing.rss", Doc(b"", status=500))
    gone = "http://127.0.0.1:9/nothing-listens-here.rss"
    kb = make_kb(tmp_path / "kb")
    watcher = Watcher(kb, [good, broken, gone, failing], interval=3.0)
    try:
        with caplog.at_level(logging.INFO, logger="kb.watch"):
            assert watcher.poll() == 1  # the good feed went in despite the three bad ones
        messages = [r.getMessage() for r in caplog.records]
        assert any(m.startswith(f"{broken}: not a readable RSS/Atom feed") for m in messages)
        assert any(m.startswith(f"{gone}: cannot fetch") for m in messages)
        assert any(m.startswith(f"{failing}: the server answered HTTP 500") for m in messages)
        assert watcher.state[broken].failures == 1

        # at once again: the failing feeds wait out their back-off (3 s), so they are not fetched
        hits = len(feeds.hits("/broken.rss"))
        assert watcher.poll() == 0
        assert len(feeds.hits("/broken.rss")) == hits

        # the broken feed is mended; once its delay has passed it is read
        feeds.put("/broken.rss", Doc(rss("Mended wire", [ITEM_C])))
        while time.time() < watcher.state[broken].next_try:
            time.sleep(0.05)
        assert watcher.poll() == 1
        assert watcher.state[broken].failures == 0
        assert watcher.state[failing].failures == 2  # still failing, its delay doubled
    finally:
        watcher.close()
        kb.close()


def test_feed_list_errors_say_where(tmp_path):
    listing = tmp_path / "feeds.txt"
    listing.write_text("https://example.org/a.rss\nftp://example.org/b\n", encoding="utf-8")
    with pytest.raises(WatchError, match=r"feeds.txt line 2: not an http\(s\) URL: 'ftp"):
        feed_urls([], str(listing))
    with pytest.raises(WatchError, match="no feeds to watch"):
        feed_urls([], None)
    with pytest.raises(WatchError, match="cannot read the list of feeds"):
        feed_urls([], str(tmp_path / "missing.txt"))


def test_cli_reports_a_bad_feed_list_in_one_line(tmp_path):
    done = kb_run(tmp_path / "kb", "watch", "--once", "not-a-url")
    assert done.returncode == 1
    assert done.stderr.strip() == "Error: command line: not an http(s) URL: 'not-a-url'"
