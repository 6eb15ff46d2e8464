"""Refunds, returns and replacements under the applicable return policy. Used by
agents (console, API) and by CSBA's automatic resolution of overdue cases."""
from __future__ import annotations

import secrets
from datetime import datetime
from decimal import Decimal

from django.db.models import Sum

from csba.errors import DomainError
from sellers.models import OrderItem, Refund, RefundKind, Return
from sellers.return_policy import ApplicablePolicy, applicable_policy

from .. import events
from ..models import ActorKind, Ticket


def _actor_kind(actor) -> str:
    return ActorKind.AGENT if actor is not None else ActorKind.SYSTEM


def _item_of_ticket(ticket: Ticket, order_item_id: int | None) -> OrderItem:
    item_id = order_item_id or ticket.order_item_id
    if item_id is None:
        raise DomainError("This ticket has no order item to act on.", code="no_order_item",
                          field_errors={"order_item": ["Choose an item of the order."]})
    item = OrderItem.objects.select_related("order__marketplace", "order__seller").filter(pk=item_id).first()
    if item is None or (ticket.order_id is not None and item.order_id != ticket.order_id):
        raise DomainError("The item is not part of this ticket's order.", code="wrong_order_item",
                          field_errors={"order_item": ["Not an item of this order."]})
    return item


def refundable_amount(item: OrderItem) -> Decimal:
    """What may still be refunded on an item: its price times quantity less earlier refunds."""
    already = item.refunds.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return item.unit_price * item.quantity - already


def policy_for_item(item: OrderItem) -> ApplicablePolicy:
    return applicable_policy(seller_id=item.order.seller_id, marketplace=item.order.marketplace)


def _return_window_start(item: OrderItem) -> datetime:
    shipment = item.shipment or item.order.shipments.order_by("shipped_at").first()
    if shipment is None:
        return item.order.placed_at
    return shipment.delivered_at or shipment.estimated_delivery_at or shipment.shipped_at


def refund_issue(
    *, ticket: Ticket, now: datetime, order_item_id: int | None = None, amount: Decimal | None = None,
    reason: str = "", actor=None, is_automatic: bool = False, is_a_to_z: bool = False,
) -> Refund:
    """Issue a full (``amount`` None) or partial refund on an item of the
    ticket's order. Refuses an amount above what is still refundable. Writes
    the Refund row and a ``refund_issued`` event; the caller holds the ticket lock."""
    item = _item_of_ticket(ticket, order_item_id)
    remaining = refundable_amount(item)
    if remaining <= 0:
        raise DomainError("This item has already been refunded in full.", code="already_refunded",
                          field_errors={"amount": ["Nothing left to refund."]})
    if amount is None:
        amount = remaining
    if amount <= 0 or amount > remaining:
        raise DomainError(
            f"The refund must be more than 0 and at most {remaining} {item.order.marketplace.currency}.",
            code="invalid_amount", field_errors={"amount": [f"Between 0 and {remaining}."]},
        )
    kind = RefundKind.FULL if amount == item.unit_price * item.quantity else RefundKind.PARTIAL
    refund = Refund.objects.create(
        order_item=item, ticket=ticket, kind=kind, amount=amount, currency=item.order.marketplace.currency,
        reason=reason, issued_at=now, is_automatic=is_automatic, is_a_to_z=is_a_to_z,
    )
    events.record(
        ticket_id=ticket.pk, kind=events.EventKind.REFUND_ISSUED, now=now, actor=actor, actor_kind=_actor_kind(actor),
        data={"refund_id": refund.pk, "kind": kind, "amount": str(amount), "currency": refund.currency,
              "order_item_id": item.pk, "is_automatic": is_automatic, "is_a_to_z": is_a_to_z, "reason": reason},
    )
    return refund


def return_authorize(
    *, ticket: Ticket, now: datetime, order_item_id: int | None = None, quantity: int = 1, reason: str = "",
    actor=None, enforce_window: bool = True,
) -> Return:
    """Authorize a return with a prepaid label where the applicable policy
    gives one. Refused outside the policy's return window (unless
    ``enforce_window`` is False, for defects CSBA accepts regardless)."""
    item = _item_of_ticket(ticket, order_item_id)
    if quantity < 1 or quantity > item.quantity:
        raise DomainError(f"Quantity must be between 1 and {item.quantity}.", code="invalid_quantity",
                          field_errors={"quantity": [f"Between 1 and {item.quantity}."]})
    policy = policy_for_item(item)
    start = _return_window_start(item)
    if enforce_window and now > policy.return_deadline(start):
        raise DomainError(
            f"The {policy.window_days}-day return window ({policy.source} policy) ended on "
            f"{policy.return_deadline(start):%Y-%m-%d}.",
            code="return_window_closed", field_errors={"non_field_errors": ["Outside the return window."]},
        )
    authorized = Return.objects.create(
        order_item=item, ticket=ticket, quantity=quantity, reason=reason, authorized_at=now,
        rma_number=f"RMA-{secrets.token_hex(5).upper()}", has_prepaid_label=policy.has_prepaid_labels,
        is_amazon_label=policy.has_prepaid_labels,
    )
    events.record(
        ticket_id=ticket.pk, kind=events.EventKind.RETURN_AUTHORIZED, now=now, actor=actor, actor_kind=_actor_kind(actor),
        data={"return_id": authorized.pk, "rma_number": authorized.rma_number, "quantity": quantity,
              "prepaid_label": policy.has_prepaid_labels, "policy": policy.as_dict(), "order_item_id": item.pk},
    )
    return authorized


def replacement_send(*, ticket: Ticket, now: datetime, order_item_id: int | None = None, reason: str = "", actor=None) -> dict:
    """Record a replacement decision for an item (fulfilled by the seller, billed to it)."""
    item = _item_of_ticket(ticket, order_item_id)
    policy = policy_for_item(item)
    if now > policy.return_deadline(_return_window_start(item)):
        raise DomainError("A replacement is only possible within the return window.", code="return_window_closed",
                          field_errors={"non_field_errors": ["Outside the return window."]})
    data = {"order_item_id": item.pk, "asin": item.product.asin, "quantity": item.quantity, "reason": reason}
    events.record(ticket_id=ticket.pk, kind=events.EventKind.REPLACEMENT_SENT, now=now, actor=actor,
                  actor_kind=_actor_kind(actor), data=data)
    return data
