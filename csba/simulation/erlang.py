"""Closed forms of the agent pool: Erlang B, Erlang C (M/M/c) and Erlang A
(M/M/c+M: exponential patience, abandonment).

Erlang A is computed from its birth–death chain: ``n`` contacts in the pool,
arrivals at rate λ, departures at ``min(n, c)·μ + max(n − c, 0)·γ`` (service
and abandonment, ``γ = 1 / mean patience``). The chain is stable whatever the
load, so Erlang A answers overloaded intervals where Erlang C has no answer.
The service level (answered within T) of a contact finding ``j`` others
queued ahead is the probability that the ``j + 1`` departures it needs come
before both T and its own patience; it is summed over the arrival-time
distribution (PASTA) by uniformization, which only adds positive terms.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

TAIL = 1e-13  # probability mass left out of the truncated chain


@dataclass(frozen=True)
class QueueFigures:
    """The figures of the pool, simulated or closed-form (``contacts`` 0).
    ``p_abandon`` is None for a pool without abandonment; it is then left out
    of ``as_dict`` (the ``simulate_queue`` contract adds it only with
    ``--patience-seconds``)."""

    asa_seconds: float
    service_level: float
    p_wait: float
    occupancy: float
    contacts: int
    p_abandon: float | None = None

    def as_dict(self) -> dict:
        figures = {
            key: getattr(self, key) for key in ("asa_seconds", "service_level", "p_wait", "occupancy", "contacts")
        }
        if self.p_abandon is not None:
            figures["p_abandon"] = self.p_abandon
        return figures


def check_pool(
    arrivals_per_hour: float,
    aht_seconds: float,
    agents: int,
    target_seconds: float,
    patience_seconds: float | None = None,
) -> None:
    if not (arrivals_per_hour > 0 and math.isfinite(arrivals_per_hour)):
        raise ValueError("arrivals per hour must be a number greater than 0")
    if not (aht_seconds > 0 and math.isfinite(aht_seconds)):
        raise ValueError("the average handle time must be greater than 0 seconds")
    if agents < 1:
        raise ValueError("there must be at least one agent")
    if not target_seconds >= 0:
        raise ValueError("the service-level target cannot be negative")
    if patience_seconds is not None and not (patience_seconds > 0 and math.isfinite(patience_seconds)):
        raise ValueError("the mean patience must be greater than 0 seconds")


def erlang_b(load: float, agents: int) -> float:
    """Blocking probability of ``agents`` servers offered ``load`` Erlangs
    (the stable recurrence)."""
    blocking = 1.0
    for servers in range(1, agents + 1):
        blocking = load * blocking / (servers + load * blocking)
    return blocking


def erlang_c(
    *, arrivals_per_hour: float, aht_seconds: float, agents: int, target_seconds: float
) -> QueueFigures | None:
    """The closed-form M/M/c figures, or None when the queue is unstable
    (offered load at or above the number of agents: waits grow without bound)."""
    check_pool(arrivals_per_hour, aht_seconds, agents, target_seconds)
    load = arrivals_per_hour * aht_seconds / 3600.0  # offered load in Erlangs
    if load >= agents:
        return None
    blocking = erlang_b(load, agents)
    p_wait = agents * blocking / (agents - load * (1 - blocking))
    asa = p_wait * aht_seconds / (agents - load)
    service_level = 1 - p_wait * math.exp(-(agents - load) * target_seconds / aht_seconds)
    return QueueFigures(
        asa_seconds=asa, service_level=service_level, p_wait=p_wait, occupancy=load / agents, contacts=0
    )


def _stationary(rate: float, service_rate: float, abandon_rate: float, agents: int) -> np.ndarray:
    """Stationary distribution of the M/M/c+M chain, truncated where the tail
    is below ``TAIL``."""
    logs = [0.0]
    n, total_log = 0, 0.0
    while True:
        n += 1
        death = min(n, agents) * service_rate + max(n - agents, 0) * abandon_rate
        logs.append(logs[-1] + math.log(rate / death))
        total_log = max(total_log, logs[-1])
        if n > agents and rate < death and logs[-1] - total_log < math.log(TAIL) - 10:
            break
    terms = np.exp(np.array(logs) - total_log)
    return terms / terms.sum()


def _answered_within(
    target: float, service_rate: float, abandon_rate: float, agents: int, weights: np.ndarray
) -> float:
    """Σ_j weights[j] · P(a contact with j ahead is answered within target).

    States: i contacts ahead (0..J); from i > 0 one leaves at c·μ + i·γ; from
    0 the contact is answered at c·μ; it abandons at γ from every state."""
    if target <= 0 or not weights.any():
        return 0.0
    ahead = np.arange(len(weights), dtype=float)
    forward = agents * service_rate + ahead * abandon_rate  # rate of moving one place up (or being answered)
    uniform_rate = float(forward[-1] + abandon_rate)
    stay = 1.0 - (forward + abandon_rate) / uniform_rate
    move = forward / uniform_rate
    mean_jumps = uniform_rate * target
    last = int(mean_jumps + 10 * math.sqrt(mean_jumps) + 20)
    vector = weights.astype(float).copy()
    answered, total, seen = 0.0, 0.0, 0.0
    log_mean = math.log(mean_jumps)
    for jumps in range(last + 1):
        weight = math.exp(jumps * log_mean - mean_jumps - math.lgamma(jumps + 1))
        total += weight * answered
        seen += weight
        answered += vector[0] * move[0]
        shifted = vector * move
        vector = vector * stay
        vector[:-1] += shifted[1:]
        if vector.sum() < TAIL:  # nothing left to answer: every later jump sees the same answered mass
            return total + max(1.0 - seen, 0.0) * answered
    return total


def erlang_a(
    *, arrivals_per_hour: float, aht_seconds: float, agents: int, target_seconds: float, patience_seconds: float
) -> QueueFigures:
    """The M/M/c+M (Erlang A) figures with the ``simulate_queue`` meanings:
    ``asa_seconds`` the mean time in queue over all contacts (abandoned ones
    count the time they waited), ``service_level`` the share of all contacts
    answered within the target, ``p_wait`` the share that find every agent
    busy, ``p_abandon`` the share that leave, ``occupancy`` the share of agent
    time handling. Defined for any load, overload included."""
    check_pool(arrivals_per_hour, aht_seconds, agents, target_seconds, patience_seconds)
    rate, service_rate, abandon_rate = arrivals_per_hour / 3600.0, 1.0 / aht_seconds, 1.0 / patience_seconds
    pi = _stationary(rate, service_rate, abandon_rate, agents)
    queued = np.maximum(np.arange(len(pi)) - agents, 0)
    mean_queue = float((queued * pi).sum())
    p_wait = float(pi[agents:].sum())
    busy = float((np.minimum(np.arange(len(pi)), agents) * pi).sum())
    answered_late = _answered_within(target_seconds, service_rate, abandon_rate, agents, pi[agents:])
    return QueueFigures(
        asa_seconds=mean_queue / rate,
        service_level=float(pi[:agents].sum()) + float(answered_late),
        p_wait=p_wait,
        occupancy=busy / agents,
        contacts=0,
        p_abandon=abandon_rate * mean_queue / rate,
    )
