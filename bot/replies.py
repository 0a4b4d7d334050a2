"""Answering a question in a thread, shared by mentions and direct messages.

Errors never leave the user guessing and never show a traceback: an error kb explains (a bad
query, a timeout) is shown as it is, anything else as one short line, with the details logged.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import blocks
from bot.text import MAX_MESSAGE, escape, truncate
from kb.errors import KBError
from kb.gate import Gate

GENERIC = "Something went wrong on my side; the details are in the bot's log."


def user_message(exc: Exception, logger: logging.Logger, doing: str) -> str:
    """The line the user sees for ``exc``; unexpected errors are logged with their traceback."""
    if isinstance(exc, KBError):
        logger.info("%s: %s", doing, exc)
        return str(exc)
    logger.exception("%s failed", doing)
    return GENERIC


def answer_in_thread(
    gate: Gate, client: WebClient, channel: str, thread_ts: str, question: str
) -> None:
    """Ask kb and post the answer (or a warning) in the question's thread."""
    logger = logging.getLogger("bot")
    if not question:
        post(
            client,
            channel=channel,
            thread_ts=thread_ts,
            text="How to ask me",
            blocks=blocks.help_blocks(),
        )
        return
    try:
        answer = gate.ask(question)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a warning in the thread
        warn(client, channel, thread_ts, user_message(exc, logger, f"asking {question!r}"))
        return
    post(
        client,
        channel=channel,
        thread_ts=thread_ts,
        text=blocks.answer_text(answer),
        blocks=blocks.answer_blocks(answer),
        unfurl_links=False,
        unfurl_media=False,
    )


def warn(client: WebClient, channel: str, thread_ts: str | None, message: str) -> None:
    """A short warning in the thread."""
    post(
        client,
        channel=channel,
        thread_ts=thread_ts,
        text=truncate(escape(f"Warning: {message}"), MAX_MESSAGE),
        blocks=blocks.warning_blocks(message),
    )


def post(client: WebClient, **message: object) -> bool:
    """chat.postMessage that logs Slack's refusal (its error code, never the token) and goes on."""
    try:
        client.chat_postMessage(**message)
        return True
    except SlackApiError as exc:
        logging.getLogger("bot").error(
            "Slack refused chat.postMessage in %s: %s",
            message.get("channel"),
            exc.response.get("error"),
        )
        return False
