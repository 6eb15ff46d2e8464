"""What a decision is made from: the order data of a batch of cases, loaded once."""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils import translation

from csba import formatting
from sellers.models import FulfillmentChannel, OrderItem, Refund, Return, ReturnPolicy, ReturnPolicyStatus, Shipment
from sellers.return_policy import (
    ApplicablePolicy,
    applicable_policy,
    refundable_amount,
    return_window_start,
    standard_policy,
)

from ...models import Case, Direction, Message, Ticket
from ...reasons import Reason


@dataclass
class ResolutionContext:
    """What a batch shares: return policies per (seller, marketplace), the
    amounts already planned for refund per item in this batch, and the first
    buyer message per ticket. Without one, ``decide`` reads what it needs."""

    policies: dict[tuple[int, int], ApplicablePolicy] = field(default_factory=dict)
    planned_refunds: dict[int, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    questions: dict[int, str] = field(default_factory=dict)
    standard: dict[int, ApplicablePolicy] = field(default_factory=dict)
    shown: dict[tuple, str] = field(default_factory=dict)  # days and amounts as written in the replies, per language

    @classmethod
    def for_cases(cls, cases: list[Case]) -> ResolutionContext:
        """Two queries for a whole batch (the tickets are already loaded)."""
        context = cls()
        pairs = {(c.ticket.order.seller_id, c.ticket.order.marketplace_id) for c in cases if c.ticket.order_id}
        sellers = {seller for seller, _ in pairs}
        for policy in ReturnPolicy.objects.filter(seller_id__in=sellers, status=ReturnPolicyStatus.APPROVED):
            context.policies[(policy.seller_id, policy.marketplace_id)] = ApplicablePolicy(
                window_days=policy.window_days,
                has_prepaid_labels=policy.has_prepaid_labels,
                restocking_fee_percent=policy.restocking_fee_percent,
                source="seller",
                policy_id=policy.pk,
            )
        for case in cases:
            marketplace = case.ticket.marketplace
            context.standard.setdefault(marketplace.pk, standard_policy(marketplace))
        product_tickets = [c.ticket_id for c in cases if c.ticket.reason == Reason.PRODUCT_QUESTION]
        if product_tickets:
            rows = (
                Message.objects.filter(ticket_id__in=product_tickets, direction=Direction.INBOUND)
                .order_by("ticket_id", "sent_at", "pk")
                .values_list("ticket_id", "body")
            )
            for ticket_id, body in rows:
                context.questions.setdefault(ticket_id, body)
        return context

    def policy(self, order) -> ApplicablePolicy:
        key = (order.seller_id, order.marketplace_id)
        if key in self.policies:
            return self.policies[key]
        if self.standard and order.marketplace_id in self.standard:
            return self.standard[order.marketplace_id]
        found = applicable_policy(seller_id=order.seller_id, marketplace=order.marketplace)
        self.policies[key] = found
        return found

    def question(self, ticket: Ticket) -> str:
        if ticket.pk not in self.questions:
            first = ticket.messages.filter(direction=Direction.INBOUND).order_by("sent_at", "pk").first()
            self.questions[ticket.pk] = first.body if first is not None else ticket.subject
        return self.questions[ticket.pk] or ticket.subject


@dataclass
class _Facts:
    case: Case
    ticket: Ticket
    now: datetime
    context: ResolutionContext
    texts: dict
    items: list[OrderItem]
    item: OrderItem | None
    shipments: list
    policy: ApplicablePolicy | None
    grounds: list[dict]
    full_reply: str = ""  # a complete letter from the answering engine, used as is

    @property
    def order(self):
        return self.ticket.order

    def ground(self, code: str, **params) -> None:
        self.grounds.append({"code": code, "params": {k: str(v) for k, v in params.items()}})

    def date(self, moment: datetime | None) -> str:
        """A day as stored in a ground (ISO, in the marketplace's zone; shown localised by ``ground_text``)."""
        if moment is None:
            return "—"
        return moment.astimezone(self._zone()).strftime("%Y-%m-%d")

    def _zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.ticket.marketplace.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def money(self, amount: Decimal) -> str:
        """An amount for the buyer's reply: its currency's format in the buyer's language."""
        marketplace = self.ticket.marketplace
        amount = amount.quantize(Decimal(1).scaleb(-marketplace.currency_decimal_places))
        key = ("money", self.language, marketplace.currency, amount)
        if key not in self.context.shown:
            with translation.override(self.language):
                self.context.shown[key] = formatting.money(amount, marketplace.currency)
        return self.context.shown[key]

    def day(self, moment: datetime | None) -> str:
        """A day for the buyer's reply: in the marketplace's zone, the buyer's language's format."""
        if moment is None:
            return "—"
        key = ("day", self.language, moment.astimezone(self._zone()).date())
        if key not in self.context.shown:  # a batch writes the same few days in each language
            with translation.override(self.language):
                self.context.shown[key] = formatting.day(key[2])
        return self.context.shown[key]

    @property
    def language(self) -> str:
        return (self.ticket.language or "en")[:2]

    def title(self, item: OrderItem) -> str:
        return item.product.title[:80]

    def remaining(self, item: OrderItem) -> Decimal:
        """What may still be refunded, less what this batch already plans to refund."""
        refunded = [r.amount for r in _item_refunds(item)] + [self.context.planned_refunds[item.pk]]
        return refundable_amount(unit_price=item.unit_price, quantity=item.quantity, refunded=refunded)

    def window_start(self, item: OrderItem) -> datetime:
        return return_window_start(
            placed_at=self.order.placed_at, item_shipment=_item_shipment(item), order_shipments=self.shipments
        )

    def return_deadline(self, item: OrderItem) -> datetime:
        return self.policy.return_deadline(self.window_start(item))

    def window_ground(self, item: OrderItem) -> bool:
        """Record whether the item is inside its return window; True if it is."""
        until = self.return_deadline(item)
        is_open = self.now <= until
        self.ground(
            "return_window_open" if is_open else "return_window_closed",
            days=self.policy.window_days,
            source=self.policy.source,
            until=self.date(until),
        )
        return is_open


@dataclass(slots=True)
class _ProductRow:
    pk: int
    title: str
    updated_at: datetime | None


@dataclass(slots=True)
class _ItemRow:
    """What ``decide`` reads of an order item, without a model instance."""

    pk: int
    order_id: int
    quantity: int
    unit_price: Decimal
    fulfillment_channel: str
    shipment_id: int | None
    product: _ProductRow
    _ar_refunds: list = field(default_factory=list)
    _ar_returns: list = field(default_factory=list)
    _ar_shipment: object = None


@dataclass(slots=True)
class _ShipmentRow:
    pk: int
    order_id: int
    carrier: str
    tracking_number: str
    shipped_at: datetime
    estimated_delivery_at: datetime | None
    delivered_at: datetime | None
    has_valid_tracking: bool


@dataclass(slots=True)
class _RefundRow:
    order_item_id: int
    amount: Decimal


@dataclass(slots=True)
class _ReturnRow:
    order_item_id: int
    rma_number: str
    first_scan_at: datetime | None
    received_at: datetime | None


def attach_order_data(tickets: list[Ticket]) -> None:
    """Load what ``decide`` reads about the tickets' orders (items with their
    product's title, shipments, refunds, returns) in four queries of plain
    rows, and attach it to the orders: a sweep reads this for every case, and
    model instances (or ``prefetch_related``, a queryset per object) cost
    more than the rest of the decision. Without it, ``decide`` reads through
    the ORM."""
    orders = {t.order_id: t.order for t in tickets if t.order_id}
    if not orders:
        return
    for order in orders.values():
        order._ar_items, order._ar_shipments = [], []
    by_pk = {}
    for row in (
        Shipment.objects.filter(order_id__in=orders)
        .order_by("shipped_at", "pk")
        .values_list(
            "id",
            "order_id",
            "carrier",
            "tracking_number",
            "shipped_at",
            "estimated_delivery_at",
            "delivered_at",
            "has_valid_tracking",
        )
    ):
        shipment = by_pk[row[0]] = _ShipmentRow(*row)
        orders[shipment.order_id]._ar_shipments.append(shipment)
    by_item = {}
    for pk, order_id, quantity, unit_price, channel, shipment_id, product_id, title, updated_at in (
        OrderItem.objects.filter(order_id__in=orders)
        .order_by("pk")
        .values_list(
            "id",
            "order_id",
            "quantity",
            "unit_price",
            "fulfillment_channel",
            "shipment_id",
            "product_id",
            "product__title",
            "product__updated_at",
        )
    ):
        item = by_item[pk] = _ItemRow(
            pk, order_id, quantity, unit_price, channel, shipment_id, _ProductRow(product_id, title, updated_at)
        )
        item._ar_shipment = by_pk.get(shipment_id)
        orders[order_id]._ar_items.append(item)
    for row in Refund.objects.filter(order_item_id__in=by_item).values_list("order_item_id", "amount"):
        by_item[row[0]]._ar_refunds.append(_RefundRow(*row))
    for row in Return.objects.filter(order_item_id__in=by_item).values_list(
        "order_item_id", "rma_number", "first_scan_at", "received_at"
    ):
        by_item[row[0]]._ar_returns.append(_ReturnRow(*row))


def _order_items(order) -> list[OrderItem]:
    if hasattr(order, "_ar_items"):
        return order._ar_items
    return list(order.items.select_related("product", "shipment").order_by("pk"))


def _order_shipments(order) -> list:
    return order._ar_shipments if hasattr(order, "_ar_shipments") else list(order.shipments.all())


def _item_refunds(item) -> list:
    return item._ar_refunds if hasattr(item, "_ar_refunds") else list(item.refunds.all())


def _item_returns(item) -> list:
    return item._ar_returns if hasattr(item, "_ar_returns") else list(item.returns.all())


def _item_shipment(item):
    return item._ar_shipment if hasattr(item, "_ar_shipment") else item.shipment


def _items_of(ticket: Ticket) -> list[OrderItem]:
    if ticket.order_id is None:
        return []
    return [i for i in _order_items(ticket.order) if i.fulfillment_channel == FulfillmentChannel.FBM]
