"""Independent replications and their confidence intervals.

Each replication gets its own stream, spawned from the study's seed
(``numpy.random.SeedSequence(seed).spawn(R)``), so replications are
independent and the same seed gives the same study, whether the replications
run here one after the other or on Celery workers in any order. A figure's
interval is the Student t interval of the replications' means.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np


def replication_seeds(seed: int, replications: int) -> list[np.random.SeedSequence]:
    if replications < 1:
        raise ValueError("there must be at least one replication")
    return np.random.SeedSequence(seed).spawn(replications)


def seed_state(sequence: np.random.SeedSequence) -> dict:
    """A seed sequence as JSON (to send a replication to a worker)."""
    return {"entropy": sequence.entropy, "spawn_key": list(sequence.spawn_key)}


def seed_from_state(state: Mapping) -> np.random.SeedSequence:
    return np.random.SeedSequence(state["entropy"], spawn_key=tuple(state["spawn_key"]))


def _t_density(x: np.ndarray, df: int) -> np.ndarray:
    log_norm = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    return np.exp(log_norm - (df + 1) / 2 * np.log1p(x * x / df))


@lru_cache(maxsize=256)
def t_quantile(confidence: float, df: int) -> float:
    """The two-sided Student t critical value: P(|T| ≤ q) = confidence, T
    with ``df`` degrees of freedom (found by bisection on the density's
    integral, Simpson's rule; accurate to about 1e-6)."""
    if not 0 < confidence < 1:
        raise ValueError("the confidence must lie between 0 and 1")
    if df < 1:
        raise ValueError("a confidence interval needs at least two replications")

    def central(q: float) -> float:  # P(|T| <= q)
        grid = np.linspace(0.0, q, 4001)
        values = _t_density(grid, df)
        h = q / 4000
        return 2 * h / 3 * (values[0] + values[-1] + 4 * values[1:-1:2].sum() + 2 * values[2:-1:2].sum())

    low, high = 0.0, 1.0
    while central(high) < confidence:
        high *= 2
    for _ in range(60):
        mid = (low + high) / 2
        low, high = (mid, high) if central(mid) < confidence else (low, mid)
    return (low + high) / 2


@dataclass(frozen=True)
class Interval:
    mean: float
    low: float
    high: float

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high

    def as_list(self) -> list[float]:
        return [self.low, self.high]


def interval(values: Sequence[float], confidence: float = 0.95) -> Interval:
    """Mean and Student t interval of independent replications' values (a
    single replication has no interval: low = high = the value)."""
    data = np.asarray(values, dtype=float)
    mean = float(data.mean())
    if len(data) < 2:
        return Interval(mean, mean, mean)
    half = t_quantile(confidence, len(data) - 1) * float(data.std(ddof=1)) / math.sqrt(len(data))
    return Interval(mean, mean - half, mean + half)


def summarize(runs: Sequence[Mapping[str, float | None]], confidence: float = 0.95) -> dict[str, Interval]:
    """Interval of every numeric field the runs share (a field that is None
    in some run, such as an occupancy with nobody on duty, is left out)."""
    fields = [key for key, value in runs[0].items() if isinstance(value, (int, float)) and not isinstance(value, bool)]
    return {
        key: interval([run[key] for run in runs], confidence)
        for key in fields
        if all(isinstance(run.get(key), (int, float)) for run in runs)
    }


# What a replication can be: a name (sent to workers) and the function that
# runs one, ``f(params: dict, seed: SeedSequence) -> dict`` of figures.
KINDS = {
    "queue": "csba.simulation.mmc:replication",
    "pool": "csba.simulation.validation:replication",
}
TASK_NAME = "csba.simulation.replication_run_task"


def replication_run(kind: str, params: Mapping, seed: Mapping) -> dict:
    """Run one replication (here or on a worker): deterministic in its
    arguments, so running it twice gives the same figures."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of replication {kind!r} (one of {', '.join(KINDS)})")
    module, name = KINDS[kind].split(":")
    function = getattr(importlib.import_module(module), name)
    return function(dict(params), seed_from_state(seed))


class WorkersUnavailable(RuntimeError):
    """The broker or the workers did not answer in time."""


def replications_run(
    kind: str, params: Mapping, *, seed: int, replications: int, celery: bool = False, timeout: float = 3600.0
) -> list[dict]:
    """Run ``replications`` independent replications, here one after the other
    or fanned out over the Celery workers (one task per replication, sent by
    name, so this process needs no task module and any worker machine takes
    any replication). Same seed, same figures, either way."""
    states = [seed_state(sequence) for sequence in replication_seeds(seed, replications)]
    if not celery:
        return [replication_run(kind, params, state) for state in states]
    from celery import group

    from csba.celery import app

    jobs = group(app.signature(TASK_NAME, args=(kind, dict(params), state)) for state in states)
    try:
        if not app.conf.task_always_eager:
            with app.connection_for_write() as connection:  # fail fast when no broker answers
                connection.ensure_connection(max_retries=1, timeout=5)
        return list(jobs.apply_async().get(timeout=timeout))
    except Exception as error:  # kombu/redis connection errors, timeouts
        if isinstance(error, ValueError):
            raise
        raise WorkersUnavailable(f"the replications could not run on the Celery workers: {error}") from error
