"""Reading input: every supported format becomes Articles, every bad input a clear, located error.

These run on small texts written for the tests (no corpus text), through the same entry points
``kb ingest`` uses: ``read_bytes`` for content and ``iter_sources`` for paths.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kb.errors import ArticleError
from kb.reading import MAX_BYTES, iter_sources, read_bytes

HEADED = """title: Clashes flare near Kafr Nabudah
source: Example Wire
date: 2019-05-27
url: https://wire.example/2019/05/27/kafr-nabudah
licence: CC BY 4.0
author: A. Reporter

Fighting flared again around Kafr Nabudah in northern Hama on Monday, a monitor said.

Both sides brought in reinforcements overnight.
"""

HEADERLESS = """Government troops pushed into two hamlets south of Khan Sheikhoun on Thursday, a monitor said.

Residents fled north towards the Turkish border.

Published in Dawn, June 8th, 2019
"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Example Monitor Feed</title><link>https://monitor.example/</link>
<description>Daily reports</description>
<item><title>Clashes near Kafr Nabudah</title><link>https://monitor.example/reports/1</link>
<pubDate>Tue, 04 Jun 2019 09:00:00 GMT</pubDate>
<description>&lt;p&gt;Heavy clashes broke out near &lt;b&gt;Kafr Nabudah&lt;/b&gt; in northern
Hama on Monday, the monitor said.&lt;/p&gt;</description></item>
<item><title>Air strike on Saraqeb</title><link>https://monitor.example/reports/2</link>
<pubDate>Wed, 05 Jun 2019 10:30:00 GMT</pubDate>
<description>An air strike hit the town of Saraqeb on Wednesday &amp; wounded three people.</description>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Example Atom Desk</title><id>urn:example:desk</id><updated>2020-02-01T12:00:00Z</updated>
<entry><title>Troops enter Saraqeb</title><id>urn:example:1</id>
<link href="https://desk.example/saraqeb"/><updated>2020-02-01T12:00:00Z</updated>
<content type="html">&lt;p&gt;Government troops entered the town of Saraqeb on Saturday,
state media said.&lt;/p&gt;</content></entry>
<entry><title>Nothing to say</title><id>urn:example:2</id><link href="https://desk.example/empty"/>
<updated>2020-02-02T12:00:00Z</updated><summary></summary></entry>
</feed>
"""

HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Shelling hits market in Ariha | Example Wire</title>
<meta property="og:title" content="Shelling hits market in Ariha">
<meta property="og:site_name" content="Example Wire">
<meta name="date" content="2019-07-02">
<link rel="canonical" href="https://wire.example/2019/07/02/ariha">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> Subscribe to our newsletter</nav>
<article>
<h1>Shelling hits market in Ariha</h1>
<p>Artillery shells struck a vegetable market in the town of Ariha in Idlib province on Tuesday
morning, killing at least seven people, a local rescue group said.</p>
<p>Rescue workers pulled several wounded people from the rubble after the strike, according to
the group, which said the shells were fired from government positions to the south.</p>
<p>The town has been hit repeatedly since the spring, residents said, and many shops closed.</p>
</article>
<footer>Copyright Example Wire. All rights reserved. Cookie settings.</footer>
</body></html>
"""


def read_one(data: bytes, name: str) -> object:
    """The single article a one-article input holds."""
    articles = read_bytes(data, name, name)
    assert len(articles) == 1, articles
    return articles[0]


# ---- plain text ----------------------------------------------------------------------------------


def test_plain_text_header_fills_the_article_fields():
    article = read_one(HEADED.encode(), "kafr.txt")
    assert article.title == "Clashes flare near Kafr Nabudah"
    assert article.source == "Example Wire"
    assert article.date == "2019-05-27"
    assert article.url == "https://wire.example/2019/05/27/kafr-nabudah"
    assert article.metadata["licence"] == "CC BY 4.0"
    assert article.metadata["author"] == "A. Reporter"
    assert article.text.startswith("Fighting flared again around Kafr Nabudah")
    assert "title:" not in article.text and "licence" not in article.text
    assert article.identity == article.url


