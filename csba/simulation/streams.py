"""Random draws for a pure-Python event loop: NumPy fills a block of draws at
once and the loop takes Python floats from a list (indexing a NumPy array
one element at a time costs more than the rest of the loop's step)."""

from __future__ import annotations

import numpy as np

BLOCK = 1 << 14


class Draws:
    """A stream of standard exponential and uniform draws from one seed.

    ``exponential()`` has mean 1 (multiply by the mean wanted); the two kinds
    come from separate generators spawned from the seed, so adding a uniform
    draw does not shift the exponentials."""

    __slots__ = ("_exp_rng", "_uni_rng", "_exp", "_exp_at", "_uni", "_uni_at")

    def __init__(self, seed: int | np.random.SeedSequence):
        sequence = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        exp_seq, uni_seq = sequence.spawn(2)
        self._exp_rng, self._uni_rng = np.random.default_rng(exp_seq), np.random.default_rng(uni_seq)
        self._exp: list[float] = []
        self._exp_at = 0
        self._uni: list[float] = []
        self._uni_at = 0

    def exponential(self) -> float:
        if self._exp_at >= len(self._exp):
            self._exp = self._exp_rng.standard_exponential(BLOCK).tolist()
            self._exp_at = 0
        value = self._exp[self._exp_at]
        self._exp_at += 1
        return value

    def uniform(self) -> float:
        if self._uni_at >= len(self._uni):
            self._uni = self._uni_rng.random(BLOCK).tolist()
            self._uni_at = 0
        value = self._uni[self._uni_at]
        self._uni_at += 1
        return value
