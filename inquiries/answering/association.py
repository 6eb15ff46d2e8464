"""A learned association between the words of a question and the words of
the passage that answers it (English).

Buyers ask in their words ("how long does it run", "will it fit my truck"),
pages answer in the catalog's ("battery life: 40 hours", "vehicle service
type"). From the development pages, for every pair (question word, passage
word: the attribute's *name* words for an attribute, the passage's words
otherwise) ``train`` counts how often a passage carrying the word answers a
question using the other, against how often it is on the page of such a
question. The *lift* of a pair is its smoothed answer rate over the base
rate of all passages, ``log(((answers + ALPHA * base) / (seen + ALPHA)) / base)``;
only pairs that answer more often than the base rate are kept (``table``).
A passage's feature ``association`` (``features.PAIR_FEATURES``) is the
largest lift over its pairs with the question, 0 if none.

Trained on the development split only, and in cross-validation on the
training folds only (``train``: a sample's value comes from a table without
its own fold, and without the held-out fold). German and Japanese have no
table: their value is always 0 (the lexical models never see the column).
"""

from __future__ import annotations

import math
from collections import Counter

from .tokenize import document_terms

ALPHA = 2.0  # smoothing: pseudo-observations at the base rate
KEY_SEPARATOR = "\t"


def question_keys(query) -> list[str]:
    """The question's analysed words (``engine.rank``'s query terms, without German/Japanese n-grams)."""
    return [t for t in query if t[0] not in "#~"]


def passage_keys(source: str, text: str) -> list[str]:
    """An attribute's name words; any other passage's words."""
    body = text.split(":", 1)[0] if source == "attribute" and ":" in text else text
    return sorted(t for t in document_terms(body, "en") if t[0] not in "#~")


class Counts:
    """Answers and sightings of each (question word, passage word) pair, and of all passages."""

    def __init__(self) -> None:
        self.answers: Counter = Counter()
        self.seen: Counter = Counter()
        self.base_answers = 0.0
        self.base_seen = 0.0

    def add(self, question: list[str], passages: list[list[str]], labels) -> None:
        for keys, label in zip(passages, labels):
            for key in keys:
                self.base_answers += label
                self.base_seen += 1
                for word in question:
                    pair = word + KEY_SEPARATOR + key
                    self.seen[pair] += 1
                    if label:
                        self.answers[pair] += label

    def __iadd__(self, other: Counts) -> Counts:
        self.answers.update(other.answers)
        self.seen.update(other.seen)
        self.base_answers += other.base_answers
        self.base_seen += other.base_seen
        return self


def table(counts: Counts, alpha: float = ALPHA) -> dict[str, float]:
    """Lift of every pair that answers more often than the base rate."""
    if not counts.base_seen or not counts.base_answers:
        return {}
    base = counts.base_answers / counts.base_seen
    result = {}
    for pair, answers in counts.answers.items():
        seen = counts.seen[pair]
        if answers > seen * base:
            result[pair] = round(math.log(((answers + alpha * base) / (seen + alpha)) / base), 4)
    return result


def strength(lifts: dict[str, float], question: list[str], keys) -> float:
    """The largest lift of a passage's pairs with the question (0 if none is known)."""
    best = 0.0
    for key in keys:
        for word in question:
            value = lifts.get(word + KEY_SEPARATOR + key)
            if value is not None and value > best:
                best = value
    return best
