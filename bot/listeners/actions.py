"""The "Show SPARQL" button: shows the query behind an answer to the person who clicked.

The query travels in the button's value (bot/payload.py). It is shown ephemerally in the
answer's thread; where the bot may not post (an answer given through a slash command in a
channel it is not in), the action's ``response_url`` is used instead.
"""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import blocks, payload
from bot.replies import user_message
from kb.gate import Gate

log = logging.getLogger("bot")


def register(app: App, gate: Gate) -> None:
    @app.action(blocks.SHOW_SPARQL)
    def on_show_sparql(
        ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond
    ) -> None:
        ack()
        try:
            content = blocks.sparql_blocks(query_of(gate, action.get("value", "")))
        except Exception as exc:  # noqa: BLE001 - a warning to the clicker, details to the log
            content = blocks.warning_blocks(user_message(exc, log, "showing SPARQL"))
        show(client, respond, body, content)


def query_of(gate: Gate, value: str) -> str:
    """The query from the button, asking the question again only if it did not fit."""
    kind, text = payload.unpack(value)
    return text if kind == "sparql" else gate.ask(text).sparql


def show(client: WebClient, respond: Respond, body: dict, content: list[dict]) -> None:
    """An ephemeral message in the answer's thread, or through response_url when refused."""
    message = body.get("message") or {}
    container = body.get("container") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    thread_ts = message.get("thread_ts") or message.get("ts") or container.get("message_ts")
    try:
        client.chat_postEphemeral(
            channel=channel,
            user=body["user"]["id"],
            thread_ts=thread_ts,
            text="The SPARQL behind this answer",
            blocks=content,
        )
    except SlackApiError as exc:
        log.info("chat.postEphemeral refused (%s); using response_url", exc.response.get("error"))
        respond(text="The SPARQL behind this answer", blocks=content, replace_original=False)
