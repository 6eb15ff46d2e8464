"""Issue 12, item 12: first-contact resolution (DOMAIN.md) as one set-based
metric the statements, the insights dashboard and the simulator call."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from billing.metrics import Ratio, fcr_by_month, first_contact_resolution
from billing.models import MonthlyStatement
from billing.services import month_close
from inquiries.models import ActorKind, Case
from inquiries.states import CaseStatus, TicketStatus
from inquiries.transitions import ticket_transition
from sellers.models import Marketplace
from tests.factories import BuyerFactory, OrderFactory, TicketFactory, marketplace

from .helpers import UTC, enrolled_seller, ship

pytestmark = pytest.mark.django_db
OCTOBER = date(2026, 10, 1)
RESOLVED_AT = datetime(2026, 10, 10, 12, tzinfo=UTC)


def _resolved(seller, *, order=None, code="US", resolved_at=RESOLVED_AT, **fields):
    mp = marketplace(code)
    order = order or OrderFactory(seller=seller, marketplace=mp, placed_at=resolved_at - timedelta(days=5))
    return TicketFactory(
        marketplace=mp,
        seller=seller,
        order=order,
        buyer=order.buyer,
        opened_at=resolved_at - timedelta(hours=6),
        status=TicketStatus.RESOLVED,
        resolved_at=resolved_at,
        resolution="answered",
        **fields,
    )


def _tickets_of_every_kind(seller):
    """Five CSBA tickets resolved in October, two of them first-contact resolutions."""
    first = _resolved(seller)  # resolved, nothing afterwards
    escalated = _resolved(seller)  # the seller was asked
    Case.objects.create(
        ticket=escalated,
        seller=seller,
        marketplace=escalated.marketplace,
        question="Tracking?",
        opened_at=escalated.opened_at + timedelta(hours=1),
        deadline_at=escalated.opened_at + timedelta(hours=25),
        status=CaseStatus.RESOLVED,
    )
    again = _resolved(seller)  # the buyer wrote again about the order three days later
    TicketFactory(
        marketplace=again.marketplace,
        seller=seller,
        order=again.order,
        buyer=again.buyer,
        opened_at=RESOLVED_AT + timedelta(days=3),
        route="seller_messaging",
        status=TicketStatus.TRANSFERRED,
    )
    late = _resolved(seller)  # the buyer wrote again, but eight days later: outside a 7-day window
    TicketFactory(
        marketplace=late.marketplace,
        seller=seller,
        order=late.order,
        buyer=late.buyer,
        opened_at=RESOLVED_AT + timedelta(days=8),
    )
    reopened = TicketFactory(  # resolved, reopened by the buyer two days later, resolved again
        marketplace=marketplace("US"),
        seller=seller,
        order=OrderFactory(seller=seller),
        opened_at=RESOLVED_AT - timedelta(days=3),
    )
    ticket_transition(reopened, TicketStatus.RESOLVED, now=RESOLVED_AT - timedelta(days=2), actor_kind=ActorKind.AGENT)
    ticket_transition(reopened, TicketStatus.OPEN, now=RESOLVED_AT, actor_kind=ActorKind.BUYER)
    reopened.resolved_at = RESOLVED_AT + timedelta(hours=1)
    ticket_transition(
        reopened,
        TicketStatus.RESOLVED,
        now=reopened.resolved_at,
        actor_kind=ActorKind.AGENT,
        extra_fields=("resolved_at",),
    )
    # not in the denominator: still open, routed away, resolved in another month
    TicketFactory(marketplace=marketplace("US"), seller=seller, order=OrderFactory(seller=seller))
    _resolved(seller, route="seller_messaging")
    _resolved(seller, resolved_at=datetime(2026, 9, 20, tzinfo=UTC))
    return first, late


def test_fcr_counts_resolved_csba_tickets_without_a_case_or_a_repeat_contact_within_seven_days():
    seller = enrolled_seller()
    _tickets_of_every_kind(seller)
    result = fcr_by_month(marketplace=marketplace("US"), months=[OCTOBER], seller_ids=[seller.pk])
    assert result[seller.pk] == [Ratio(2, 5)]
    assert result[seller.pk][0].value == Decimal("0.4")


def test_the_window_is_the_marketplaces_setting():
    seller = enrolled_seller()
    _tickets_of_every_kind(seller)
    Marketplace.objects.filter(code="US").update(fcr_window_days=10)
    # the contact eight days later now falls inside the window
    assert fcr_by_month(marketplace=marketplace("US"), months=[OCTOBER])[seller.pk] == [Ratio(1, 5)]


def test_a_ticket_without_an_order_is_judged_by_its_buyers_other_contacts_without_one():
    seller = enrolled_seller()
    buyer = BuyerFactory()
    alone = TicketFactory(buyer=buyer, status=TicketStatus.RESOLVED, resolved_at=RESOLVED_AT)
    again = TicketFactory(buyer=buyer, status=TicketStatus.RESOLVED, resolved_at=RESOLVED_AT + timedelta(days=1))
    again.opened_at = RESOLVED_AT + timedelta(hours=2)
    again.save(update_fields=["opened_at"])
    ratio = first_contact_resolution(start=RESOLVED_AT - timedelta(days=1), end=RESOLVED_AT + timedelta(days=2))
    assert ratio == Ratio(1, 2)  # the first ticket was followed by the second within the window
    assert alone.seller_id is None and seller.pk


def test_one_figure_over_every_marketplace_for_the_simulator(django_assert_num_queries):
    us_seller, de_seller = enrolled_seller(), enrolled_seller("DE", business_country="DE")
    _tickets_of_every_kind(us_seller)
    _resolved(de_seller, code="DE")
    start, end = datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)
    marketplaces = list(Marketplace.objects.order_by("code"))
    with django_assert_num_queries(len(marketplaces)):
        ratio = first_contact_resolution(start=start, end=end, marketplaces=marketplaces)
    assert ratio == Ratio(3, 6)
    assert first_contact_resolution(start=start, end=end, marketplaces=[marketplace("DE")]) == Ratio(1, 1)
    assert first_contact_resolution(start=end, end=end + timedelta(days=30)).value is None


def test_fcr_takes_one_query_whatever_the_number_of_tickets(django_assert_num_queries):
    sellers = [enrolled_seller() for _ in range(3)]
    for seller in sellers:
        _tickets_of_every_kind(seller)
    us = marketplace("US")
    with django_assert_num_queries(1):
        result = fcr_by_month(marketplace=us, months=[date(2026, 9, 1), OCTOBER])
    assert all(result[s.pk] == [Ratio(1, 1), Ratio(2, 5)] for s in sellers)


def test_the_monthly_statement_and_its_report_carry_the_fcr():
    seller = enrolled_seller()
    ship(seller, 10, datetime(2026, 10, 5, tzinfo=UTC), valid_tracking=False)
    _tickets_of_every_kind(seller)
    month_close(marketplace="US", month=OCTOBER, now=datetime(2026, 11, 2, tzinfo=UTC))
    statement = MonthlyStatement.objects.get(seller=seller, month=OCTOBER)
    assert statement.fcr == Decimal("0.4")
    assert statement.inputs["fcr"] == {"first_contact": 2, "resolved": 5, "window_days": 7}


def test_the_insights_dashboard_shows_the_fcr_by_month(client, clock):
    from tests.factories import UserFactory

    clock.set(datetime(2026, 11, 5, tzinfo=UTC))
    seller = enrolled_seller(user=UserFactory(username="fcr-seller", roles=["sellers"]))
    _tickets_of_every_kind(seller)
    client.force_login(seller.user)
    response = client.get("/seller/billing/insights/?marketplace=US")
    assert response.status_code == 200
    data = response.context["data"]
    assert data.fcr[-2] == Ratio(2, 5) and data.fcr[-3] == Ratio(1, 1)
    assert "40.0% (2/5)" in response.content.decode()