def test_plain_text_header_with_crlf_and_month_precision_date():
    data = b"title: A month only\r\nsource: Desk\r\ndate: 2019-06\r\n\r\nShelling hit Hama.\r\n"
    article = read_one(data, "crlf.txt")
    assert (article.title, article.source, article.date) == ("A month only", "Desk", "2019-06")
    assert article.text == "Shelling hit Hama."


def test_headerless_text_takes_source_and_date_from_published_line():
    article = read_one(HEADERLESS.encode(), "dawn.txt")
    assert article.source == "Dawn"
    assert article.date == "2019-06-08"
    assert article.title is None and article.url is None
    assert article.text.startswith("Government troops pushed into two hamlets")
    assert "Published in" not in article.text
    # Without a URL the identity is the text's hash: the same text always maps to one article.
    assert article.identity == "sha256:" + article.content_hash


def test_headerless_text_is_all_body_and_dateline_agency_is_kept():
    text = (
        "ALEPPO (AFP) - Rockets fell on a western district of Aleppo overnight, residents said.\n"
    )
    article = read_one(text.encode(), "aleppo.txt")
    assert article.title is None and article.date is None
    assert article.text.startswith("ALEPPO (AFP)")
    assert article.metadata.get("wire") == "AFP"


def test_body_line_that_looks_like_a_key_is_not_a_header():
    """Only known keys make a header: 'Update: ...' opening a report stays part of the body."""
    text = "Update: the death toll rose overnight\n\nMore bodies were recovered in Ariha.\n"
    article = read_one(text.encode(), "update.txt")
    assert article.title is None
    assert article.text.startswith("Update: the death toll rose")


def test_same_text_saved_differently_hashes_alike():
    a = read_one(b"Shelling hit  Hama\ton Monday.\n\n\n\nTwo died.\n", "a.txt")
    b = read_one(b"Shelling hit Hama on Monday.\r\n\r\nTwo died.", "b.txt")
    assert a.content_hash == b.content_hash


def test_header_survives_a_utf8_byte_order_mark():
    article = read_one(b"\xef\xbb\xbf" + HEADED.encode(), "bom.txt")
    assert article.title == "Clashes flare near Kafr Nabudah"
    assert article.date == "2019-05-27"
    assert not article.text.startswith("title:")


def test_header_without_body_is_refused():
    with pytest.raises(ArticleError, match="header but no body"):
        read_bytes(b"title: Nothing else\ndate: 2019-01-01\n\n", "bare.txt", "bare.txt")


# ---- JSON Lines ----------------------------------------------------------------------------------


def _jsonl(*objects: object) -> bytes:
    return "\n".join(o if isinstance(o, str) else json.dumps(o) for o in objects).encode() + b"\n"


def test_jsonl_one_article_per_object():
    data = _jsonl(
        {
            "id": "n-1",
            "title": "Raid on Saraqeb",
            "source": "Desk",
            "date": "2020-02-05T08:00:00Z",
            "url": "https://desk.example/1",
            "text": "Warplanes raided Saraqeb at dawn.",
        },
        "",
        {"text": "A second report without metadata about Ariha."},
    )
    first, second = read_bytes(data, "feed.jsonl", "feed.jsonl")
    assert (first.title, first.source, first.date) == ("Raid on Saraqeb", "Desk", "2020-02-05")
    assert first.url == "https://desk.example/1" and first.metadata["id"] == "n-1"
    assert first.origin == "feed.jsonl:1" and second.origin == "feed.jsonl:3"
    assert second.title is None and second.text.startswith("A second report")


