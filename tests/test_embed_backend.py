"""The ONNX embedding backend gives the torch model's vectors, caches its export, and falls back to
torch when onnxruntime or onnx is missing or the export cannot be made or does not match."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kb.embed import PACKAGED, Embedder, model_path
from kb.errors import ModelError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "articles"

SENTENCES = [
    "Syrian government forces seized the village of Tal Maleh in northern Hama province.",
    "At least 53 people were killed, including 12 children, the Observatory said.",
    "Who controls Idlib?",
    "Hayat Tahrir al-Sham",
    "Russian air strikes hit Khan Sheikhoun overnight. " * 20,  # longer than 128 word pieces
    "Who controls Idlib?",  # the same text twice in one call
    "",
]


def corpus_sentences(limit: int = 300) -> list[str]:
    """Real sentences (paragraph lines cut at full stops) from the shared corpus, else the list above."""
    out: list[str] = []
    for path in sorted(CORPUS.glob("*"))[:20] if CORPUS.is_dir() else []:
        body = path.read_text(encoding="utf-8", errors="replace").split("\n\n", 1)[-1]
        out += [s.strip() + "." for s in body.replace("\n", " ").split(". ") if s.strip()]
    return out[:limit] or SENTENCES


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1)


@pytest.fixture(scope="module")
def torch_embedder() -> Embedder:
    embedder = Embedder(PACKAGED, backend="torch")
    assert embedder.backend == "torch"
    return embedder


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="module")
def onnx_embedder(cache: Path) -> Embedder:
    embedder = Embedder(PACKAGED, backend="onnx", cache=cache)
    assert embedder.backend == "onnx", embedder.fallback_reason
    return embedder


def test_onnx_vectors_are_the_torch_vectors(onnx_embedder: Embedder, torch_embedder: Embedder):
    texts = SENTENCES + corpus_sentences()
    ours, reference = onnx_embedder.encode(texts), torch_embedder.encode(texts)
    assert ours.shape == reference.shape == (len(texts), 384)
    assert ours.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    similarity = cosines(ours, reference)
    assert similarity.min() >= 0.999, similarity.min()
    assert np.array_equal(ours[2], ours[5])  # the repeated question
    assert onnx_embedder.dim == torch_embedder.dim == 384
    assert onnx_embedder.encode([]).shape == (0, 384)


def test_export_is_cached_and_reused_without_torch(onnx_embedder: Embedder, cache: Path):
    [folder] = [p for p in cache.iterdir() if not p.name.startswith(".")]
    assert {p.name for p in folder.iterdir()} == {"model.onnx", "tokenizer.json", "export.json"}
    stamp = (folder / "model.onnx").stat().st_mtime_ns
    again = Embedder(PACKAGED, backend="onnx", cache=cache)
    assert again.backend == "onnx" and again._st is None
    assert (folder / "model.onnx").stat().st_mtime_ns == stamp
    np.testing.assert_array_equal(again.encode(SENTENCES), onnx_embedder.encode(SENTENCES))


def test_damaged_export_is_made_again(tmp_path: Path, torch_embedder: Embedder):
    first = Embedder(PACKAGED, backend="onnx", cache=tmp_path)
    [folder] = list(tmp_path.iterdir())
    (folder / "model.onnx").write_bytes(b"not a model")
    second = Embedder(PACKAGED, backend="onnx", cache=tmp_path)
    assert first.backend == second.backend == "onnx"
    assert cosines(second.encode(SENTENCES), torch_embedder.encode(SENTENCES)).min() >= 0.999


def test_a_model_the_export_cannot_reproduce_falls_back_to_torch(tmp_path: Path):
    """CLS pooling is not what the ONNX backend computes: it must refuse it, and auto uses torch."""
    packaged = Path(model_path(PACKAGED))
    model = tmp_path / "cls-model"
    shutil.copytree(packaged, model, ignore=shutil.ignore_patterns("model.safetensors"))
    os.symlink(packaged / "model.safetensors", model / "model.safetensors")
    config = model / "1_Pooling" / "config.json"
    pooling = json.loads(config.read_text())
    pooling.update(pooling_mode_cls_token=True, pooling_mode_mean_tokens=False)
    config.write_text(json.dumps(pooling))

    auto = Embedder(str(model), cache=tmp_path / "cache")
    assert auto.backend == "torch"
    assert "pooling" in auto.fallback_reason
    assert not [p for p in (tmp_path / "cache").glob("*") if (p / "export.json").exists()]
    reference = Embedder(str(model), backend="torch").encode(SENTENCES)
    np.testing.assert_allclose(auto.encode(SENTENCES), reference, atol=1e-6)
    with pytest.raises(ModelError):
        Embedder(str(model), backend="onnx", cache=tmp_path / "cache")


def test_unwritable_cache_falls_back_to_torch(tmp_path: Path, torch_embedder: Embedder):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    embedder = Embedder(PACKAGED, cache=blocker / "onnx")
    assert embedder.backend == "torch"
    np.testing.assert_allclose(
        embedder.encode(SENTENCES), torch_embedder.encode(SENTENCES), atol=1e-6
    )


@pytest.mark.slow
@pytest.mark.parametrize("missing", ["onnxruntime", "onnx"])
def test_missing_package_falls_back_to_torch(tmp_path: Path, missing: str):
    """A fresh process where the package cannot be imported (as if not installed)."""
    code = (
        "import sys, json\n"
        f"sys.modules[{missing!r}] = None\n"
        "from kb.embed import Embedder, PACKAGED\n"
        f"e = Embedder(PACKAGED, cache={str(tmp_path / 'cache')!r})\n"
        "v = e.encode(['Who controls Idlib?'])\n"
        "print(json.dumps({'backend': e.backend, 'reason': e.fallback_reason, 'shape': v.shape}))\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["backend"] == "torch"
    assert missing in result["reason"]
    assert result["shape"] == [1, 384]
