"""Slack bot latency: from a signed app_mention POST to the answer's chat.postMessage arriving at
a local fake Slack, on a knowledge base built from the corpus articles.

    .venv/bin/python bench/bench_bot.py [--corpus ../shared/corpus/articles] [--home DIR] [--record]

The bot is the real one (build_app + the uvicorn server of ``kb bot --http``) on 127.0.0.1; the
fake Slack is tests/slack_fake.py. Questions go one at a time (what a user sees), then as a burst
of ten at once (what a busy channel sees: answers are serialised). ``kb.ask`` alone is timed on
the same questions so the bot's own overhead shows. ``--record`` rewrites the "## Slack bot"
section of bench/RESULTS.md and leaves the other sections alone.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from slack_fake import SIGNING_SECRET, FakeSlack, app_mention, event_callback, post_json  # noqa: E402

from bot.app import build_app  # noqa: E402
from bot.http_server import http_server  # noqa: E402
from bot.runner import warm_up  # noqa: E402
from bot.settings import BotSettings  # noqa: E402
from kb.api import KnowledgeBase  # noqa: E402
from kb.config import Settings  # noqa: E402

QUESTIONS = [
    "Who controls Idlib?",
    "Who controls Khan Sheikhoun?",
    "Who controls Maarat al-Numan?",
    "Who controls Saraqeb?",
    "Who controls Hama?",
    "Which villages did the jihadists seize?",
    "Which villages did government forces capture in Hama?",
    "Who took Kafr Nabudah?",
    "Who seized Tal Maleh?",
    "How many government loyalists were killed?",
    "How many civilians were killed in Idlib?",
    "How many children were killed?",
    "How many people died in air strikes?",
    "How many soldiers were killed by the Islamic State?",
    "How many fighters were killed in Hama in June 2019?",
    "Who backs the Syrian government?",
    "Who leads Hayat Tahrir al-Sham?",
    "Who is allied with Russia?",
    "What happened in Khan Sheikhoun?",
    "What happened in Hama in June 2019?",
    "What happened in Saraqeb?",
    "What happened in Al-Bara?",
    "What did Turkey do in Idlib?",
    "What did Hurras al-Deen do in Sahl al-Ghab?",
    "Who reported the fighting in Tal Maleh?",
    "Who reported the air strikes on Maarat al-Numan?",
    "Is there a buffer zone in Idlib?",
    "Were there car bombs in Iraq?",
    "who controls idlib",
    "What happened in Jisr al-Shughur?",
]
SECTION = "## Slack bot"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def build_kb(corpus: Path, home: Path) -> tuple[KnowledgeBase, str]:
    kb = KnowledgeBase(Settings(home=home))
    started = time.perf_counter()
    report = kb.ingest([str(corpus)])
    return kb, f"{report.summary()} (ingest {time.perf_counter() - started:.0f} s)"


def start_bot(kb: KnowledgeBase, slack: FakeSlack) -> tuple[str, object]:
    settings = BotSettings(
        bot_token=slack.bot_token, signing_secret=SIGNING_SECRET, api_url=slack.api_url
    )
    server = http_server(build_app(kb, settings), "127.0.0.1", 0)
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    return f"http://127.0.0.1:{port}/slack/events", server


def one(url: str, slack: FakeSlack, n: int, question: str) -> tuple[float, float]:
    """Seconds to the HTTP acknowledgement and to the answer reaching chat.postMessage."""
    channel, ts = f"CBENCH{n:04d}", f"{1_700_000_000 + n}.000100"
    started = time.perf_counter()
    response = post_json(url, event_callback(app_mention(question, channel, ts), f"EvB{n:06d}"))
    acked = time.perf_counter() - started
    assert response.status_code == 200, response.text
    reply = slack.wait_for("chat.postMessage", timeout=120, channel=channel)
    return acked, reply.at - started


def summary(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"| {name} | {len(ms)} | {percentile(ms, 0.5):.0f} | {percentile(ms, 0.95):.0f} "
        f"| {statistics.mean(ms):.0f} | {max(ms):.0f} |"
    )


def measure(kb: KnowledgeBase, url: str, slack: FakeSlack) -> list[str]:
    sequential = [one(url, slack, n, q) for n, q in enumerate(QUESTIONS)]
    with ThreadPoolExecutor(10) as pool:
        burst = list(pool.map(lambda n: one(url, slack, 1000 + n, QUESTIONS[n])[1], range(10)))
    direct = []
    for question in QUESTIONS:
        started = time.perf_counter()
        kb.ask(question)
        direct.append(time.perf_counter() - started)
    slowest = sorted(zip(direct, QUESTIONS, strict=True), reverse=True)[:3]
    return [
        "| measure (ms) | n | p50 | p95 | mean | max |",
        "| --- | --- | --- | --- | --- | --- |",
        summary("event POST -> chat.postMessage, one at a time", [t for _, t in sequential]),
        summary("event POST -> HTTP 200 acknowledgement", [a for a, _ in sequential]),
        summary("burst of 10 mentions at once, each to its answer", burst),
        summary("`kb.ask` alone, same questions", direct),
        "",
        "Slowest in `kb.ask` alone: " + "; ".join(f"{q!r} {t:.1f} s" for t, q in slowest) + ".",
    ]


def record(lines: list[str]) -> None:
    """Replace (or add) the "## Slack bot" section of bench/RESULTS.md, nothing else."""
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    block = "\n".join([SECTION, "", *lines]) + "\n"
    if SECTION in text:
        head, rest = text.split(SECTION, 1)
        tail = rest[rest.index("\n## ") + 1 :] if "\n## " in rest else ""
        text = head + block + ("\n" + tail if tail else "")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "articles"))
    parser.add_argument("--home", type=Path, help="an existing KB_HOME to reuse (else a temp one)")
    parser.add_argument("--record", action="store_true", help="write bench/RESULTS.md")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"skipped: {corpus} is absent")
        return
    scratch = None if args.home else tempfile.mkdtemp(prefix="bench-bot-")
    kb, built = build_kb(corpus, args.home or Path(scratch) / "kb")
    started = time.perf_counter()
    warm_up(kb)
    warm = time.perf_counter() - started
    slack = FakeSlack().start()
    url, server = start_bot(kb, slack)
    try:
        table = measure(kb, url, slack)
    finally:
        server.should_exit = True
        slack.stop()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lines = [
        f"Measured {date.today().isoformat()} on {machine} ({platform.platform()}).",
        f"Knowledge base: {corpus.name} of the shared corpus, {built}; warm-up {warm:.1f} s.",
        "Bot: `build_app` + the `kb bot --http` server on 127.0.0.1, Web API = tests/slack_fake.py",
        "on 127.0.0.1; signed `app_mention` events; time to the answer's `chat.postMessage`.",
        "",
        *table,
        "",
        "Answers are serialised (kb/gate.py), so in a burst the n-th answer waits for n-1 others.",
        "Command: `.venv/bin/python bench/bench_bot.py --record`.",
    ]
    print("\n".join(lines))
    if args.record:
        record(lines)
    kb.close()
    if scratch:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
