"""Extraction accuracy against human coding: FA-KES, UCDP GED and WikiEvents.

    .venv/bin/python bench/run_eval.py [--dataset fakes|ucdp|wikievents|all] [--json OUT.json]
                                   [--worst N] [--limit N] [--corpus DIR] [--seeds DIR]
                                   [--wikievents-split test|dev]

Prints a table per dataset and the N worst failures (article id, gold vs ours, sentence);
``--json`` writes the same to a file. The corpus is read from ../shared/corpus beside the
checkout; nothing from it is written into the repository. Scoring rules are documented in
the modules under bench/eval/.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATASETS = ("fakes", "ucdp", "wikievents")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", choices=(*DATASETS, "all"), default="all")
    parser.add_argument("--json", type=Path, help="write the results as JSON to this file")
    parser.add_argument("--worst", type=int, default=10, help="failures to list per dataset")
    parser.add_argument("--limit", type=int, help="score only the first N articles/documents")
    parser.add_argument(
        "--wikievents-split",
        choices=("test", "dev"),
        default="test",
        help="WikiEvents split to score (dev: the 20 documents the argument rules were tuned on)",
    )
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> list:
    """Evaluate the chosen datasets in a fixed order, sharing one extractor."""
    from bench.eval import fakes, ucdp, wikievents

    chosen = DATASETS if args.dataset == "all" else (args.dataset,)
    results = []
    for name in chosen:
        if name == "fakes":
            results.append(fakes.evaluate(args.corpus, args.limit))
        elif name == "ucdp":
            results.append(ucdp.evaluate(args.corpus, args.seeds))
        else:
            results.append(wikievents.evaluate(args.corpus, args.limit, args.wikievents_split))
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.corpus.exists():
        print(f"Error: no corpus at {args.corpus} (pass --corpus)", file=sys.stderr)
        return 1
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from bench.eval.report import render, to_json

    results = run(args)
    print(render(results, args.worst))
    if args.json:
        args.json.write_text(json.dumps(to_json(results, args.worst), indent=2) + "\n")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
