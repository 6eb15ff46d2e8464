"""The trained linear model at run time (NumPy only): weights of the hashed
n-grams and of the sentence embedding, a bias per reason, the calibration
temperature and the unsure threshold, read once per process from
``classifier.npz`` (built by ``python -m inquiries.classification.train``)."""

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
    embedding_weights: np.ndarray  # (embedding dimension, labels)
    bias: np.ndarray  # (labels,)
    temperature: float = 1.0
    unsure_below: float = 0.0
    meta: dict | None = None
    # Added to the calibrated log-probabilities: the cost of a decision, not
    # evidence (out-of-scope reasons are nudged up; see train.choose_offsets).
    offsets: np.ndarray | None = None

    def __post_init__(self):
        self._row = np.full(HASHED_DIMENSION, -1, dtype=np.int32)
        self._row[self.columns] = np.arange(len(self.columns), dtype=np.int32)
        self._hashed = self.hashed_weights.astype(np.float32)
        if self.offsets is None:
            self.offsets = np.zeros(len(self.labels), dtype=np.float32)

    def weight(self, column: int, label: str) -> float:
        """The weight of one hashed column for one label (0 where never seen)."""
        row = self._row[column]
        return float(self._hashed[row, self.labels.index(label)]) if row >= 0 else 0.0

    def logits(self, features: Featurised) -> np.ndarray:
        """Uncalibrated scores, one row per contact, one column per label."""
        scores = features.embeddings @ self.embedding_weights + self.bias
        for number, (columns, values) in enumerate(features.hashed):
            rows = self._row[columns]
            known = rows >= 0
            if known.any():
                scores[number] += values[known] @ self._hashed[rows[known]]
        return scores

    def probabilities(self, features: Featurised) -> np.ndarray:
        """Calibrated probabilities (temperature-scaled softmax), weighed by the decision offsets."""
        return softmax(self.logits(features) / self.temperature + self.offsets)

    def save(self, path: Path = MODEL_FILE) -> None:
        np.savez_compressed(
            path,
            labels=np.array(self.labels),
            columns=self.columns.astype(np.int32),
            hashed_weights=self.hashed_weights.astype(np.float16),
            embedding_weights=self.embedding_weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            temperature=np.float32(self.temperature),
            unsure_below=np.float32(self.unsure_below),
            offsets=self.offsets.astype(np.float32),
            meta=np.array(json.dumps(self.meta or {})),
        )

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> LinearModel:
        with np.load(path, allow_pickle=False) as data:
            return cls(
                labels=tuple(str(label) for label in data["labels"]),
                columns=data["columns"],
                hashed_weights=data["hashed_weights"],
                embedding_weights=data["embedding_weights"],
                bias=data["bias"],
                temperature=float(data["temperature"]),
                unsure_below=float(data["unsure_below"]),
                offsets=data["offsets"],
                meta=json.loads(str(data["meta"])),
            )


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


_lock = threading.Lock()
_loaded: LinearModel | None = None


def get_model() -> LinearModel:
    """The process-wide model (loaded on first use)."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                if not MODEL_FILE.exists():
                    raise FileNotFoundError(f"{MODEL_FILE} is missing: run `python -m inquiries.classification.train`")
                _loaded = LinearModel.load(MODEL_FILE)
    return _loaded
