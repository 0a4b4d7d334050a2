"""Drop Slack's retries of events the bot already took.

Slack re-sends an event (``X-Slack-Retry-Num`` over HTTP, ``retry_attempt`` over Socket Mode)
when the first delivery was slow or failed, with the same ``event_id``. Answering twice would
post the answer twice, so the ids seen lately are kept in a bounded, thread-safe set. The
middleware runs after Bolt has verified the signature, so a forged request cannot burn an id.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable

from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

log = logging.getLogger("bot")


class SeenEvents:
    """The last ``size`` event ids, oldest forgotten first."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        """Record ``event_id``; True only the first time it is offered."""
        with self._lock:
            if event_id in self._ids:
                self._ids.move_to_end(event_id)
                return False
            self._ids[event_id] = None
            if len(self._ids) > self.size:
                self._ids.popitem(last=False)
            return True

    def __len__(self) -> int:
        return len(self._ids)


def retry_number(req: BoltRequest) -> int:
    """Which delivery this is: 0 for the first, from the HTTP header or the Socket Mode envelope."""
    header = req.headers.get("x-slack-retry-num") or []
    value = header[0] if header else req.body.get("retry_attempt", 0)
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def drop_retries(seen: SeenEvents) -> Callable[..., BoltResponse | None]:
    """A Bolt global middleware: acknowledge a repeated event with 200 and do nothing else.

    A retry whose id we have not seen (say, after a restart) is handled: the user still gets
    an answer once.
    """

    def middleware(req: BoltRequest, next: Callable[[], None]) -> BoltResponse | None:  # noqa: A002
        event_id = req.body.get("event_id") if req.body.get("type") == "event_callback" else None
        if event_id and not seen.first_time(event_id):
            log.info("ignored retry %s of event %s", retry_number(req), event_id)
            return BoltResponse(status=200, body="")
        if event_id and retry_number(req):
            log.info("handling retry %s of unseen event %s", retry_number(req), event_id)
        next()
        return None

    return middleware
