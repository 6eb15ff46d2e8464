"""Suggestions on tickets use the engine for product questions."""
from datetime import timedelta

import pytest

from inquiries.models import Ticket
from inquiries.reasons import Reason
from inquiries.services.suggestions import ticket_suggest
from tests.factories import T0, OrderItemFactory, TicketFactory

pytestmark = pytest.mark.django_db


def test_a_product_question_ticket_gets_an_answer_with_highlighted_evidence():
    item = OrderItemFactory()
    ticket = TicketFactory(reason=Reason.PRODUCT_QUESTION, subject="Is the bottle dishwasher safe?",
                           order=item.order, order_item=item, buyer=item.order.buyer)
    outcome = ticket_suggest(ticket_id=ticket.pk, now=T0 + timedelta(days=20))
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert outcome == "answer"
    assert ticket.suggestion["evidence"][0]["text"] == "Dishwasher safe lid"
    spans = ticket.suggestion["highlights"][0]["spans"]
    assert ["Dishwasher safe lid"[s["start"]:s["end"]] for s in spans] == ["Dishwasher safe"]
