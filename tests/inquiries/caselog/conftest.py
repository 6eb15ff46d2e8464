"""Builders for the case-log tests: an escalated ticket with its order, item
and shipment, opened through ``case_open`` like the agent console does."""

from __future__ import annotations

from datetime import timedelta

import pytest

from inquiries.caselog.services import case_open
from inquiries.models import Direction, Message
from inquiries.reasons import Reason
from tests.factories import (
    BuyerFactory,
    OrderFactory,
    OrderItemFactory,
    SellerFactory,
    ShipmentFactory,
    TicketFactory,
    marketplace,
    seller_with_user,
)


def ticket_for(
    *,
    code="US",
    seller=None,
    reason=Reason.WHERE_IS_MY_ORDER,
    now,
    shipped=True,
    valid_tracking=True,
    delivered=False,
    placed_days_ago=5,
    language=None,
    with_item=True,
    **ticket_kwargs,
):
    """A CSBA ticket on a one-item order of ``seller`` in marketplace ``code``."""
    mp = marketplace(code)
    seller = seller or SellerFactory()
    buyer = BuyerFactory(marketplace=mp, language=language or mp.default_language)
    order = OrderFactory(marketplace=mp, seller=seller, buyer=buyer, placed_at=now - timedelta(days=placed_days_ago))
    item = OrderItemFactory(order=order)
    if shipped:
        shipment = ShipmentFactory(
            order=order,
            has_valid_tracking=valid_tracking,
            tracking_number="1Z999AA10123456784" if valid_tracking else "",
            shipped_at=order.placed_at + timedelta(days=1),
            delivered_at=order.placed_at + timedelta(days=3) if delivered else None,
            first_scan_at=order.placed_at + timedelta(days=1) if valid_tracking else None,
        )
        item.shipment = shipment
        item.save(update_fields=["shipment"])
    ticket = TicketFactory(
        marketplace=mp,
        order=order,
        order_item=item if with_item else None,
        seller=seller,
        buyer=buyer,
        reason=reason,
        language=language or mp.default_language,
        opened_at=now - timedelta(hours=2),
        **ticket_kwargs,
    )
    Message.objects.create(
        ticket=ticket,
        direction=Direction.INBOUND,
        author_kind="buyer",
        channel=ticket.channel,
        body=f"Hello, where is my parcel? Write to me at {buyer.email} or call +1 555 010 9999.",
        sent_at=ticket.opened_at,
    )
    return ticket


def escalate(ticket, *, now, question="Can you confirm the tracking number?", actor=None):
    return case_open(ticket_id=ticket.pk, question=question, now=now, actor=actor)


@pytest.fixture
def seller(db):
    return seller_with_user("seller-a", time_zone="America/New_York")


@pytest.fixture
def other_seller(db):
    return seller_with_user("seller-b")
