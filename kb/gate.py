"""One caller at a time into a KnowledgeBase, for the doors that serve many users at once.

``kb serve`` answers from Starlette's thread pool and the bot from Bolt's; the KnowledgeBase
builds its parts (store, model, index, answerer) lazily on first use and the embedding model is
not made for concurrent calls, so two requests must not run inside it together. On two cores
the answers are CPU-bound anyway: serialising them costs little and rules out a class of bugs.
User SPARQL is the exception the server makes (``KnowledgeBase.sparql`` runs each query in its
own worker process, kb/store/guard.py) once the store is open.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from kb.api import KnowledgeBase
    from kb.ask.answer import Answer
    from kb.config import Settings
    from kb.store import QueryOutput
    from kb.timeline import Timeline

T = TypeVar("T")


class Gate:
    """The calls the doors make, each under one lock."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._lock = threading.Lock()

    @property
    def settings(self) -> Settings:
        return self.kb.settings

    def call(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        """Any call into the knowledge base, under the lock."""
        with self._lock:
            return fn(*args, **kwargs)

    def ask(self, question: str, as_of: str | None = None) -> Answer:
        return self.call(self.kb.ask, question, as_of=as_of)

    def sparql(self, query: str, media_type: str) -> QueryOutput:
        return self.call(self.kb.sparql, query, media_type)

    def export(self, fmt: str) -> bytes:
        return self.call(self.kb.export, fmt)

    def stats(self) -> dict[str, int]:
        return self.call(self.kb.stats)

    def timeline(self, place: str, start: str | None, end: str | None) -> Timeline:
        return self.call(self.kb.timeline, place, start, end)
