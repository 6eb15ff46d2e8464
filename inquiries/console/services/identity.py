"""The buyer's identity on a web-form or chat contact that named an order
whose buyer's email is not the contact's: the order waits on the ticket as
``claimed_order`` (not attached, nothing of it shown to the contact) until an
agent verifies the buyer and attaches it."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from csba.errors import DomainError
from sellers.coverage import order_item_coverage
from sellers.models import Order

from ... import events
from ...models import ActorKind, Ticket
from .holding import ticket_held


@transaction.atomic
def ticket_buyer_verify(*, ticket_id: int, agent, now: datetime) -> Ticket:
    """The agent has checked that the contact is the order's buyer (e.g. asked
    for details only the buyer knows): the claimed order is attached with its
    seller and, if a single unit is covered, that item. Locks the ticket (the
    agent holds it, claiming it if nobody does); writes a ``buyer_verified``
    event. DomainError ``nothing_to_verify`` when no order is waiting."""
    ticket = ticket_held(ticket_id, agent, now)
    if not ticket.is_buyer_unverified:
        raise DomainError(
            _("This ticket has no order waiting for the buyer to be verified."),
            code="nothing_to_verify",
            field_errors={"non_field_errors": [_("Nothing to verify.")]},
        )
    order = Order.objects.select_related("buyer").get(pk=ticket.claimed_order_id)
    covered = [item for item, coverage in order_item_coverage(order) if coverage.is_covered]
    ticket.order, ticket.seller_id = order, order.seller_id
    ticket.order_item = covered[0] if len(covered) == 1 else None
    ticket.save(update_fields=["order", "seller", "order_item"])
    events.record(
        ticket_id=ticket.pk,
        kind=events.EventKind.BUYER_VERIFIED,
        now=now,
        actor=agent,
        actor_kind=ActorKind.AGENT,
        data={
            "order_number": order.order_number,
            "contact_email": ticket.buyer.email if ticket.buyer else None,
            "covered_units": len(covered),
        },
    )
    return ticket
