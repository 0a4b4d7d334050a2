"""``kb bot``: settings, logging, the app, a warm knowledge base, then Socket Mode or HTTP."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from bot.alerts import AlertLoop
from bot.app import build_app
from bot.logs import configure_logging
from bot.settings import BotSettings
from kb.gate import Gate

if TYPE_CHECKING:
    from slack_bolt import App

    from kb.api import KnowledgeBase

log = logging.getLogger("bot")


def run(kb: KnowledgeBase, http: bool, host: str, port: int) -> None:
    """Serve until interrupted; a missing token or unreachable Slack raises BotConfigError."""
    settings = BotSettings.from_env()
    configure_logging([settings.bot_token, settings.signing_secret, settings.app_token])
    settings.require(http=http)
    gate = Gate(kb)
    app = build_app(kb, settings, gate)
    warm_up(kb)
    alerts = AlertLoop(gate, app.client, settings.alert_interval).start()
    try:
        _serve(app, settings, http, host, port)
    finally:
        alerts.stop()


def _serve(app: App, settings: BotSettings, http: bool, host: str, port: int) -> None:
    if http:
        from bot.http_server import EVENTS_PATH, http_server

        log.info("serving Slack events at http://%s:%s%s", host, port, EVENTS_PATH)
        http_server(app, host, port).run()
    else:
        from bot.socket_mode import socket_handler

        log.info("connecting to Slack in Socket Mode")
        socket_handler(app, settings).start()


def warm_up(kb: KnowledgeBase) -> None:
    """Load the models and open the store now, so the first question is not the slow one."""
    started = time.monotonic()
    kb.ask("Who controls Idlib?", as_of=None)
    log.info("knowledge base ready in %.1f s", time.monotonic() - started)
