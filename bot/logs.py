"""Logging for ``kb bot``: one line a record, and no secret ever written.

slack_sdk already hides the Authorization header; this formatter also scrubs anything shaped
like a Slack token (xoxb-, xoxp-, xapp-, ...) and the configured secrets from every line,
tracebacks included, in case a library puts one in a message.
"""

from __future__ import annotations

import logging
import re

_TOKEN = re.compile(r"\b(?:xox[a-z]|xapp)-[A-Za-z0-9-]+")
REDACTED = "[redacted]"


class RedactingFormatter(logging.Formatter):
    def __init__(self, fmt: str, secrets: list[str | None] | None = None) -> None:
        super().__init__(fmt)
        self.secrets = [s for s in (secrets or []) if s and len(s) >= 8]

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.secrets)


def redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return _TOKEN.sub(REDACTED, text)


def _not_noise(record: logging.LogRecord) -> bool:
    """Bolt warns that SLACK_BOT_TOKEN is unused when a client is given; we give one on purpose
    (it carries SLACK_API_URL), so the warning would only alarm whoever reads the log."""
    return not str(record.msg).startswith("As you gave `client` as well")


def configure_logging(secrets: list[str | None], level: int = logging.INFO) -> None:
    """Called by ``run()`` only (importing the bot configures nothing)."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets)
    )
    handler.addFilter(_not_noise)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("faiss.loader").setLevel(logging.WARNING)
