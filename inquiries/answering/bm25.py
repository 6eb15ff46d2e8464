"""BM25 over passages with document frequencies from the whole catalog.

A passage is BM25's document. ``Statistics`` holds, per language, how many
passages the catalog has, their mean length and each term's document
frequency; the catalog index (``index.py``) and the batch command (the
batch's own pages) both provide one.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

K1 = 1.2
B = 0.75


@dataclass
class Statistics:
    """Document frequencies for one language. ``df`` may be a dict or any
    mapping-like object with ``get``; missing terms count as frequency 0."""

    passages: int = 0
    total_length: int = 0
    df: dict = field(default_factory=dict)

    @property
    def average_length(self) -> float:
        return self.total_length / self.passages if self.passages else 1.0

    def idf(self, term: str) -> float:
        n = self.df.get(term, 0)
        return math.log(1.0 + (self.passages - n + 0.5) / (n + 0.5))

    def add(self, terms: Counter, length: int, sign: int = 1) -> None:
        self.passages += sign
        self.total_length += sign * length
        for term in terms:
            self.df[term] = self.df.get(term, 0) + sign
            if self.df[term] <= 0:
                del self.df[term]


def score(query: dict[str, float], idf: dict[str, float], terms: Counter, length: int, average_length: float) -> float:
    norm = K1 * (1.0 - B + B * length / max(average_length, 1e-9))
    total = 0.0
    for term, weight in query.items():
        tf = terms.get(term)
        if tf:
            total += weight * idf[term] * tf * (K1 + 1.0) / (tf + norm)
    return total


def coverage(query: dict[str, float], idf: dict[str, float], terms: Counter) -> float:
    """Share of the question's IDF-weighted terms that the passage contains (0..1)."""
    whole = sum(weight * idf[term] for term, weight in query.items())
    if whole <= 0:
        return 0.0
    return sum(weight * idf[term] for term, weight in query.items() if term in terms) / whole
