"""One caller at a time into the knowledge base.

Bolt runs listeners on a thread pool, but kb's user-query worker talks over one pipe and its
lazily loaded parts are built on first use, so concurrent calls could cross. On two cores the
answers are CPU-bound anyway: serialising them costs little and rules out a class of bugs.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kb.api import KnowledgeBase
    from kb.ask.answer import Answer
    from kb.store import QueryOutput


class Gate:
    """The calls the bot makes, each under one lock."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._lock = threading.Lock()

    @property
    def base_iri(self) -> str:
        return self.kb.settings.base_iri

    def ask(self, question: str) -> Answer:
        with self._lock:
            return self.kb.ask(question, as_of=None)

    def sparql(self, query: str, media_type: str) -> QueryOutput:
        with self._lock:
            return self.kb.sparql(query, media_type)

    def export(self, fmt: str) -> bytes:
        with self._lock:
            return self.kb.export(fmt)

    def timeline(self, place: str, start: str | None, end: str | None) -> object:
        with self._lock:
            return self.kb.timeline(place, start, end)

    def call(self, fn: object, *args: object) -> object:
        """Any other call into the knowledge base (the alert loop's), under the same lock."""
        with self._lock:
            return fn(*args)

    def picture(self, kind: str, place: str, start: str | None, end: str | None) -> object:
        """The records of a picture (kb.pictures: control, incidents or map)."""
        from kb.pictures import picture

        with self._lock:
            return picture(self.kb, kind, place, start, end)

    def stats(self) -> dict[str, int]:
        with self._lock:
            return self.kb.stats()
