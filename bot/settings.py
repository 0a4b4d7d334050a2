"""The bot's settings: Slack's credentials and endpoint, read once from the environment.

The names are Bolt's own (DESIGN.md, "Environment"). Tests build a BotSettings directly and
point ``api_url`` at a local Slack-compatible server.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from kb.errors import KBError

SLACK_API_URL = "https://slack.com/api/"


class BotConfigError(KBError):
    """The bot lacks a token or secret it needs, or cannot reach Slack with them."""


@dataclass(frozen=True)
class BotSettings:
    """Tokens are kept out of ``repr`` so a settings object in a log or traceback leaks nothing."""

    bot_token: str | None = field(default=None, repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)
    api_url: str | None = None
    seen_events: int = 10_000  # event ids remembered to drop Slack's retries
    table_rows: int = 25  # SPARQL rows shown in the message; more go to a CSV file
    alert_interval: float = 10.0  # seconds between looks for new articles in watched places

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> BotSettings:
        env = dict(os.environ if env is None else env)
        return cls(
            bot_token=env.get("SLACK_BOT_TOKEN") or None,
            signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
            app_token=env.get("SLACK_APP_TOKEN") or None,
            api_url=env.get("SLACK_API_URL") or None,
            alert_interval=float(env.get("KB_ALERT_INTERVAL") or 10.0),
        )

    @property
    def api_base(self) -> str:
        """The Web API base URL as WebClient wants it: with its trailing slash."""
        url = self.api_url or SLACK_API_URL
        return url if url.endswith("/") else url + "/"

    def require(self, *, http: bool) -> None:
        """Fail before connecting, with the name of what is missing."""
        missing = ["SLACK_BOT_TOKEN"] if not self.bot_token else []
        if http and not self.signing_secret:
            missing.append("SLACK_SIGNING_SECRET")
        if not http and not self.app_token:
            missing.append("SLACK_APP_TOKEN (or run `kb bot --http`)")
        if missing:
            raise BotConfigError(f"the Slack bot needs {', '.join(missing)}; see deploy/README.md")
