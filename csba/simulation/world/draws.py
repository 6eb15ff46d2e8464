"""Draws from the scenario's distributions (a lognormal by its median and
sigma, a Beta by its shapes), one value or a NumPy array of them."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


def lognormal(rng: np.random.Generator, spec: Mapping, size: int | None = None):
    if size is None:
        return float(spec["median"] * np.exp(spec["sigma"] * rng.standard_normal()))
    return spec["median"] * np.exp(spec["sigma"] * rng.standard_normal(size))


def lognormal_mean(spec: Mapping) -> float:
    return float(spec["median"] * np.exp(spec["sigma"] ** 2 / 2))


def beta(rng: np.random.Generator, spec: Mapping, size: int | None = None):
    value = rng.beta(spec["alpha"], spec["beta"], size)
    return float(value) if size is None else value


def shares_pick(rng: np.random.Generator, shares: Mapping[str, float], size: int) -> list[str]:
    """``size`` names drawn by their shares (names in sorted order, so a file's order never matters)."""
    names = sorted(shares)
    weights = np.array([shares[name] for name in names], dtype=float)
    picks = rng.choice(len(names), size=size, p=weights / weights.sum())
    return [names[i] for i in picks.tolist()]
