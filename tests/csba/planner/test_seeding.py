"""The demo's history simulated into the live database (SQLite and, in the
PostgreSQL pass, PostgreSQL): tickets, cases and statements of the simulated
days, ending today, beside the hand-made demo; the rows made afterwards take
ids after the simulated ones; once only; refused on another database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from billing.models import MonthlyStatement, MonthRecomputation
from csba.demo.builder import DEMO_PASSWORD
from csba.simulation.planner.models import DemoHistory
from csba.simulation.planner.seeding import SeedingError, history_seed
from inquiries.models import Case, Ticket
from sellers.models import Buyer, Order, OrderItem, SellerAccount, Shipment

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
START, END = datetime(2026, 11, 27, tzinfo=UTC), datetime(2026, 12, 3, tzinfo=UTC)
# More contacts and escalations than the demo's own, so six days show every kind of row.
BUSY = {"contacts.per_unit": 0.4, "agents.escalate_other": 0.6, "agents.escalate_unanswered": 1.0}


def everything() -> dict:
    return {model.__name__: model.objects.count() for model in (Order, Ticket, Case, MonthlyStatement, User)}


def test_the_history_fills_the_days_before_today_beside_the_hand_made_demo(clock, settings):
    settings.DEBUG = True
    clock.set(NOW)
    call_command("seed_demo")
    demo_orders = set(Order.objects.values_list("order_number", flat=True))
    demo_tickets, demo_cases = set(Ticket.objects.values_list("pk", flat=True)), set(Case.objects.values_list("pk"))
    # when the last six days are simulated into the same database
    history = history_seed(now=NOW, days=6, overrides=BUSY)
    # then they end today at 00:00 UTC
    assert (history.start, history.end) == (START.date(), END)
    tickets = Ticket.objects.exclude(pk__in=demo_tickets)
    assert tickets.count() == history.counts["tickets"] > 20
    assert all(START <= opened < END for opened in tickets.values_list("opened_at", flat=True))
    assert tickets.filter(status="resolved").exists() and tickets.filter(route="csba").exists()
    cases = Case.objects.exclude(pk__in=[pk for (pk,) in demo_cases])
    assert cases.exists() and all(START <= at < END for at in cases.values_list("opened_at", flat=True))
    orders = Order.objects.exclude(order_number__in=demo_orders)
    assert orders.count() == history.counts["orders"] > 0
    assert all(START <= at < END for at in orders.values_list("placed_at", flat=True))
    # November, closed by the hand-made demo first, is closed again so the simulated sellers have statements
    simulated = SellerAccount.objects.filter(name__startswith="Seller 0")
    assert MonthlyStatement.objects.filter(month=date(2026, 11, 1), seller__in=simulated).exists()
    assert MonthRecomputation.objects.filter(reason="demo history simulated afterwards").exists()
    # and the hand-made demo is still there: its orders, its logins
    assert demo_orders <= set(Order.objects.values_list("order_number", flat=True))
    assert User.objects.get(username="seller").check_password(DEMO_PASSWORD)
    assert User.objects.get(username="planner").groups.filter(name="planners").exists()
    # the rows made next take ids after the simulated ones (PostgreSQL: the sequences were moved past them)
    order = Order.objects.order_by("-pk").first()
    buyer = Buyer.objects.create(marketplace=order.marketplace, email="after-history@buyer.example", name="After")
    made = Order.objects.create(
        marketplace=order.marketplace, seller=order.seller, buyer=buyer, order_number="999-after-history", placed_at=NOW
    )
    item = OrderItem.objects.create(
        order=made, product=order.items.first().product, quantity=1, unit_price="9.99", fulfillment_channel="FBM"
    )
    shipment = Shipment.objects.create(order=made, carrier="UPS", tracking_number="1Z", shipped_at=NOW)
    assert made.pk > order.pk and item.pk > order.pk and buyer.pk > order.buyer_id
    assert shipment.pk > Shipment.objects.exclude(pk=shipment.pk).order_by("-pk").values_list("pk", flat=True)[0]
    # seeding again does nothing
    before = everything()
    assert history_seed(now=NOW, days=6, overrides=BUSY) is None
    assert everything() == before and DemoHistory.objects.count() == 1


def test_the_command_says_when_it_was_seeded_before(capsys):
    DemoHistory.objects.create(seeded_at=NOW, scenario_name="demo-90d", seed=1, start=START.date(), end=END)
    call_command("seed_history")
    assert "seeded before; nothing simulated" in capsys.readouterr().out
    assert not Ticket.objects.exists()


def test_another_database_is_refused_before_anything_is_written(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "mysql")
    with pytest.raises(SeedingError, match="SQLite or PostgreSQL only"):
        history_seed(now=NOW, days=2)
    assert not DemoHistory.objects.exists() and not Order.objects.exists()
