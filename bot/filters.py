"""Which events deserve an answer, and the question inside them.

Only a person's new message is a question: bot messages (our own included), edits, deletions
and other subtypes are acknowledged and dropped, or two bots could answer each other forever.
"""

from __future__ import annotations

import re

_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_LABELLED_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)\|[^>]*>")


def from_person(event: dict, bot_user_id: str | None) -> bool:
    """A new message written by a person who is not this bot."""
    return (
        not event.get("subtype")
        and not event.get("bot_id")
        and not event.get("bot_profile")
        and "edited" not in event
        and bool(event.get("user"))
        and event.get("user") != bot_user_id
    )


def is_direct_message(event: dict, bot_user_id: str | None) -> bool:
    """A person's message in a DM with the bot (message.im)."""
    return event.get("channel_type") == "im" and from_person(event, bot_user_id)


def question_of(text: str, bot_user_id: str | None) -> str:
    """The text without the bot's own ``<@U…>`` mention; other people's mentions stay."""

    def keep_others(match: re.Match[str]) -> str:
        return "" if bot_user_id is None or match.group(1) == bot_user_id else match.group(0)

    return " ".join(unslack(_MENTION.sub(keep_others, text or "")).split())


def unslack(text: str) -> str:
    """Text as the user typed it: Slack sends ``&``, ``<``, ``>`` as entities and turns URLs
    into ``<url|label>`` links; a SPARQL IRI must come back as ``<url>``."""
    text = _LABELLED_LINK.sub(r"<\1>", text or "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def thread_of(event: dict) -> str:
    """The thread to answer in: the question's thread, or a new one under the question."""
    return event.get("thread_ts") or event["ts"]
