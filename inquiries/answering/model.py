"""The learned parts of the engine: small logistic models in plain NumPy,
stored as JSON beside this module (``models.json``), written by
``python -m inquiries.answering.train``.

- ``ranker_semantic`` / ``ranker_lexical``: p(passage answers the question)
  from ``features.PAIR_FEATURES`` (the lexical one never sees the semantic
  columns: German, Japanese, or the sentence model off);
- ``decision_semantic`` / ``decision_lexical``: p(the top passage answers
  the question) from ``features.DECISION_FEATURES``, trained on
  out-of-fold rankings, with hard negatives (pages whose relevant passages
  were taken out);
- ``calibration``: per language, Platt scaling of the decision logit
  (a * logit + b), fitted on that language's development data by
  cross-validation grouped by product; identity where none was fitted;
- ``association``: the lift of each (question word, passage word) pair
  (``association.py``, English);
- ``thresholds``: per language (``en-lexical`` for English without the
  sentence model), the probability from which the engine answers, chosen on
  the grouped cross-validated outcomes (``quality.choose_threshold``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

MODELS_FILE = Path(__file__).resolve().parent / "models.json"


@dataclass
class Logistic:
    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    def logit(self, x: np.ndarray) -> np.ndarray:
        return ((np.atleast_2d(x) - self.mean) / self.scale) @ self.weights + self.bias

    def as_dict(self) -> dict:
        return {
            "names": list(self.names),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "weights": [round(float(v), 6) for v in self.weights],
            "bias": round(float(self.bias), 6),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Logistic:
        return cls(
            names=tuple(data["names"]),
            mean=np.array(data["mean"]),
            scale=np.array(data["scale"]),
            weights=np.array(data["weights"]),
            bias=float(data["bias"]),
        )


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def fit_logistic(
    x: np.ndarray, y: np.ndarray, names, *, l2: float = 1.0, sample_weight=None, steps: int = 100
) -> Logistic:
    """L2-regularised logistic regression (penalty ``l2`` on standardised
    weights, per example averaged), Newton's method. Columns that never vary
    get weight 0."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    w_sample = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    constant = scale < 1e-9
    scale[constant] = 1.0
    z = (x - mean) / scale
    z[:, constant] = 0.0
    zb = np.c_[z, np.ones(len(z))]
    w = np.zeros(zb.shape[1])
    total = w_sample.sum()
    penalty = np.r_[np.full(z.shape[1], l2 / total), 0.0]
    for _ in range(steps):
        p = sigmoid(zb @ w)
        gradient = zb.T @ (w_sample * (p - y)) / total + penalty * w
        hessian = (zb * (w_sample * p * (1 - p))[:, None]).T @ zb / total + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return Logistic(names=tuple(names), mean=mean, scale=scale, weights=w[:-1], bias=float(w[-1]))


def fit_platt(logits: np.ndarray, y: np.ndarray, l2: float = 1.0) -> tuple[float, float]:
    """(a, b) of sigmoid(a * logit + b): a one-feature logistic fit of the labels on the logits."""
    logits = np.asarray(logits, dtype=np.float64)
    if len(set(np.asarray(y).tolist())) < 2 or logits.std() < 1e-9:
        return 1.0, 0.0
    fitted = fit_logistic(logits[:, None], y, ("logit",), l2=l2)
    a = float(fitted.weights[0] / fitted.scale[0])
    return a, float(fitted.bias - a * fitted.mean[0])


@dataclass
class Models:
    rankers: dict[str, Logistic]
    decisions: dict[str, Logistic]
    calibration: dict[str, tuple[float, float]]
    meta: dict
    thresholds: dict[str, float] = field(default_factory=dict)
    association: dict[str, float] = field(default_factory=dict)

    def calibrate(self, logit: float, language: str) -> float:
        a, b = self.calibration.get(language, (1.0, 0.0))
        return float(sigmoid(a * logit + b))

    def threshold(self, language: str, method: str, default: float) -> float:
        return self.thresholds.get(threshold_key(language, method), default)


def threshold_key(language: str, method: str) -> str:
    """Key of ``Models.thresholds``: the language, ``en-lexical`` for English without the sentence model."""
    return f"{language}-lexical" if language == "en" and method == "lexical" else language


def save(models: Models, path: Path = MODELS_FILE) -> None:
    data = {
        "meta": models.meta,
        "rankers": {k: v.as_dict() for k, v in models.rankers.items()},
        "decisions": {k: v.as_dict() for k, v in models.decisions.items()},
        "calibration": {k: [round(a, 6), round(b, 6)] for k, (a, b) in models.calibration.items()},
        "thresholds": {k: round(v, 4) for k, v in models.thresholds.items()},
        "association": dict(sorted(models.association.items())),
    }
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    load.cache_clear()


@lru_cache(maxsize=1)
def load(path: Path = MODELS_FILE) -> Models:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Models(
        rankers={k: Logistic.from_dict(v) for k, v in data["rankers"].items()},
        decisions={k: Logistic.from_dict(v) for k, v in data["decisions"].items()},
        calibration={k: (float(a), float(b)) for k, (a, b) in data.get("calibration", {}).items()},
        meta=data.get("meta", {}),
        thresholds={k: float(v) for k, v in data.get("thresholds", {}).items()},
        association={k: float(v) for k, v in data.get("association", {}).items()},
    )


def logit_of(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))
