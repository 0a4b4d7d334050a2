"""The query page in a real headless Chromium: ask, read the sources, run SPARQL, download.

Needs the Debian ``chromium`` package at /usr/bin/chromium (never ``playwright install``: the
machine is offline); skipped with that reason when it is absent.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import make_kb

from kb.serve import BackgroundServer, build_app

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
expect, sync_playwright = sync_api.expect, sync_api.sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT = 60_000  # ms: the first question loads the embedding model

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="/usr/bin/chromium is absent (apt-get install -y chromium)",
    ),
]


@pytest.fixture(scope="module")
def site(demo_home, tmp_path_factory):
    home = tmp_path_factory.mktemp("browser") / "kb"
    shutil.copytree(demo_home, home, ignore=shutil.ignore_patterns("LOCK"))
    kb = make_kb(home)
    server = BackgroundServer(build_app(kb)).start()
    yield server.url
    server.stop()
    kb.close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site):
    """A fresh page that records console errors and every address it asks for."""
    context = browser.new_context()
    page = context.new_page()
    page.errors = []
    page.requests = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: page.requests.append(r.url))
    page.set_default_timeout(WAIT)
    page.goto(site + "/")
    yield page
    context.close()


def test_ask_a_question_and_see_sourced_answer(page, site):
    page.fill("#question", "Who controls Idlib?")
    page.click("#ask-button")
    page.wait_for_selector("#answer-box:not([hidden])")
    assert "Hayat Tahrir al-Sham" in page.inner_text("#answer")
    links = page.eval_on_selector_all("#sources a", "els => els.map(e => e.href)")
    assert links and all(h.startswith("https://demo.incident-kb.org/") for h in links)
    assert page.locator("#sources blockquote").count() >= 1
    assert page.errors == []
    assert {urlsplit(u).netloc for u in page.requests} == {urlsplit(site).netloc}


def test_answer_sparql_opens_in_the_editor_and_runs(page):
    page.click("a.try >> nth=0")
    page.wait_for_selector("#answer-box:not([hidden])")
    page.click("#answer-sparql-box summary")
    page.click("#open-sparql")
    assert "ikb:ControlClaim" in page.input_value("#query")
    page.click("#run")
    page.wait_for_selector("#results-table tbody tr")
    assert "Hayat Tahrir al-Sham" in page.inner_text("#results-table")
    assert page.errors == []


def test_example_queries_show_result_tables(page):
    page.wait_for_selector("#examples option:nth-child(3)", state="attached")
    titles = page.eval_on_selector_all("#examples option", "els => els.map(e => e.textContent)")
    for index, title in enumerate(titles):
        page.select_option("#examples", str(index))
        page.click("#run")
        expect(page.locator("#run")).to_be_enabled()
        assert page.is_hidden("#sparql-error"), (title, page.inner_text("#sparql-error"))
        if "CONSTRUCT" in title:
            assert "schema:NewsArticle" in page.inner_text("#results pre")
        else:
            assert page.locator("#results-table tbody tr").count() > 0, title


def test_bad_query_shows_the_parser_message(page):
    # the page puts the first example in the box when the examples arrive: wait for that first,
    # or it may land in the middle of the text typed here
    page.wait_for_selector("#examples option:nth-child(3)", state="attached")
    expect(page.locator("#query")).not_to_have_value("")
    page.fill("#query", "SELECT * WHERE { ?s ?p ?o")
    page.click("#run")
    page.wait_for_selector("#sparql-error:not([hidden])")
    assert "400" in page.inner_text("#sparql-error")
    assert "error at 1:" in page.inner_text("#sparql-error")


def test_download_links(page):
    hrefs = page.eval_on_selector_all("#downloads a", "els => els.map(e => e.href)")
    assert [urlsplit(h).path for h in hrefs] == [
        "/export.ttl",
        "/export.trig",
        "/export.nq",
        "/export.jsonld",
    ]
    with page.expect_download() as download:
        page.click("#downloads a >> nth=1")
    assert download.value.suggested_filename == "incident-kb.trig"
    body = Path(download.value.path()).read_text(encoding="utf-8")
    assert "NewsArticle" in body
