"""Near-duplicate articles: the same wire story printed by several outlets is one report.

Candidates come from the FAISS index (each article's mean sentence vector is stored as an
"article" entry); a candidate is confirmed by word 5-gram shingle overlap, which embeddings
alone cannot guarantee (two reports of one battle read alike without sharing text).
"""

from __future__ import annotations

import re

import numpy as np

CANDIDATE_SIMILARITY = 0.85
SHINGLE_OVERLAP = 0.35
_WORD = re.compile(r"[a-z0-9]+")


def shingles(text: str, k: int = 5) -> set[int]:
    words = _WORD.findall(text.lower())
    return {hash(" ".join(words[i : i + k])) for i in range(max(1, len(words) - k + 1))}


def containment(a: set[int], b: set[int]) -> float:
    """Share of the shorter text's shingles found in the other: an excerpt of a story still counts."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def article_vector(sentence_vectors: np.ndarray) -> np.ndarray | None:
    if len(sentence_vectors) == 0:
        return None
    mean = sentence_vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm).astype("float32") if norm else None


def same_story(
    text: str, vector: np.ndarray | None, index: object, texts_of: callable, exclude: str
) -> list[str]:
    """Stored articles that carry the same story as ``text``."""
    if vector is None:
        return []
    mine = shingles(text)
    out = []
    for hit in index.search(vector, k=5, kind="article"):
        if hit.iri == exclude or hit.score < CANDIDATE_SIMILARITY:
            continue
        if containment(mine, shingles(texts_of(hit.iri))) >= SHINGLE_OVERLAP:
            out.append(hit.iri)
    return out
