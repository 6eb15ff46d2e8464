"""`manage.py simulate_queue`: the M/M/c agent pool, checked against Erlang C."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from csba.simulation.erlang import erlang_c
from csba.simulation.mmc import simulate


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
    assert list(first) == ["asa_seconds", "service_level", "p_wait", "occupancy", "contacts", "erlang_c"]
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
        ("--arrivals-per-hour", "10", "--aht-seconds", "300", "--agents", "3", "--patience-seconds", "0"),
        ("--arrivals-per-hour", "10", "--aht-seconds", "300", "--agents", "3", "--patience-seconds", "nan"),
        ("--arrivals-per-hour", "10", "--aht-seconds", "300", "--agents", "3", "--replications", "0"),
        ("--arrivals-per-hour", "10", "--aht-seconds", "300", "--agents", "3", "--warmup", "-1"),
        ("--arrivals-per-hour", "inf", "--aht-seconds", "300", "--agents", "3"),
    ],
)
def test_bad_parameters_are_clear_errors(bad):
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("simulate_queue", *bad, stdout=out, stderr=io.StringIO())
    assert str(error.value)  # a message saying what is wrong
    assert out.getvalue() == ""  # and no figures


def test_patience_adds_p_abandon_and_the_erlang_a_figures():
    # given a pool with impatient buyers
    args = (
        "--arrivals-per-hour",
        "120",
        "--aht-seconds",
        "300",
        "--agents",
        "10",
        "--target-seconds",
        "20",
        "--contacts",
        "100000",
        "--warmup",
        "2000",
        "--seed",
        "5",
        "--patience-seconds",
        "90",
    )
    # when it is simulated
    result = run(*args)
    # then the contract's fields are there, p_abandon added, and close to Erlang A
    assert list(result) == ["asa_seconds", "service_level", "p_wait", "occupancy", "contacts", "p_abandon", "erlang_a"]
    exact = result["erlang_a"]
    assert result["p_abandon"] == pytest.approx(exact["p_abandon"], abs=0.01)
    assert result["p_wait"] == pytest.approx(exact["p_wait"], abs=0.02)
    assert result["service_level"] == pytest.approx(exact["service_level"], abs=0.02)
    assert 0 < result["p_abandon"] < result["p_wait"]


def test_an_overloaded_pool_with_abandonment_is_stable_and_has_an_answer():
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "simulate_queue",
        "--arrivals-per-hour",
        "200",
        "--aht-seconds",
        "360",
        "--agents",
        "10",
        "--patience-seconds",
        "120",
        "--contacts",
        "20000",
        "--warmup",
        "1000",
        "--json",
        stdout=out,
        stderr=err,
    )
    result = json.loads(out.getvalue())
    # 20 Erlangs offered to 10 agents: about half leave, and nobody warns of instability
    assert result["p_abandon"] == pytest.approx(result["erlang_a"]["p_abandon"], abs=0.02)
    assert result["p_abandon"] > 0.4
    assert err.getvalue() == ""


def test_replications_give_means_and_95_percent_intervals():
    args = (
        "--arrivals-per-hour",
        "100",
        "--aht-seconds",
        "300",
        "--agents",
        "10",
        "--target-seconds",
        "20",
        "--contacts",
        "20000",
        "--warmup",
        "1000",
        "--seed",
        "8",
        "--replications",
        "6",
    )
    result = run(*args)
    assert result["replications"] == 6
    for key in ("asa_seconds", "service_level", "p_wait", "occupancy"):
        low, high = result["ci95"][key]
        assert low < result[key] < high
    assert "p_abandon" not in result["ci95"]
    # the same seed gives the same study; another seed another one
    assert run(*args) == result
    assert run(*args[:-3], "9", "--replications", "6") != result
