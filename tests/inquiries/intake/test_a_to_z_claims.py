"""A-to-z Guarantee claims arrive flagged by the claim form, not by their text:
in JP (CSBA handles them) a covered claim is a CSBA ticket the seller never
gets in its case log; elsewhere the seller answers it."""

import json
from datetime import timedelta

import pytest

from csba.errors import DomainError
from inquiries.caselog.services import case_open
from inquiries.intake.services import Contact, contact_receive
from inquiries.reasons import Route
from tests.factories import (
    T0,
    EnrollmentFactory,
    OrderFactory,
    OrderItemFactory,
    SellerFactory,
    UserFactory,
    marketplace,
)

pytestmark = pytest.mark.django_db


def covered_order(code):
    mp = marketplace(code)
    seller = SellerFactory()
    EnrollmentFactory(seller=seller, marketplace=mp, requested_at=T0, effective_at=T0)
    order = OrderFactory(seller=seller, marketplace=mp, placed_at=T0 + timedelta(days=2))
    OrderItemFactory(order=order)
    return order


def claim(order, text="The item never arrived and the seller does not answer."):
    return contact_receive(
        contact=Contact(
            channel="api",
            marketplace_code=order.marketplace.code,
            body=text,
            order_number=order.order_number,
            claim="a_to_z",
        ),
        now=T0 + timedelta(days=20),
    ).ticket


def test_a_jp_claim_on_a_covered_order_is_handled_by_csba_and_never_reaches_the_case_log():
    assert marketplace("JP").handles_a_to_z_claims
    ticket = claim(covered_order("JP"), "商品が届きません。返金をお願いします。")
    assert (ticket.reason, ticket.route, ticket.status) == ("a_to_z_claim", Route.CSBA, "open")
    with pytest.raises(DomainError) as refused:
        case_open(ticket_id=ticket.pk, question="Did you ship it?", now=T0 + timedelta(days=20))
    assert refused.value.code == "a_to_z_handled_by_csba"
    assert not ticket.cases.exists()


def test_a_us_claim_goes_to_the_seller():
    ticket = claim(covered_order("US"))
    assert (ticket.reason, ticket.route) == ("a_to_z_claim", Route.SELLER_MESSAGING)
    assert "A-to-z" in ticket.route_reason


def test_the_api_takes_the_claim_flag_and_refuses_other_values(client):
    client.force_login(UserFactory(username="claims", roles=["integrators"]))
    order = covered_order("JP")
    body = {"marketplace": "JP", "text": "届きません", "order_number": order.order_number, "claim": "a_to_z"}
    created = client.post("/api/v1/contacts/", json.dumps(body), content_type="application/json")
    assert created.status_code == 201 and created.json()["reason"] == "a_to_z_claim"
    bad = client.post("/api/v1/contacts/", json.dumps({**body, "claim": "chargeback"}), content_type="application/json")
    assert bad.status_code == 400 and "claim" in bad.json()["errors"]
