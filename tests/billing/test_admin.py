"""Operator admin: rate-card validation, month close and recompute, revenue report."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from billing.models import MonthClose, MonthlyStatement, MonthRecomputation, Promotion, RateCard, StatementRevision
from billing.services import month_close, rate_card_problems
from tests.factories import marketplace, operator_user, seller_with_user

from .helpers import UTC, at, enrolled_seller, ship

pytestmark = pytest.mark.django_db
D = Decimal


def _tiers(*rows):
    return [{"tier": t, "cpu_above": a and D(a), "cpu_up_to": u and D(u), "fee_per_unit": D(f)} for t, a, u, f in rows]


def test_contiguous_tiers_in_the_marketplace_currency_are_valid():
    assert (
        rate_card_problems(
            marketplace=marketplace("US"),
            currency="USD",
            flat_rate=None,
            standard_rate=D("0.25"),
            tiers=_tiers((1, None, "0.05", "0.10"), (2, "0.05", None, "0.25")),
        )
        == {}
    )


@pytest.mark.parametrize(
    "tiers,currency,flat,expected",
    [
        (_tiers((1, None, "0.05", "0.10"), (2, "0.06", None, "0.25")), "USD", None, "no gap"),  # gap
        (_tiers((1, None, "0.05", "0.10"), (2, "0.04", None, "0.25")), "USD", None, "no gap"),  # overlap
        (_tiers((1, None, "0.05", "0.10"), (2, "0.05", "0.15", "0.25")), "USD", None, "open-ended"),  # closed top
        (_tiers((1, None, None, "0.10"), (2, "0.05", None, "0.25")), "USD", None, "only the last"),
        (_tiers((1, "0.01", "0.05", "0.10"), (2, "0.05", None, "0.25")), "USD", None, "start at a CPU of 0"),
        (_tiers((1, None, "0.05", "0.10"), (3, "0.05", None, "0.25")), "USD", None, "numbered"),
        (_tiers((1, None, "0.05", "-0.10"), (2, "0.05", None, "0.25")), "USD", None, "zero or more"),
        (_tiers((1, None, None, "0.10")), "EUR", None, "currency"),
        ([], "USD", None, "flat rate or CPU tiers"),
        (_tiers((1, None, None, "0.10")), "USD", D("38"), "no flat rate"),
    ],
)
def test_invalid_cards_are_refused_with_a_reason(tiers, currency, flat, expected):
    problems = rate_card_problems(
        marketplace=marketplace("US"), currency=currency, flat_rate=flat, standard_rate=None, tiers=tiers
    )
    assert any(expected in message for messages in problems.values() for message in messages), problems


def _card_post(**overrides):
    data = {
        "marketplace": marketplace("US").pk,
        "name": "2027 card",
        "effective_from": "2027-01-01",
        "currency": "USD",
        "standard_rate": "0.30",
        "flat_rate": "",
        "reliable_min_units": "31",
        "unreliable_cpu_above": "0.15",
        "tiers-TOTAL_FORMS": "2",
        "tiers-INITIAL_FORMS": "0",
        "tiers-MIN_NUM_FORMS": "0",
        "tiers-MAX_NUM_FORMS": "1000",
        "tiers-0-tier": "1",
        "tiers-0-cpu_above": "",
        "tiers-0-cpu_up_to": "0.05",
        "tiers-0-fee_per_unit": "0.12",
        "tiers-1-tier": "2",
        "tiers-1-cpu_above": "0.05",
        "tiers-1-cpu_up_to": "",
        "tiers-1-fee_per_unit": "0.30",
    }
    data.update(overrides)
    return data


def test_an_operator_adds_a_rate_card_in_the_admin(client):
    client.force_login(operator_user())
    response = client.post("/admin/billing/ratecard/add/", _card_post())
    assert response.status_code == 302, response.context["errors"] if response.context else response
    card = RateCard.objects.get(name="2027 card")
    assert [(t.tier, t.fee_per_unit) for t in card.tiers.order_by("tier")] == [(1, D("0.12")), (2, D("0.30"))]


def test_the_admin_refuses_gaps_and_a_foreign_currency(client):
    client.force_login(operator_user())
    response = client.post("/admin/billing/ratecard/add/", _card_post(**{"tiers-1-cpu_above": "0.07"}))
    assert response.status_code == 200 and "no gap, no overlap" in response.content.decode()
    response = client.post("/admin/billing/ratecard/add/", _card_post(currency="EUR"))
    assert response.status_code == 200 and "currency must be the marketplace" in response.content.decode()
    assert not RateCard.objects.filter(name="2027 card").exists()


def test_promotion_rules_are_validated(client):
    client.force_login(operator_user())
    data = {
        "marketplace": marketplace("US").pk,
        "kind": "reward",
        "name": "Bad reward",
        "effective_from": "2027-01-01",
        "effective_to": "",
        "rules": '{"min_vtr": "95", "discount_percent_by_tier": {"1": 150}}',
    }
    response = client.post("/admin/billing/promotion/add/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "between 0 and 1" in body and "from 0 to 100" in body
    assert not Promotion.objects.filter(name="Bad reward").exists()


def test_an_operator_closes_and_recomputes_a_month_in_the_admin(client, clock, django_capture_on_commit_callbacks):
    clock.set(datetime(2026, 11, 3, tzinfo=UTC))
    seller = enrolled_seller()
    ship(seller, 10, at(2026, 10), valid_tracking=False)
    operator = operator_user()
    client.force_login(operator)
    assert client.get("/admin/billing/monthclose/").status_code == 200
    assert client.get("/admin/billing/monthclose/close/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/billing/monthclose/close/", {"marketplace": "US", "month": "2026-10"})
    assert response.status_code == 302
    close = MonthClose.objects.get(marketplace__code="US", month=date(2026, 10, 1))
    assert close.closed_by == operator and close.statements == 1
    # a month not over is refused on the form
    response = client.post("/admin/billing/monthclose/close/", {"marketplace": "US", "month": "2026-11"})
    assert response.status_code == 400 and "not over" in response.content.decode()
    # the recompute action asks for the reason first, and refuses to go on without one
    ship(seller, 10, at(2026, 10), valid_tracking=False)
    selected = {"action": "recompute_months", "_selected_action": [close.pk]}
    response = client.post("/admin/billing/monthclose/", selected)
    assert response.status_code == 200 and "Why are these months recomputed?" in response.content.decode()
    response = client.post("/admin/billing/monthclose/", {**selected, "apply": "1", "reason": "  "})
    assert response.status_code == 400
    assert not StatementRevision.objects.exists() and not MonthRecomputation.objects.exists()
    # then records the revisions with the operator and the reason
    response = client.post("/admin/billing/monthclose/", {**selected, "apply": "1", "reason": "late shipments"})
    assert response.status_code == 302
    revision = StatementRevision.objects.get()
    assert revision.revised_by == operator and revision.current["units"] == 20
    assert revision.reason == "late shipments" and revision.previous_inputs["units_by_month"]["2026-10"] == 10
    assert MonthlyStatement.objects.get().version == 2
    audit = MonthRecomputation.objects.get()
    assert (audit.month_close, audit.recomputed_by, audit.reason, audit.revised) == (
        close,
        operator,
        "late shipments",
        1,
    )
    assert "late shipments" in client.get(f"/admin/billing/monthclose/{close.pk}/change/").content.decode()
    # the close form wants a reason to recompute too
    response = client.post(
        "/admin/billing/monthclose/close/", {"marketplace": "US", "month": "2026-10", "recompute": "on"}
    )
    assert response.status_code == 400 and MonthRecomputation.objects.count() == 1


def test_the_revenue_report_shows_fees_and_tiers_per_marketplace_and_month(client, django_assert_max_num_queries):
    for units in (10, 20):
        ship(enrolled_seller(), units, at(2026, 10), valid_tracking=False)
    ship(enrolled_seller("DE", business_country="DE"), 5, at(2026, 10), code="DE", valid_tracking=False)
    for code in ("US", "DE"):
        month_close(marketplace=code, month=date(2026, 10, 1), now=datetime(2026, 11, 3, tzinfo=UTC))
    client.force_login(operator_user())
    with django_assert_max_num_queries(12):
        response = client.get("/admin/billing/monthlystatement/revenue/")
    assert response.status_code == 200
    rows = {row.marketplace_code: row for row, _ in response.context["rows"]}
    assert (rows["US"].statements, rows["US"].units, rows["US"].fees) == (2, 30, D("7.50"))
    assert rows["US"].tiers == {"standard": 2}
    assert (rows["DE"].fees, rows["DE"].currency) == (D("2.05"), "EUR")
    assert "$7.50" in response.content.decode()
    assert client.get("/admin/billing/monthlystatement/").status_code == 200


def test_sellers_cannot_use_the_billing_admin(client):
    client.force_login(seller_with_user().user)
    assert client.get("/admin/billing/monthclose/close/").status_code == 302
