"""Sentence vectors in FAISS, keyed by the graph's sentence IRIs (``kb.rdf.iris.sentence_iri``),
plus one mean vector per article for finding the same story in other outlets.

The graph is the source of truth; this index can always be rebuilt from it (``kb reindex``),
and ``sync`` brings it in line after a crash. Like llm's embeddings store it records which model
built it and refuses to mix models. Files are replaced atomically: index first, then the
manifest that names its size, so a torn write is detected rather than trusted.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kb.errors import ModelError

INDEX_FILE = "index.faiss"
# Past this many vectors the flat index (exact; 1.5 KB a vector, a search reads them all: 0.28 s
# at 180,000 vectors under load) becomes an inverted-file index (IVF-Flat, inner product):
# nlist = 4 sqrt(N) clusters, of which the share PROBE (at least 64) is searched. Measured by
# bench/bench_vectors.py against the flat index at 200,000 vectors (real embeddings plus
# generated neighbours): nprobe 32 of 1,788 lists gave recall@10 0.924, 64 gave 0.962 at 17 ms a
# query under load 6 (flat 34 ms). HNSW was better (ef 64: 0.971 at 1.9 ms) but cannot remove
# vectors, which replacing an article needs.
APPROXIMATE_FROM = 400_000
PROBE = 0.036
MANIFEST_FILE = "manifest.json"


def manifest_dim(folder: Path) -> int | None:
    manifest = Path(folder) / MANIFEST_FILE
    if not manifest.exists():
        return None
    try:
        return int(json.loads(manifest.read_text(encoding="utf-8"))["dim"])
    except (ValueError, KeyError):
        return None


def _nprobe(nlist: int) -> int:
    return min(nlist, max(64, int(np.ceil(PROBE * nlist))))


@dataclass
class Hit:
    iri: str
    kind: str  # "sentence" | "article"
    score: float
    article: str | None


class VectorIndex:
    def __init__(self, folder: Path, model: str, dim: int) -> None:
        import faiss

        faiss.omp_set_num_threads(1)
        faiss.cvar.distance_compute_blas_threshold = 4
        self.folder = Path(folder)
        self.model = model
        self.dim = dim
        self.index = self._flat()
        self.approximate_from = APPROXIMATE_FROM
        self.entries: dict[int, tuple[str, str, str | None]] = {}  # id -> (iri, kind, article)
        self.articles: dict[str, dict] = {}  # article iri -> {"hash", "ids"}
        self.next_id = 1
        self._ids_by_iri: dict[str, int] | None = None  # built on first lookup, dropped on change
        self._load()
        from kb.syndication import StoryIndex

        self.stories = StoryIndex(self.folder)  # near-duplicate articles, kept beside the vectors

    # persistence -----------------------------------------------------------------------------
    def _load(self) -> None:
        import faiss

        manifest = self.folder / MANIFEST_FILE
        if not manifest.exists():
            return
        try:
            meta = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # a torn manifest: start empty, sync() rebuilds from the graph
        if meta.get("model") != self.model:
            raise ModelError(
                f"the vector index in {self.folder} was built with {meta.get('model')!r}, not {self.model!r}; "
                "run `kb reindex` to rebuild it with the current model"
            )
        try:
            index = faiss.read_index(str(self.folder / INDEX_FILE))
        except RuntimeError:
            return  # missing or truncated index file: rebuilt from the graph
        if index.ntotal != meta.get("ntotal"):
            return  # torn write: start empty, sync() rebuilds from the graph
        self.index = index
        if self.approximate:
            ivf = faiss.extract_index_ivf(index)
            ivf.nprobe = _nprobe(ivf.nlist)
        self.entries = {int(k): tuple(v) for k, v in meta["entries"].items()}
        self.articles = meta["articles"]
        self.next_id = meta["next_id"]
        self._drop_labels()

    def _drop_labels(self) -> None:
        """Older indexes also hold entity-label vectors, which nothing ever searched: take them
        out so they fill no place among a search's candidates (the next save drops them from
        disk)."""
        labels = [i for i, entry in self.entries.items() if entry[1] == "label"]
        if labels:
            self.index.remove_ids(np.asarray(labels, dtype="int64"))
            for i in labels:
                del self.entries[i]

    def _flat(self) -> object:
        import faiss

        return faiss.IndexIDMap2(faiss.IndexFlatIP(self.dim))

    @property
    def approximate(self) -> bool:
        import faiss

        return isinstance(faiss.downcast_index(self.index), faiss.IndexIVF)

    def _approximate(self) -> None:
        """Move every vector, with its id, from the flat index into a trained IVF index."""
        import faiss

        n = int(self.index.ntotal)
        ids = faiss.vector_to_array(self.index.id_map).astype("int64")
        vectors = self.index.index.reconstruct_n(0, n)
        nlist = int(4 * np.sqrt(n))
        ivf = faiss.IndexIVFFlat(
            faiss.IndexFlatIP(self.dim), self.dim, nlist, faiss.METRIC_INNER_PRODUCT
        )
        sample = np.random.default_rng(15).choice(n, min(n, 40 * nlist), replace=False)
        ivf.train(vectors[np.sort(sample)])
        ivf.set_direct_map_type(faiss.DirectMap.Hashtable)  # remove_ids and reconstruct by id
        ivf.add_with_ids(vectors, ids)
        ivf.nprobe = _nprobe(nlist)
        self.index = ivf

    def save(self) -> None:
        import faiss

        if not self.approximate and self.index.ntotal >= self.approximate_from:
            self._approximate()
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp_index = self.folder / (INDEX_FILE + ".tmp")
        faiss.write_index(self.index, str(tmp_index))
        os.replace(tmp_index, self.folder / INDEX_FILE)
        meta = {
            "model": self.model,
            "dim": self.dim,
            "ntotal": int(self.index.ntotal),
            "next_id": self.next_id,
            "entries": {str(k): list(v) for k, v in self.entries.items()},
            "articles": self.articles,
        }
        tmp_meta = self.folder / (MANIFEST_FILE + ".tmp")
        tmp_meta.write_text(json.dumps(meta), encoding="utf-8")
        os.replace(tmp_meta, self.folder / MANIFEST_FILE)
        self.stories.save()

    # changes -----------------------------------------------------------------------------------
    def has_article(self, article: str, content_hash: str) -> bool:
        return self.articles.get(article, {}).get("hash") == content_hash

    def put_article(
        self,
        article: str,
        content_hash: str,
        sentences: list[tuple[str, str]],
        vectors: np.ndarray,
        text: str | None = None,
    ) -> None:
        """Replace an article's sentence vectors, plus their mean as the article's own vector
        (used to find the same story in other outlets). ``sentences`` are (sentence iri, text);
        ``text``: the whole text for the story index when ``sentences`` are not all of it (a
        wire copy keeps only the sentences its story lacks)."""
        from kb.syndication import article_vector

        self.remove_article(article)
        ids = self._add([(iri, "sentence", article) for iri, _ in sentences], vectors)
        mean = article_vector(vectors)
        if mean is not None:
            ids += self._add([(article, "article", article)], mean.reshape(1, -1))
        self.articles[article] = {"hash": content_hash, "ids": ids}
        self.stories.add(article, text if text is not None else " ".join(t for _, t in sentences))

    def remove_article(self, article: str) -> None:
        self._ids_by_iri = None
        self.stories.remove(article)
        old = self.articles.pop(article, None)
        if old and old["ids"]:
            self.index.remove_ids(np.asarray(old["ids"], dtype="int64"))
            for i in old["ids"]:
                self.entries.pop(i, None)

    def _add(self, items: list[tuple[str, str, str | None]], vectors: np.ndarray) -> list[int]:
        if not items:
            return []
        self._ids_by_iri = None
        ids = list(range(self.next_id, self.next_id + len(items)))
        self.next_id += len(items)
        self.index.add_with_ids(
            np.ascontiguousarray(vectors, dtype="float32"), np.asarray(ids, dtype="int64")
        )
        for i, item in zip(ids, items, strict=True):
            self.entries[i] = item
        return ids

    def clear(self) -> None:
        self._ids_by_iri = None
        self.index = self._flat()  # a rebuild starts exact; save() re-trains past the threshold
        self.entries.clear()
        self.articles.clear()
        self.stories.clear()

    # search --------------------------------------------------------------------------------------
    def search(self, vector: np.ndarray, k: int = 10, kind: str = "sentence") -> list[Hit]:
        if self.index.ntotal == 0:
            return []
        want = min(self.index.ntotal, max(k * 4, 32))
        scores, ids = self.index.search(np.asarray(vector, dtype="float32").reshape(1, -1), want)
        hits = []
        for score, i in zip(scores[0], ids[0], strict=True):
            entry = self.entries.get(int(i))
            if entry is None or entry[1] != kind:
                continue
            hits.append(Hit(entry[0], entry[1], float(score), entry[2]))
            if len(hits) >= k:
                break
        return hits

    def sentence_vector(self, iri: str) -> np.ndarray | None:
        """The stored vector of one sentence (for scoring sentences SPARQL found), or None."""
        if self._ids_by_iri is None:
            self._ids_by_iri = {entry[0]: i for i, entry in self.entries.items()}
        found = self._ids_by_iri.get(iri)
        if found is None:
            return None
        try:
            return self.index.reconstruct(int(found))
        except RuntimeError:
            return None

    @property
    def size(self) -> int:
        return int(self.index.ntotal)
