"""The page's pictures in a real headless Chromium: the map's markers, their popups, the
control chart, the type filter and the "nothing in this window" note.

Needs the Debian ``chromium`` package at /usr/bin/chromium; skipped with that reason when absent.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import make_kb

from kb.serve import BackgroundServer, build_app

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
sync_playwright = sync_api.sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
WAIT = 60_000  # ms: the first picture links the place with the language model

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install -y chromium)"
    ),
]


@pytest.fixture(scope="module")
def site(demo_home, tmp_path_factory):
    home = tmp_path_factory.mktemp("pictures-browser") / "kb"
    shutil.copytree(demo_home, home, ignore=shutil.ignore_patterns("LOCK"))
    kb = make_kb(home)
    server = BackgroundServer(build_app(kb)).start()
    yield server.url, kb
    server.stop()
    kb.close()


@pytest.fixture
def page(site):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.errors, page.requests = [], []
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("request", lambda r: page.requests.append(r.url))
        page.set_default_timeout(WAIT)
        page.goto(site[0] + "/#pictures")
        yield page
        browser.close()


def draw(page, place: str, start: str = "", end: str = "") -> None:
    page.fill("#pic-place", place)
    page.fill("#pic-from", start)
    page.fill("#pic-to", end)
    page.click("#pic-draw")
    page.wait_for_selector("#pictures[data-drawn=true]")


def test_map_has_one_marker_per_located_incident_in_the_window(page, site):
    url, kb = site
    everything = kb.picture("map", "Hama").to_json()["points"]
    shown = kb.picture("map", "Hama", "2019-06-01", "2019-06-30").to_json()["points"]
    incidents = [p for p in shown if p["kind"] == "incident"]
    assert incidents and len(incidents) < sum(p["kind"] == "incident" for p in everything)
    window = (date(2019, 6, 1), date(2019, 6, 30))
    assert all(
        p["first"] <= window[1].isoformat() and p["last"] >= window[0].isoformat()
        for p in incidents
    )

    draw(page, "Hama", "2019-06-01", "2019-06-30")
    assert page.locator("#map path.kb-incident").count() == len(incidents)
    assert page.locator("#map path.kb-control").count() == len(shown) - len(incidents)
    assert page.locator("#map path.kb-country").count() >= 1  # the packaged basemap
    # a click shows the claim, its sentence and source
    page.locator("#map path.kb-incident").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    sentences = {p["sentence"] for p in incidents}
    assert any(s in popup.inner_text() for s in sentences)
    assert popup.locator("a").first.get_attribute("href").startswith("https://")
    # the control chart is drawn on its canvas
    assert page.is_visible("#control-chart")
    assert "Solid: held" in page.inner_text("#control-note")
    assert page.errors == []
    assert {urlsplit(u).netloc for u in page.requests} == {urlsplit(url).netloc}


def test_type_filter_hides_markers(page, site):
    draw(page, "Hama")
    total = page.locator("#map path.kb-incident").count()
    first = page.locator("#pic-types input").first
    kind = first.get_attribute("value")
    hidden = sum(
        p["kind"] == "incident" and p["type"] == kind
        for p in site[1].picture("map", "Hama").to_json()["points"]
    )
    first.uncheck()
    assert hidden and page.locator("#map path.kb-incident").count() == total - hidden


def test_empty_window_and_bad_date(page):
    draw(page, "Hama", "2030-01-01", "2030-12-31")
    assert page.locator("#map path.kb-point").count() == 0
    assert "nothing in this window" in page.inner_text("#map-note")
    assert "nothing in this window" in page.inner_text("#control-note")
    page.fill("#pic-from", "junk")
    page.click("#pic-draw")
    page.wait_for_selector("#pic-error:not([hidden])")
    assert "400" in page.inner_text("#pic-error") and "YYYY" in page.inner_text("#pic-error")
