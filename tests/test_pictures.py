"""Pictures: who held a place, incidents over time and the map, as records, CSV, PNG and HTTP.

Three short articles written for these tests tell one village's story: rebels have held it since
2016 (the Observatory), government forces captured it on a Tuesday (the Observatory again), and
the state agency says the army controls it two weeks later (an "as of" claim, not a change).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import make_kb

from kb.pictures import draw_png
from kb.pictures.data import IncidentRecord, Source
from kb.pictures.draw import EMPTY, nothing
from kb.pictures.incidents import chart_from_incidents
from kb.serve import BackgroundServer, build_app

PNG = b"\x89PNG\r\n\x1a\n"
OBSERVATORY = "Syrian Observatory for Human Rights"
ARTICLES = {
    "abdita-1.txt": """title: Abdita stays in rebel hands
source: Test Wire
date: 2024-02-12
url: https://test.example/abdita-february

The village of Abdita in Idlib province has been in rebel hands since 2016, the Syrian Observatory for Human Rights said on Monday.

An air strike on Abdita killed 3 civilians on Sunday, the Observatory said.
""",
    "abdita-2.txt": """title: Government forces capture Abdita
source: Test Wire
date: 2024-03-06
url: https://test.example/abdita-march

Syrian government forces captured the village of Abdita on Tuesday after heavy fighting, the Syrian Observatory for Human Rights said.

The clashes in Abdita killed 12 rebels and 7 soldiers, according to the Observatory.
""",
    "abdita-3.txt": """title: Army in control of Abdita, agency says
source: State Desk
date: 2024-03-20
url: https://test.example/abdita-sana

