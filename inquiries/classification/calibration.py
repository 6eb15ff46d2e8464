"""Choosing how the classifier decides, on out-of-fold scores (never on the
blind split): each model's calibration temperature and out-of-scope offset,
the unsure threshold, and the cascade's bar above which the n-gram model
decides alone."""

from __future__ import annotations

import numpy as np

from .metrics import Scores, score
from .model import softmax

UNSURE_REASON = "other"
# The most the cascade may cost against the full model alone, on out-of-fold
# scores: reason and route accuracy each, and out-of-scope kept (fractions).
MAX_CASCADE_COST = 0.003
CONFIDENT_CANDIDATES = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.925, 0.95, 0.97, 0.98, 0.99, 0.995)


def fit_temperature(logits: np.ndarray, truth: np.ndarray) -> float:
    """The temperature that minimises the log loss of the out-of-fold scores."""
    candidates = np.exp(np.linspace(np.log(0.2), np.log(5.0), 81))
    losses = [-np.log(softmax(logits / t)[np.arange(len(truth)), truth] + 1e-12).mean() for t in candidates]
    return float(candidates[int(np.argmin(losses))])


def decide(probabilities: np.ndarray, labels: tuple, unsure_below: float) -> tuple[list[str], np.ndarray]:
    """The reason of each row, ``other`` (unsure) where the best is below the threshold."""
    best = probabilities.argmax(axis=1)
    confidence = probabilities[np.arange(len(best)), best]
    reasons = [UNSURE_REASON if value < unsure_below else labels[index] for index, value in zip(best, confidence)]
    return reasons, confidence


def decision_score(reasons: list[str], truth_labels: np.ndarray) -> float:
    """What a decision rule is chosen for: reasons and routes right, and few
    out-of-scope contacts kept by CSBA (they weigh double: CSBA would bill
    and answer what the seller or marketplace support must)."""
    figures = score(truth_labels.tolist(), reasons)
    return figures.reason_accuracy + figures.route_accuracy - 2 * figures.out_of_scope_kept


def choose_threshold(probabilities: np.ndarray, labels: tuple, truth_labels: np.ndarray) -> float:
    """The unsure threshold that scores best (``decision_score``)."""
    scored = [
        (decision_score(decide(probabilities, labels, threshold)[0], truth_labels), -threshold)
        for threshold in np.arange(0.0, 0.61, 0.025)
    ]
    return round(-max(scored)[1], 3)


def choose_offsets(log_probabilities: np.ndarray, labels: tuple, truth_labels: np.ndarray) -> np.ndarray:
    """One offset for the out-of-scope reasons' log-probabilities, the one
    that scores best (``decision_score``) on out-of-fold scores."""
    from ..reasons import Route, route_for_reason

    out_of_scope = np.array([route_for_reason(label) != Route.CSBA for label in labels], dtype=np.float32)
    scored = []
    for offset in np.arange(0.0, 2.01, 0.1):
        reasons, _ = decide(softmax(log_probabilities + offset * out_of_scope), labels, 0.0)
        scored.append((decision_score(reasons, truth_labels), -offset))
    return (-max(scored)[1] * out_of_scope).astype(np.float32)


def calibrate(logits: np.ndarray, labels: tuple, truth_labels: np.ndarray) -> tuple[float, np.ndarray]:
    """A model's temperature and decision offsets from its out-of-fold scores."""
    temperature = fit_temperature(logits, np.array([labels.index(label) for label in truth_labels]))
    return temperature, choose_offsets(logits / temperature, labels, truth_labels)


def cascade(fast: np.ndarray, full: np.ndarray, confident: float) -> tuple[np.ndarray, np.ndarray]:
    """The probabilities the cascade acts on (the n-gram model's where it
    reaches ``confident``, the full model's elsewhere) and where the encoder ran."""
    encoded = fast.max(axis=1) < confident
    return np.where(encoded[:, None], full, fast), encoded


def cascade_cost(
    fast: np.ndarray, full: np.ndarray, labels: tuple, truth_labels: np.ndarray, unsure_below: float
) -> list[tuple[float, float, Scores]]:
    """Per candidate bar: the share of contacts that need the encoder and the figures."""
    rows = []
    for confident in CONFIDENT_CANDIDATES:
        probabilities, encoded = cascade(fast, full, confident)
        reasons, _ = decide(probabilities, labels, unsure_below)
        rows.append((confident, float(encoded.mean()), score(truth_labels.tolist(), reasons)))
    return rows


def choose_confident(
    fast: np.ndarray, full: np.ndarray, labels: tuple, truth_labels: np.ndarray, unsure_below: float
) -> float:
    """The lowest bar (the most contacts decided without the encoder) whose
    figures stay within MAX_CASCADE_COST of the full model's; above 1 (never) if none."""
    base = score(truth_labels.tolist(), decide(full, labels, unsure_below)[0])
    for confident, _, figures in cascade_cost(fast, full, labels, truth_labels, unsure_below):
        if (
            base.reason_accuracy - figures.reason_accuracy <= MAX_CASCADE_COST
            and base.route_accuracy - figures.route_accuracy <= MAX_CASCADE_COST
            and figures.out_of_scope_kept - base.out_of_scope_kept <= MAX_CASCADE_COST
        ):
            return confident
    return 1.01
