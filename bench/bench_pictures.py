"""Time to draw each picture for the whole corpus: records from the store, then the PNG.

Ingests ../shared/corpus/articles (66 articles) into a temporary KB_HOME (or uses --home if it
already holds them), links each place once (the linker's own cost, printed apart), then for
each place and picture kind times the records (SPARQL + assembly) and the PNG (matplotlib),
``--runs`` times after one warm-up, and prints the median and the worst.

    python bench/bench_pictures.py                      # corpus, places Idlib, Hama, Syria
    python bench/bench_pictures.py --home /tmp/kb --places Idlib "Khan Sheikhoun" --runs 5
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "articles"
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", help="a KB_HOME that already holds the corpus")
    parser.add_argument("--places", nargs="+", default=["Idlib", "Hama", "Syria"])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from kb.api import KnowledgeBase
    from kb.config import Settings
    from kb.pictures import KINDS, draw_png

    home = Path(args.home or tempfile.mkdtemp(prefix="bench-pictures-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_SPARQL")}
    kb = KnowledgeBase(Settings(**{**Settings.from_env(env).__dict__, "home": home}))
    if not args.home:
        if not CORPUS.exists():
            sys.exit(f"no corpus at {CORPUS}")
        t = time.perf_counter()
        report = kb.ingest([str(CORPUS)])
        print(f"ingested {report.articles} articles in {time.perf_counter() - t:.1f} s")
    print(
        f"machine: {platform.node()} {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores; python {platform.python_version()}"
    )
    print("| place | picture | items | records p50 / max | PNG p50 / max |")
    print("|---|---|---|---|---|")
    for place in args.places:
        t = time.perf_counter()
        kb.picture("control", place)  # warms the linker (spaCy) and the store
        first = time.perf_counter() - t
        for kind in KINDS:
            records, drawing = [], []
            for run in range(args.runs + 1):
                t = time.perf_counter()
                chart = kb.picture(kind, place)
                t1 = time.perf_counter()
                draw_png(chart)
                t2 = time.perf_counter()
                if run:
                    records.append(t1 - t)
                    drawing.append(t2 - t1)
            items = _items(chart)
            print(f"| {place} | {kind} | {items} | {_ms(records)} | {_ms(drawing)} |")
        print(f"| {place} | (first call, incl. loading the linker) | | {first * 1000:.0f} ms | |")
    kb.close()


def _items(chart: object) -> str:
    if hasattr(chart, "bands"):
        return f"{len(chart.claims)} claims, {len(chart.bands)} bands"
    if hasattr(chart, "incidents"):
        return f"{len(chart.incidents)} incidents"
    return f"{len(chart.points)} points, {len(chart.unplaced)} unplaced"


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} / {max(values) * 1000:.0f} ms"


if __name__ == "__main__":
    main()
