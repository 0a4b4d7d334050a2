"""Questions an analyst asks, over a small knowledge base of articles written for these tests.

The articles tell one town's story across three dates, from two sources that disagree on a
toll, plus one wire story printed by two outlets.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_kb

ARTICLES = {
    "a-2019-05.txt": """title: Rebels hold Kafr Zita as shelling goes on
source: Test Wire
date: 2019-05-20
url: https://test.example/kafr-zita-may

The town of Kafr Zita in Hama province has been in rebel hands since 2012, the Syrian Observatory for Human Rights said on Monday.

Regime shelling killed at least 4 civilians in Kafr Zita on Sunday, the Observatory said.
""",
    "b-2019-07.txt": """title: Government forces take Kafr Zita
source: Test Wire
date: 2019-07-03
url: https://test.example/kafr-zita-july

Syrian government forces seized the town of Kafr Zita on Tuesday after days of clashes, the Syrian Observatory for Human Rights said.

The fighting killed 25 government loyalists and 31 rebels, according to the Observatory.
""",
    "c-2019-07-sana.txt": """title: Army restores security to Kafr Zita
source: State Desk
date: 2019-07-03
url: https://test.example/kafr-zita-sana

State news agency SANA said the army had entered Kafr Zita on Tuesday.

SANA said 19 government loyalists were killed in the fighting in Kafr Zita on Tuesday.
""",
    "d-wire-1.txt": """title: Air strikes hit Ariha market
source: First Paper
date: 2019-07-10
url: https://paper-one.example/ariha

Air strikes on a market in the town of Ariha in Idlib province killed at least 11 civilians on Wednesday, the Syrian Observatory for Human Rights said. The Britain-based monitor blamed Russian warplanes for the raid, which also wounded dozens of shoppers. Rescue workers were still searching the rubble of the market late in the evening.
""",
    "e-wire-2.txt": """title: Market strike in Ariha
source: Second Paper
date: 2019-07-10
url: https://paper-two.example/ariha

Air strikes on a market in the town of Ariha in Idlib province killed at least 11 civilians on Wednesday, the Syrian Observatory for Human Rights said. The Britain-based monitor blamed Russian warplanes for the raid, which also wounded dozens of shoppers. Rescue workers were still searching the rubble of the market late in the evening.
""",
}


@pytest.fixture(scope="module")
def story_kb(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    home = tmp_path_factory.mktemp("story-kb")
    kb = make_kb(home)
    report = kb.ingest([str(folder)])
    assert report.articles == len(ARTICLES) and not report.errors
    yield kb
    kb.close()


def test_latest_claim_wins_with_date_source_and_history(story_kb):
    answer = story_kb.ask("Who controls Kafr Zita?")
    assert answer.answer.startswith("Kafr Zayta: taken by Syrian government forces on 2019-07-02")
    # The headline says who holds it now; the history goes to the facts under it.
    assert len(answer.answer) <= 200
    history = next(fact for fact in answer.facts if fact.startswith("history:"))
    assert "2012 held by Syrian rebels" in history
    assert {s.url for s in answer.sources} >= {"https://test.example/kafr-zita-july"}


def test_as_of_an_earlier_date(story_kb):
    answer = story_kb.ask("Who controls Kafr Zita?", as_of="2019-06-01")
    assert "Syrian rebels" in answer.answer and "since 2012" in answer.answer
    in_question = story_kb.ask("Who controlled Kafr Zita in June 2019?")
    assert "Syrian rebels" in in_question.answer


def test_disagreeing_tolls_are_shown_side_by_side(story_kb):
    answer = story_kb.ask("How many government loyalists were killed in Kafr Zita?")
    assert "19-25 government loyalists killed" in answer.answer
    assert "SANA" in answer.answer and "Syrian Observatory for Human Rights" in answer.answer


def test_wire_copies_count_as_one_report(story_kb):
    answer = story_kb.ask("How many civilians were killed in Ariha?")
    assert "at least 11 civilians killed" in answer.answer
    assert any("2 articles, 1 independent report" in fact for fact in answer.facts)


def test_what_happened_lists_incidents_in_date_order(story_kb):
    answer = story_kb.ask("What happened in Kafr Zita?")
    assert answer.intent == "incidents"
    dates = [fact.split(":")[0] for fact in answer.facts if fact[:1].isdigit()]
    assert dates == sorted(dates) and dates[0].startswith("2019-05")


def test_nothing_found_is_said_not_invented(story_kb):
    answer = story_kb.ask("Who controls Deir ez-Zor?")
    assert answer.confidence < 0.3
    assert "no recorded claim" in answer.answer or "nothing" in answer.answer


def test_timeline_cli_text_json_and_png(story_kb, tmp_path):
    home = str(story_kb.settings.home)
    story_kb.close()  # one writer per store folder: let the CLI open it
    env = {"KB_HOME": home, "PATH": str(Path(sys.executable).parent)}
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "kb.cli", "timeline", *args],
        env=env,
        capture_output=True,
        text=False,
    )
    text = run("Kafr Zita")
    assert text.returncode == 0, text.stderr
    assert b"incidents in Kafr Zayta" in text.stdout
    data = json.loads(run("Kafr Zita", "--from", "2019-07", "--format", "json").stdout)
    assert data["entries"] and all(e["date"] >= "2019-07" for e in data["entries"])
    png = tmp_path / "t.png"
    assert run("Kafr Zita", "--format", "png", "-o", str(png)).returncode == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    missing = run("Atlantis")
    assert missing.returncode == 1 and b"Error: no place called" in missing.stderr
