"""Past a size the vector index becomes approximate (IVF), keeps what it holds across a save
and a reload, still removes an article, and finds what the flat index finds: recall@10 >= 0.95
on real embeddings of sentences written for this test, among generated neighbours."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from kb.vectors import VectorIndex

SENTENCES = [
    "Rockets struck a bakery queue in the market town on Tuesday morning.",
    "Government aircraft bombed rebel positions in the farmland north of the city.",
    "The monitor said at least seven civilians died in the shelling.",
    "Rebels captured two villages after a night of heavy fighting.",
    "The army announced it had retaken the hilltop overlooking the highway.",
    "A car bomb exploded near a checkpoint, killing four soldiers.",
    "Aid agencies warned that thousands had fled towards the border.",
    "Drones struck a convoy carrying fighters along the desert road.",
    "The ceasefire collapsed within hours as both sides traded artillery fire.",
    "Local medics pulled two children from the rubble of a collapsed shop.",
    "The opposition accused the government of using barrel bombs on the hospital.",
    "Militants ambushed a patrol near the river crossing before dawn.",
]


def test_approximate_index_past_the_threshold(fresh_kb, tmp_path: Path) -> None:
    real = np.asarray(fresh_kb.embedder.encode(SENTENCES), dtype="float32")
    rng = np.random.default_rng(3)
    noisy = real[rng.integers(0, len(real), 3000)] + rng.normal(0, 0.05, (3000, real.shape[1]))
    noisy = (noisy / np.linalg.norm(noisy, axis=1, keepdims=True)).astype("float32")
    index = VectorIndex(tmp_path / "v", "test-model", real.shape[1])
    index.approximate_from = 2000
    for n in range(0, 3000, 20):
        sentences = [(f"urn:a{n}/s{i}", SENTENCES[i % 12]) for i in range(20)]
        index.put_article(f"urn:a{n}", str(n), sentences, noisy[n : n + 20])
    index.put_article(
        "urn:real", "r", [(f"urn:real/s{i}", s) for i, s in enumerate(SENTENCES)], real
    )
    flat_hits = [[h.iri for h in index.search(v, k=10)] for v in real]
    assert not index.approximate
    index.save()
    assert index.approximate
    again = VectorIndex(tmp_path / "v", "test-model", real.shape[1])
    assert again.approximate and again.size == index.size
    found = [[h.iri for h in again.search(v, k=10)] for v in real]
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(flat_hits, found, strict=True)])
    assert recall >= 0.95, recall
    assert [f[0] for f in found] == [f"urn:real/s{i}" for i in range(12)]
    again.remove_article("urn:real")
    assert all(h.article != "urn:real" for h in again.search(real[0], k=10))
    again.clear()
    assert not again.approximate and again.size == 0
