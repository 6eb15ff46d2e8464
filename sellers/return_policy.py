"""The return policy agents and CSBA's automatic resolution apply to an order:
the seller's approved policy where there is one, else the marketplace's standard;
and the two rules every remedy rests on, as pure functions on loaded values:
when an item's return window starts (``return_window_start``) and how much of
it may still be refunded (``refundable_amount``). The agent actions, the ticket
page, the order answers and the auto-resolution sweep all call these."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Protocol

from .models import Marketplace, ReturnPolicy, ReturnPolicyStatus


@dataclass(frozen=True)
class ApplicablePolicy:
    window_days: int
    has_prepaid_labels: bool
    restocking_fee_percent: Decimal
    source: str  # "standard" or "seller"
    policy_id: int | None = None

    def return_deadline(self, delivered_or_shipped_at: datetime) -> datetime:
        return delivered_or_shipped_at + timedelta(days=self.window_days)

    def days_left(self, delivered_or_shipped_at: datetime, *, now: datetime) -> int:
        remaining = self.return_deadline(delivered_or_shipped_at) - now
        return max(0, remaining.days + (1 if remaining.seconds else 0)) if remaining.total_seconds() > 0 else 0

    def as_dict(self) -> dict:
        return {
            "window_days": self.window_days,
            "has_prepaid_labels": self.has_prepaid_labels,
            "restocking_fee_percent": str(self.restocking_fee_percent),
            "source": self.source,
            "policy_id": self.policy_id,
        }


class ShipmentDates(Protocol):
    shipped_at: datetime
    estimated_delivery_at: datetime | None
    delivered_at: datetime | None


def return_window_start(
    *,
    placed_at: datetime,
    item_shipment: ShipmentDates | None,
    order_shipments: Iterable[ShipmentDates] = (),
) -> datetime:
    """When an item's return window starts: the delivery (else the estimated
    delivery, else the shipping) of the item's own shipment, or else of the
    order's first shipment; the order date when nothing shipped."""
    shipment = item_shipment or min(order_shipments, key=lambda s: s.shipped_at, default=None)
    if shipment is None:
        return placed_at
    return shipment.delivered_at or shipment.estimated_delivery_at or shipment.shipped_at


def refundable_amount(*, unit_price: Decimal, quantity: int, refunded: Iterable[Decimal] = ()) -> Decimal:
    """What may still be refunded on an item: its price times quantity less
    the amounts already refunded (or planned, in a batch)."""
    return unit_price * quantity - sum(refunded, Decimal("0"))


def standard_policy(marketplace: Marketplace) -> ApplicablePolicy:
    return ApplicablePolicy(
        window_days=marketplace.return_window_days,
        has_prepaid_labels=marketplace.has_prepaid_return_labels,
        restocking_fee_percent=marketplace.restocking_fee_percent,
        source="standard",
    )


def applicable_policy(*, seller_id: int, marketplace: Marketplace) -> ApplicablePolicy:
    approved = ReturnPolicy.objects.filter(
        seller_id=seller_id, marketplace=marketplace, status=ReturnPolicyStatus.APPROVED
    ).first()
    if approved is None:
        return standard_policy(marketplace)
    return ApplicablePolicy(
        window_days=approved.window_days,
        has_prepaid_labels=approved.has_prepaid_labels,
        restocking_fee_percent=approved.restocking_fee_percent,
        source="seller",
        policy_id=approved.pk,
    )
