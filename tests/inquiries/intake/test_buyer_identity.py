"""Issue 12 item 13 and issue 13 item 2: a web-form or chat contact naming an
order whose buyer's email is not the contact's is not attached to that order
silently (marked unverified, the agent sees it and can verify, nothing of the
order shown to the contact); the public contact form answers the same way
for an unknown order, another marketplace's order and an accepted one."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from inquiries.events import EventKind
from inquiries.models import Case, Ticket, TicketEvent
from inquiries.reasons import Route
from tests.factories import (
    T0,
    BuyerFactory,
    EnrollmentFactory,
    OrderFactory,
    OrderItemFactory,
    ProductFactory,
    SellerFactory,
    agent_user,
    marketplace,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    seller = SellerFactory(name="Lamp Seller")
    EnrollmentFactory(seller=seller, requested_at=T0, effective_at=T0)
    buyer = BuyerFactory(email="real.buyer@example.net", name="Real Buyer")
    placed = OrderFactory(seller=seller, buyer=buyer, placed_at=T0 + timedelta(days=5))
    OrderItemFactory(order=placed, product=ProductFactory(seller=seller, title="Brass desk lamp"))
    return placed


def _form(client, *, order_number, email="someone.else@example.org", marketplace_code="US", channel="contact"):
    data = {
        "marketplace": marketplace_code,
        "buyer_name": "Someone",
        "buyer_email": email,
        "order_number": order_number,
        "subject": "Where is my order?",
        "text": "Where is my package? It has not arrived yet.",
        "submission_key": f"key-{order_number}-{email}-{channel}",
    }
    url = reverse("intake:contact") if channel == "contact" else reverse("intake:chat-start")
    return client.post(url, data)


def _shape(response) -> str:
    """The page with the ticket's own figures (reference, due time) blanked out."""
    text = response.content.decode()
    text = re.sub(r"CSBA-\d+", "CSBA-N", text)
    text = re.sub(r"We will reply by [^<]+", "We will reply by T", text)
    text = re.sub(r"/help/conversation/[^/\"]+/", "/help/conversation/TOKEN/", text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def test_a_contact_with_someone_elses_order_is_marked_unverified_and_not_attached(client, clock, order):
    clock.set(T0 + timedelta(days=20))
    response = _form(client, order_number=order.order_number)
    assert response.status_code == 200
    ticket = Ticket.objects.get()
    # not attached: no order, no seller, the contact's own buyer record; the order waits for the agent
    assert (ticket.order, ticket.seller, ticket.claimed_order) == (None, None, order)
    assert ticket.is_buyer_unverified and ticket.buyer.email == "someone.else@example.org"
    assert ticket.buyer != order.buyer and ticket.route == Route.CSBA
    assert "not the order's buyer's" in ticket.route_reason
    opened = TicketEvent.objects.get(ticket=ticket, kind=EventKind.OPENED)
    assert opened.data["claimed_order"] == order.order_number
    # nothing of the order on the page the contact sees
    page = response.content.decode()
    for secret in ("Real Buyer", "real.buyer@example.net", "Brass desk lamp", order.order_number, "Lamp Seller"):
        assert secret not in page
    # and no case can be opened to the seller before verification
    from csba.errors import DomainError
    from inquiries.caselog.services import case_open

    with pytest.raises(DomainError) as refused:
        case_open(ticket_id=ticket.pk, question="Tracking?", now=clock.now)
    assert refused.value.code == "no_seller" and not Case.objects.exists()


def test_the_chat_marks_it_too_and_shows_the_contact_nothing_of_the_order(client, clock, order):
    clock.set(T0 + timedelta(days=20))
    response = _form(client, order_number=order.order_number, channel="chat")
    assert response.status_code == 302
    chat = client.get(response["Location"]).content.decode()
    ticket = Ticket.objects.get()
    assert ticket.channel == "chat" and ticket.is_buyer_unverified
    for secret in ("Real Buyer", "Brass desk lamp", "Lamp Seller"):
        assert secret not in chat


def test_the_orders_own_buyer_is_attached_at_once(client, clock, order):
    clock.set(T0 + timedelta(days=20))
    _form(client, order_number=order.order_number, email="REAL.BUYER@example.net")
    ticket = Ticket.objects.get()
    assert (ticket.order, ticket.buyer, ticket.claimed_order, ticket.seller) == (order, order.buyer, None, order.seller)


def test_the_agent_sees_the_unverified_contact_and_verifies_it(client, clock, order):
    clock.set(T0 + timedelta(days=20))
    _form(client, order_number=order.order_number)
    ticket = Ticket.objects.get()
    client.force_login(agent_user())
    page = client.get(reverse("agent:ticket", args=[ticket.pk])).content.decode()
    assert "Buyer not verified" in page and order.order_number in page and "someone.else@example.org" in page
    response = client.post(reverse("agent:action", args=[ticket.pk, "verify_buyer"]))
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.order, ticket.seller, ticket.is_buyer_unverified) == (order, order.seller, False)
    assert ticket.order_item == order.items.get()
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.BUYER_VERIFIED)
    assert event.data["order_number"] == order.order_number and event.actor.username == "agent1"
    assert "Buyer not verified" not in client.get(reverse("agent:ticket", args=[ticket.pk])).content.decode()
    # verifying twice is refused
    again = client.post(reverse("agent:action", args=[ticket.pk, "verify_buyer"]), follow=True)
    assert "no order waiting" in again.content.decode()


def test_the_public_form_answers_the_same_for_unknown_foreign_mismatched_and_accepted_orders(client, clock, order):
    clock.set(T0 + timedelta(days=20))
    de_order = OrderFactory(marketplace=marketplace("DE"), order_number="302-1234567-7654321")
    responses = {
        "unknown": _form(client, order_number="123-0000000-0000000"),
        "other marketplace": _form(client, order_number=de_order.order_number),
        "someone else's": _form(client, order_number=order.order_number),
        "accepted": _form(client, order_number=order.order_number, email="real.buyer@example.net"),
    }
    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(responses, 200)
    shapes = {name: _shape(r) for name, r in responses.items()}
    assert len(set(shapes.values())) == 1, "the pages differ"
    # every contact was taken; the agents see what was given
    assert Ticket.objects.count() == 4
    unknown = TicketEvent.objects.get(ticket__order__isnull=True, data__order_lookup="unknown_order")
    assert unknown.data["order_number_given"] == "123-0000000-0000000"
    foreign = TicketEvent.objects.get(data__order_lookup="order_in_other_marketplace")
    assert foreign.data["order_number_given"] == de_order.order_number
    assert not Ticket.objects.filter(order=de_order).exists()


def test_the_api_still_says_what_is_wrong_with_an_order_number(clock):
    from rest_framework.test import APIClient

    from tests.factories import UserFactory

    api = APIClient()
    api.force_authenticate(UserFactory(username="integration", roles=["integrators"]))
    response = api.post(
        "/api/v1/contacts/",
        {"channel": "api", "marketplace": "US", "text": "Where is it?", "order_number": "123-0000000-0000000"},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "unknown_order"
