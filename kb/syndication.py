"""Near-duplicate articles: the same wire story printed by several outlets is one report.

Candidates come from a MinHash LSH index over word 5-gram shingles (datasketch), so finding the
stored copies of a new article costs a few hash-table look-ups whatever the number of stored
articles, not a comparison with each of them. A candidate is confirmed by the exact shingle
containment of the two texts, so an excerpt of a story still counts and two reports of one
battle that read alike without sharing text do not.

The index lives beside the vectors (``stories.pickle``), is written with them and, like them,
is rebuilt from the graph by ``kb reindex``. Before it existed, candidates were the article's
nearest mean sentence vectors in FAISS: at 990 articles the top hits of that search were the
copies' own sentences, so most copies went unlinked.
"""

from __future__ import annotations

import os
import pickle
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

SHINGLE_OVERLAP = 0.35
LSH_THRESHOLD = 0.3  # Jaccard at which a pair is likely a candidate; containment decides
NUM_PERM = 64
MAX_CONFIRM = 12  # copies confirmed a new article: one is enough to join a story
STORIES_FILE = "stories.pickle"
_WORD = re.compile(r"[a-z0-9]+")


def shingles(text: str, k: int = 5) -> set[str]:
    words = _WORD.findall(text.lower())
    return (
        {" ".join(words[i : i + k]) for i in range(max(1, len(words) - k + 1))} if words else set()
    )


def containment(a: set, b: set) -> float:
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


class StoryIndex:
    """Article IRI -> MinHash of its text, in an LSH index; saved atomically as one file."""

    def __init__(self, folder: Path) -> None:
        from datasketch import MinHashLSH

        self.path = Path(folder) / STORIES_FILE
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.keys: set[str] = set()
        if self.path.exists():
            try:
                with open(self.path, "rb") as fh:
                    self.lsh, self.keys = pickle.load(fh)  # our own file, written by save()
            except (OSError, EOFError, pickle.UnpicklingError, ValueError):
                pass  # torn: KnowledgeBase.sync_vectors re-adds what the graph has

    @staticmethod
    def minhash(text: str) -> object:
        from datasketch import MinHash

        m = MinHash(num_perm=NUM_PERM)
        m.update_batch([s.encode("utf-8") for s in sorted(shingles(text))])
        return m

    def add(self, article: str, text: str) -> None:
        self.remove(article)
        if not shingles(text):
            return
        self.lsh.insert(article, self.minhash(text))
        self.keys.add(article)

    def remove(self, article: str) -> None:
        if article in self.keys:
            self.lsh.remove(article)
            self.keys.discard(article)

    def candidates(self, text: str) -> list[str]:
        if not self.keys or not shingles(text):
            return []
        return sorted(self.lsh.query(self.minhash(text)))

    def clear(self) -> None:
        for key in list(self.keys):
            self.remove(key)

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "wb") as fh:
            pickle.dump((self.lsh, self.keys), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)

    def __len__(self) -> int:
        return len(self.keys)


def same_story(
    text: str,
    vector: np.ndarray | None,
    index: object,
    texts_of: Callable[[str], str],
    exclude: str,
    roots_of: Callable[[str], list[str]] | None = None,
) -> list[str]:
    """The stories ``text`` belongs to, as stored articles to link with ikb:sameStoryAs.

    A confirmed copy that is itself linked stands for the articles it links to (``roots_of``),
    so every copy of a story points at the story's first article and grouping needs one hop.
    ``index`` is the VectorIndex, which keeps the StoryIndex; ``vector`` is unused now and kept
    for callers."""
    mine = shingles(text)
    out: list[str] = []
    confirmed = 0
    for iri in index.stories.candidates(text):
        if iri == exclude:
            continue
        if containment(mine, shingles(texts_of(iri))) < SHINGLE_OVERLAP:
            continue
        for root in (roots_of(iri) if roots_of else None) or [iri]:
            if root != exclude and root not in out:
                out.append(root)
        confirmed += 1
        if confirmed >= MAX_CONFIRM:
            break
    return out


SAME_STORY = "https://incident-kb.org/ontology#sameStoryAs"


def stories_of(store: object, articles: list[str] | None = None) -> dict[str, str]:
    """Article IRI -> story id: itself, or the first article of the story it copies (the
    smallest, if it links to several); copies point at that article, so one hop groups them. ``articles=None``:
    every article in the store."""
    if articles is None:
        rows = store.select(
            f"SELECT ?a ?b WHERE {{ ?a a <https://schema.org/NewsArticle> . "
            f"OPTIONAL {{ ?a <{SAME_STORY}> ?b }} }}"
        )
    else:
        if not articles:
            return {}
        values = " ".join(f"<{a}>" for a in sorted(set(articles)))
        rows = store.select(
            f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {values} }} OPTIONAL {{ ?a <{SAME_STORY}> ?b }} }}"
        )
    targets: dict[str, list[str]] = {}
    for r in rows:
        linked = targets.setdefault(str(r["a"]), [])
        if r.get("b") is not None:
            linked.append(str(r["b"]))
    return {a: min(linked) if linked else a for a, linked in targets.items()}
