"""Refunds, returns and replacements under the applicable return policy.

One writer each for refunds and returns: ``refunds_write`` and
``returns_write`` create the rows and their audit events, for one agent
action or for a whole batch of the auto-resolution sweep (bulk inserts, the
events handed back to the sweep's own bulk write). The checks of an agent's
action (``refund_issue``, ``return_authorize``, ``replacement_send``) come
first; the sweep's policies have planned within the same rules
(``sellers.return_policy``)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from csba.errors import DomainError
from csba.formatting import day, money
from csba.prepared import Param, PreparedRead
from sellers.models import OrderItem, Refund, RefundKind, Return
from sellers.return_policy import ApplicablePolicy, applicable_policy, refundable_amount, return_window_start

from .. import events
from ..models import ActorKind, Ticket


@dataclass(frozen=True)
class RefundOrder:
    """A refund to write: ``amount`` of an item whose full price is ``item_total``."""

    ticket: Ticket
    order_item_id: int
    amount: Decimal
    item_total: Decimal
    currency: str
    reason: str = ""
    is_automatic: bool = False
    is_a_to_z: bool = False
    case_id: int | None = None


@dataclass(frozen=True)
class ReturnOrder:
    """A return to authorize under ``policy`` (prepaid label where it gives one)."""

    ticket: Ticket
    order_item_id: int
    quantity: int
    policy: ApplicablePolicy
    rma_number: str
    reason: str = ""
    case_id: int | None = None


def rma_number_new() -> str:
    return f"RMA-{secrets.token_hex(5).upper()}"


def refunds_write(
    orders: list[RefundOrder],
    *,
    now: datetime,
    actor=None,
    events_out: list | None = None,
) -> list[Refund]:
    """Write the refunds (one INSERT) and a ``refund_issued`` event each: with
    ``events_out`` the events are appended for the caller's own bulk write in
    the same transaction, else written here (one statement). No checks: the
    caller decided the amounts."""
    refunds = [
        Refund(
            order_item_id=order.order_item_id,
            ticket=order.ticket,
            kind=RefundKind.FULL if order.amount == order.item_total else RefundKind.PARTIAL,
            amount=order.amount,
            currency=order.currency,
            reason=order.reason[:200],
            issued_at=now,
            is_automatic=order.is_automatic,
            is_a_to_z=order.is_a_to_z,
        )
        for order in orders
    ]
    Refund.objects.bulk_create(refunds)
    rows = [
        events.event_row(
            ticket_id=order.ticket.pk,
            case_id=order.case_id,
            kind=events.EventKind.REFUND_ISSUED,
            now=now,
            actor=actor,
            data={
                "refund_id": refund.pk,
                "kind": refund.kind,
                "amount": str(refund.amount),
                "currency": refund.currency,
                "order_item_id": refund.order_item_id,
                "is_automatic": refund.is_automatic,
                "is_a_to_z": refund.is_a_to_z,
                "reason": refund.reason,
            },
        )
        for order, refund in zip(orders, refunds)
    ]
    events.record_or_collect(rows, events_out)
    return refunds


def returns_write(
    orders: list[ReturnOrder],
    *,
    now: datetime,
    actor=None,
    events_out: list | None = None,
) -> list[Return]:
    """Write the return authorizations (one INSERT) and a ``return_authorized``
    event each (``events_out`` as in ``refunds_write``). No checks."""
    returns = [
        Return(
            order_item_id=order.order_item_id,
            ticket=order.ticket,
            quantity=order.quantity,
            reason=order.reason[:200],
            authorized_at=now,
            rma_number=order.rma_number,
            has_prepaid_label=order.policy.has_prepaid_labels,
            is_amazon_label=order.policy.has_prepaid_labels,
        )
        for order in orders
    ]
    Return.objects.bulk_create(returns)
    rows = [
        events.event_row(
            ticket_id=order.ticket.pk,
            case_id=order.case_id,
            kind=events.EventKind.RETURN_AUTHORIZED,
            now=now,
            actor=actor,
            data={
                "return_id": authorized.pk,
                "rma_number": authorized.rma_number,
                "quantity": authorized.quantity,
                "prepaid_label": authorized.has_prepaid_label,
                "policy": order.policy.as_dict(),
                "order_item_id": authorized.order_item_id,
            },
        )
        for order, authorized in zip(orders, returns)
    ]
    events.record_or_collect(rows, events_out)
    return returns


# --- an agent's actions, checked one at a time ------------------------------------------------------------------


# The item an agent's refund, return or replacement acts on: compiled once (csba.prepared).
ITEM_READ = PreparedRead(
    lambda pk: OrderItem.objects.select_related("order__marketplace", "order__seller", "shipment").filter(pk=pk),
    pk=Param.INT,
)


def _item_of_ticket(ticket: Ticket, order_item_id: int | None) -> OrderItem:
    item_id = order_item_id or ticket.order_item_id
    if item_id is None:
        raise DomainError(
            _("This ticket has no order item to act on."),
            code="no_order_item",
            field_errors={"order_item": [_("Choose an item of the order.")]},
        )
    item = next(iter(ITEM_READ(pk=item_id)), None)
    if item is None or (ticket.order_id is not None and item.order_id != ticket.order_id):
        raise DomainError(
            _("The item is not part of this ticket's order."),
            code="wrong_order_item",
            field_errors={"order_item": [_("Not an item of this order.")]},
        )
    return item


def item_refundable(item: OrderItem) -> Decimal:
    """What may still be refunded on ``item`` (reads its refunds)."""
    return refundable_amount(
        unit_price=item.unit_price, quantity=item.quantity, refunded=item.refunds.values_list("amount", flat=True)
    )


def item_return_deadline(item: OrderItem, policy: ApplicablePolicy) -> datetime:
    """The end of ``item``'s return window under ``policy`` (reads the order's first shipment)."""
    first_shipment = [] if item.shipment_id else list(item.order.shipments.order_by("shipped_at", "pk")[:1])
    start = return_window_start(
        placed_at=item.order.placed_at, item_shipment=item.shipment, order_shipments=first_shipment
    )
    return policy.return_deadline(start)


def policy_for_item(item: OrderItem) -> ApplicablePolicy:
    return applicable_policy(seller_id=item.order.seller_id, marketplace=item.order.marketplace)


def _policy_name(policy: ApplicablePolicy) -> str:
    return _("the seller's approved policy") if policy.source == "seller" else _("the standard policy")


def _actor_kind(actor) -> str:
    return ActorKind.AGENT if actor is not None else ActorKind.SYSTEM


@dataclass(frozen=True)
class RefundPreview:
    """Exactly what a refund would do, before it is issued: shown to the agent to confirm."""

    item: OrderItem
    amount: Decimal
    currency: str
    kind: str  # RefundKind
    item_total: Decimal
    refunded_before: Decimal
    remaining_after: Decimal


def _refund_planned(item: OrderItem, amount: Decimal | None) -> RefundPreview:
    """The one check of an agent's refund: more than 0 and at most what is
    still refundable (``sellers.return_policy.refundable_amount``); None
    means all that is left. DomainError otherwise."""
    remaining = item_refundable(item)
    currency = item.order.marketplace.currency
    if remaining <= 0:
        raise DomainError(
            _("This item has already been refunded in full."),
            code="already_refunded",
            field_errors={"amount": [_("Nothing left to refund.")]},
        )
    if amount is None:
        amount = remaining
    if amount <= 0 or amount > remaining:
        raise DomainError(
            _("The refund must be more than 0 and at most %(remaining)s.") % {"remaining": money(remaining, currency)},
            code="invalid_amount",
            field_errors={"amount": [_("At most %(remaining)s.") % {"remaining": money(remaining, currency)}]},
        )
    total = item.unit_price * item.quantity
    return RefundPreview(
        item=item,
        amount=amount,
        currency=currency,
        kind=RefundKind.FULL if amount == total else RefundKind.PARTIAL,
        item_total=total,
        refunded_before=total - remaining,
        remaining_after=remaining - amount,
    )


def refund_preview(*, ticket: Ticket, order_item_id: int | None = None, amount: Decimal | None = None) -> RefundPreview:
    """What ``refund_issue`` would refund, checked the same way, without writing anything."""
    return _refund_planned(_item_of_ticket(ticket, order_item_id), amount)


def refund_issue(
    *,
    ticket: Ticket,
    now: datetime,
    order_item_id: int | None = None,
    amount: Decimal | None = None,
    reason: str = "",
    actor=None,
    is_automatic: bool = False,
    is_a_to_z: bool = False,
    expected_refunded: Decimal | None = None,
) -> Refund:
    """Issue a full (``amount`` None) or partial refund on an item of the
    ticket's order. Refuses an amount above what is still refundable, and
    (``expected_refunded``, what the agent confirmed against) a refund of an
    item whose refunds changed since: a second click of "confirm" refunds
    nothing more. Writes the Refund row and a ``refund_issued`` event; the
    caller holds the ticket lock."""
    item = _item_of_ticket(ticket, order_item_id)
    planned = _refund_planned(item, amount)
    if expected_refunded is not None and planned.refunded_before != expected_refunded:
        raise DomainError(
            _("The refunds of this item changed since you checked them (%(refunded)s refunded now). Check again.")
            % {"refunded": money(planned.refunded_before, planned.currency)},
            code="refunds_changed",
            field_errors={"amount": [_("Check the amount again.")]},
        )
    order = RefundOrder(
        ticket=ticket,
        order_item_id=item.pk,
        amount=planned.amount,
        item_total=planned.item_total,
        currency=planned.currency,
        reason=reason,
        is_automatic=is_automatic,
        is_a_to_z=is_a_to_z,
    )
    return refunds_write([order], now=now, actor=actor)[0]


def return_authorize(
    *,
    ticket: Ticket,
    now: datetime,
    order_item_id: int | None = None,
    quantity: int = 1,
    reason: str = "",
    actor=None,
    enforce_window: bool = True,
) -> Return:
    """Authorize a return with a prepaid label where the applicable policy
    gives one. Refused outside the policy's return window (unless
    ``enforce_window`` is False, for defects CSBA accepts regardless)."""
    item = _item_of_ticket(ticket, order_item_id)
    if quantity < 1 or quantity > item.quantity:
        raise DomainError(
            _("Quantity must be between 1 and %(max)s.") % {"max": item.quantity},
            code="invalid_quantity",
            field_errors={"quantity": [_("Between 1 and %(max)s.") % {"max": item.quantity}]},
        )
    policy = policy_for_item(item)
    deadline = item_return_deadline(item, policy)
    if enforce_window and now > deadline:
        raise DomainError(
            _("The %(days)s-day return window (%(policy)s) ended on %(date)s.")
            % {"days": policy.window_days, "policy": _policy_name(policy), "date": day(deadline)},
            code="return_window_closed",
            field_errors={"non_field_errors": [_("Outside the return window.")]},
        )
    order = ReturnOrder(
        ticket=ticket,
        order_item_id=item.pk,
        quantity=quantity,
        policy=policy,
        rma_number=rma_number_new(),
        reason=reason,
    )
    return returns_write([order], now=now, actor=actor)[0]


def replacement_send(
    *, ticket: Ticket, now: datetime, order_item_id: int | None = None, reason: str = "", actor=None
) -> dict:
    """Record a replacement decision for an item (fulfilled by the seller, billed to it)."""
    item = _item_of_ticket(ticket, order_item_id)
    if now > item_return_deadline(item, policy_for_item(item)):
        raise DomainError(
            _("A replacement is only possible within the return window."),
            code="return_window_closed",
            field_errors={"non_field_errors": [_("Outside the return window.")]},
        )
    data = {"order_item_id": item.pk, "asin": item.product.asin, "quantity": item.quantity, "reason": reason}
    events.record(
        ticket_id=ticket.pk,
        kind=events.EventKind.REPLACEMENT_SENT,
        now=now,
        actor=actor,
        actor_kind=_actor_kind(actor),
        data=data,
    )
    return data