def test_jsonl_malformed_line_is_reported_with_its_line_number():
    data = _jsonl({"text": "Fine article about Hama."}, '{"text": "broken" "title": 1}')
    with pytest.raises(ArticleError) as info:
        read_bytes(data, "feed.jsonl", "feed.jsonl")
    message = str(info.value)
    assert message.startswith("feed.jsonl:2:")
    assert "JSON" in message and "column" in message


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        ('["a", "list"]', "JSON object"),
        ('{"title": "no text"}', '"text"'),
        ('{"text": "  "}', "text"),
    ],
)
def test_jsonl_objects_without_text_are_refused(line, complaint):
    with pytest.raises(ArticleError, match=r"feed\.jsonl:1: ") as info:
        read_bytes(_jsonl(line), "feed.jsonl", "feed.jsonl")
    assert complaint in str(info.value)


# ---- HTML and feeds ------------------------------------------------------------------------------


def test_html_page_main_text_and_metadata():
    article = read_one(HTML.encode(), "ariha.html")
    assert "vegetable market in the town of Ariha" in article.text
    assert "Rescue workers pulled several wounded people" in article.text
    for boilerplate in ("Subscribe to our newsletter", "Cookie settings", "All rights reserved"):
        assert boilerplate not in article.text
    assert article.title == "Shelling hits market in Ariha"
    assert article.source == "Example Wire"
    assert article.date == "2019-07-02"
    assert article.url == "https://wire.example/2019/07/02/ariha"


def test_html_is_recognised_by_content_without_suffix():
    article = read_one(HTML.encode(), "download")
    assert "vegetable market" in article.text


def test_html_page_without_text_is_refused():
    with pytest.raises(ArticleError, match="no article text"):
        page = b"<!DOCTYPE html><html><head><title>Empty</title></head><body></body></html>"
        read_bytes(page, "e.html", "e.html")


def test_rss_feed_items_become_articles():
    first, second = read_bytes(RSS.encode(), "monitor.rss", "monitor.rss")
    assert first.title == "Clashes near Kafr Nabudah"
    assert first.url == "https://monitor.example/reports/1"
    assert first.date == "2019-06-04"
    assert first.source == "Example Monitor Feed"
    assert "<b>" not in first.text and "Heavy clashes broke out near Kafr Nabudah" in first.text
    assert (
        second.text == "An air strike hit the town of Saraqeb on Wednesday & wounded three people."
    )
    assert first.origin == "monitor.rss#item1" and second.origin == "monitor.rss#item2"


def test_atom_feed_entries_become_articles_and_empty_entries_are_skipped():
    articles = read_bytes(ATOM.encode(), "desk.xml", "desk.xml")
    assert len(articles) == 1
    (entry,) = articles
    assert entry.title == "Troops enter Saraqeb"
    assert entry.url == "https://desk.example/saraqeb"
    assert entry.date == "2020-02-01"
    assert entry.source == "Example Atom Desk"
    assert entry.text.startswith("Government troops entered the town of Saraqeb")


def test_feed_is_recognised_by_content():
    assert len(read_bytes(RSS.encode(), "feed-without-suffix", "feed-without-suffix")) == 2


# ---- bad bytes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"  \n\n\t \n"])
def test_empty_file_is_refused(data):
    with pytest.raises(ArticleError, match="empty"):
        read_bytes(data, "empty.txt", "empty.txt")


def test_binary_file_is_refused():
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    with pytest.raises(ArticleError, match="binary"):
        read_bytes(data, "picture.txt", "picture.txt")


def test_non_utf8_bytes_are_located():
    data = "Shelling hit Hama.\n\nA caf\u00e9 was hit.\n".encode() + b"R\xe9sum\xe9 of the day\n"
    with pytest.raises(ArticleError) as info:
        read_bytes(data, "latin1.txt", "latin1.txt")
    message = str(info.value)
    assert "latin1.txt" in message and "UTF-8" in message
    assert "0xe9" in message and "line 4" in message


# ---- paths ---------------------------------------------------------------------------------------


