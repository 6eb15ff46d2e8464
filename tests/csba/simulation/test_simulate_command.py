"""`manage.py simulate`: end to end on the small scenario in child processes
with their own SQLite files; the same seed gives the same summary.json byte
for byte; the live database is never written; bad scenarios are refused
before anything is written; Ctrl-C still writes a report, marked partial."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from inquiries.models import Case, Ticket
from sellers.models import Order, SellerAccount

ROOT = Path(__file__).resolve().parents[3]
CONTRACT = (
    "contacts",
    "fcr",
    "asa_seconds",
    "service_level",
    "p_abandon",
    "escalation_rate",
    "auto_resolution_rate",
    "seller_on_time_rate",
    "fees",
    "enrolled_vs_not",
)

pytestmark = pytest.mark.slow


def simulate(out: Path, *extra: str, seed: int = 3, days: int = 3) -> dict:
    call_command("simulate", "--scenario", "small", "--seed", str(seed), "--out", str(out), "--days", str(days),
                 *extra, stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w"))  # fmt: skip
    return json.loads((out / "summary.json").read_text())


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("small")
    return out, simulate(out, days=14)


def test_the_summary_holds_every_figure_of_the_contract(small_run):
    out, summary = small_run
    # then every field ARCHITECTURE.md fixes is there, with real values
    assert set(CONTRACT) <= set(summary)
    assert summary["contacts"] > 50
    assert 0.3 < summary["fcr"] < 1.0
    assert summary["escalation_rate"] is not None and summary["seller_on_time_rate"] is not None
    assert set(summary["fees"]) == {"DE", "JP", "US"}
    assert summary["fees"]["US"]["currency"] == "USD" and summary["fees"]["US"]["total"] > 0
    assert set(summary["enrolled_vs_not"]) == {"enrolled", "not_enrolled"}
    assert summary["enrolled_vs_not"]["enrolled"]["orders"] > 0
    assert summary["partial"] is False
    assert (out / "report.html").stat().st_size > 1000
    # wall-clock figures are kept out of the summary, in run.json
    run = json.loads((out / "run.json").read_text())
    assert run["replications"][0]["cpu_seconds"] > 0
    assert "cpu_seconds" not in json.dumps(summary)
    # memory sampled at the start of every simulated day (14 days): resident memory, objects, the database's size
    days = run["replications"][0]["memory_by_day"]
    assert [d["day"] for d in days] == [(date(2026, 8, 20) + timedelta(days=k)).isoformat() for k in range(14)]
    assert all(d["rss_mib"] > 0 and d["python_objects"] > 0 for d in days)
    assert days[-1]["database_mib"] > days[0]["database_mib"] > 0


def test_the_replication_ran_the_real_services_in_its_own_database(small_run):
    out, summary = small_run
    import sqlite3

    with sqlite3.connect(out / "replication-1.sqlite3") as db:

        def count(sql: str) -> int:
            return db.execute(sql).fetchone()[0]

        kinds = {kind for (kind,) in db.execute("SELECT DISTINCT kind FROM inquiries_ticketevent")}
        tickets = count("SELECT count(*) FROM inquiries_ticket")
        assert tickets == summary["contacts"]
        # registration applied the marketplaces' default enrollment; other sellers opted in (invited first)
        assert count("SELECT count(*) FROM sellers_enrollment WHERE source = 'default'") > 0
        assert (
            count("SELECT count(*) FROM sellers_enrollment WHERE source IN ('opt_in', 'invitation', 'application')") > 0
        )
        # intake classified and routed: CSBA tickets and tickets routed to the sellers
        assert count("SELECT count(DISTINCT route) FROM inquiries_ticket") >= 2
        assert count("SELECT count(*) FROM inquiries_ticket WHERE suggestion IS NOT NULL") > 0
        # agents worked tickets through the console: claims, replies from suggestions, refunds, returns, resolutions
        assert {"claimed", "reply_sent", "suggestion_accepted", "refund_issued", "return_authorized"} <= kinds
        assert count("SELECT count(*) FROM inquiries_ticket WHERE status = 'resolved'") > tickets / 2
        # the case log: cases answered by sellers, others resolved by the sweep at the deadline, reminders
        assert {"case_opened", "seller_replied", "auto_resolved", "case_reminder_sent"} <= kinds
        assert count("SELECT count(*) FROM inquiries_case WHERE status = 'auto_resolved'") > 0
        # after-commit work ran in-process: CSAT invitations, and mail counted
        assert count("SELECT count(*) FROM inquiries_csatinvitation") > 0
        assert summary["mail"]["buyer"] > 0 and summary["mail"]["seller"] > 0
        # the billing beat closed August in every marketplace
        assert count("SELECT count(DISTINCT marketplace_id) FROM billing_monthclose WHERE month = '2026-08-01'") == 3
        # parcels shipped and delivered at their times, buyers rated sellers
        assert count("SELECT count(*) FROM sellers_shipment WHERE delivered_at IS NOT NULL") > 0
        assert count("SELECT count(*) FROM sellers_order WHERE feedback_rating IS NOT NULL") > 0


@pytest.mark.django_db(transaction=True)
def test_same_seed_same_summary_byte_for_byte_and_the_live_database_untouched(tmp_path):
    # given the live (test) database's rows
    before = [model.objects.count() for model in (Ticket, Order, SellerAccount, Case)]
    # when the same scenario runs twice with one seed, and once with another
    simulate(tmp_path / "a", seed=11)
    simulate(tmp_path / "b", seed=11)
    simulate(tmp_path / "c", seed=12)
    # then the summaries are identical byte for byte, and differ for another seed
    first, second = (tmp_path / "a" / "summary.json").read_bytes(), (tmp_path / "b" / "summary.json").read_bytes()
    assert first == second
    assert first != (tmp_path / "c" / "summary.json").read_bytes()
    # and nothing was written to this process's database
    assert [model.objects.count() for model in (Ticket, Order, SellerAccount, Case)] == before


@pytest.mark.parametrize(
    "setting, expected",
    [
        ("contacts.per_unitt=0.1", "contacts.per_unitt: unknown key"),
        ("contacts.per_unit=-0.1", "contacts.per_unit: expected a number ≥ 0, got -0.1"),
        ("marketplaces.FR.sellers=3", "marketplaces.FR: unknown marketplace (expected one of DE, JP, US)"),
        ("contacts.channels={email=0.5, phone=0.4}", "contacts.channels: shares must sum to 1, they sum to 0.9"),
    ],
)
def test_a_bad_scenario_is_refused_before_anything_is_written(tmp_path, setting, expected):
    out = tmp_path / "run"
    with pytest.raises(CommandError) as caught:
        call_command("simulate", "--scenario", "small", "--seed", "1", "--out", str(out), "--set", setting)
    assert expected in str(caught.value)
    assert "nothing was written" in str(caught.value)
    assert not out.exists()


def test_a_bad_scenario_file_is_refused_with_its_key_path(tmp_path):
    scenario = tmp_path / "bad.toml"
    scenario.write_text(
        "[marketplaces.US]\nsellers = 3\norigins = { US = 0.5, CN = 0.3 }\n[agents.teams.en]\nagents = -2\n"
    )
    out = tmp_path / "run"
    with pytest.raises(CommandError) as caught:
        call_command("simulate", "--scenario", str(scenario), "--seed", "1", "--out", str(out))
    message = str(caught.value)
    assert "marketplaces.US.origins: shares must sum to 1, they sum to 0.8" in message
    assert "agents.teams.en.agents: expected a number ≥ 0, got -2" in message
    assert not out.exists()


def test_a_replication_refuses_to_run_on_the_live_settings(tmp_path):
    spec = tmp_path / "spec.json"
    spec.write_text("{}")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "csba.settings.test", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "csba.simulation.run.child", str(spec)], env=env,
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode != 0
    assert "only under csba.settings.simulation" in done.stderr


def test_a_replication_keeps_its_caches_in_its_own_process(tmp_path):
    from csba.simulation.run.database import child_environment

    # given a replication's environment (the live settings point the presence cache at Redis)
    env = child_environment(tmp_path / "replication-1.sqlite3")
    show = "import django, json; django.setup(); from django.conf import settings; print(json.dumps(settings.CACHES))"
    done = subprocess.run([sys.executable, "-c", show], env=env, capture_output=True, text=True, cwd=ROOT)
    # then every cache is the process's own memory: nothing is read from or written to the live system's Redis
    caches = json.loads(done.stdout)
    assert set(caches) >= {"default", "presence"}
    assert {cache["BACKEND"] for cache in caches.values()} == {"django.core.cache.backends.locmem.LocMemCache"}


def test_ctrl_c_stops_cleanly_and_writes_a_partial_report(tmp_path):
    out = tmp_path / "run"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "csba.settings.test"}
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "simulate", "--scenario", "small", "--seed", "5", "--out", str(out)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    # when the run is under way (the bar passed a tenth) the user presses Ctrl-C
    deadline = time.monotonic() + 120
    for line in process.stderr:
        if "%" in line and "  0%" not in line or time.monotonic() > deadline:
            break
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    # then it stops at the next step and still writes its report, marked partial
    assert process.returncode == 0, stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["partial"] is True
    assert summary["reached"] < "2026-09-03"
    assert "PARTIAL" in stdout
    assert "partial" in (out / "report.html").read_text().lower()
