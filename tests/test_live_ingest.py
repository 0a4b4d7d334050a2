"""`kb ingest` while `kb serve` and `kb bot --http` run on the same KB_HOME, all real processes.

The first service owns the embedded store and offers it on KB_HOME/kb.sock; the bot and the
ingest reach it there. The new article must show in /ask, in /sparql and in Slack answers
without restarting anything.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from slack_fake import SIGNING_SECRET, FakeSlack, app_mention, event_callback, post_json

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo" / "articles"
KB = [sys.executable, "-c", "from kb.cli import main; main()"]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://schema.org/NewsArticle> }"

pytestmark = pytest.mark.slow


def kb_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "KB_"))}
    return env | {"KB_HOME": str(home), "HF_HUB_OFFLINE": "1", **extra}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_kb(home: Path, *args: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*KB, *args], cwd=ROOT, env=kb_env(home, **extra), capture_output=True, text=True
    )


def start(home: Path, *args: str, health: str, **extra: str) -> subprocess.Popen:
    """Start a kb service and wait until ``health`` answers 200."""
    process = subprocess.Popen(
        [*KB, *args], cwd=ROOT, env=kb_env(home, **extra), stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 180
    while True:
        if process.poll() is not None:
            raise AssertionError(f"kb {' '.join(args)} exited: {process.stderr.read()}")
        try:
            if httpx.get(health, timeout=5).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, f"kb {' '.join(args)} never came up"
        time.sleep(0.3)


def stop(process: subprocess.Popen) -> str:
    process.terminate()
    try:
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
    return err


def articles(url: str) -> int:
    reply = httpx.get(f"{url}/sparql", params={"query": COUNT, "format": "json"}, timeout=60)
    return int(reply.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "kb"
    done = run_kb(
        home, "ingest", str(DEMO / "01-hama-counterattack.txt"), str(DEMO / "04-feed.jsonl")
    )
    assert done.returncode == 0, done.stderr
    return home


def test_ingest_while_serve_and_bot_run(home):
    slack = FakeSlack().start()
    serve_port, bot_port = free_port(), free_port()
    serve_url, bot_url = f"http://127.0.0.1:{serve_port}", f"http://127.0.0.1:{bot_port}"
    serve = start(home, "serve", "--port", str(serve_port), health=f"{serve_url}/examples")
    bot = None
    try:
        bot = start(
            home,
            "bot",
            "--http",
            "--port",
            str(bot_port),
            health=f"{bot_url}/healthz",
            SLACK_BOT_TOKEN=slack.bot_token,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack.api_url,
        )
        assert (home / "kb.sock").exists()
        before = articles(serve_url)
        question = {"q": "Who controls Khan Sheikhoun?"}
        old = httpx.get(f"{serve_url}/ask", params=question, timeout=120).json()
        assert "government" not in old["answer"].lower()

        done = run_kb(home, "ingest", str(DEMO / "02-khan-sheikhoun.txt"))
        assert done.returncode == 0, done.stderr
        assert "1 articles ingested" in done.stdout

        assert articles(serve_url) == before + 1
        new = httpx.get(f"{serve_url}/ask", params=question, timeout=120).json()
        assert "Syrian government forces" in new["answer"]
        assert any("khan-sheikhoun" in (s["url"] or "") for s in new["sources"])

        event = app_mention("Who controls Khan Sheikhoun?", "C0LIVE", "1700000300.000100")
        assert (
            post_json(f"{bot_url}/slack/events", event_callback(event, "Ev0LIVE")).status_code
            == 200
        )
        reply = slack.wait_for("chat.postMessage", channel="C0LIVE", timeout=120)
        assert "Syrian government forces" in reply.params["blocks"][0]["text"]["text"]

        # the CLI's read commands go through the owner too, and updates stay refused there
        stats = run_kb(home, "stats", "--json")
        assert stats.returncode == 0, stats.stderr
        refused = run_kb(home, "sparql", "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        assert refused.returncode == 1
        assert refused.stderr.strip().startswith("Error: updates are not allowed")
        again = run_kb(home, "ingest", str(DEMO / "02-khan-sheikhoun.txt"))
        assert "0 articles ingested (1 unchanged)" in again.stdout
        assert articles(serve_url) == before + 1
    finally:
        if bot is not None:
            stop(bot)
        stop(serve)
        slack.stop()


def test_a_bad_input_sent_while_serving_leaves_the_store_as_it_was(home, tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    serve = start(home, "serve", "--port", str(port), health=f"{url}/examples")
    try:
        before = articles(url)
        bad = tmp_path / "binary.txt"
        bad.write_bytes(b"\x00\x01\x02 not text")
        done = run_kb(home, "ingest", str(bad), str(DEMO / "03-maarat-al-numan.txt"))
        assert done.returncode == 1
        assert f"Error: {bad}: binary data" in done.stderr
        assert articles(url) == before + 1  # the good file still went in
    finally:
        stop(serve)
    # with the service gone, the next command opens the store itself (a stale socket is ignored)
    done = run_kb(home, "sparql", "--format", "csv", COUNT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1] == str(before + 1)
