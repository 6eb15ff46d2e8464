"""The agent pool as an M/M/c queue: Poisson arrivals, exponential handle
times, ``c`` agents, first come first served, no abandonment.

``simulate`` runs it in memory as a discrete-event simulation; ``erlang_c``
gives the closed-form figures of the same model, so that a planner can see
both and the tests can check one against the other.
"""
from __future__ import annotations

import heapq
import math
from dataclasses import asdict, dataclass

import numpy as np


@dataclass(frozen=True)
class QueueFigures:
    asa_seconds: float
    service_level: float
    p_wait: float
    occupancy: float
    contacts: int

    def as_dict(self) -> dict:
        return asdict(self)


def _check(arrivals_per_hour: float, aht_seconds: float, agents: int, target_seconds: float) -> None:
    if not arrivals_per_hour > 0:
        raise ValueError("arrivals per hour must be greater than 0")
    if not aht_seconds > 0:
        raise ValueError("the average handle time must be greater than 0 seconds")
    if agents < 1:
        raise ValueError("there must be at least one agent")
    if target_seconds < 0:
        raise ValueError("the service-level target cannot be negative")


def simulate(
    *, arrivals_per_hour: float, aht_seconds: float, agents: int, target_seconds: float,
    contacts: int, warmup: int = 0, seed: int = 0,
) -> QueueFigures:
    """Simulate ``warmup + contacts`` arrivals and measure the last ``contacts``.

    Waits: FCFS with identical agents means each contact, in arrival order,
    goes to the agent who is free first; its wait is the time until then.
    """
    _check(arrivals_per_hour, aht_seconds, agents, target_seconds)
    if contacts < 1:
        raise ValueError("there must be at least one contact to measure")
    if warmup < 0:
        raise ValueError("the warm-up cannot be negative")
    total = warmup + contacts
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.exponential(3600.0 / arrivals_per_hour, size=total))
    services = rng.exponential(aht_seconds, size=total)
    free_at = [0.0] * agents  # a heap of the times each agent becomes free
    waits = np.empty(total)
    for index in range(total):
        arrival = arrivals[index]
        earliest = free_at[0]
        start = arrival if earliest <= arrival else earliest
        waits[index] = start - arrival
        heapq.heapreplace(free_at, start + services[index])
    measured = waits[warmup:]
    span = arrivals[-1] - (arrivals[warmup - 1] if warmup else 0.0)
    busy = float(services[warmup:].sum())
    return QueueFigures(
        asa_seconds=round(float(measured.mean()), 3),
        service_level=round(float((measured <= target_seconds).mean()), 5),
        p_wait=round(float((measured > 0).mean()), 5),
        occupancy=round(min(1.0, busy / (agents * span)) if span > 0 else 0.0, 5),
        contacts=int(contacts),
    )


def erlang_c(*, arrivals_per_hour: float, aht_seconds: float, agents: int, target_seconds: float) -> QueueFigures | None:
    """The closed-form M/M/c figures, or None when the queue is unstable
    (offered load at or above the number of agents: waits grow without bound)."""
    _check(arrivals_per_hour, aht_seconds, agents, target_seconds)
    load = arrivals_per_hour * aht_seconds / 3600.0  # offered load in Erlangs
    if load >= agents:
        return None
    # Erlang B by its stable recurrence, then Erlang C from it.
    blocking = 1.0
    for servers in range(1, agents + 1):
        blocking = load * blocking / (servers + load * blocking)
    p_wait = agents * blocking / (agents - load * (1 - blocking))
    asa = p_wait * aht_seconds / (agents - load)
    service_level = 1 - p_wait * math.exp(-(agents - load) * target_seconds / aht_seconds)
    return QueueFigures(
        asa_seconds=round(asa, 3), service_level=round(service_level, 5), p_wait=round(p_wait, 5),
        occupancy=round(load / agents, 5), contacts=0,
    )
