"""Suggestions on tickets use the engine for product questions."""

from datetime import timedelta

import pytest

from inquiries.console.services.suggestions import ticket_suggest
from inquiries.models import Ticket
from inquiries.reasons import Reason
from tests.factories import T0, OrderItemFactory, TicketFactory

pytestmark = pytest.mark.django_db


def test_a_product_question_ticket_gets_an_answer_with_highlighted_evidence():
    item = OrderItemFactory()
    ticket = TicketFactory(
        reason=Reason.PRODUCT_QUESTION,
        subject="Is the bottle dishwasher safe?",
        order=item.order,
        order_item=item,
        buyer=item.order.buyer,
    )
    outcome = ticket_suggest(ticket_id=ticket.pk, now=T0 + timedelta(days=20))
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert outcome == "answer"
    assert ticket.suggestion["evidence"][0]["text"] == "Dishwasher safe lid"
    spans = ticket.suggestion["highlights"][0]["spans"]
    assert ["Dishwasher safe lid"[s["start"] : s["end"]] for s in spans] == ["Dishwasher safe"]


def test_a_product_question_without_text_gets_an_escalation_not_an_error():
    item = OrderItemFactory()
    ticket = TicketFactory(
        reason=Reason.PRODUCT_QUESTION, subject="", order=item.order, order_item=item, buyer=item.order.buyer
    )
    assert ticket_suggest(ticket_id=ticket.pk, now=T0 + timedelta(days=20)) == "escalate"
    assert Ticket.objects.get(pk=ticket.pk).suggestion["reason"] == "empty_question"


def test_a_german_ticket_gets_a_german_reply_greeting_the_buyer():
    from tests.factories import BuyerFactory, OrderFactory, ProductFactory, marketplace

    de = marketplace("DE")
    order = OrderFactory(marketplace=de, buyer=BuyerFactory(marketplace=de, name="Jan", language="de"))
    product = ProductFactory(
        marketplace=de,
        seller=order.seller,
        language="de",
        title="Gusseisenpfanne 26 cm",
        bullets=["Für Induktion, Gas und Backofen geeignet"],
        description="",
        attributes={"Durchmesser": "26 cm"},
    )
    item = OrderItemFactory(order=order, product=product)
    ticket = TicketFactory(
        marketplace=de,
        language="de",
        reason=Reason.PRODUCT_QUESTION,
        subject="Geht die Pfanne auf dem Induktionsherd?",
        order=order,
        order_item=item,
        buyer=order.buyer,
    )
    assert ticket_suggest(ticket_id=ticket.pk, now=T0 + timedelta(days=20)) == "answer"
    suggestion = Ticket.objects.get(pk=ticket.pk).suggestion
    assert suggestion["reply"].startswith("Guten Tag Jan,")
    assert suggestion["evidence"][0]["text"] == "Für Induktion, Gas und Backofen geeignet"
