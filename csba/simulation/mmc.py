"""The agent pool as one first-come-first-served queue of identical agents:
M/M/c, and M/M/c+M with exponential patience (``simulate_queue``).

With one queue served in arrival order by identical agents, a contact's
start is the moment the first agent is free after every earlier contact that
stayed has been placed; a contact whose wait would exceed its patience leaves
and takes no agent time. So contacts are placed in arrival order on a heap of
the agents' free-at times, with no event list: the fastest exact simulation
of the model (``csba.simulation.engine`` gives the same waits on the same
draws, and adds skills, priorities, rosters and retrials). Draws come in
blocks and figures are sums, so memory does not grow with contacts. The
occupancy is the agents' handling time inside the measured span (from the
last warm-up arrival to the last arrival) over their time in it.
"""

from __future__ import annotations

import itertools
import math
from heapq import heapreplace

import numpy as np

from csba.simulation.erlang import QueueFigures, check_pool

BLOCK = 1 << 15


def place(
    free: list[float], arrivals: list[float], services: list[float], patience, target: float, sums: list[float]
) -> None:
    """Place one segment of contacts; add to ``sums`` = [time in queue,
    answered within target, found every agent busy, abandoned, handling time]."""
    queue_seconds, within, waited, abandoned, busy = sums
    for arrival, service, limit in zip(arrivals, services, patience):
        earliest = free[0]
        if earliest <= arrival:
            heapreplace(free, arrival + service)
            within += 1
            busy += service
            continue
        wait = earliest - arrival
        waited += 1
        if wait > limit:
            abandoned += 1
            queue_seconds += limit
            continue
        heapreplace(free, earliest + service)
        queue_seconds += wait
        busy += service
        if wait <= target:
            within += 1
    sums[:] = [queue_seconds, within, waited, abandoned, busy]


def simulate(
    *,
    arrivals_per_hour: float,
    aht_seconds: float,
    agents: int,
    target_seconds: float,
    contacts: int,
    warmup: int = 0,
    seed=0,
    patience_seconds: float | None = None,
) -> QueueFigures:
    """Simulate ``warmup + contacts`` arrivals and measure the last ``contacts``
    (figures unrounded; ``p_abandon`` None without a patience). ``seed`` is an
    int or a ``numpy.random.SeedSequence`` (independent replications)."""
    check_pool(arrivals_per_hour, aht_seconds, agents, target_seconds, patience_seconds)
    if contacts < 1:
        raise ValueError("there must be at least one contact to measure")
    if warmup < 0:
        raise ValueError("the warm-up cannot be negative")
    rng = np.random.default_rng(seed)
    gap = 3600.0 / arrivals_per_hour
    free = [0.0] * agents
    clock, measured_from = 0.0, 0.0
    warm, sums = [0.0] * 5, [0.0] * 5
    done, total = 0, warmup + contacts
    while done < total:
        size = min(BLOCK, total - done)
        arrivals = (np.cumsum(rng.exponential(gap, size)) + clock).tolist()
        services = rng.exponential(aht_seconds, size).tolist()
        patience = (
            rng.exponential(patience_seconds, size).tolist()
            if patience_seconds is not None
            else itertools.repeat(math.inf, size)
        )
        cut = max(0, min(size, warmup - done))
        if cut:
            place(free, arrivals[:cut], services[:cut], itertools.islice(patience, cut), target_seconds, warm)
            measured_from = arrivals[cut - 1]
            if done + cut == warmup:  # the warm-up's work still to do after it: each agent's is one block
                sums[4] += sum(max(0.0, at - measured_from) for at in free)
        if cut < size:
            rest = patience[cut:] if isinstance(patience, list) else patience
            place(free, arrivals[cut:], services[cut:], rest, target_seconds, sums)
        clock = arrivals[-1]
        done += size
    # handling after the last arrival is outside the measured span (each agent's is one block)
    sums[4] -= sum(max(0.0, at - clock) for at in free)
    queue_seconds, within, waited, abandoned, busy = sums
    span = clock - measured_from
    return QueueFigures(
        asa_seconds=queue_seconds / contacts,
        service_level=within / contacts,
        p_wait=waited / contacts,
        occupancy=busy / (agents * span) if span > 0 else 0.0,
        contacts=int(contacts),
        p_abandon=abandoned / contacts if patience_seconds is not None else None,
    )


def replication(params: dict, seed) -> dict:
    """One replication of ``simulate`` (see ``csba.simulation.replications``)."""
    return simulate(**params, seed=seed).as_dict()
