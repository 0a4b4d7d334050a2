"""The app factory: one Bolt App wired to one knowledge base, built on demand, never at import.

Bolt verifies request signatures, rejects stale timestamps, answers URL verification and drops
the bot's own events before any of our code runs; we add the retry filter and the listeners.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.error import URLError

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient

from bot.dedupe import SeenEvents, drop_retries
from bot.listeners import register_all
from bot.settings import BotConfigError, BotSettings
from kb.gate import Gate

if TYPE_CHECKING:
    from kb.api import KnowledgeBase

log = logging.getLogger("bot")


def build_app(kb: KnowledgeBase, settings: BotSettings, gate: Gate | None = None) -> App:
    """A Bolt App for ``kb``; calls auth.test once, so a bad token or URL fails here. Pass the
    ``gate`` when something else (the alert loop) calls into ``kb`` beside the listeners."""
    if not settings.bot_token:
        raise BotConfigError("SLACK_BOT_TOKEN is not set; see deploy/README.md")
    client = WebClient(
        token=settings.bot_token,
        base_url=settings.api_base,
        logger=logging.getLogger("bot.slack_sdk"),
    )
    try:
        app = App(
            name="incident-kb",
            client=client,
            signing_secret=settings.signing_secret or "",
            process_before_response=False,
        )
    except BoltError as exc:
        raise BotConfigError(f"Slack refused the bot token: {exc}") from None
    except (URLError, OSError) as exc:
        raise BotConfigError(
            f"cannot reach the Slack Web API at {settings.api_base}: {exc}"
        ) from None
    app.middleware(drop_retries(SeenEvents(settings.seen_events)))
    register_all(app, gate or Gate(kb), settings)
    app.error(_log_error)
    return app


def _log_error(error: Exception, body: dict) -> None:
    """Errors that escaped a listener: logged with what the request was, never its token."""
    kind = body.get("type") or body.get("command") or "request"
    log.error("unhandled error in a %s listener", kind, exc_info=error)