State news agency SANA said on Wednesday that the army controls the village of Abdita.
""",
}


@pytest.fixture(scope="module")
def village(tmp_path_factory):
    folder = tmp_path_factory.mktemp("abdita")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    home = tmp_path_factory.mktemp("abdita-kb")
    kb = make_kb(home)
    report = kb.ingest([str(folder)])
    assert report.articles == 3 and not report.errors
    yield kb
    kb.close()


def _bands(chart, row):
    return [(b.controller, b.start, b.end, b.certain) for b in chart.bands if b.row == row]


def test_control_bands_follow_the_claims(village):
    chart = village.picture("control", "Abdita")
    assert {(c.controller, c.change, c.evidence.source) for c in chart.claims} == {
        ("Syrian rebels", "holds", OBSERVATORY),
        ("Syrian government forces", "gained", OBSERVATORY),
        ("Syrian government forces", "holds", "SANA"),
    }
    assert chart.rows == ["SANA", OBSERVATORY]
    observatory = _bands(chart, OBSERVATORY)
    # "since 2016": the start lies somewhere in that year; held from then to the capture
    assert ("Syrian rebels", date(2016, 1, 1), date(2016, 12, 31), False) in observatory
    assert ("Syrian rebels", date(2016, 12, 31), date(2024, 3, 5), True) in observatory
    # the capture on Tuesday 5 March is a change on that day; after the last report, uncertain
    gov = [b for b in observatory if b[0] == "Syrian government forces"]
    assert gov[0][1] == date(2024, 3, 5) and gov[-1][2] == chart.end and not gov[-1][3]
    # SANA's "controls" is as of 20 March: no band of SANA's starts a held stretch before it
    sana = _bands(chart, "SANA")
    assert {b[0] for b in sana} == {"Syrian government forces"}
    assert sana[0][3] is False and sana[0][2] == date(2024, 3, 20)
    assert all(b[1] >= date(2024, 3, 20) for b in sana if b[3])
    assert chart.reports == ["2024-02-12", "2024-03-06", "2024-03-20"]
    assert draw_png(chart)[:8] == PNG


def test_disagreeing_sources_are_listed(village):
    from kb.pictures.control import chart_from_claims
    from kb.pictures.data import control_records, link_place

    claims = control_records(village.store, link_place(village.answerer, "Abdita")[2])
    rebels = next(c for c in claims if c.controller == "Syrian rebels")
    # a second source saying the rebels still held it on 10 March disagrees with the capture
    other = type(rebels)(**{**rebels.__dict__, "claim": "x", "date": "2024-03-10"})
    other.first = other.last = date(2024, 3, 10)
    other.since = "2024-02"
    other.evidence = Source("Rebel Radio", "They still hold it.", "a", None, "2024-03-11", None)
    chart = chart_from_claims("Abdita", [*claims, other], None, None)
    assert any(
        set(d["sources"]) == {OBSERVATORY, "Rebel Radio"}
        and set(d["controllers"]) == {"Syrian rebels", "Syrian government forces"}
        for d in chart.disagreements
    )


def test_empty_window_says_nothing_in_this_window(village):
    for kind in ("control", "incidents", "map"):
        chart = village.picture(kind, "Abdita", "2030", "2031")
        assert chart.empty
        title = {
            "control": "Who held Abdita",
            "incidents": "Incidents in Abdita",
            "map": "Incidents and control claims in Abdita",
        }[kind]
        assert draw_png(chart) == nothing(title, date(2030, 1, 1), date(2031, 12, 31))
    assert EMPTY in village.picture("control", "Abdita", "2030").to_text()


def test_incidents_sorted_with_deaths_and_csv(village):
    chart = village.picture("incidents", "Abdita")
    firsts = [i.first for i in chart.incidents]
    assert firsts == sorted(firsts) and firsts[0] == date(2024, 2, 11)
    assert max(i.deaths for i in chart.incidents) == 19  # 12 rebels and 7 soldiers
    rows = list(csv.DictReader(io.StringIO(chart.to_csv())))
    assert [r["first"] for r in rows] == [d.isoformat() for d in firsts]
    assert draw_png(chart)[:8] == PNG


def test_map_points_sit_on_gazetteer_coordinates(village):
    data = village.picture("map", "Abdita").to_json()
    assert data["points"] and not data["unplaced"]
    assert {(p["lon"], p["lat"], p["located"]) for p in data["points"]} == {
        (36.53333, 35.70833, "place")
    }
    air = village.picture("map", "Abdita", types=["air strike"]).to_json()
    assert {p["type"] for p in air["points"] if p["kind"] == "incident"} == {"air strike"}


@pytest.mark.parametrize("count", [1, 500])
def test_incidents_chart_draws_one_and_many(count):
    start = date(2023, 1, 1)
    records = [
        IncidentRecord(
            f"i{n}",
            ["air strike" if n % 3 else "armed clash"],
            "X",
            None,
            (start + timedelta(days=n % 300)).isoformat(),
            start + timedelta(days=n % 300),
            start + timedelta(days=n % 300 + (n % 4)),
            n % 17,
        )
        for n in range(count)
    ]
    chart = chart_from_incidents("X", records, None, None)
    assert len(chart.incidents) == count
    assert draw_png(chart)[:8] == PNG


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"KB_HOME": str(home), "PATH": str(Path(sys.executable).parent), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "kb.cli", *args], env=env, capture_output=True, text=True
    )


def test_cli_bad_dates_are_one_line_and_pictures_are_written(village, tmp_path):
    home = village.settings.home
    village.close()  # one writer per store folder: let the CLI open it
    for args in (
        ["timeline", "Abdita", "--from", "junk"],
        ["timeline", "Abdita", "--control", "--to", "2024-13"],
        ["map", "Abdita", "--from", "2024-02-30", "--format", "json"],
        ["map", "Abdita", "--from", "2024-03", "--to", "2024-01", "--format", "json"],
    ):
        result = _cli(home, *args)
        assert result.returncode == 1, args
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    for args in (["timeline", "Abdita", "--control"], ["map", "Abdita"], ["timeline", "Abdita"]):
        out = tmp_path / f"{args[0]}-{len(args)}.png"
        result = _cli(home, *args, "--format", "png", "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert out.read_bytes()[:8] == PNG
    text = _cli(home, "timeline", "Abdita").stdout.splitlines()[1:]
    assert [line[:10] for line in text] == sorted(line[:10] for line in text)
    control = json.loads(_cli(home, "timeline", "Abdita", "--control", "--format", "json").stdout)
    assert {b["controller"] for b in control["bands"]} == {
        "Syrian rebels",
        "Syrian government forces",
    }


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, r.headers["Content-Type"], r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read()


def test_http_pictures_and_bad_dates(village):
    kb = make_kb(village.settings.home)
    server = BackgroundServer(build_app(kb)).start()
    try:
        base = f"{server.url}/pictures"
        status, kind, body = _get(f"{base}/control.png?place=Abdita")
        assert status == 200 and kind == "image/png" and body[:8] == PNG
        status, _, body = _get(f"{base}/map.json?place=Abdita&from=2024-03")
        assert status == 200 and all(p["last"] >= "2024-03-01" for p in json.loads(body)["points"])
        status, kind, body = _get(f"{base}/incidents.csv?place=Abdita")
        assert status == 200 and kind.startswith("text/csv") and body.startswith(b"claim,date")
        for query in ("control.json?place=Abdita&from=junk", "map.png?place=Abdita&to=2024-02-31"):
            status, _, body = _get(f"{base}/{query}")
            assert status == 400 and body.startswith(b"Error: ") and b"YYYY" in body
        assert _get(f"{base}/map.json")[0] == 400  # no place
        assert _get(f"{base}/basemap.json?bbox=35,34,37,36")[0] == 200
        assert _get(f"{base}/basemap.json?bbox=junk")[0] == 400
    finally:
        server.stop()
        kb.close()
