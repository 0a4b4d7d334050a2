"""An index written when entity labels were embedded too still loads: its label vectors are
dropped on load and from disk at the next save, and its sentences are found as before."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from kb.vectors import MANIFEST_FILE, VectorIndex

DIM = 8


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.normal(size=(n, DIM))
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype("float32")


def _old_index(folder: Path) -> tuple[np.ndarray, np.ndarray]:
    """Three sentences of one article plus two label vectors, saved as the old code saved them:
    entries of kind "label" and a "labels" map in the manifest."""
    rng = np.random.default_rng(7)
    sentences, labels = _unit(rng, 3), _unit(rng, 2)
    index = VectorIndex(folder, "test-model", DIM)
    index.put_article("urn:a", "h", [(f"urn:a/s{i}", f"text {i}") for i in range(3)], sentences)
    ids = index._add([("urn:e1", "label", None), ("urn:e2", "label", None)], labels)
    index.save()
    manifest = folder / MANIFEST_FILE
    meta = json.loads(manifest.read_text(encoding="utf-8"))
    meta["labels"] = {"urn:e1|One": ids[0], "urn:e2|Two": ids[1]}
    manifest.write_text(json.dumps(meta), encoding="utf-8")
    return sentences, labels


def test_an_index_with_label_vectors_loads_without_them(tmp_path: Path) -> None:
    folder = tmp_path / "vectors"
    sentences, labels = _old_index(folder)
    index = VectorIndex(folder, "test-model", DIM)
    assert index.size == 4  # three sentences and the article's mean
    assert {kind for _, kind, _ in index.entries.values()} == {"sentence", "article"}
    assert index.has_article("urn:a", "h")
    assert index.search(labels[0], k=3)[0].iri.startswith("urn:a/s")
    assert index.search(sentences[1], k=1)[0].iri == "urn:a/s1"
    assert np.allclose(index.sentence_vector("urn:a/s2"), sentences[2])
    index.save()
    meta = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert "labels" not in meta and meta["ntotal"] == 4
    assert VectorIndex(folder, "test-model", DIM).size == 4
