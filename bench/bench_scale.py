"""The ask path as the knowledge base grows: 66 real articles, then 1,000, 10,000, 100,000.

    .venv/bin/python bench/bench_scale.py [--sizes 1000 10000 100000] [--copies 15] [--runs 3]
        [--base DIR] [--work DIR] [--corpus ../shared/corpus/articles]

The 66 corpus articles are ingested once with the real pipeline (spaCy, the real embedding
model): that gives the base knowledge base and the ingest rate. Every larger size is grown from
it by ``bench/scale_data.py`` without running extraction again: each story gets ``--copies``
articles in all (the original and wire copies under other URLs, linked by ikb:sameStoryAs as
ingest links them), and after the first round every story comes back as a *variant* (places
moved to other gazetteer places, figures scaled, dates shifted by weeks) with its own copies.
The graphs are written as N-Quads and bulk-loaded; each new article's sentence vectors are its
source's real vectors under its own IRIs, so the FAISS index has the size it would have.

For each size, in a child process (so peak memory is that size's alone): build seconds and
articles/s, store and index size on disk, triples, peak RSS, then `kb ask` over QUESTIONS with
the model loaded (one warm-up pass, then ``--runs`` passes): p50, p95, max and the slowest
questions. Prints a Markdown table for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

QUESTIONS = [
    "Who controls Idlib?",
    "Who controls Khan Sheikhoun?",
    "Which villages did the jihadists seize?",
    "Which villages did government forces capture in Hama?",
    "How many government loyalists were killed in Hama?",
    "How many civilians were killed in Idlib?",
    "How many children were killed?",
    "Who backs the Syrian government?",
    "Who leads Hayat Tahrir al-Sham?",
    "What happened in Khan Sheikhoun?",
    "What happened in Hama in May 2019?",
    "Who reported the fighting in Tal Maleh?",
    "Who reported that 53 loyalists were killed?",
    "What did Turkey do in Idlib?",
    "How many people died in air strikes?",
    "Who took Kafr Nabudah?",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 1e6


def time_questions(home: Path, runs: int, questions: list[str] = QUESTIONS) -> dict:
    """Each question's times over ``runs`` passes after a warm-up pass, with the model loaded."""
    from kb.api import KnowledgeBase
    from kb.config import Settings

    kb = KnowledgeBase(Settings(home=Path(home)))
    started = time.perf_counter()
    kb.ask("warm up")
    load = time.perf_counter() - started
    for q in questions:
        kb.ask(q)
    times: dict[str, list[float]] = {q: [] for q in questions}
    for _ in range(runs):
        for q in questions:
            t = time.perf_counter()
            kb.ask(q)
            times[q].append(time.perf_counter() - t)
    kb.close()
    return {"load_s": load, "times": times}


def rendered_queries(home: Path, questions: list[str] = QUESTIONS) -> dict[str, str]:
    """The SPARQL each question's answer ran on ``home`` (what ``kb ask`` sends to the store)."""
    from kb.api import KnowledgeBase
    from kb.config import Settings

    kb = KnowledgeBase(Settings(home=Path(home)))
    out = {q: kb.ask(q).sparql for q in questions}
    kb.close()
    return {q: sparql for q, sparql in out.items() if sparql}


