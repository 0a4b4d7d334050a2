"""Settings read once from the environment (DESIGN.md's table). The Slack variables are the
bot's own business and are read in bot/settings.py; nothing else reads os.environ."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kb.errors import KBError

DEFAULT_BASE_IRI = "https://incident-kb.org/id/"


def _default_model() -> str:
    # The packaged all-MiniLM-L6-v2; resolved lazily so importing kb stays cheap.
    return "packaged:all-MiniLM-L6-v2"


def _number(env: dict[str, str], name: str, default: float, kind: type) -> float:
    """A positive number from the environment, or a one-line error naming the variable."""
    value = env.get(name)
    if not value:
        return default
    try:
        number = kind(value)
    except ValueError:
        number = None
    if number is None or number <= 0:
        raise KBError(f"{name}={value!r}: expected a positive {kind.__name__}")
    return number


@dataclass(frozen=True)
class Settings:
    """Where the data lives and which services the knowledge base talks to."""

    home: Path = field(default_factory=lambda: Path(".kb"))
    embed_model: str = field(default_factory=_default_model)
    base_iri: str = DEFAULT_BASE_IRI
    sparql_query_url: str | None = None
    sparql_update_url: str | None = None
    query_timeout: float = 10.0
    result_limit: int = 10_000
    threads: int = 1
    embed_backend: str = "auto"  # auto (onnxruntime when it can), onnx, or torch

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        base = env.get("KB_BASE_IRI") or DEFAULT_BASE_IRI
        if not base.endswith(("/", "#")):
            base += "/"
        return cls(
            home=Path(env.get("KB_HOME") or ".kb"),
            embed_model=env.get("KB_EMBED_MODEL") or _default_model(),
            base_iri=base,
            sparql_query_url=env.get("KB_SPARQL_QUERY_URL") or None,
            sparql_update_url=env.get("KB_SPARQL_UPDATE_URL") or None,
            query_timeout=_number(env, "KB_QUERY_TIMEOUT", 10.0, float),
            result_limit=_number(env, "KB_RESULT_LIMIT", 10_000, int),
            threads=_number(env, "KB_THREADS", 1, int),
            embed_backend=env.get("KB_EMBED_BACKEND") or "auto",
        )

    @property
    def store_path(self) -> Path:
        return self.home / "graph"

    @property
    def vectors_path(self) -> Path:
        return self.home / "vectors"

    @property
    def remote(self) -> bool:
        return self.sparql_query_url is not None
