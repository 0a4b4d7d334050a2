"""Failures reach the user as one short warning where they asked, and the details go to the log.

The knowledge base here is real but its SPARQL server is down (nothing listens on the port), so
every kb call fails the way it would in production."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from conftest import make_kb
from slack_fake import (
    SIGNING_SECRET,
    FakeSlack,
    app_mention,
    event_callback,
    post_form,
    post_json,
    slash_command,
)

from bot.app import build_app
from bot.http_server import http_server
from bot.replies import GENERIC, user_message
from bot.settings import BotSettings


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    down = "http://127.0.0.1:9/sparql"
    kb = make_kb(tmp_path_factory.mktemp("down"), sparql_query_url=down, sparql_update_url=down)
    slack = FakeSlack().start()
    settings = BotSettings(
        bot_token=slack.bot_token, signing_secret=SIGNING_SECRET, api_url=slack.api_url
    )
    server = http_server(build_app(kb, settings), "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    yield slack, f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}/slack/events"
    server.should_exit = True
    thread.join(10)
    slack.stop()


def test_mention_gets_a_warning_in_its_thread(broken):
    slack, url = broken
    post_json(url, event_callback(app_mention("Who controls Idlib?", "C0DOWN", "1.5"), "Ev0DOWN"))
    reply = slack.wait_for("chat.postMessage", channel="C0DOWN")
    assert reply.params["thread_ts"] == "1.5"
    text = reply.params["blocks"][0]["text"]["text"]
    assert text.startswith(":warning:") and "cannot reach the SPARQL server" in text
    assert len(text) < 600


def test_slash_command_gets_an_ephemeral_warning(broken):
    slack, url = broken
    assert (
        post_form(url, slash_command("stats", "C0DOWN2", slack.response_url("down"))).status_code
        == 200
    )
    answer = slack.wait_for("response", name="down")
    assert answer.params["response_type"] == "ephemeral"
    assert answer.params["blocks"][0]["text"]["text"].startswith(":warning:")


def test_unexpected_errors_show_a_generic_line_and_log_the_traceback(caplog):
    try:
        {}["missing"]
    except KeyError as exc:
        with caplog.at_level(logging.ERROR, logger="bot"):
            assert user_message(exc, logging.getLogger("bot"), "asking") == GENERIC
    assert "KeyError" in caplog.text and "Traceback" in caplog.text
