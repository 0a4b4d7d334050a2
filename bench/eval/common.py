"""Scoring primitives shared by the three evaluations.

Nothing here knows a corpus: accuracy, tolerance, precision/recall/F1, majority votes,
confusion pairs and the choice of "worst" failures are plain functions on plain values, so
the tests can pin their behaviour on tiny hand-made inputs.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any


@dataclass
class Metric:
    """One figure in a dataset's table: value in [0, 1] (or a ratio), how many items it rests on."""

    name: str
    value: float | None
    n: int
    target: float | None = None
    note: str = ""
    percent: bool = True

    @property
    def passed(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.value >= self.target


@dataclass
class Failure:
    """One wrong answer, with enough context (the sentence) for a developer to act on it."""

    doc: str
    field: str
    gold: str
    predicted: str
    sentence: str
    severity: float = 1.0


@dataclass
class DatasetResult:
    """Everything one dataset's evaluation reports: the table, confusions and failures."""

    name: str
    metrics: list[Metric] = field(default_factory=list)
    confusions: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def metric(self, name: str) -> Metric:
        return next(m for m in self.metrics if m.name == name)

    def to_json(self, worst_n: int) -> dict[str, Any]:
        return {
            "metrics": [asdict(m) | {"passed": m.passed} for m in self.metrics],
            "confusions": {
                k: [{"gold": g, "predicted": p, "count": c} for g, p, c in v]
                for k, v in self.confusions.items()
            },
            "worst": [asdict(f) for f in worst(self.failures, worst_n)],
            "notes": self.notes,
            "seconds": round(self.seconds, 1),
        }


def ratio(hits: int, total: int) -> float | None:
    """hits/total, or None when there is nothing to measure (never a misleading 0 or 1)."""
    return hits / total if total else None


def within(predicted: int | None, gold: int, tolerance: float = 0.10) -> bool:
    """True when ``predicted`` is within ``tolerance`` of ``gold``; a gold 0 needs an exact 0."""
    if predicted is None:
        return False
    return abs(predicted - gold) <= tolerance * gold


def prf(predicted: int, gold: int, matched: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts, with 0 (not an error) for empty denominators."""
    p = matched / predicted if predicted else 0.0
    r = matched / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def vote(values: Sequence[str | None]) -> str | None:
    """The most frequent non-empty value; ties go to the one seen first (the lead usually wins)."""
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    top = max(counts.values())
    return next(v for v in values if v and counts[v] == top)


def confusion(pairs: Iterable[tuple[str, str]], limit: int = 15) -> list[tuple[str, str, int]]:
    """The most frequent (gold, predicted) disagreements, most frequent first."""
    counts = Counter((g, p) for g, p in pairs if g != p)
    return [(g, p, c) for (g, p), c in counts.most_common(limit)]


def worst(failures: Sequence[Failure], n: int) -> list[Failure]:
    """The ``n`` most severe failures, taken in turn from each field so one field cannot fill the list."""
    by_field: dict[str, list[Failure]] = {}
    for f in sorted(failures, key=lambda f: -f.severity):
        by_field.setdefault(f.field, []).append(f)
    queues = sorted(by_field.values(), key=lambda q: (-q[0].severity, q[0].field))
    out: list[Failure] = []
    while len(out) < n and any(queues):
        for queue in queues:
            if queue and len(out) < n:
                out.append(queue.pop(0))
    return out


def weigh_by_frequency(
    failures: Sequence[Failure], key: Callable[[Failure], object], fields: Iterable[str]
) -> None:
    """Set the severity of failures in ``fields`` to the share of their field that ``key`` shares.

    Categorical errors are all equally wrong; ranking them by how common their kind is puts
    one example of the most frequent confusion first, which is the one worth fixing first.
    """
    wanted = set(fields)
    chosen = [f for f in failures if f.field in wanted]
    counts = Counter((f.field, key(f)) for f in chosen)
    totals = Counter(f.field for f in chosen)
    for f in chosen:
        f.severity = counts[(f.field, key(f))] / totals[f.field]


def clip(text: str, width: int = 300) -> str:
    """One line of at most ``width`` characters: sentences in reports must stay readable."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def base_iri() -> str:
    """The base IRI ingestion would use, so dictionary IRIs compare equal to the extractor's."""
    from kb.config import Settings

    return Settings.from_env().base_iri


@cache
def extractor() -> Any:
    """One Extractor for the whole run: loading spaCy and the lexicon costs seconds."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from kb.extract import Extractor

    return Extractor(base_iri())
