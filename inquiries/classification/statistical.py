"""A naive Bayes model over character n-grams and word stems, trained on the
labelled development set at first use (about 500 contacts, a fraction of a
second). It does not decide alone: the cue rules propose, and the model
breaks near-ties between their two best reasons and names a reason where the
rules found no cue at all (see ``classifier.classify``)."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import numpy as np

from .language import _JAPANESE

TRAINING_SET = Path(__file__).with_name("dev_set.jsonl")
ALPHA = 0.3
_WORD = re.compile(r"[a-zäöüß]+")
_SPACE = re.compile(r"\s+")


def features(normalised: str) -> set[str]:
    """Word prefixes (a cheap stem) and character bi- and trigrams (which carry
    Japanese, where words are not separated by spaces)."""
    found = {"w:" + word[:6] for word in _WORD.findall(normalised)}
    text = _SPACE.sub(" ", normalised)
    for size in (2, 3):
        for start in range(len(text) - size + 1):
            gram = text[start:start + size]
            if gram.strip() and (size == 3 or _JAPANESE.search(gram) or gram.isalpha()):
                found.add(gram)
    return found


class NaiveBayes:
    """Multinomial naive Bayes over feature presence, with additive smoothing.
    Log-probabilities are kept as one row per feature, so a prediction is a
    sum of the rows of the text's features."""

    def __init__(self, examples: list[tuple[str, str]]):
        from .classifier import normalise

        self.labels = sorted({label for _, label in examples})
        column = {label: index for index, label in enumerate(self.labels)}
        class_counts = np.zeros(len(self.labels))
        counts: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(len(self.labels)))
        for text, label in examples:
            class_counts[column[label]] += 1
            for gram in features(normalise(text)):
                counts[gram][column[label]] += 1
        self.index = {gram: row for row, gram in enumerate(counts)}
        matrix = np.array(list(counts.values())) if counts else np.zeros((0, len(self.labels)))
        totals = matrix.sum(axis=0) + ALPHA * len(self.index)
        self.log_likelihood = np.log(matrix + ALPHA) - np.log(totals)
        self.log_prior = np.log(class_counts / class_counts.sum())

    def probabilities(self, normalised: str) -> dict[str, float]:
        rows = [self.index[gram] for gram in features(normalised) if gram in self.index]
        logits = self.log_prior + self.log_likelihood[rows].sum(axis=0)
        weights = np.exp(logits - logits.max())
        weights /= weights.sum()
        return dict(zip(self.labels, weights.tolist()))


@lru_cache(maxsize=1)
def model() -> NaiveBayes | None:
    """The model trained on the development set, or None if the set is absent."""
    if not TRAINING_SET.exists():
        return None
    with open(TRAINING_SET, encoding="utf-8") as lines:
        examples = [(item["text"], item["reason"]) for item in map(json.loads, filter(str.strip, lines))]
    return NaiveBayes(examples)
