"""``kb bot`` as users run it: a separate process, configured only through the environment,
talking to the local fake Slack (SLACK_API_URL) over HTTP or Socket Mode."""

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
KB = [sys.executable, "-c", "from kb.cli import main; main()"]


def bot_env(home: Path, **slack: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "KB_"))}
    return env | {"KB_HOME": str(home), "HF_HUB_OFFLINE": "1", **slack}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A KB_HOME of its own: the session's demo store is held open by this process."""
    folder = tmp_path_factory.mktemp("bot-cli") / "kb"
    done = subprocess.run(
        [*KB, "ingest", "demo/articles"],
        cwd=ROOT,
        env=bot_env(folder),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return folder


def stop(process: subprocess.Popen) -> str:
    process.terminate()
    try:
        _, err = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
    return err


def test_missing_tokens_give_one_error_line(tmp_path):
    done = subprocess.run(
        [*KB, "bot", "--http"],
        cwd=ROOT,
        env=bot_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .startswith("Error: the Slack bot needs SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET")
    )
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_kb_bot_http_answers_a_mention(home):
    slack, port = FakeSlack().start(), free_port()
    env = bot_env(
        home,
        SLACK_BOT_TOKEN=slack.bot_token,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack.api_url,
    )
    process = subprocess.Popen(
        [*KB, "bot", "--http", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, process.stderr.read()
            try:
                if httpx.get(f"{url}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "kb bot --http never came up"
            time.sleep(0.2)
        event = app_mention("Who controls Idlib?", "C0CLI", "1700000200.000100")
        assert post_json(f"{url}/slack/events", event_callback(event, "Ev0CLI")).status_code == 200
        reply = slack.wait_for("chat.postMessage", channel="C0CLI")
        assert "Hayat Tahrir al-Sham" in reply.params["blocks"][0]["text"]["text"]
    finally:
        err = stop(process)
        slack.stop()
    assert "serving Slack events" in err
    assert slack.bot_token not in err and SIGNING_SECRET not in err


@pytest.mark.slow
def test_kb_bot_socket_mode_uses_slack_api_url(home):
    slack = FakeSlack().start().start_socket()
    env = bot_env(
        home,
        SLACK_BOT_TOKEN=slack.bot_token,
        SLACK_APP_TOKEN=slack.app_token,
        SLACK_API_URL=slack.api_url,
    )
    process = subprocess.Popen([*KB, "bot"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        slack.wait_for("apps.connections.open", timeout=120)
        event = app_mention("Who controls Idlib?", "C0CLISOCK", "1700000201.000100")
        slack.push(
            {
                "envelope_id": "env-cli",
                "type": "events_api",
                "payload": event_callback(event, "Ev0CLISOCK"),
                "accepts_response_payload": False,
                "retry_attempt": 0,
                "retry_reason": "",
            }
        )
        slack.wait_for_ack("env-cli", timeout=60)
        reply = slack.wait_for("chat.postMessage", channel="C0CLISOCK")
        assert reply.params["thread_ts"] == "1700000201.000100"
    finally:
        err = stop(process)
        slack.stop()
    assert slack.app_token not in err and slack.bot_token not in err
