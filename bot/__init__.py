"""The Slack bot for incident-kb (Bolt for Python); ``kb bot`` calls :func:`run`.

Nothing is imported or configured until ``run`` is called: importing ``bot`` is free.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kb.api import KnowledgeBase


def run(kb: KnowledgeBase, http: bool, host: str, port: int) -> None:
    """Run the bot: Socket Mode when SLACK_APP_TOKEN is set, or Slack's HTTP API with ``http``."""
    from bot.runner import run as run_bot

    run_bot(kb, http=http, host=host, port=port)


__all__ = ["run"]
