"""The evaluation as a readable table, a worst-failure listing, and the same as JSON."""

from __future__ import annotations

import os
import platform
from datetime import date
from typing import Any

from bench.eval.common import DatasetResult, Metric, worst


def _value(m: Metric) -> str:
    if m.value is None:
        return "n/a"
    return f"{m.value:.1%}" if m.percent else f"{m.value:.2f}"


def _target(m: Metric) -> str:
    if m.target is None:
        return ""
    mark = {True: "ok", False: "BELOW", None: ""}[m.passed]
    return f">= {m.target:.0%} {mark}" if m.percent else f">= {m.target:.2f} {mark}"


def table(result: DatasetResult) -> str:
    """One dataset's metrics, then its notes and confusions."""
    width = max(len(m.name) for m in result.metrics) if result.metrics else 10
    lines = [f"== {result.name} ({result.seconds:.0f} s)"]
    lines.append(f"{'metric':<{width}}  {'value':>7}  {'n':>5}  {'target':<12} note")
    for m in result.metrics:
        lines.append(f"{m.name:<{width}}  {_value(m):>7}  {m.n:>5}  {_target(m):<12} {m.note}")
    lines += [f"  note: {n}" for n in result.notes]
    for name, rows in result.confusions.items():
        if not rows:
            continue
        lines.append(f"  {name}:")
        lines += [f"    {g} -> {p}: {c}" if p else f"    {g}: {c}" for g, p, c in rows]
    return "\n".join(lines)


def worst_listing(result: DatasetResult, n: int) -> str:
    """The ``n`` worst failures with article id, gold vs predicted and the sentence."""
    chosen = worst(result.failures, n)
    if not chosen:
        return f"-- {result.name}: no failures to list"
    lines = [f"-- {result.name}: {len(chosen)} worst of {len(result.failures)} failures"]
    for f in chosen:
        lines.append(f"[{f.field}] {f.doc}")
        lines.append(f"    gold: {f.gold}")
        lines.append(f"    ours: {f.predicted}")
        lines.append(f"    sentence: {f.sentence}")
    return "\n".join(lines)


def render(results: list[DatasetResult], worst_n: int) -> str:
    parts = [table(r) for r in results]
    if worst_n > 0:
        parts += [worst_listing(r, worst_n) for r in results]
    return "\n\n".join(parts)


def meta() -> dict[str, Any]:
    """When and where the figures were produced: they are only comparable on like machines."""
    return {
        "date": date.today().isoformat(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }


def to_json(results: list[DatasetResult], worst_n: int) -> dict[str, Any]:
    return {"meta": meta(), "datasets": {r.name: r.to_json(worst_n) for r in results}}
