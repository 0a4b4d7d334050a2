"""Slack's text rules in one place: mrkdwn escaping and the size limits Slack enforces.

Slack rejects a whole message (``invalid_blocks``, ``msg_too_long``) when one block is too long,
so every string we send passes through here and is cut where a cut cannot break markup: never
inside an ``&amp;`` entity, and with the closing fence of a code block kept.
"""

from __future__ import annotations

import re

MAX_BLOCKS = 50
MAX_SECTION = 3000  # characters of a section's (or a context element's) text
MAX_MESSAGE = 4000  # characters of a message's top-level ``text``
MAX_BUTTON_VALUE = 2000
ELLIPSIS = "…"
FENCE = "```"

_ENTITY_TAIL = re.compile(r"&[a-z]{0,4}$")


def escape(text: str) -> str:
    """Escape the three characters Slack treats as markup (user text must not ping or link)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters, ending in an ellipsis, never mid-entity."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - len(ELLIPSIS))]
    cut = _ENTITY_TAIL.sub("", cut)
    return cut.rstrip() + ELLIPSIS


def code_block(text: str, limit: int = MAX_SECTION) -> str:
    """A fenced code block of escaped ``text`` that fits in ``limit`` characters.

    Backtick fences inside the text would end the block early, so they are broken up.
    """
    body = escape(text).replace(FENCE, "`\u200b``")
    room = limit - 2 * len(FENCE) - 2
    if len(body) > room:
        body = _cut_lines(body, room)
    return f"{FENCE}\n{body}\n{FENCE}"


def _cut_lines(body: str, room: int) -> str:
    """Keep whole lines where possible, and say that the rest was cut."""
    note = f"\n{ELLIPSIS} (cut)"
    head = body[: room - len(note)]
    if "\n" in head:
        head = head[: head.rindex("\n")]
    return _ENTITY_TAIL.sub("", head) + note


def link(url: str, label: str) -> str:
    """A mrkdwn link; ``|`` and ``>`` in the URL would end it early, so they are percent-encoded."""
    safe = url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C").replace(" ", "%20")
    return f"<{safe}|{escape(label).replace('|', '¦')}>"


def plain(text: str, limit: int) -> str:
    """Text for ``plain_text`` objects and message fallbacks: no markup, just the length cap."""
    return truncate(" ".join(text.split()), limit)
