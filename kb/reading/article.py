"""The Article every reader produces and everything downstream consumes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

_SPACES = re.compile(r"[ \t\u00a0]+")


def normalise_text(text: str) -> str:
    """Unify line endings and runs of spaces so re-saved copies of a text hash alike."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


@dataclass
class Article:
    """One news article, normalised. ``date`` keeps the stated precision: YYYY-MM-DD or YYYY-MM."""

    text: str
    title: str | None = None
    source: str | None = None
    date: str | None = None
    url: str | None = None
    origin: str = "<input>"
    metadata: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.text = normalise_text(self.text)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def identity(self) -> str:
        """The URL when given, else the text's hash: the same article always gets the same IRI."""
        if self.url:
            return self.url
        return "sha256:" + self.content_hash
