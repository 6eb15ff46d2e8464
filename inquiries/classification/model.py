"""The trained models at run time (NumPy only), read once per process from
``classifier.npz`` (built by ``python -m inquiries.classification.train``).

Two linear models over the same labels, used as a cascade:

- ``fast``: hashed character n-grams and words only (a fraction of a
  millisecond per contact);
- ``full``: the same n-grams plus the MiniLM sentence embedding (the encoder
  costs several milliseconds per contact).

The fast model decides where its calibrated probability reaches
``confident``; the full model decides the rest. ``confident`` was chosen on
out-of-fold scores so that the cascade loses at most a fraction of a point
against the full model alone (``train.choose_confident``). Below
``unsure_below`` the contact is ``other``, marked unsure."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .features import HASHED_DIMENSION, Featurised

MODEL_FILE = Path(__file__).with_name("classifier.npz")


@dataclass
class LinearModel:
    labels: tuple[str, ...]
    columns: np.ndarray  # hashed columns with a weight, ascending
    hashed_weights: np.ndarray  # (len(columns), labels)
    embedding_weights: np.ndarray | None  # (embedding dimension, labels); None: n-grams only
    bias: np.ndarray  # (labels,)
    temperature: float = 1.0
    # Added to the calibrated log-probabilities: the cost of a decision, not
    # evidence (out-of-scope reasons are nudged up; see train.choose_offsets).
    offsets: np.ndarray | None = None

    def __post_init__(self):
        self._row = np.full(HASHED_DIMENSION, -1, dtype=np.int32)
        self._row[self.columns] = np.arange(len(self.columns), dtype=np.int32)
        self._hashed = self.hashed_weights.astype(np.float32)
        if self.offsets is None:
            self.offsets = np.zeros(len(self.labels), dtype=np.float32)

    @property
    def uses_embeddings(self) -> bool:
        return self.embedding_weights is not None

    def weight(self, column: int, label: str) -> float:
        """The weight of one hashed column for one label (0 where never seen)."""
        row = self._row[column]
        return float(self._hashed[row, self.labels.index(label)]) if row >= 0 else 0.0

    def logits(self, features: Featurised) -> np.ndarray:
        """Uncalibrated scores, one row per contact, one column per label."""
        scores = np.tile(self.bias.astype(np.float32), (len(features.hashed), 1))
        if self.embedding_weights is not None:
            if features.embeddings is None:
                raise ValueError("this model needs the sentence embeddings")
            scores += features.embeddings @ self.embedding_weights
        for number, (columns, values) in enumerate(features.hashed):
            rows = self._row[columns]
            known = rows >= 0
            if known.any():
                scores[number] += values[known] @ self._hashed[rows[known]]
        return scores

    def probabilities(self, features: Featurised) -> np.ndarray:
        """Calibrated probabilities (temperature-scaled softmax), weighed by the decision offsets."""
        return softmax(self.logits(features) / self.temperature + self.offsets)

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        arrays = {
            "columns": self.columns.astype(np.int32),
            "hashed_weights": self.hashed_weights.astype(np.float16),
            "bias": self.bias.astype(np.float32),
            "temperature": np.float32(self.temperature),
            "offsets": np.asarray(self.offsets, dtype=np.float32),
        }
        if self.embedding_weights is not None:
            arrays["embedding_weights"] = self.embedding_weights.astype(np.float32)
        return {f"{prefix}{key}": value for key, value in arrays.items()}

    @classmethod
    def from_arrays(cls, data, prefix: str, labels: tuple[str, ...]) -> LinearModel:
        embedding = f"{prefix}embedding_weights"
        return cls(
            labels=labels,
            columns=data[f"{prefix}columns"],
            hashed_weights=data[f"{prefix}hashed_weights"],
            embedding_weights=data[embedding] if embedding in data else None,
            bias=data[f"{prefix}bias"],
            temperature=float(data[f"{prefix}temperature"]),
            offsets=data[f"{prefix}offsets"],
        )


@dataclass
class Cascade:
    fast: LinearModel
    full: LinearModel
    confident: float = 1.01  # the fast model decides at or above this probability (above 1: never)
    unsure_below: float = 0.0
    meta: dict | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        return self.full.labels

    def weight(self, column: int, label: str) -> float:
        return self.full.weight(column, label)

    def save(self, path: Path = MODEL_FILE) -> None:
        np.savez_compressed(
            path,
            labels=np.array(self.labels),
            confident=np.float32(self.confident),
            unsure_below=np.float32(self.unsure_below),
            meta=np.array(json.dumps(self.meta or {})),
            **self.fast.arrays("fast_"),
            **self.full.arrays("full_"),
        )

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> Cascade:
        with np.load(path, allow_pickle=False) as stored:
            data = {key: stored[key] for key in stored.files}
        labels = tuple(str(label) for label in data["labels"])
        return cls(
            fast=LinearModel.from_arrays(data, "fast_", labels),
            full=LinearModel.from_arrays(data, "full_", labels),
            confident=float(data["confident"]),
            unsure_below=float(data["unsure_below"]),
            meta=json.loads(str(data["meta"])),
        )


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


_lock = threading.Lock()
_loaded: Cascade | None = None


def get_model() -> Cascade:
    """The process-wide models (loaded on first use)."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                if not MODEL_FILE.exists():
                    raise FileNotFoundError(f"{MODEL_FILE} is missing: run `python -m inquiries.classification.train`")
                _loaded = Cascade.load(MODEL_FILE)
    return _loaded
