"""Fixtures of the agent console tests: agents and a covered ticket with its order."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from inquiries.models import Message
from sellers.models import FulfillmentChannel
from tests.factories import (
    T0,
    EnrollmentFactory,
    OrderFactory,
    OrderItemFactory,
    SellerFactory,
    ShipmentFactory,
    TicketFactory,
    agent_user,
)

NOW = T0 + timedelta(days=20, hours=2)
SUGGESTION = {
    "decision": "answer",
    "reply": "Hello Buyer,\n\nThe bottle keeps drinks cold for 24 hours.\n\nKind regards,\nCustomer Service",
    "evidence": [
        {"source": "bullet", "text": "Keeps drinks cold for 24 hours", "score": 0.91},
        {"source": "attribute", "text": "capacity: 750 ml", "score": 0.4},
    ],
    "reason": "",
}


@pytest.fixture
def agent(db):
    return agent_user("agent1")


@pytest.fixture
def agent2(db):
    return agent_user("agent2")


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def covered_ticket(*, items=1, suggestion=None, fulfillment=FulfillmentChannel.FBM, **ticket_fields):
    """A CSBA ticket about a covered FBM order (enrolled seller, shipped, delivered)."""
    seller = SellerFactory()
    EnrollmentFactory(seller=seller, requested_at=T0, effective_at=T0)
    order = OrderFactory(seller=seller, placed_at=T0 + timedelta(days=2))
    order_items = [
        OrderItemFactory(order=order, fulfillment_channel=fulfillment, unit_price=Decimal("20.00"))
        for _ in range(items)
    ]
    shipment = ShipmentFactory(order=order, delivered_at=T0 + timedelta(days=5))
    for item in order_items:
        item.shipment = shipment
        item.save(update_fields=["shipment"])
    fields = dict(
        order=order,
        order_item=order_items[0],
        seller=seller,
        buyer=order.buyer,
        opened_at=NOW - timedelta(hours=2),
        first_response_due_at=NOW + timedelta(hours=46),
        suggestion=suggestion,
    )
    fields.update(ticket_fields)
    ticket = TicketFactory(**fields)
    Message.objects.create(
        ticket=ticket,
        direction="inbound",
        author_kind="buyer",
        channel=ticket.channel,
        body="How long does it keep drinks cold?",
        sent_at=ticket.opened_at,
    )
    return ticket
