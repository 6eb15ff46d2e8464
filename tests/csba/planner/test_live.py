"""Live mode: simulated buyers' contacts through the real intake service, at
Poisson moments, about recent orders; a bounded run sends exactly N."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from csba.simulation.planner.live import LiveBuyers, live_trickle, rate_per_minute
from inquiries.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


@pytest.fixture
def demo(clock, settings):
    settings.DEBUG = True
    clock.set(NOW)
    call_command("seed_demo")


@pytest.mark.parametrize(("text", "per_minute"), [("6/min", 6.0), ("90/h", 1.5), ("2", 2.0), ("0.5/m", 0.5)])
def test_rates(text, per_minute):
    assert rate_per_minute(text) == per_minute


@pytest.mark.parametrize("text", ["", "0/min", "-3/min", "fast", "5/day"])
def test_bad_rates(text):
    with pytest.raises(ValueError, match="expected a positive rate"):
        rate_per_minute(text)


def test_a_bounded_run_sends_n_contacts_through_intake_at_poisson_moments(demo, clock):
    before = set(Ticket.objects.values_list("pk", flat=True))
    gaps, seen = [], []
    buyers = LiveBuyers(marketplaces=["US", "DE"], seed=3)
    sent = live_trickle(
        buyers, per_minute=30, now=lambda: clock.now, sleep=gaps.append, limit=6, on_contact=lambda c, r: seen.append(r)
    )
    assert sent == 6 and len(gaps) == 6 and len(seen) == 6
    assert all(gap > 0 for gap in gaps) and len(set(gaps)) == 6  # exponential gaps, mean 2 s at 30/min
    tickets = {result.ticket.pk for result in seen}
    assert tickets - before, "new tickets opened by intake"
    assert set(Ticket.objects.filter(pk__in=tickets).values_list("marketplace__code", flat=True)) <= {"US", "DE"}
    assert TicketEvent.objects.filter(ticket__in=tickets - before, kind="opened").count() == len(tickets - before)


def test_the_command_stops_after_count(demo, monkeypatch, capsys):
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    before = Ticket.objects.count()
    call_command("simulate_live", "--rate", "600/min", "--count", "3", "--seed", "1", "--marketplace", "JP")
    out = capsys.readouterr().out
    assert "3 contacts sent" in out and out.count(" JP ") == 3
    assert before < Ticket.objects.count() <= before + 3


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--rate", "lots"], "--rate: expected a positive rate"), (["--rate", "6/min", "--marketplace", "FR"], "unknown")],
)
def test_bad_arguments_send_nothing(demo, args, message):
    before = Ticket.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("simulate_live", *args, "--count", "2")
    assert Ticket.objects.count() == before
