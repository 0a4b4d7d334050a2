"""``/kb ask|sparql|export|stats|help``: acknowledged at once, answered through ``respond()``.

``ack()`` returns Slack's HTTP response (or Socket Mode acknowledgement) immediately; the work
runs after it on Bolt's listener thread, so a slow query never trips Slack's 3-second limit.
Replies go through the command's ``response_url``, which works in any channel; only files need
the bot in the channel, and when it is not, the user is told so.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import blocks
from bot.filters import unslack
from bot.replies import user_message
from bot.settings import BotSettings
from bot.text import MAX_SECTION, escape
from kb.gate import Gate
from kb.sparql.formats import EXPORTS, JSON_RESULTS, TURTLE
from kb.sparql.kinds import is_graph_query
from kb.sparql.tables import prefixes_of, table, to_csv

if TYPE_CHECKING:
    from kb.store import QueryOutput
    from kb.watch_alerts import Subscription

log = logging.getLogger("bot")

TABLE_CHARS = MAX_SECTION - 200  # the table's room in its section, fences and notes aside
MAX_CELL = 48  # a chat window is narrower than a terminal
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})


@dataclass
class Invocation:
    """One ``/kb`` call: what was asked, where, and the ways to answer it."""

    gate: Gate
    settings: BotSettings
    rest: str
    channel: str
    respond: Respond
    client: WebClient

    def reply(self, blocks_: list[dict], text: str, public: bool = True) -> None:
        kind = "in_channel" if public else "ephemeral"
        self.respond(text=text, blocks=blocks_, response_type=kind, replace_original=False)

    def warn(self, message: str) -> None:
        self.reply(blocks.warning_blocks(message), f"Warning: {escape(message)}", public=False)

    def upload(self, data: bytes, filename: str, title: str, comment: str) -> None:
        """files_upload_v2: getUploadURLExternal, the upload POST, completeUploadExternal."""
        try:
            self.client.files_upload_v2(
                channel=self.channel,
                content=data,
                filename=filename,
                title=title,
                initial_comment=comment,
            )
        except SlackApiError as exc:
            error = exc.response.get("error")
            log.error("files_upload_v2 of %s to %s failed: %s", filename, self.channel, error)
            self.warn(f"I could not attach {filename} ({error}); invite me to this channel first.")


def register(app: App, gate: Gate, settings: BotSettings) -> None:
    @app.command("/kb")
    def on_kb(ack: Ack, command: dict, respond: Respond, client: WebClient) -> None:
        name, rest = split(unslack(command.get("text", "")))
        if name in ("", "help"):
            ack(text="How to use /kb", blocks=blocks.help_blocks())
            return
        ack(
            text="Exporting the dataset; the file follows in this channel."
            if name == "export"
            else ""
        )
        run = SUBCOMMANDS.get(name)
        if run is None:  # `/kb who controls Idlib?` is a question
            run, rest = ask, f"{name} {rest}".strip()
        inv = Invocation(gate, settings, rest, command["channel_id"], respond, client)
        try:
            run(inv)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a short warning
            inv.warn(user_message(exc, log, f"/kb {name}"))


def split(text: str) -> tuple[str, str]:
    """The subcommand (lower case) and the rest, which keeps its line breaks."""
    parts = text.strip().split(None, 1)
    if not parts:
        return "", ""
    return parts[0].lower(), parts[1].strip() if len(parts) > 1 else ""


def ask(inv: Invocation) -> None:
    if not inv.rest:
        inv.reply(blocks.help_blocks(), "How to use /kb", public=False)
        return
    answer = inv.gate.ask(inv.rest)
    inv.reply(blocks.answer_blocks(answer), blocks.answer_text(answer))


def sparql(inv: Invocation) -> None:
    """SELECT/ASK as a table (the full result as CSV when it does not fit), graphs as Turtle."""
    query = inv.rest.strip().strip("`").translate(_QUOTES).strip()
    if not query:
        inv.warn("give a query: `/kb sparql SELECT ...`")
        return
    if is_graph_query(query):  # read as kb sparql reads it: comments and strings masked
        graph_result(inv, query)
        return
    output = inv.gate.sparql(query, JSON_RESULTS)
    results = json.loads(output.body)
    shown = table(
        results,
        inv.settings.table_rows,
        TABLE_CHARS,
        prefixes_of(query, inv.gate.settings.base_iri),
        max_cell=MAX_CELL,
        measure=lambda text: len(escape(text)),  # Slack counts the escaped text
    )
    notes = _cap_note(output)
    if shown.left_out:
        notes.append("the full result follows as a CSV file")
    inv.reply(blocks.result_blocks(shown, notes), f"SPARQL result: {shown.total} rows")
    if shown.left_out:
        comment = f"Full SPARQL result: {shown.total:,} rows"
        inv.upload(to_csv(results), "sparql-result.csv", "SPARQL result", comment)


def graph_result(inv: Invocation, query: str) -> None:
    output = inv.gate.sparql(query, TURTLE)
    text = output.body.decode("utf-8")
    large = len(escape(text)) > TABLE_CHARS
    notes = _cap_note(output) + (["the full graph follows as a Turtle file"] if large else [])
    inv.reply(
        blocks.graph_blocks(text, output.rows, notes), f"SPARQL result: {output.rows} triples"
    )
    if large:
        inv.upload(output.body, "sparql-result.ttl", "SPARQL result", f"{output.rows:,} triples")


def _cap_note(output: QueryOutput) -> list[str]:
    if not output.truncated:
        return []
    return [f"the server stopped at {output.rows:,} results (KB_RESULT_LIMIT)"]


def export(inv: Invocation) -> None:
    fmt = (inv.rest.split() or ["turtle"])[0].lower()
    if fmt not in EXPORTS:
        inv.warn(f"unknown format {fmt!r}; choose one of {', '.join(EXPORTS)}")
        return
    data = inv.gate.export(fmt)
    comment = f"The incident-kb dataset as {fmt}: {len(data):,} bytes"
    name = f"incident-kb.{EXPORTS[fmt].extension}"
    inv.upload(data, name, f"incident-kb dataset ({fmt})", comment)


_WINDOW = re.compile(r"\s+(from|to|since|until)\s+(\S+)", re.I)
_BARE_DATES = re.compile(r"\s(\d{4}(?:-\d{2}){0,2})(?:\s+(\d{4}(?:-\d{2}){0,2}))?\s*$")


def _place_and_window(rest: str) -> tuple[str, str | None, str | None]:
    """``Hama from 2019-06 to 2019-12`` (or positional ``Hama 2019-06 2019-12``)."""
    window = {w.lower(): d for w, d in _WINDOW.findall(rest)}
    place = _WINDOW.sub("", rest).strip()
    dates = _BARE_DATES.search(place)
    if dates and not window:
        place = place[: dates.start()].strip()
        window = {"from": dates[1], "to": dates[2]}
    return place, window.get("from") or window.get("since"), window.get("to") or window.get("until")


def timeline(inv: Invocation) -> None:
    """Incidents at a place in date order as text, with PNG charts of them and of who held it."""
    from kb.pictures import draw_png
    from kb.timeline import render_png

    place, start, end = _place_and_window(inv.rest)
    if not place:
        inv.warn("give a place: `/kb timeline Khan Sheikhoun [from 2019-06] [to 2019-12]`")
        return
    result = inv.gate.timeline(place, start, end)
    lines = result.to_text().splitlines()
    body = "\n".join(lines[:25]) + (f"\n… and {len(lines) - 25} more" if len(lines) > 25 else "")
    shown = [blocks.section(f"```{escape(body)}```")]
    inv.reply(shown, f"Timeline of {escape(result.place)}: {len(result.entries)} incidents")
    if result.entries:
        inv.upload(render_png(result), "timeline.png", f"Incidents in {result.place}", "")
    control = inv.gate.call(inv.gate.kb.picture, "control", place, start, end)
    title = f"Who held {control.place}"
    inv.upload(draw_png(control), "control.png", title, f"{title}: {len(control.claims)} claims")


def map_(inv: Invocation) -> None:
    """Incidents and control claims in a place or country on a map, as a PNG in the channel."""
    from kb.pictures import draw_png

    place, start, end = _place_and_window(inv.rest)
    if not place:
        inv.warn("give a place or country: `/kb map Idlib [from 2019-06] [to 2019-12]`")
        return
    found = inv.gate.call(inv.gate.kb.picture, "map", place, start, end)
    located = sum(p["kind"] == "incident" for p in found.points)
    comment = (
        f"{located} incidents and {len(found.points) - located} control claims in {found.place}"
    )
    if found.unplaced:
        comment += f"; {len(found.unplaced)} without coordinates"
    inv.upload(draw_png(found), "map.png", f"Map of {found.place}", escape(comment))


def stats(inv: Invocation) -> None:
    inv.reply(blocks.stats_blocks(inv.gate.stats()), "Knowledge base statistics", public=False)


def watch(inv: Invocation) -> None:
    """Subscribe this channel to a place: control changes and killings there get posted here."""
    from kb.watch_alerts import Subscriptions

    if not inv.rest:
        inv.warn("give a place: `/kb watch Khan Sheikhoun`")
        return
    sub = _link(inv)
    sub.channel = inv.channel
    place = escape(sub.place)
    if not Subscriptions(inv.gate.settings.home).add(sub):
        inv.reply([blocks.section(f"This channel already watches *{place}*.")], place, False)
        return
    text = (
        f":eyes: This channel now watches *{place}*: when a new article reports a change of "
        "control or people killed there, I will post it here."
    )
    inv.reply([blocks.section(text)], f"Watching {place}")


def unwatch(inv: Invocation) -> None:
    from kb.watch_alerts import Subscriptions

    if not inv.rest:
        inv.warn("give a place: `/kb unwatch Khan Sheikhoun`")
        return
    sub = _link(inv)
    gone = Subscriptions(inv.gate.settings.home).remove(inv.channel, sub.iris)
    if gone is None:
        inv.warn(f"this channel does not watch {sub.place}; `/kb watching` lists what it does")
        return
    inv.reply([blocks.section(f"This channel no longer watches *{escape(gone.place)}*.")], "ok")


def watching(inv: Invocation) -> None:
    from kb.watch_alerts import Subscriptions

    subs = Subscriptions(inv.gate.settings.home).of(inv.channel)
    if not subs:
        text = "This channel watches no place. `/kb watch PLACE` starts."
    else:
        text = "This channel watches: " + ", ".join(f"*{escape(s.place)}*" for s in subs)
    inv.reply([blocks.section(text)], "Watched places", public=False)


def _link(inv: Invocation) -> Subscription:
    """The place the user named, linked under the gate (the answerer loads on first use)."""
    from kb.watch_alerts import link_place

    return inv.gate.call(lambda: link_place(inv.gate.kb.answerer, inv.rest))


SUBCOMMANDS: dict[str, Callable[[Invocation], None]] = {
    "watch": watch,
    "unwatch": unwatch,
    "watching": watching,
    "ask": ask,
    "sparql": sparql,
    "export": export,
    "stats": stats,
    "timeline": timeline,
    "map": map_,
}
