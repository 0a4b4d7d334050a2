"""The one answer object every front end renders (CLI text, JSON, HTTP, Slack Block Kit)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Source:
    """Where a piece of evidence came from: the article and the sentence itself."""

    article: str
    title: str | None
    source: str | None
    date: str | None
    url: str | None
    sentence: str


@dataclass
class Answer:
    """``answer`` is one line (names, numbers, dates); evidence goes in ``sources``."""

    question: str
    answer: str
    facts: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    sparql: str = ""
    confidence: float = 0.0
    intent: str = "search"

    def to_json(self) -> dict:
        """The contract of DESIGN.md (``kb ask --json``), plus the intent for debugging."""
        data = asdict(self)
        return {
            k: data[k]
            for k in ("question", "answer", "facts", "sources", "sparql", "confidence", "intent")
        }

    @property
    def found(self) -> bool:
        return self.confidence >= 0.3
