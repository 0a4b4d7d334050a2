"""Block Kit rendering: pure functions from kb's objects to the dicts Slack expects.

Nothing here talks to Slack or to the knowledge base, so every message the bot can send is
tested as data. Every string from users or articles is escaped, and every block is cut to
Slack's limits (bot/text.py) so a long answer is shortened rather than refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import payload
from bot.text import (
    MAX_BLOCKS,
    MAX_MESSAGE,
    MAX_SECTION,
    code_block,
    escape,
    link,
    truncate,
)
from kb.sparql.tables import Table

if TYPE_CHECKING:  # kb.ask pulls in spaCy; the bot only needs the shape of an Answer
    from kb.ask.answer import Answer, Source

SHOW_SPARQL = "show_sparql"
MAX_EVIDENCE = 3
MAX_FACTS = 5
HELP = """*Ask the incident knowledge base*
• `@kb who controls Idlib?` in a channel, or a direct message: answered in the thread
• `/kb ask QUESTION`: the same, as a reply to the command
• `/kb sparql QUERY`: a read-only SPARQL query; large results come as a CSV file
• `/kb export [turtle|trig|nquads|jsonld]`: the whole dataset as a file (default Turtle)
• `/kb timeline PLACE [from YYYY-MM] [to YYYY-MM]`: incidents there in date order, with a chart of them and one of who held the place
• `/kb map PLACE|COUNTRY [from YYYY-MM] [to YYYY-MM]`: incidents and control claims there on a map
• `/kb stats`: how much the knowledge base holds
• `/kb watch PLACE`: post here when a new article reports a change of control or people killed there (`/kb unwatch PLACE`, `/kb watching`)
• `/kb help`: this message
`/kb` followed by anything else is asked as a question."""


def section(text: str) -> dict:
    """A mrkdwn section; ``text`` must already be escaped."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, MAX_SECTION)}}


def context(text: str) -> dict:
    """A one-line grey context block; ``text`` must already be escaped."""
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": truncate(text, MAX_SECTION)}],
    }


def answer_blocks(answer: Answer) -> list[dict]:
    """The short answer, up to three evidence sentences, confidence, and the SPARQL button.

    When kb found nothing it says so plainly and labels the sentences as the closest evidence,
    never as an answer.
    """
    blocks = [section(_headline(answer))]
    facts = [f for f in answer.facts[:MAX_FACTS] if f.strip() != answer.answer.strip()]
    if answer.found and facts:
        blocks.append(section("\n".join(f"• {escape(f)}" for f in facts)))
    blocks += [section(evidence(s)) for s in answer.sources[:MAX_EVIDENCE]]
    blocks.append(context(_confidence_line(answer)))
    if answer.sparql:
        blocks.append(sparql_button(answer.sparql, answer.question))
    return fit(blocks)


def answer_text(answer: Answer) -> str:
    """The notification text that goes with the blocks (shown in alerts and by screen readers)."""
    line = answer.answer if answer.found else f"I found nothing on “{answer.question}”."
    return truncate(escape(line), MAX_MESSAGE)


def _headline(answer: Answer) -> str:
    if answer.found:
        return f"*{escape(answer.answer)}*"
    question = escape(" ".join(answer.question.split()))
    if answer.sources:
        return f"I found nothing on “{question}”. The closest evidence I have:"
    return f"I found nothing on “{question}”, and no sentence close to it."


def evidence(source: Source) -> str:
    """The quoted sentence, then who said it, when, and a link to the article when there is one."""
    quote = "> " + escape(" ".join(source.sentence.split()))
    meta = [f"_{escape(source.source)}_" if source.source else "_unknown source_"]
    if source.date:
        meta.append(escape(source.date))
    if source.url:
        meta.append(link(source.url, source.title or "article"))
    elif source.title:
        meta.append(escape(source.title))
    return f"{quote}\n{' · '.join(meta)}"


def _confidence_line(answer: Answer) -> str:
    shown = min(len(answer.sources), MAX_EVIDENCE)
    level = "" if answer.found else " (too low to answer)"
    return f"Confidence {answer.confidence:.2f}{level} · {shown} of {len(answer.sources)} sources shown"


def sparql_button(sparql: str, question: str) -> dict:
    """An actions block whose button carries the query (see bot/payload.py)."""
    button = {
        "type": "button",
        "text": {"type": "plain_text", "text": "Show SPARQL"},
        "action_id": SHOW_SPARQL,
        "value": payload.pack(sparql, question),
    }
    return {"type": "actions", "elements": [button]}


def sparql_blocks(query: str) -> list[dict]:
    """The query in code blocks, split on line boundaries when longer than one section."""
    if not query.strip():
        return [section("_No SPARQL query produced this answer._")]
    chunks, current = [], ""
    for line in query.strip().splitlines():
        if current and len(escape(current + line)) > MAX_SECTION - 200:
            chunks.append(current)
            current = ""
        current += line + "\n"
    chunks.append(current)
    return fit([section(code_block(c.rstrip("\n"))) for c in chunks if c.strip()])


def result_blocks(table: Table, notes: list[str]) -> list[dict]:
    """A SELECT/ASK result as a table in a code block, with what was left out counted."""
    blocks = [section(code_block(table.text))]
    lines = [] if table.boolean else [_row_count(table)]
    if lines or notes:
        blocks.append(context(escape(" · ".join(lines + notes))))
    return fit(blocks)


def _row_count(table: Table) -> str:
    if not table.left_out:
        return f"{table.total} row{'s' if table.total != 1 else ''}"
    return f"{table.shown} of {table.total} rows shown, {table.left_out} left out"


def graph_blocks(text: str, triples: int, notes: list[str]) -> list[dict]:
    """A CONSTRUCT/DESCRIBE result as Turtle in a code block (cut when long)."""
    blocks = [
        section(code_block(text)),
        context(escape(" · ".join([f"{triples} triples", *notes]))),
    ]
    return fit(blocks)


def stats_blocks(stats: dict[str, int]) -> list[dict]:
    """The counts as one aligned code block."""
    width = max((len(k) for k in stats), default=0)
    text = "\n".join(f"{k.rjust(width)}: {v:,}" for k, v in stats.items())
    return [section("*What the knowledge base holds*"), section(code_block(text))]


def help_blocks() -> list[dict]:
    return [section(HELP)]


def warning_blocks(message: str) -> list[dict]:
    """A short warning for the user; the details of unexpected errors stay in the log."""
    return [section(f":warning: {escape(truncate(' '.join(message.split()), 500))}")]


def fit(blocks: list[dict]) -> list[dict]:
    """At most 50 blocks; when cut, the last one says so."""
    if len(blocks) <= MAX_BLOCKS:
        return blocks
    return blocks[: MAX_BLOCKS - 1] + [context(f"{len(blocks) - MAX_BLOCKS + 1} more blocks cut")]
