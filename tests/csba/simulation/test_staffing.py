"""Staffing: the fractional requirement, the rounded roster, the reverse
mode, the simulation check, and `manage.py staffing` end to end."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from csba.simulation.arrivals import profile_from_toml
from csba.simulation.planning import Simulation, duty_by_language, plan_forward, plan_reverse
from csba.simulation.staffing import LivePool, Targets, requirement, reverse

SMALL = """
interval_minutes = 60
days = 1
[volume.en]
phone = 900
email = 300
[volume.ja]
chat = 150
[targets]
service_level = 0.8
within_seconds = 30
max_abandon = 0.05
[routing]
live_reserve = 1
"""


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "small.toml"
    path.write_text(SMALL)
    return path


def staffing(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("staffing", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_fractional_requirement_lies_between_the_team_that_misses_and_the_one_that_meets():
    targets = Targets(service_level=0.8, within_seconds=20, max_abandon=0.05)
    pool = LivePool(rate_per_hour=120, aht_seconds=300, patience_seconds=120)
    required = pool.requirement(targets)
    whole = int(np.ceil(required))
    assert whole - 1 < required <= whole
    assert pool.meets(pool.figures(whole, targets), targets)
    assert not pool.meets(pool.figures(whole - 1, targets), targets)
    # more traffic or a stricter target needs more agents
    assert LivePool(240, 300, 120).requirement(targets) > required
    assert pool.requirement(Targets(service_level=0.9, within_seconds=20, max_abandon=0.05)) > required


def test_the_reverse_of_the_requirement_meets_the_targets_by_the_formula():
    profile = profile_from_toml(__import__("tomllib").loads(SMALL))
    targets = Targets(service_level=0.8, within_seconds=30, max_abandon=0.05)
    needs = requirement(profile, targets)
    duty = {language: np.array([n.required for n in needs if n.language == language]) for language in profile.languages}
    for need, figures in reverse(profile, targets, duty):
        if need.live.rate_per_hour:
            assert figures.service_level >= targets.service_level - 1e-6
            assert figures.p_abandon <= targets.max_abandon + 1e-6
    # and every language has its minimum around the clock
    assert min(n.required for n in needs) >= 1


def test_forward_then_reverse_gives_the_same_simulated_answer(small):
    profile = profile_from_toml(__import__("tomllib").loads(small.read_text()))
    targets = Targets(service_level=0.8, within_seconds=30, max_abandon=0.05)
    simulation = Simulation(replications=3, seed=5)
    forward = plan_forward(profile, targets, shift_hours=8, break_minutes=30, simulation=simulation, rounds=3)
    # the roster covers the requirement (and what the simulation added) rounded up
    duty = duty_by_language(forward.roster, profile)
    for row in forward.rows:
        assert duty[row.language][int(row.start // 3600)] >= np.ceil(row.required + row.added - 1e-9)
    # the simulation of the roster does not contradict the targets over the day (95% intervals)
    totals = forward.simulated.totals
    assert totals["service_level"].high >= 0.8 and totals["p_abandon"].low <= 0.05
    assert forward.simulated.email["en"].high >= 0.95
    # given that roster back, the reverse mode finds the same figures
    backward = plan_reverse(profile, targets, forward.roster, simulation=simulation)
    assert backward.simulated.totals == forward.simulated.totals
    assert [r.on_duty for r in backward.rows] == [r.on_duty for r in forward.rows]


def test_the_command_answers_both_ways_with_table_csv_html_and_roster(small, tmp_path):
    # forward: the table, the summary, a CSV, a self-contained HTML page and the roster
    out, err = staffing(
        "--profile",
        str(small),
        "--replications",
        "2",
        "--rounds",
        "2",
        "--csv",
        str(tmp_path / "plan.csv"),
        "--html",
        str(tmp_path / "plan.html"),
        "--roster-out",
        str(tmp_path / "roster.csv"),
    )
    assert "required" in out and "SL sim" in out
    rows = list(csv.DictReader((tmp_path / "plan.csv").open()))
    assert len(rows) == 48 and {r["language"] for r in rows} == {"en", "ja"}
    assert all(float(r["on_duty"]) >= 1 for r in rows)
    page = (tmp_path / "plan.html").read_text()
    assert "<svg" in page and "http://" not in page and "https://" not in page and "<script" not in page
    assert "round 1: simulating" in err
    # reverse: the roster just written, its figures per interval
    out, _ = staffing(
        "--profile", str(small), "--roster", str(tmp_path / "roster.csv"), "--replications", "2", "--json"
    )
    answer = json.loads(out)
    assert answer["mode"] == "reverse" and answer["replications"] == 2
    assert 0.8 <= answer["simulated"]["service_level"]["mean"] <= 1


def test_the_shipped_holiday_peak_answers_with_the_formulas_alone():
    out, _ = staffing("--profile", "holiday-peak", "--replications", "0", "--json")
    answer = json.loads(out)
    assert answer["intervals"] == 7 * 48 and answer["languages"] == ["de", "en", "ja"]
    assert "simulated" not in answer
    assert answer["agent_hours"] >= answer["required_agent_hours"] > 1000


@pytest.mark.parametrize(
    "args,message",
    [
        (("--profile", "no-such-profile"), "no profile 'no-such-profile'"),
        (("--profile", "holiday-peak", "--service-level", "1.5"), "service-level target"),
        (("--profile", "holiday-peak", "--max-abandon", "0"), "abandonment cap"),
        (("--profile", "holiday-peak", "--shift-hours", "30"), "shifts must last"),
        (("--profile", "holiday-peak", "--replications", "-1"), "replications"),
    ],
)
def test_bad_arguments_are_clear_errors(args, message, tmp_path):
    with pytest.raises(CommandError, match=message):
        staffing(*args, "--csv", str(tmp_path / "out.csv"))
    assert not (tmp_path / "out.csv").exists()


def test_a_bad_profile_or_roster_names_the_key_or_line_and_writes_nothing(tmp_path, small):
    bad = tmp_path / "bad.toml"
    bad.write_text(SMALL.replace("phone = 900", "phone = -900"))
    with pytest.raises(CommandError, match=r"volume\.en\.phone: expected contacts per day"):
        staffing("--profile", str(bad), "--csv", str(tmp_path / "out.csv"))
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "agent,languages,channels,days,start,end,breaks\nana,en,phone,0,08:00,16:00,\nbo,en,phone,0,08:00,9am,\n"
    )
    with pytest.raises(CommandError, match="line 3:"):
        staffing("--profile", str(small), "--roster", str(roster), "--csv", str(tmp_path / "out.csv"))
    assert not (tmp_path / "out.csv").exists()


def test_from_the_shell_a_bad_input_exits_non_zero_with_a_message(small):
    root = Path(__file__).resolve().parents[3]
    done = subprocess.run(
        [sys.executable, "manage.py", "staffing", "--profile", str(small), "--min-agents", "-2"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "minimum number of agents" in done.stderr and done.stdout == ""
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "simulate_queue",
            "--arrivals-per-hour",
            "10",
            "--aht-seconds",
            "300",
            "--agents",
            "0",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0 and "at least one agent" in done.stderr
