"""Socket Mode: the bot dials out to Slack over a WebSocket, so it needs no public URL.

The handler asks for the WebSocket URL with apps.connections.open through the app's own
WebClient, so SLACK_API_URL sends that call to the same server as every other.
"""

from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.settings import BotSettings


def socket_handler(app: App, settings: BotSettings) -> SocketModeHandler:
    """``.start()`` blocks; ``.connect()`` returns once connected and ``.close()`` ends it."""
    return SocketModeHandler(app, app_token=settings.app_token, web_client=app.client)
