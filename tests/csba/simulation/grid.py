"""The validation grid of the pool: loads × team sizes, each point simulated
as independent replications and compared with the closed form (Erlang C
without abandonment, Erlang A with it).

Replication sizes follow the pool's relaxation time (in arrivals): about
ρ / (1 − √ρ)² for a busy queue, about c·ρ when the agents' own turnover is
slower. Each replication is warmed up for ten relaxation times (the bias of
the empty start decays like exp(−warm-up / relaxation)) and measures twenty,
so its mean is nearly normal and the t interval holds its confidence; the
checked-in coverage study (scripts/erlang_grid_coverage.py) measures it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from csba.simulation.erlang import erlang_a, erlang_c
from csba.simulation.mmc import simulate
from csba.simulation.replications import Interval, interval, replication_seeds

LOADS = (0.5, 0.7, 0.85, 0.95, 0.98)
OVERLOADS = (1.2, 2.0)  # arrivals above capacity: Erlang A only
TEAMS = (1, 2, 5, 10, 20, 50, 100)
AHT, TARGET, PATIENCE = 300.0, 30.0, 180.0
METRICS_C = ("p_wait", "asa_seconds", "service_level", "occupancy")
METRICS_A = METRICS_C + ("p_abandon",)
SHARES = ("p_wait", "service_level", "p_abandon")


def relaxation(load: float, agents: int, patience: float | None) -> float:
    """Relaxation time of the pool, in arrivals (a rough upper estimate)."""
    turnover = agents * load  # arrivals during one handle time
    if patience is None:
        return max(load / (1 - load**0.5) ** 2, turnover)
    # abandonment bounds the queue's memory by a few patience times
    return max(min(load / (1 - min(load, 0.98) ** 0.5) ** 2, 3 * turnover * max(1.0, patience / AHT)), turnover)


def rarest(figures) -> float:
    """The smallest probability among the shares checked (either side)."""
    shares = [figures.p_wait, figures.service_level] + ([figures.p_abandon] if figures.p_abandon is not None else [])
    return min(min(share, 1 - share) for share in shares)


def sizes(load: float, agents: int, patience: float | None, figures) -> tuple[int, int]:
    """(warm-up, measured contacts) of one replication: ten relaxation times
    of warm-up; twenty measured, and enough for about 50 of the rarest event
    each (up to 400,000 contacts: rarer events are tested by their count)."""
    steps = relaxation(load, agents, patience)
    needed = 50 / rarest(figures) if rarest(figures) > 0 else math.inf
    return int(max(500, 10 * steps)), int(max(20_000, 20 * steps, min(needed, 400_000)))


RARE = 100  # expected events over the whole study below which a share cannot be measured
NOBODY = 1e-4  # ... and is only checked to be below this on its rarer side (nobody waits, or everybody does)
EXACT = {"occupancy": 1e-6}  # agent time below a millionth is not measured (idle moments at twice the capacity)


def events(figures, metric: str) -> float:
    """The rarer side of a share (waiting or not, on time or not)."""
    share = getattr(figures, metric)
    return min(share, 1 - share)


@dataclass(frozen=True)
class Check:
    load: float
    agents: int
    metric: str
    formula: float
    interval: Interval
    method: str  # "t" (the replications' t interval) or "bound" (too rare to measure: both below NOBODY)
    inside: bool


def check_point(
    load: float, agents: int, *, patience: float | None, replications: int, seed, confidence: float = 0.99
) -> list[Check]:
    """The closed form against ``replications`` independent replications, one
    check per metric: is the formula inside the replications' t interval?
    A share whose events are too rare to measure (fewer than ``RARE``
    expected over the whole study: nobody waits at half load with 100 agents)
    is only checked to be rare in both (``NOBODY``), and the ASA is then not
    checked (it follows the waits)."""
    shape = dict(arrivals_per_hour=load * agents * 3600.0 / AHT, aht_seconds=AHT, agents=agents, target_seconds=TARGET)
    exact = erlang_c(**shape) if patience is None else erlang_a(**shape, patience_seconds=patience)
    warmup, contacts = sizes(load, agents, patience, exact)
    runs = [
        simulate(**shape, contacts=contacts, warmup=warmup, seed=stream, patience_seconds=patience)
        for stream in replication_seeds(seed, replications)
    ]
    pooled = contacts * replications
    checks = []
    for metric in METRICS_C if patience is None else METRICS_A:
        formula = getattr(exact, metric)
        spread = interval([getattr(run, metric) for run in runs], confidence)
        if metric in SHARES and events(exact, metric) * pooled < RARE:
            observed = sum(events(run, metric) for run in runs) / len(runs)
            checks.append(
                Check(
                    load, agents, metric, formula, spread, "bound", events(exact, metric) < NOBODY and observed < NOBODY
                )
            )
        elif metric == "asa_seconds" and events(exact, "p_wait") * pooled < RARE:
            continue
        else:
            checks.append(
                Check(
                    load,
                    agents,
                    metric,
                    formula,
                    spread,
                    "t",
                    spread.low - EXACT.get(metric, 1e-9) <= formula <= spread.high + EXACT.get(metric, 1e-9),
                )
            )
    return checks


def grid(*, patience: float | None, replications: int, seed: int) -> list[Check]:
    loads = LOADS if patience is None else LOADS + OVERLOADS
    checks = []
    for index, (load, agents) in enumerate((load, agents) for load in loads for agents in TEAMS):
        checks += check_point(load, agents, patience=patience, replications=replications, seed=[seed, index])
    return checks
