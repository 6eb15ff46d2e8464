"""Reason classification of a buyer contact from its text alone.

The decision is the trained linear models' (``model.py``), as a cascade:
calibrated probabilities over the fifteen reasons from character n-grams and
words where that model is confident, else from the n-grams and the MiniLM
sentence embedding together. Where the best reason is less probable than the
unsure threshold, the contact is ``other`` and marked ``unsure``: CSBA
triage looks at it (the route of ``other`` is CSBA). One domain rule of
policy, not vocabulary, follows the model (``policy.py``).

The same code serves intake (one contact) and ``classify_contacts`` (batches:
the sentence encoder runs batched).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..reasons import Reason, route_for_reason
from .features import Featurised, featurise, normalise, word_column, word_grams
from .language import detect_language
from .model import Cascade, get_model
from .policy import settle

# Reasons the classify contract allows (A-to-z claims arrive flagged by their channel, not by text).
REASONS = tuple(reason.value for reason in Reason if reason != Reason.A_TO_Z_CLAIM)
UNSURE_REASON = Reason.OTHER.value


@dataclass(frozen=True)
class Classification:
    reason: str
    language: str
    confidence: float  # calibrated probability of the reason the model chose
    unsure: bool = False  # too unsure to name a reason: ``other``, for CSBA triage
    runner_up: str = ""
    matched: tuple[str, ...] = ()  # the words that weighed most for the reason
    scores: dict = field(default_factory=dict)  # the three most probable reasons
    # "ngrams" (the n-gram model was confident), "encoder" (the full model
    # decided), or "policy" where a domain rule settled it.
    decided_by: str = "ngrams"

    @property
    def route(self) -> str:
        return route_for_reason(self.reason)


def classify(text: str, *, marketplace: str | None = None, language: str | None = None) -> Classification:
    """The reason of one contact, with its language, confidence and the words
    that weighed most (shown to agents with the routing decision)."""
    result = classify_many([text], marketplaces=[marketplace], languages=[language])[0]
    if result.unsure:
        return result
    return Classification(**{**result.__dict__, "matched": _evidence(text, result.reason)})


def classify_many(
    texts: list[str], *, marketplaces: list[str | None] | None = None, languages: list[str | None] | None = None
) -> list[Classification]:
    """The reasons of many contacts at once (the encoder runs batched, and
    only on the contacts the n-gram model is not confident about)."""
    if not texts:
        return []
    model = get_model()
    probabilities, encoded = cascade_probabilities(model, featurise(texts, embedded=False))
    marketplaces = marketplaces or [None] * len(texts)
    languages = languages or [None] * len(texts)
    return [
        _decide(text, row, model.labels, model.unsure_below, marketplace, language, "encoder" if used else "ngrams")
        for text, row, used, marketplace, language in zip(texts, probabilities, encoded, marketplaces, languages)
    ]


def cascade_probabilities(model: Cascade, features: Featurised) -> tuple[np.ndarray, np.ndarray]:
    """Calibrated probabilities of each contact: the n-gram model's where it
    is confident, the full model's (n-grams and sentence embedding) for the
    rest; and which contacts needed the encoder."""
    probabilities = model.fast.probabilities(features)
    encoded = probabilities.max(axis=1) < model.confident
    rows = np.flatnonzero(encoded)
    if len(rows):
        probabilities[rows] = model.full.probabilities(features.subset(rows).embedded())
    return probabilities, encoded


def _decide(
    text: str,
    probabilities: np.ndarray,
    labels: tuple,
    unsure_below: float,
    marketplace: str | None,
    language: str | None,
    model_name: str,
) -> Classification:
    order = np.argsort(-probabilities)
    ranked = {labels[index]: round(float(probabilities[index]), 3) for index in order[:3]}
    best, confidence = labels[order[0]], float(probabilities[order[0]])
    runner_up = labels[order[1]] if len(order) > 1 else ""
    detected = language or detect_language(normalise(text), default=_default_language(marketplace))
    if not text.strip() or confidence < unsure_below:
        return Classification(
            reason=UNSURE_REASON,
            language=detected,
            confidence=round(confidence, 3),
            unsure=True,
            runner_up=best,
            scores=ranked,
            decided_by=model_name,
        )
    reason = settle(text, best, runner_up)
    decided_by = "policy" if reason != best else model_name
    return Classification(
        reason=reason,
        language=detected,
        confidence=round(confidence, 3),
        runner_up=runner_up,
        scores=ranked,
        decided_by=decided_by,
    )


def _evidence(text: str, reason: str, count: int = 3) -> tuple[str, ...]:
    """The words and word pairs of the text that weigh most for the reason."""
    model = get_model()
    if reason not in model.labels:
        return ()
    weighed = [(model.weight(word_column(gram), reason), gram) for gram in set(word_grams(normalise(text)))]
    weighed = [(weight, gram) for weight, gram in weighed if weight > 0]
    return tuple(f"{reason}:{gram}" for _, gram in sorted(weighed, reverse=True)[:count])


def _default_language(marketplace: str | None) -> str:
    from sellers.models.marketplace import Marketplace  # the owner of the mapping

    return Marketplace.language_for_code(marketplace)
