"""`manage.py simulate_queue`: the M/M/c agent pool, checked against Erlang C."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from csba.simulation.queue import erlang_c, simulate


def run(*args):
    out = io.StringIO()
    call_command("simulate_queue", *args, "--json", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


@pytest.mark.parametrize("rate,aht,agents", [(100, 300, 10), (360, 180, 20), (30, 240, 3)])
def test_the_simulation_agrees_with_erlang_c(rate, aht, agents):
    sim = simulate(
        arrivals_per_hour=rate,
        aht_seconds=aht,
        agents=agents,
        target_seconds=20,
        contacts=200_000,
        warmup=10_000,
        seed=7,
    )
    exact = erlang_c(arrivals_per_hour=rate, aht_seconds=aht, agents=agents, target_seconds=20)
    assert sim.p_wait == pytest.approx(exact.p_wait, abs=0.03)
    assert sim.service_level == pytest.approx(exact.service_level, abs=0.03)
    assert sim.occupancy == pytest.approx(exact.occupancy, abs=0.02)
    assert sim.asa_seconds == pytest.approx(exact.asa_seconds, rel=0.15)


def test_erlang_c_known_value():
    # 2 agents, 1 Erlang offered: P(wait) = 1/3, ASA = P(wait) * AHT / (c - A) = AHT / 3.
    exact = erlang_c(arrivals_per_hour=12, aht_seconds=300, agents=2, target_seconds=0)
    assert exact.p_wait == pytest.approx(1 / 3, abs=1e-5)
    assert exact.asa_seconds == pytest.approx(100, abs=1e-3)


def test_the_command_prints_the_contract_fields_and_is_repeatable():
    args = (
        "--arrivals-per-hour",
        "60",
        "--aht-seconds",
        "240",
        "--agents",
        "5",
        "--target-seconds",
        "30",
        "--contacts",
        "5000",
        "--warmup",
        "500",
        "--seed",
        "3",
    )
    first, second = run(*args), run(*args)
    assert first == second
    assert {"asa_seconds", "service_level", "p_wait", "occupancy", "contacts"} <= set(first)
    assert first["contacts"] == 5000
    assert 0 <= first["p_wait"] <= 1 and 0 <= first["service_level"] <= 1
    assert first["asa_seconds"] >= 0


def test_more_agents_never_make_waiting_worse():
    base = dict(arrivals_per_hour=200, aht_seconds=300, target_seconds=20, contacts=20_000, warmup=1000, seed=1)
    waits = [simulate(agents=c, **base).asa_seconds for c in (18, 20, 24)]
    assert waits[0] > waits[1] > waits[2]


def test_an_unstable_queue_is_simulated_with_a_warning():
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "simulate_queue",
        "--arrivals-per-hour",
        "100",
        "--aht-seconds",
        "360",
        "--agents",
        "5",
        "--contacts",
        "2000",
        "--warmup",
        "0",
        "--json",
        stdout=out,
        stderr=err,
    )
    assert json.loads(out.getvalue())["erlang_c"] is None
    assert "unstable" in err.getvalue()


@pytest.mark.parametrize(
    "bad",
    [
        ("--arrivals-per-hour", "0", "--aht-seconds", "300", "--agents", "3"),
        ("--arrivals-per-hour", "10", "--aht-seconds", "-1", "--agents", "3"),
        ("--arrivals-per-hour", "10", "--aht-seconds", "300", "--agents", "0"),
        ("--arrivals-per-hour", "10", "--aht-seconds", "300", "--agents", "3", "--contacts", "0"),
    ],
)
def test_bad_parameters_are_clear_errors(bad):
    with pytest.raises(CommandError):
        call_command("simulate_queue", *bad, stdout=io.StringIO(), stderr=io.StringIO())
