"""Alerts in Slack: `/kb watch PLACE` subscribes a channel; an article ingested by another
process that changes who controls the place (or reports people killed there) is posted once in
that channel and nowhere else, and subscriptions survive a restart of the bot. Real processes:
`kb bot --http` against the local fake Slack, `kb ingest` beside it."""

from __future__ import annotations

import json
import time

import pytest
from slack_fake import SIGNING_SECRET, FakeSlack, post_form, slash_command
from test_live_ingest import DEMO, free_port, run_kb, start, stop

from bot.alerts import alert_blocks
from kb.watch_alerts import Change, Evidence, Subscription

pytestmark = pytest.mark.slow


def texts(blocks: list[dict]) -> str:
    out = []
    for b in blocks:
        if "text" in b:
            out.append(b["text"]["text"])
        out += [e.get("text", "") for e in b.get("elements", [])]
    return "\n".join(out)


def seen_articles(home) -> int:
    try:
        return len(json.loads((home / "alerts" / "seen.json").read_text())["articles"])
    except (FileNotFoundError, ValueError):
        return 0


def wait_seen(home, count: int, process) -> None:
    """Until the bot's alert loop has looked at ``count`` articles (posts come before that)."""
    deadline = time.monotonic() + 120
    while seen_articles(home) < count:
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, f"the alert loop never reached {count} articles"
        time.sleep(0.2)


class Bot:
    def __init__(self, home, slack: FakeSlack) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.slack = slack
        self.process = start(
            home,
            "bot",
            "--http",
            "--port",
            str(port),
            health=f"{self.url}/healthz",
            SLACK_BOT_TOKEN=slack.bot_token,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack.api_url,
            KB_ALERT_INTERVAL="0.3",
        )

    def command(self, text: str, channel: str, name: str) -> str:
        form = slash_command(text, channel, self.slack.response_url(name))
        assert post_form(f"{self.url}/slack/events", form).status_code == 200
        return texts(self.slack.wait_for("response", name=name, timeout=60).params["blocks"])


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "kb"
    done = run_kb(
        home, "ingest", str(DEMO / "01-hama-counterattack.txt"), str(DEMO / "04-feed.jsonl")
    )
    assert done.returncode == 0, done.stderr
    return home


def test_a_control_change_in_a_watched_place_is_posted_once_in_that_channel(home):
    slack = FakeSlack().start()
    stored = json.loads(run_kb(home, "stats", "--json").stdout)["articles"]
    bot = Bot(home, slack)
    try:
        shown = bot.command("watch Khan Sheikhoun", "C0WATCH", "w1")
        assert "now watches *Khan Shaykhun*" in shown
        assert "already watches" in bot.command("watch Khan Shaykhun", "C0WATCH", "w1b")
        assert "now watches *Hama*" in bot.command("watch Hama", "C0OTHER", "w2")
        assert "I know no place called" in bot.command("watch Atlantis", "C0OTHER", "w3")
        wait_seen(home, stored, bot.process)

        done = run_kb(home, "ingest", str(DEMO / "02-khan-sheikhoun.txt"))
        assert done.returncode == 0, done.stderr
        wait_seen(home, stored + 1, bot.process)

        (alert,) = slack.calls("chat.postMessage", channel="C0WATCH")
        body = texts(alert.params["blocks"])
        assert body.startswith(
            ":rotating_light: *Khan Shaykhun* (watched here): Khan Shaykhun: taken"
        )
        assert "taken by Syrian government forces (2019-08-19)" in body
        assert "Earlier: held by Syrian rebels (2014), according to Syrian Observatory" in body
        assert "\n> Syrian government forces, backed by Russia, had advanced" in body
        assert "Syrian Observatory for Human Rights" in body
        assert "demo.incident-kb.org/2019/08/20/khan-sheikhoun" in body
        assert slack.calls("chat.postMessage", channel="C0OTHER") == []
    finally:
        stop(bot.process)

    # a restarted bot keeps the subscriptions and does not repeat what it posted
    bot = Bot(home, slack)
    try:
        assert "*Khan Shaykhun*" in bot.command("watching", "C0WATCH", "list")
        assert "now watches *Maarat al-Numaan*" in bot.command(
            "watch Maarat al-Numan", "C0THIRD", "w4"
        )
        done = run_kb(home, "ingest", str(DEMO / "03-maarat-al-numan.txt"))
        assert done.returncode == 0, done.stderr
        wait_seen(home, stored + 2, bot.process)
        (alert,) = slack.calls("chat.postMessage", channel="C0THIRD")
        body = texts(alert.params["blocks"])
        assert "Maarat al-Numaan: taken by Syrian government forces (2020-01-28)" in body
        assert "More than 40 combatants killed in Maarat al-Numaan" in body
        assert len(slack.calls("chat.postMessage", channel="C0WATCH")) == 1
        assert slack.calls("chat.postMessage", channel="C0OTHER") == []
        assert "no longer watches *Khan Shaykhun*" in bot.command(
            "unwatch Khan Sheikhoun", "C0WATCH", "u1"
        )
        assert "watches no place" in bot.command("watching", "C0WATCH", "list2")
    finally:
        stop(bot.process)
        slack.stop()


def test_alert_blocks_escape_text_and_stay_inside_slack_limits():
    evidence = Evidence(
        "Fighters <took> the town & the hill.",
        "A & B monitor",
        "T",
        "https://x.org/a",
        "2021-03-04",
    )
    change = Change("control", "urn:c", "Town: taken by <X>", "Earlier: held by Y", evidence)
    blocks, text = alert_blocks(Subscription("C1", "Town & Co", ["urn:t"]), [change] * 40)
    body = texts(blocks)
    assert "Town &amp; Co" in body and "&lt;X&gt;" in body and "<took>" not in body
    assert len(blocks) <= 50
    assert "and 32 more in the same article" in body
    assert text.startswith("Town & Co: Town: taken by <X>")
