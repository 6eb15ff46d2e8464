"""Erlang C and Erlang A against independent replications of the simulated
pool, over a grid of loads (0.5 to 0.98, and overloaded for Erlang A) and
team sizes (1 to 100): the formula must lie inside the replications' 99%
confidence interval.

About 1 interval in 100 misses by chance alone (the coverage study,
scripts/erlang_grid_coverage.py, measured 98.7% for Erlang C and 98.6% for
Erlang A over 30 studies), so over a grid of a few hundred checks a handful
of misses are expected. The test therefore asks two things: every check is
inside a Bonferroni-wide interval (99% for the whole grid at once: no point
is far off), and the misses of the 99% intervals are no more than chance
explains (the 99.9% quantile of Binomial(checks, 0.01))."""

import math

import pytest

from csba.simulation.erlang import erlang_a
from csba.simulation.replications import interval

from .grid import PATIENCE, TEAMS, check_point, grid

REPLICATIONS = 10


def binomial_quantile(trials: int, p: float, level: float) -> int:
    total, k = 0.0, 0
    while True:
        total += math.comb(trials, k) * p**k * (1 - p) ** (trials - k)
        if total >= level:
            return k
        k += 1


def assert_grid(checks):
    intervals = [c for c in checks if c.method == "t"]
    misses = [c for c in intervals if not c.inside]
    allowed = binomial_quantile(len(intervals), 0.01, 0.999)
    assert len(misses) <= allowed, [(c.load, c.agents, c.metric, c.formula, c.interval) for c in misses]
    # every point inside the grid-wide interval (Bonferroni: 1 - 0.01 / checks each)
    wide = 1 - 0.01 / len(intervals)
    for check in misses:
        spread = check.interval
        half = (spread.high - spread.low) / 2
        scale = _t_ratio(wide) if half else 0.0
        assert abs(check.formula - spread.mean) <= half * scale + 1e-9, (check.load, check.agents, check.metric)
    # and the points too rare to measure agree that nobody (or everybody) waits
    assert all(c.inside for c in checks if c.method == "bound")


def _t_ratio(wide: float) -> float:
    from csba.simulation.replications import t_quantile

    return t_quantile(wide, REPLICATIONS - 1) / t_quantile(0.99, REPLICATIONS - 1)


@pytest.mark.slow
def test_erlang_c_lies_inside_the_replications_intervals_over_the_grid():
    checks = grid(patience=None, replications=REPLICATIONS, seed=2026)
    # loads 0.5–0.98 × teams 1–100, four figures each (fewer where nothing is measurable)
    assert {(c.load, c.agents) for c in checks} == {
        (load, agents) for load in (0.5, 0.7, 0.85, 0.95, 0.98) for agents in TEAMS
    }
    assert len([c for c in checks if c.method == "t"]) > 120
    assert_grid(checks)


@pytest.mark.slow
def test_erlang_a_lies_inside_the_replications_intervals_over_the_grid_overload_included():
    checks = grid(patience=PATIENCE, replications=REPLICATIONS, seed=2026)
    assert {c.load for c in checks} == {0.5, 0.7, 0.85, 0.95, 0.98, 1.2, 2.0}
    assert len([c for c in checks if c.method == "t"]) > 200
    assert_grid(checks)


def test_a_wrong_formula_is_caught_by_the_same_check():
    # given Erlang A's abandonment off by 5% at a busy point
    checks = check_point(0.95, 20, patience=PATIENCE, replications=REPLICATIONS, seed=7)
    check = next(c for c in checks if c.metric == "p_abandon")
    # then the true formula is inside and the wrong one outside the 99% interval
    assert check.inside
    assert not check.interval.contains(check.formula * 1.05)


def test_erlang_a_with_patience_equal_to_handle_time_is_a_poisson_pool():
    # when patience and handle time have the same mean, every contact in the pool leaves at rate μ:
    # the number in the pool is Poisson(A), so P(wait) = P(N >= c) and P(abandon) = E[(N - c)+] / A
    load, agents = 7.5, 6
    exact = erlang_a(
        arrivals_per_hour=load * 12, aht_seconds=300, agents=agents, target_seconds=20, patience_seconds=300
    )
    pmf = [math.exp(n * math.log(load) - load - math.lgamma(n + 1)) for n in range(200)]
    assert exact.p_wait == pytest.approx(sum(pmf[agents:]), rel=1e-9)
    assert exact.p_abandon == pytest.approx(
        sum((n - agents) * p for n, p in enumerate(pmf) if n > agents) / load, rel=1e-9
    )
    assert exact.occupancy == pytest.approx(sum(min(n, agents) * p for n, p in enumerate(pmf)) / agents, rel=1e-9)


def test_erlang_a_tends_to_erlang_c_as_buyers_become_patient():
    from csba.simulation.erlang import erlang_c

    shape = dict(arrivals_per_hour=100, aht_seconds=300, agents=10, target_seconds=20)
    exact_c = erlang_c(**shape)
    exact_a = erlang_a(**shape, patience_seconds=1e8)
    for key in ("p_wait", "service_level", "occupancy"):
        assert getattr(exact_a, key) == pytest.approx(getattr(exact_c, key), abs=1e-4)
    assert exact_a.asa_seconds == pytest.approx(exact_c.asa_seconds, rel=1e-3)
    # and impatience cuts the wait
    assert erlang_a(**shape, patience_seconds=60).asa_seconds < exact_c.asa_seconds / 5


def test_intervals_of_replications():
    spread = interval([1.0, 2.0, 3.0, 4.0], 0.95)
    # mean 2.5, s = 1.291, t(0.975, 3) = 3.182
    assert spread.mean == 2.5
    assert spread.high - 2.5 == pytest.approx(3.1824 * 1.2910 / 2, rel=1e-3)
