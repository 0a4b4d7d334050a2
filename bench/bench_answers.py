"""`kb ask` against the plain best-sentence baseline, on a question set of ../shared/qa's format.

    .venv/bin/python bench/bench_answers.py [--questions ../shared/qa/dev_questions.jsonl]
        [--kb-home DIR] [--articles DIR ...]

Without --kb-home it builds a throwaway KB from ../shared/corpus/articles and ../shared/qa/articles
(as ../shared/qa/run.sh does). With the model loaded once, every question is answered twice:
by `kb ask` (the Answerer) and by the baseline, which answers with the single best sentence of
the same FAISS index and model, no graph. Both are judged by ../shared/qa/score.py's own rules.
Prints right answers per kind side by side, p50/p95/max latency, and for `kb ask` the share right
in each confidence band (answers that say "nothing found" apart), which is what `confidence` means.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from rdflib import URIRef  # noqa: E402

from kb.api import KnowledgeBase  # noqa: E402
from kb.ask.templates import render  # noqa: E402
from kb.config import Settings  # noqa: E402

BANDS = [(0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 1.01)]


def _scorer(path: Path) -> object:
    spec = importlib.util.spec_from_file_location("qa_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"bench_answers: cannot load the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def baseline(kb: KnowledgeBase, question: str) -> dict:
    """The best sentence by vector search alone, as the answer, with its source."""
    hits = kb.vectors.search(kb.embedder.encode([question])[0], k=1)
    if not hits:
        return {"answer": "nothing found", "sources": []}
    rows = kb.store.select(render("sentences", {"sentence": [URIRef(hits[0].iri)]}))
    if not rows:
        return {"answer": "nothing found", "sources": []}
    row = rows[0]
    return {"answer": str(row["text"]), "sources": [{"article": str(row["article"])}]}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", default=str(SHARED / "qa" / "dev_questions.jsonl"))
    parser.add_argument("--kb-home", help="an already built KB_HOME (default: build one)")
    parser.add_argument(
        "--articles",
        nargs="*",
        default=[str(SHARED / "corpus" / "articles"), str(SHARED / "qa" / "articles")],
    )
    args = parser.parse_args()
    score = _scorer(SHARED / "qa" / "score.py")
    questions = score.load_questions(Path(args.questions))
    home = Path(args.kb_home) if args.kb_home else Path(tempfile.mkdtemp(prefix="bench-answers-"))
    settings = Settings.from_env({**os.environ, "KB_HOME": str(home)})
    kb = KnowledgeBase(settings)
    if not args.kb_home:
        started = time.perf_counter()
        kb.ingest(args.articles)
        print(f"built {home} in {time.perf_counter() - started:.1f} s")
    kb.answerer.ask("warm-up question about nothing")

    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # ask, baseline, total
    timings: dict[str, list[float]] = {"kb ask": [], "baseline": []}
    slowest: list[tuple[float, str]] = []
    bands: dict[tuple, list[int]] = {band: [0, 0] for band in BANDS}
    abstained = [0, 0]  # unanswerable among abstentions, abstentions
    for q in questions:
        kind = q.get("kind") or ("none" if q.get("none") else "other")
        started = time.perf_counter()
        answer = kb.answerer.ask(q["q"]).to_json()
        took = time.perf_counter() - started
        timings["kb ask"].append(took)
        slowest.append((took, q["q"]))
        started = time.perf_counter()
        plain = baseline(kb, q["q"])
        timings["baseline"].append(time.perf_counter() - started)
        answer["sources"] = [s if isinstance(s, dict) else s.__dict__ for s in answer["sources"]]
        right = score.judge(q, answer)[0]
        plain_right = score.judge(q, {**plain, "answer": plain["answer"][:200]})[0]
        stats = per_kind[kind]
        stats[0] += right
        stats[1] += plain_right
        stats[2] += 1
        if score.HONEST.search(score.norm(answer["answer"])):
            abstained[0] += bool(q.get("none"))
            abstained[1] += 1
        else:
            band = next(b for b in BANDS if b[0] <= answer["confidence"] < b[1])
            bands[band][0] += right
            bands[band][1] += 1

    print(
        f"\n{platform.node()} {platform.machine()} {os.cpu_count()} cores, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {os.getloadavg()[0]:.2f}"
    )
    print(f"{'kind':<12}{'kb ask':>8}{'baseline':>10}{'total':>7}")
    totals = [0, 0, 0]
    for kind, (ok, plain_ok, total) in per_kind.items():
        print(f"{kind:<12}{ok:>8}{plain_ok:>10}{total:>7}")
        totals = [totals[0] + ok, totals[1] + plain_ok, totals[2] + total]
    print(f"{'all':<12}{totals[0]:>8}{totals[1]:>10}{totals[2]:>7}")
    for name, values in timings.items():
        print(
            f"{name}: p50 {1000 * statistics.median(values):.0f} ms, "
            f"p95 {1000 * _percentile(values, 0.95):.0f} ms, max {1000 * max(values):.0f} ms"
        )
    print("slowest kb ask questions:")
    for took, text in sorted(slowest, reverse=True)[:3]:
        print(f"  {1000 * took:.0f} ms  {text}")
    print("kb ask confidence bands (answers, not abstentions): share right")
    for (low, high), (ok, total) in bands.items():
        share = f"{100 * ok / total:.0f} %" if total else "-"
        print(f"  [{low:.1f}, {min(high, 1.0):.1f}): {ok}/{total} right ({share})")
    print(f"abstentions: {abstained[1]}, of which {abstained[0]} on unanswerable questions")
    print(json.dumps({"kb_ask": totals[0], "baseline": totals[1], "questions": totals[2]}))


if __name__ == "__main__":
    main()
