"""Alerts: a thread of the bot that looks for new articles and tells watching channels.

Articles may arrive from any process (`kb ingest`, `kb watch`, another service), so the bot
does not wait to be told: every ``alert_interval`` seconds it lists the stored articles, and for
each one it has not looked at yet asks the graph (kb.watch_alerts) what the article says about
each watched place. One message per article and channel, listing what changed, the earlier
state, and the evidence sentence with its source; a claim is never posted twice to a channel.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks import context, fit, section
from bot.text import escape, truncate

if TYPE_CHECKING:
    from kb.gate import Gate
    from kb.watch_alerts import Change, Subscription

log = logging.getLogger("bot")
MAX_CHANGES = 8  # per message; more are counted, not shown


class AlertLoop:
    def __init__(self, gate: Gate, client: WebClient, interval: float) -> None:
        from kb.watch_alerts import ArticleCursor, Subscriptions

        self.gate = gate
        self.client = client
        self.interval = interval
        home = gate.settings.home
        self.subscriptions = Subscriptions(home)
        self.cursor = ArticleCursor(home)
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> AlertLoop:
        self.check()  # the first look marks what is already there as seen
        self._thread = threading.Thread(target=self._loop, name="kb-alerts", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _loop(self) -> None:
        while not self.stopping.wait(self.interval):
            try:
                self.check()
            except Exception:  # noqa: BLE001 - a bad round is logged; the next one tries again
                log.exception("alert check failed")

    def check(self) -> int:
        """Look at the articles not seen yet; returns the messages posted."""
        from kb.watch_alerts import changes

        kb = self.gate.kb
        stored = self.gate.call(kb.stored_articles)
        posted = 0
        subs = self.subscriptions.all()
        for article in self.cursor.new_articles(stored):
            for sub in subs:
                found = self.gate.call(changes, kb.store, article, sub)
                found = [c for c in found if f"{sub.channel} {c.claim}" not in self.cursor.sent]
                if found and self._post(sub, found):
                    self.cursor.sent.update(f"{sub.channel} {c.claim}" for c in found)
                    posted += 1
            self.cursor.done(article, stored[article])
        return posted

    def _post(self, sub: Subscription, found: list[Change]) -> bool:
        blocks_, text = alert_blocks(sub, found)
        try:
            self.client.chat_postMessage(channel=sub.channel, text=text, blocks=blocks_)
        except SlackApiError as exc:
            log.error(
                "alert for %s to %s failed: %s", sub.place, sub.channel, exc.response.get("error")
            )
            return False
        log.info("alert: %d changes in %s posted to %s", len(found), sub.place, sub.channel)
        return True


def alert_blocks(sub: Subscription, found: list[Change]) -> tuple[list[dict], str]:
    """The message for one article's changes in one watched place, and its plain-text fallback."""
    first = found[0]
    title = f":rotating_light: *{escape(sub.place)}* (watched here): {escape(first.headline)}"
    out = [section(title)]
    for change in found[:MAX_CHANGES]:
        e = change.evidence
        lines = [f"*{escape(change.headline)}*", escape(change.earlier)]
        lines.append(f"> {escape(truncate(e.sentence, 600))}")
        out.append(section("\n".join(lines)))
        where = " · ".join(escape(x) for x in (e.source, e.title, e.date) if x)
        link = f" · <{e.url}|article>" if e.url and "|" not in e.url and ">" not in e.url else ""
        out.append(context(where + link))
    if len(found) > MAX_CHANGES:
        out.append(context(f"and {len(found) - MAX_CHANGES} more in the same article"))
    return fit(out), f"{sub.place}: {first.headline}"
