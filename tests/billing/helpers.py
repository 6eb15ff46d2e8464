"""Builders for billing tests: enrolled sellers, shipped units and contacts at given times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from inquiries.models import Ticket
from inquiries.reasons import Reason, Route
from inquiries.states import TicketStatus
from sellers.models import Enrollment, EnrollmentStatus, FulfillmentChannel, Order, OrderItem, Shipment
from tests.factories import BuyerFactory, ProductFactory, SellerFactory, marketplace

UTC = UTC
LONG_AGO = datetime(2025, 1, 1, tzinfo=UTC)
_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def enrolled_seller(code="US", *, since=LONG_AGO, until=None, trial_ends_at=None, **seller_fields):
    seller = SellerFactory(**seller_fields)
    Enrollment.objects.create(
        seller=seller,
        marketplace=marketplace(code),
        status=EnrollmentStatus.ACTIVE,
        requested_at=since,
        effective_at=since,
        ended_at=until,
        terms_accepted_at=since,
        trial_ends_at=trial_ends_at,
    )
    return seller


def ship(
    seller,
    units: int,
    at: datetime,
    *,
    code="US",
    channel=FulfillmentChannel.FBM,
    placed_at=None,
    valid_tracking=True,
    orders: int = 1,
) -> list[OrderItem]:
    """``units`` units in ``orders`` orders, each shipped in its own package at ``at``."""
    mp = marketplace(code)
    buyer = BuyerFactory(marketplace=mp)
    product = ProductFactory(seller=seller, marketplace=mp)
    items = []
    per_order, extra = divmod(units, orders)
    for index in range(orders):
        quantity = per_order + (1 if index < extra else 0)
        if not quantity:
            continue
        order = Order.objects.create(
            marketplace=mp,
            seller=seller,
            buyer=buyer,
            order_number=f"ORD-{_next():09d}",
            placed_at=placed_at or at - timedelta(days=1),
            status="shipped",
        )
        shipment = Shipment.objects.create(
            order=order,
            carrier="UPS",
            tracking_number=f"1Z{_next():012d}",
            shipped_at=at,
            has_valid_tracking=valid_tracking,
            first_scan_at=at + timedelta(hours=3) if valid_tracking else None,
        )
        items.append(
            OrderItem.objects.create(
                order=order,
                product=product,
                quantity=quantity,
                unit_price=Decimal("10.00"),
                fulfillment_channel=channel,
                shipment=shipment,
            )
        )
    return items


def contacts(
    seller,
    count: int,
    at: datetime,
    *,
    code="US",
    reason=Reason.WHERE_IS_MY_ORDER,
    route=Route.CSBA,
    status=TicketStatus.RESOLVED,
    order=None,
    **fields,
) -> list[Ticket]:
    mp = marketplace(code)
    if order is None:
        order = Order.objects.create(
            marketplace=mp,
            seller=seller,
            buyer=BuyerFactory(marketplace=mp),
            order_number=f"ORD-{_next():09d}",
            placed_at=at - timedelta(days=3),
            status="delivered",
        )
    tickets = [
        Ticket(
            marketplace=mp,
            seller=seller,
            order=order,
            channel="email",
            language=mp.default_language,
            subject="Question",
            reason=reason,
            route=route,
            route_reason="test",
            status=status,
            opened_at=at,
            first_response_due_at=at + timedelta(hours=48),
            **fields,
        )
        for _ in range(count)
    ]
    return Ticket.objects.bulk_create(tickets)


def at(year, month, day=15, hour=12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)