def time_sparql(home: Path, queries: dict[str, str], runs: int) -> dict:
    """The template queries alone on the embedded store (one warm-up run each)."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(Path(home) / "graph"))
    times: dict[str, list[float]] = {q: [] for q in queries}
    for _ in range(runs + 1):
        for q, sparql in queries.items():
            t = time.perf_counter()
            list(store.query(sparql, use_default_graph_as_union=True))
            times[q].append(time.perf_counter() - t)
    return {"load_s": 0.0, "times": {q: ts[1:] for q, ts in times.items()}}


def base_kb(corpus: Path, home: Path) -> dict:
    """Ingest the real articles with the real pipeline (once; reused when already there)."""
    from kb.api import KnowledgeBase
    from kb.config import Settings

    if (home / "vectors" / "manifest.json").exists():
        return {}
    kb = KnowledgeBase(Settings(home=home))
    report = kb.ingest([str(corpus)])
    kb.close()
    return {"articles": report.articles, "seconds": report.seconds}


def real_ingest(folder: Path, home: Path, runs: int, workers: int | None = None) -> dict:
    """Ingest ``folder`` with the real pipeline into a new KB (models loaded first, so the rate is
    the pipeline's), then time the questions on it: what a judge does with a corpus of copies."""
    from kb.api import KnowledgeBase
    from kb.config import Settings

    if workers is not None:
        os.environ["KB_INGEST_WORKERS"] = str(workers)
    kb = KnowledgeBase(Settings(home=home))
    kb.extractor, kb.embedder  # noqa: B018 - loaded before the clock starts
    load = os.getloadavg()[0]
    report = kb.ingest([str(folder)])
    stats = kb.stats()
    kb.close()
    asked = time_questions(home, runs)
    all_times = [t for ts in asked["times"].values() for t in ts]
    worst = sorted(asked["times"].items(), key=lambda kv: -max(kv[1]))[:3]
    return {
        "articles": report.articles,
        "copies": report.copies,
        "ingest_s": report.seconds,
        "rate": report.articles / report.seconds,
        "workers": os.environ.get("KB_INGEST_WORKERS", "default"),
        "stories": stats["stories"],
        "incidents": stats["incidents"],
        "quads": stats["triples"],
        "p50_ms": 1000 * percentile(all_times, 0.5),
        "p95_ms": 1000 * percentile(all_times, 0.95),
        "max_ms": 1000 * max(all_times),
        "slowest": [(q, round(1000 * max(ts))) for q, ts in worst],
        "load_at_start": load,
        "load_at_end": os.getloadavg()[0],
    }


def one_size(
    base: Path,
    home: Path,
    size: int,
    copies: int,
    runs: int,
    queries: dict | None = None,
    rebuild: bool = True,
) -> dict:
    """Build one size (or, ``rebuild=False``, reuse the store a former run built) and time it:
    the whole ``kb ask``, or (``queries``) the SPARQL alone."""
    import scale_data

    if rebuild:
        built = scale_data.build(base, home, size, copies, vectors=queries is None)
    else:
        built = json.loads((home / "built.json").read_text(encoding="utf-8"))
    (home / "built.json").write_text(json.dumps(built), encoding="utf-8")
    import pyoxigraph as ox

    store = ox.Store.read_only(str(home / "graph"))
    triples = len(store)
    del store
    asked = time_questions(home, runs) if queries is None else time_sparql(home, queries, runs)
    all_times = [t for ts in asked["times"].values() for t in ts]
    worst = sorted(asked["times"].items(), key=lambda kv: -max(kv[1]))[:3]
    return {
        "articles": built["articles"],
        "build_s": built["seconds"],
        "quads": triples,
        "store_mb": folder_mb(home / "graph"),
        "index_mb": folder_mb(home / "vectors"),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "model_load_s": asked["load_s"],
        "p50_ms": 1000 * percentile(all_times, 0.5),
        "p95_ms": 1000 * percentile(all_times, 0.95),
        "max_ms": 1000 * max(all_times),
        "slowest": [(q, round(1000 * max(ts))) for q, ts in worst],
        "measured": "kb ask" if queries is None else "template SPARQL only",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--copies", type=int, default=15)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/articles")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kb-bench-scale"))
    parser.add_argument("--base", type=Path, default=None, help="an ingested base KB to reuse")
    parser.add_argument(
        "--sparql-only",
        type=int,
        nargs="*",
        default=[],
        help="sizes built without vectors, timing the template SPARQL alone",
    )
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument(
        "--real", type=Path, default=None, help="ingest this folder for real, then time questions"
    )
    parser.add_argument("--workers", type=int, default=None, help="extraction processes")
    parser.add_argument(
        "--ask-only",
        action="store_true",
        help="re-time the stores a former run left in --work instead of building them again",
    )
    args = parser.parse_args()
    if args.real is not None:
        import shutil

        home = args.work / "real"
        shutil.rmtree(home, ignore_errors=True)
        print(json.dumps(real_ingest(args.real, home, args.runs, args.workers)))
        return
    base = args.base or args.work / "base"
    if args.one is not None:
        home = args.work / f"kb{args.one}"
        queries = None
        if args.one in args.sparql_only:
            queries = json.loads((args.work / "queries.json").read_text(encoding="utf-8"))
        row = one_size(
            base, home, args.one, args.copies, args.runs, queries, rebuild=not args.ask_only
        )
        print(json.dumps(row))
        return
    args.work.mkdir(parents=True, exist_ok=True)
    ingested = base_kb(args.corpus, base)
    if ingested:
        print(f"base: {ingested['articles']} articles ingested in {ingested['seconds']:.1f} s")
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    base_times = time_questions(base, args.runs)
    if args.sparql_only:
        queries = rendered_queries(base)
        (args.work / "queries.json").write_text(json.dumps(queries), encoding="utf-8")
    rows = []
    for size in args.sizes:
        load = os.getloadavg()[0]
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                str(size),
                "--copies",
                str(args.copies),
                "--runs",
                str(args.runs),
                "--work",
                str(args.work),
                "--base",
                str(base),
                "--sparql-only",
                *map(str, args.sparql_only),
                *(["--ask-only"] if args.ask_only else []),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        row["load"] = load
        rows.append(row)
        print(json.dumps(row), flush=True)
    times = [t for ts in base_times["times"].values() for t in ts]
    print(
        "\n| articles | build (bulk) | quads | store | index | peak RSS | ask p50 | p95 | max | slowest | load |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print(
        f"| 66 (ingested) | | | {folder_mb(base / 'graph'):.0f} MB | {folder_mb(base / 'vectors'):.0f} MB | | "
        f"{1000 * percentile(times, 0.5):.0f} ms | {1000 * percentile(times, 0.95):.0f} ms | {1000 * max(times):.0f} ms | | |"
    )
    for r in rows:
        slow = "; ".join(f"{q} {ms} ms" for q, ms in r["slowest"])
        print(
            f"| {r['articles']:,} | {r['build_s']:.0f} s ({r['articles'] / r['build_s']:.0f}/s) | {r['quads']:,} | "
            f"{r['store_mb']:.0f} MB | {r['index_mb']:.0f} MB | {r['peak_rss_mb']:.0f} MB | {r['p50_ms']:.0f} ms | "
            f"{r['p95_ms']:.0f} ms | {r['max_ms']:.0f} ms | {slow} | {r['load']:.1f} |"
        )


if __name__ == "__main__":
    main()
