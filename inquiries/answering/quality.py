"""Quality figures of the engine, shared by training and evaluation.

A question is *answerable* if one of its page's passages is labelled
relevant; an answer is *correct* if its top evidence is relevant.

- P@1: share of answerable questions whose top passage is relevant;
- precision: share of "answer" decisions that are correct;
- coverage: share of all questions answered;
- recall: share of answerable questions answered correctly;
- decision accuracy: share of questions decided right (a correct answer,
  or an escalation of an unanswerable question; an answer quoting the
  wrong passage is wrong, and so is escalating an answerable question).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass
class Outcome:
    id: str
    group: str
    language: str
    answerable: bool
    has_page: bool
    top_correct: bool
    probability: float


def metrics(rows: list[Outcome], threshold: float) -> dict:
    n = len(rows)
    answerable = [r for r in rows if r.answerable]
    answered = [r for r in rows if r.has_page and r.probability >= threshold]
    correct = [r for r in answered if r.top_correct]
    right = len(correct) + sum(1 for r in rows if not (r.has_page and r.probability >= threshold) and not r.answerable)

    def share(a, b):
        return round(a / b, 3) if b else None

    return {
        "questions": n,
        "answerable": len(answerable),
        "p_at_1": share(sum(1 for r in answerable if r.top_correct), len(answerable)),
        "precision": share(len(correct), len(answered)),
        "coverage": share(len(answered), n),
        "recall": share(len(correct), len(answerable)),
        "decision_accuracy": share(right, n),
    }


def curve(rows: list[Outcome], thresholds=(0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)) -> dict:
    return {f"{t:.2f}": metrics(rows, t) for t in thresholds}


def fold_of(group: str, folds: int = 5) -> int:
    """Cross-validation fold of a product group (stable across runs)."""
    return hashlib.blake2b(("csba-answering-fold:" + group).encode("utf-8"), digest_size=4).digest()[0] % folds
