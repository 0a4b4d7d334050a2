"""Approximate vector search against the flat index, on real embeddings.

    .venv/bin/python bench/bench_vectors.py [--sentences 12000] [--total 200000 1000000] [--queries 300]

Real vectors: sentences of the corpus articles and of the FA-KES articles in ../shared/corpus
(cut at full stops), embedded with the packaged all-MiniLM-L6-v2 through kb's embedder; the
embedding rate is printed. Generated vectors fill each index up to ``--total``: a real vector
plus Gaussian noise (sigma 0.05 a dimension, so cosine about 0.7 to the real vector it came
from), normalised, so they sit in the regions of the space real sentences occupy. Queries are
held-out real sentences. For each size: the flat index (what kb uses), HNSW (M=32) at several
efSearch and IVF-Flat (nlist = 4 sqrt(N)) at several nprobe: build seconds, memory per vector,
search milliseconds a query and recall@10 against the flat index's top 10.

``--as-kb`` measures instead what kb/vectors.py holds at each size: no HNSW, one IVF-Flat index
trained once when the store crossed ``APPROXIMATE_FROM`` vectors (nlist = 4 sqrt of that, the
sample drawn from the vectors it had then) and never retrained, every vector added to it, and
kb's nprobe.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"


def real_sentences(limit: int) -> list[str]:
    out: list[str] = []
    for path in sorted((CORPUS / "articles").glob("*.txt")):
        body = path.read_text(encoding="utf-8").split("\n\n", 1)[-1]
        out += [s.strip() for s in body.replace("\n", " ").split(". ") if len(s.split()) > 4]
    csv.field_size_limit(10**8)
    fakes = CORPUS / "events" / "fakes_FA-KES_syria_2011-2018.csv"
    with open(fakes, encoding="utf-8", errors="replace") as fh:
        for row in csv.DictReader(fh):
            out += [s.strip() for s in row["article_content"].split(". ") if len(s.split()) > 4]
            if len(out) >= limit:
                break
    return list(dict.fromkeys(out))[:limit]


def recall(truth: np.ndarray, found: np.ndarray) -> float:
    return float(
        np.mean([len(set(t) & set(f)) / len(t) for t, f in zip(truth, found, strict=True)])
    )


def main() -> None:
    import faiss

    from kb.embed import load_embedder

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=12000)
    parser.add_argument("--total", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--as-kb", action="store_true", help="kb's own IVF set-up only")
    args = parser.parse_args()
    faiss.omp_set_num_threads(1)
    faiss.cvar.distance_compute_blas_threshold = 4
    texts = real_sentences(args.sentences + args.queries)
    embedder = load_embedder("packaged:all-MiniLM-L6-v2", 1, "auto")
    started = time.perf_counter()
    vectors = np.asarray(embedder.encode(texts), dtype="float32")
    rate = len(texts) / (time.perf_counter() - started)
    print(f"embedded {len(texts)} real sentences at {rate:.0f}/s (load {os.getloadavg()[0]:.1f})")
    queries, real = vectors[: args.queries], vectors[args.queries :]
    rng = np.random.default_rng(15)
    for total in args.total:
        base = real[rng.integers(0, len(real), total - len(real))]
        noisy = base + rng.normal(0, 0.05, base.shape).astype("float32")
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        data = np.vstack([real, noisy]).astype("float32")
        flat = faiss.IndexFlatIP(data.shape[1])
        flat.add(data)
        t = time.perf_counter()
        _, truth = flat.search(queries, 10)
        flat_ms = 1000 * (time.perf_counter() - t) / len(queries)
        print(f"\n{total:,} vectors ({len(real):,} real), load {os.getloadavg()[0]:.1f}")
        print(f"flat: {flat_ms:.2f} ms/query, {4 * data.shape[1]} bytes/vector")
        if args.as_kb:
            as_kb(data, queries, truth, rng)
            continue
        t = time.perf_counter()
        hnsw = faiss.IndexHNSWFlat(data.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = 40
        hnsw.add(data)
        build = time.perf_counter() - t
        per = 4 * data.shape[1] + 32 * 2 * 4 * 1.05
        for ef in (32, 64, 128):
            hnsw.hnsw.efSearch = ef
            ms, found = timed_search(hnsw, queries)
            print(
                f"hnsw M=32 ef={ef}: build {build:.0f} s, ~{per:.0f} bytes/vector, {ms:.2f} ms/query, recall@10 {recall(truth, found):.3f}"
            )
        nlist = int(4 * np.sqrt(total))
        t = time.perf_counter()
        quantizer = faiss.IndexFlatIP(data.shape[1])
        ivf = faiss.IndexIVFFlat(quantizer, data.shape[1], nlist, faiss.METRIC_INNER_PRODUCT)
        ivf.train(data[rng.choice(len(data), min(len(data), 40 * nlist), replace=False)])
        ivf.add(data)
        build = time.perf_counter() - t
        for nprobe in (8, 16, 32, 64):
            ivf.nprobe = nprobe
            ms, found = timed_search(ivf, queries)
            print(
                f"ivf nlist={nlist} nprobe={nprobe}: build {build:.0f} s, ~{4 * data.shape[1] + 8} bytes/vector, {ms:.2f} ms/query, recall@10 {recall(truth, found):.3f}"
            )


def timed_search(index: object, queries: np.ndarray) -> tuple[float, np.ndarray]:
    """Milliseconds a query and the ids of each query's top 10."""
    t = time.perf_counter()
    _, found = index.search(queries, 10)
    return 1000 * (time.perf_counter() - t) / len(queries), found


def as_kb(
    data: np.ndarray, queries: np.ndarray, truth: np.ndarray, rng: np.random.Generator
) -> None:
    """kb's index at this size: trained at the crossover on the vectors held then, grown since."""
    import faiss

    from kb.vectors import APPROXIMATE_FROM, _nprobe

    faiss.omp_set_num_threads(os.cpu_count() or 1)
    crossover = min(len(data), APPROXIMATE_FROM)
    nlist = int(4 * np.sqrt(crossover))
    t = time.perf_counter()
    ivf = faiss.IndexIVFFlat(
        faiss.IndexFlatIP(data.shape[1]), data.shape[1], nlist, faiss.METRIC_INNER_PRODUCT
    )
    ivf.train(data[np.sort(rng.choice(crossover, min(crossover, 40 * nlist), replace=False))])
    trained = time.perf_counter() - t
    ivf.add(data)
    built = time.perf_counter() - t
    faiss.omp_set_num_threads(1)
    for nprobe in sorted({64, _nprobe(nlist), 2 * _nprobe(nlist)}):
        ivf.nprobe = nprobe
        ms, found = timed_search(ivf, queries)
        print(
            f"kb's ivf nlist={nlist} (trained on {min(crossover, 40 * nlist):,} of the first "
            f"{crossover:,}) nprobe={nprobe}{' (kb)' if nprobe == _nprobe(nlist) else ''}: "
            f"train {trained:.0f} s, train+add {built:.0f} s, {ms:.2f} ms/query, "
            f"recall@10 {recall(truth, found):.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
