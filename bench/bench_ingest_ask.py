"""Ingest throughput, `kb ask` latency and `kb ask` start-up time, on the real corpus.

    .venv/bin/python bench/bench_ingest_ask.py [--corpus ../shared/corpus/articles] [--threads N]
        [--backend auto|onnx|torch] [--compare-torch]

--compare-torch also embeds the corpus sentences with the torch backend and prints the mean and
minimum cosine between the two backends' vectors (they must stay the same model's vectors).

Prints figures; copy them with the machine and date into bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.api import KnowledgeBase  # noqa: E402
from kb.config import Settings  # noqa: E402
from kb.embed import Embedder  # noqa: E402
from kb.vocab import IKB  # noqa: E402

QUESTIONS = [
    "Who controls Idlib?",
    "Who controls Khan Sheikhoun?",
    "Who controls Maarat al-Numan?",
    "Which villages did the jihadists seize?",
    "Which villages did government forces capture in Hama?",
    "How many government loyalists were killed?",
    "How many civilians were killed in Idlib?",
    "How many children were killed?",
    "Who backs the Syrian government?",
    "Who leads Hayat Tahrir al-Sham?",
    "What happened in Khan Sheikhoun?",
    "What happened in Hama in June 2019?",
    "Who reported the fighting in Tal Maleh?",
    "What did Turkey do in Idlib?",
    "How many people died in air strikes?",
    "who controls idlib",
    "What happened in Saraqeb?",
    "Who took Kafr Nabudah?",
    "How many soldiers were killed by the Islamic State?",
    "Is there a buffer zone in Idlib?",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "articles"))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backend", choices=["auto", "onnx", "torch"], default="auto")
    parser.add_argument("--compare-torch", action="store_true")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as home:
        settings = Settings(home=Path(home), threads=args.threads)
        kb = KnowledgeBase(settings)
        t = time.perf_counter()
        if args.backend != "auto":
            kb.__dict__["embedder"] = Embedder(settings.embed_model, args.threads, args.backend)
        _ = kb.extractor, kb.embedder  # load models outside the timed ingest
        print(f"model load: {time.perf_counter() - t:.2f} s")
        print(
            f"embedding backend: {kb.embedder.backend} ({kb.embedder.fallback_reason or 'chosen'})"
        )
        report = kb.ingest([args.corpus])
        print(report.summary())
        print(
            f"ingest: {report.articles / report.seconds:.2f} articles/s, "
            f"{report.sentences / report.seconds:.1f} sentences/s"
        )
        rows = kb.store.select(f"SELECT ?t WHERE {{ ?s <{IKB.text}> ?t ; <{IKB.position}> ?p }}")
        sentences = [str(r["t"]) for r in rows]
        t = time.perf_counter()
        vectors = kb.embedder.encode(sentences)
        seconds = time.perf_counter() - t
        print(f"embedding alone: {len(sentences) / seconds:.0f} sentences/s ({len(sentences)})")
        if args.compare_torch:
            reference = Embedder(settings.embed_model, args.threads, "torch").encode(sentences)
            cosine = (vectors * reference).sum(axis=1)
            print(
                f"{kb.embedder.backend} vs torch vectors: mean cosine {cosine.mean():.7f}, "
                f"min {cosine.min():.7f} over {len(sentences)} sentences"
            )
        kb.ask("warm up")
        latencies = []
        for _ in range(args.rounds):
            for q in QUESTIONS:
                t = time.perf_counter()
                kb.ask(q)
                latencies.append((time.perf_counter() - t) * 1000)
        print(
            f"ask latency over {len(latencies)} questions (model loaded): "
            f"p50 {statistics.median(latencies):.1f} ms, p95 {percentile(latencies, 0.95):.1f} ms"
        )
        kb.close()
        env = {**os.environ, "KB_HOME": home}
        starts = []
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run(
                [str(ROOT / ".venv" / "bin" / "kb"), "ask", "Who controls Idlib?"],
                env=env,
                check=True,
                capture_output=True,
            )
            starts.append(time.perf_counter() - t)
        print(f"`kb ask` process, start to answer: median {statistics.median(starts):.2f} s")


if __name__ == "__main__":
    main()