def test_oversized_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:  # sparse: costs no disk and no time
        handle.truncate(MAX_BYTES + 1024 * 1024)

    def no_reading(self: Path, *args: object, **kwargs: object) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    monkeypatch.setattr(Path, "read_text", no_reading)
    (source,) = list(iter_sources([str(big)]))
    assert source.articles == []
    assert str(big) in source.error
    assert "MB" in source.error and "limit" in source.error


def test_missing_path_is_named():
    (source,) = list(iter_sources(["/no/such/folder/article.txt"]))
    assert source.articles == []
    assert source.error == "/no/such/folder/article.txt: no such file or folder"


def test_unreadable_file_is_named(tmp_path):
    if os.geteuid() == 0:
        # root reads through permissions; /proc/self/mem is a file nobody can read from offset 0.
        path = Path("/proc/self/mem")
        if not path.exists():
            pytest.skip("needs a non-root user or /proc")
    else:
        path = tmp_path / "locked.txt"
        path.write_text("Clashes in Hama.")
        path.chmod(0)
    (source,) = list(iter_sources([str(path)]))
    assert source.articles == []
    assert source.error.startswith(f"{path}: cannot read")


def test_folder_recursion_skips_hidden_files_and_folders(tmp_path):
    files = {
        "b.txt": "Shelling hit Ariha on Monday.",
        "a.txt": "Clashes in Hama on Sunday.",
        "sub/c.txt": "An air strike on Saraqeb.",
        "sub/deeper/d.jsonl": json.dumps({"text": "Fighting in Latakia."}),
        ".hidden.txt": "Should not be read.",
        ".git/notes.txt": "Should not be read either.",
        "sub/.cache/e.txt": "Nor this.",
        "photo.png": "not really a picture",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    sources = list(iter_sources([str(tmp_path)]))
    assert [Path(s.origin).relative_to(tmp_path).as_posix() for s in sources] == [
        "a.txt",
        "b.txt",
        "sub/c.txt",
        "sub/deeper/d.jsonl",
    ]
    assert all(s.error is None and len(s.articles) == 1 for s in sources)


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "1-good.txt").write_text("Clashes in Hama on Sunday.\n")
    (tmp_path / "2-empty.txt").write_bytes(b"")
    (tmp_path / "3-good.txt").write_text("Shelling hit Ariha on Monday.\n")
    sources = list(iter_sources([str(tmp_path)]))
    assert [bool(s.articles) for s in sources] == [True, False, True]
    assert "2-empty.txt" in sources[1].error


# ---- URLs ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def web_server(tmp_path_factory: pytest.TempPathFactory):
    """A local HTTP server with one article page, one feed and nothing else (a 404 for the rest)."""
    import functools
    import http.server
    import threading

    root = tmp_path_factory.mktemp("site")
    (root / "ariha.html").write_text(HTML, encoding="utf-8")
    (root / "feed.rss").write_text(RSS, encoding="utf-8")
    (root / "news").mkdir()
    (root / "news" / "latest").write_text(ATOM, encoding="utf-8")  # a feed without a suffix
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_html_page_from_a_url_keeps_the_url(web_server):
    url = f"{web_server}/ariha.html"
    (source,) = list(iter_sources([url]))
    assert source.error is None, source.error
    (article,) = source.articles
    assert article.url == url
    assert "vegetable market in the town of Ariha" in article.text
    assert article.title == "Shelling hits market in Ariha"


def test_feeds_from_urls_with_and_without_suffix(web_server):
    rss, atom = list(iter_sources([f"{web_server}/feed.rss", f"{web_server}/news/latest"]))
    assert rss.error is None and atom.error is None
    assert [a.url for a in rss.articles] == [
        "https://monitor.example/reports/1",
        "https://monitor.example/reports/2",
    ]
    assert [a.title for a in atom.articles] == ["Troops enter Saraqeb"]


def test_unreachable_url_is_named(web_server):
    url = f"{web_server}/missing.html"
    (source,) = list(iter_sources([url]))
    assert source.articles == []
    assert source.error.startswith(f"{url}: cannot fetch") and "404" in source.error
