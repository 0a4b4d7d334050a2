"""What the "Show SPARQL" button carries, so a click needs no server-side memory.

A button value holds at most 2,000 characters. The templated queries compress well, so the value
is the query itself, zlib-compressed; a query too long even then is replaced by the question,
and the click asks it again to get the query back. Nothing is lost on a restart.
"""

from __future__ import annotations

import base64
import zlib

from bot.text import MAX_BUTTON_VALUE

QUERY = "z:"
QUESTION = "q:"


def pack(sparql: str, question: str) -> str:
    """The button value for an answer's query."""
    packed = QUERY + base64.urlsafe_b64encode(zlib.compress(sparql.encode("utf-8"), 9)).decode()
    if len(packed) <= MAX_BUTTON_VALUE:
        return packed
    return QUESTION + question[: MAX_BUTTON_VALUE - len(QUESTION)]


def unpack(value: str) -> tuple[str, str]:
    """``("sparql", query)`` or ``("question", text)``; ValueError for anything we did not make."""
    if value.startswith(QUERY):
        try:
            raw = zlib.decompress(base64.urlsafe_b64decode(value[len(QUERY) :].encode()))
        except (ValueError, zlib.error) as exc:
            raise ValueError(f"not a packed query: {exc}") from None
        return "sparql", raw.decode("utf-8")
    if value.startswith(QUESTION):
        return "question", value[len(QUESTION) :]
    raise ValueError("unknown button value")
