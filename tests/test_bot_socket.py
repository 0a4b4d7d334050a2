"""The Slack bot in Socket Mode: apps.connections.open on the fake Web API hands out a local
WebSocket; the fake pushes envelopes the way Slack does and records the bot's acknowledgements."""

from __future__ import annotations

import time

import pytest
from slack_fake import FakeSlack, app_mention, event_callback, slash_command

from bot.app import build_app
from bot.settings import BotSettings
from bot.socket_mode import socket_handler


@pytest.fixture(scope="module")
def socket_bot(demo_kb):
    slack = FakeSlack().start().start_socket()
    settings = BotSettings(
        bot_token=slack.bot_token, app_token=slack.app_token, api_url=slack.api_url
    )
    handler = socket_handler(build_app(demo_kb, settings), settings)
    handler.connect()
    yield slack
    handler.close()
    slack.stop()


def envelope(envelope_id: str, kind: str, payload: dict, retry: int = 0) -> dict:
    return {
        "envelope_id": envelope_id,
        "type": kind,
        "payload": payload,
        "accepts_response_payload": kind != "events_api",
        "retry_attempt": retry,
        "retry_reason": "timeout" if retry else "",
    }


def test_connects_through_apps_connections_open(socket_bot):
    opened = socket_bot.wait_for("apps.connections.open")
    assert opened.headers["authorization"] == f"Bearer {socket_bot.app_token}"
    deadline = time.monotonic() + 10
    while not socket_bot.ws_connections:
        assert time.monotonic() < deadline, "the bot never opened the WebSocket"
        time.sleep(0.02)


def test_mention_over_socket_mode_is_acked_and_answered(socket_bot):
    event = app_mention("who controls Idlib?", "C0SOCKET", "1700000100.000100")
    socket_bot.push(envelope("env-mention", "events_api", event_callback(event, "Ev0SOCKET")))
    socket_bot.wait_for_ack("env-mention")
    reply = socket_bot.wait_for("chat.postMessage", channel="C0SOCKET")
    assert reply.params["thread_ts"] == "1700000100.000100"
    assert "Hayat Tahrir al-Sham" in reply.params["blocks"][0]["text"]["text"]


def test_retried_envelope_is_acked_but_not_answered_again(socket_bot):
    event = app_mention("who controls Idlib?", "C0SOCKRETRY", "1700000101.000100")
    socket_bot.push(envelope("env-first", "events_api", event_callback(event, "Ev0SOCKRETRY")))
    socket_bot.wait_for("chat.postMessage", channel="C0SOCKRETRY")
    payload = event_callback(event, "Ev0SOCKRETRY")
    socket_bot.push(envelope("env-retry", "events_api", payload, retry=1))
    socket_bot.wait_for_ack("env-retry")
    time.sleep(0.5)
    assert len(socket_bot.calls("chat.postMessage", channel="C0SOCKRETRY")) == 1


def test_slash_command_help_comes_back_in_the_ack(socket_bot):
    command = slash_command("help", "C0SOCKCMD", socket_bot.response_url("sock-help"))
    socket_bot.push(envelope("env-help", "slash_commands", command))
    ack = socket_bot.wait_for_ack("env-help")
    assert "/kb sparql" in ack["payload"]["blocks"][0]["text"]["text"]
