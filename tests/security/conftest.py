"""The world the security tests probe: two sellers (A and B) with a case,
a refund, a statement and an enrollment window each; an agent of the US
marketplace and one of another marketplace (JP); an operator; an integrator.
Every route is tried against it by role (test_authorization) and every
write endpoint with bad input (test_bad_input)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps

from billing.models import MonthlyStatement
from inquiries.models import Case, Ticket
from sellers.models import Enrollment, Refund, SellerAccount
from tests.factories import T0, EnrollmentFactory, UserFactory, agent_user, marketplace, operator_user, seller_with_user
from tests.inquiries.caselog.conftest import escalate, ticket_for

NOW = T0 + timedelta(days=40)


@dataclass
class World:
    now: object
    seller_a: SellerAccount
    seller_b: SellerAccount
    ticket_a: Ticket
    ticket_b: Ticket
    case_a: Case
    case_b: Case
    refund_a: Refund
    refund_b: Refund
    statement_a: MonthlyStatement
    statement_b: MonthlyStatement
    window_a: Enrollment
    window_b: Enrollment
    users: dict


def _statement(seller) -> MonthlyStatement:
    return MonthlyStatement.objects.create(
        seller=seller,
        marketplace=marketplace("US"),
        month=(NOW - timedelta(days=40)).date().replace(day=1),
        units=10,
        contacts=1,
        base_rate=Decimal("0.25"),
        effective_rate=Decimal("0.25"),
        fee=Decimal("2.50"),
        currency="USD",
        computed_at=NOW,
    )


def _seller_with_case(username: str):
    seller = seller_with_user(username)
    window = EnrollmentFactory(seller=seller, requested_at=T0, effective_at=T0)
    ticket = ticket_for(seller=seller, now=NOW)
    case = escalate(ticket, now=NOW)
    refund = Refund.objects.create(
        order_item=ticket.order_item,
        ticket=ticket,
        kind="full",
        amount=Decimal("19.99"),
        currency="USD",
        issued_at=NOW,
    )
    return seller, window, Ticket.objects.get(pk=ticket.pk), case, refund


@pytest.fixture
def world(db, clock, settings, tmp_path) -> World:
    clock.set(NOW)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    seller_a, window_a, ticket_a, case_a, refund_a = _seller_with_case("seller_a")
    seller_b, window_b, ticket_b, case_b, refund_b = _seller_with_case("seller_b")
    users = {
        "agent": agent_user("agent_us", marketplaces=["US"]),
        "agent_other": agent_user("agent_jp", marketplaces=["JP"]),
        "operator": operator_user("operator"),
        "integrator": UserFactory(username="integrator", roles=["integrators"]),
        "seller_a": seller_a.user,
        "seller_b": seller_b.user,
    }
    return World(
        now=NOW,
        seller_a=seller_a,
        seller_b=seller_b,
        ticket_a=ticket_a,
        ticket_b=ticket_b,
        case_a=case_a,
        case_b=case_b,
        refund_a=refund_a,
        refund_b=refund_b,
        statement_a=_statement(seller_a),
        statement_b=_statement(seller_b),
        window_a=window_a,
        window_b=window_b,
        users=users,
    )


def row_counts() -> dict[str, int]:
    """How many rows every model of the project holds: a write anywhere changes it."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"csba", "sellers", "inquiries", "billing", "auth"} and not model._meta.proxy
    }
