"""The kind of a SPARQL request, read from its text with comments, strings and IRIs masked.

A plain regex over the raw text is fooled by ``# CONSTRUCT`` in a comment or ``"DESCRIBE"`` in
a string, and would send a SELECT down the graph path (or let an update through). Every door
asks here instead: the CLI and the bot pick an output format by the kind, the server picks the
media types it can offer, and the stores refuse updates.
"""

from __future__ import annotations

import re
from typing import Literal

Kind = Literal["select", "ask", "construct", "describe"]
SOLUTION_KINDS: tuple[Kind, ...] = ("select", "ask")
GRAPH_KINDS: tuple[Kind, ...] = ("construct", "describe")

# Position-preserving masks: IRIs, strings and comments become spaces (delimiters kept), so a
# keyword found in the mask is a keyword of the query, at the same offset as in the original.
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    re.DOTALL,
)
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[\w.-]*:\s*|BASE\s*)<[^>]*>\s*)*", re.IGNORECASE)
_FORM = re.compile(r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_UPDATE = re.compile(
    r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE
)


def mask_code(query: str) -> str:
    """The query with the insides of IRIs, strings and comments blanked, same length."""

    def blank(match: re.Match) -> str:
        text = match.group(0)
        if text.startswith("#"):
            return " " * len(text)
        quote = 3 if text[:3] in ('"""', "'''") else 1
        inner = re.sub(r"[^\n]", " ", text[quote:-quote])
        return text[:quote] + inner + text[-quote:]

    return _TOKENS.sub(blank, query)


def form_match(code: str) -> re.Match | None:
    """The query form's keyword in already masked text (after PREFIX/BASE), or None."""
    return _FORM.match(code, _PROLOGUE.match(code).end())


def query_kind(query: str) -> Kind | None:
    """'select', 'ask', 'construct' or 'describe'; None when the text does not say (an update,
    or a parse error to come)."""
    match = form_match(mask_code(query))
    return match.group(1).lower() if match else None  # type: ignore[return-value]


def is_graph_query(query: str) -> bool:
    """True for CONSTRUCT and DESCRIBE: the answer is RDF, not a table."""
    return query_kind(query) in GRAPH_KINDS


def is_update(query: str) -> bool:
    """True when the text is a SPARQL Update (INSERT, DELETE, LOAD, ...), not a query."""
    code = mask_code(query)
    return bool(_UPDATE.match(code, _PROLOGUE.match(code).end()))
