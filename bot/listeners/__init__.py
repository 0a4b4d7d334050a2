"""Listeners, one module per kind of request Slack sends: mentions, messages, commands, actions."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import actions, commands, mentions, messages
from bot.settings import BotSettings
from kb.gate import Gate


def register_all(app: App, gate: Gate, settings: BotSettings) -> None:
    mentions.register(app, gate)
    messages.register(app, gate)
    commands.register(app, gate, settings)
    actions.register(app, gate)
