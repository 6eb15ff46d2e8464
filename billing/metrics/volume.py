"""Volume per seller and month: units shipped (covered, and every
seller-fulfilled one), contacts handled by CSBA and their reasons. One
grouped query each, over all sellers."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum

from inquiries.models import Ticket
from inquiries.reasons import Route
from inquiries.states import TICKET_FINAL
from sellers.coverage import covered_item_condition
from sellers.models import Enrollment, FulfillmentChannel, OrderItem, OrderStatus

from ..periods import month_bounds
from .base import bounds_of, bucket, by_bucket, in_bounds, narrow


def covered_items(marketplace) -> QuerySet[OrderItem]:
    return OrderItem.objects.filter(covered_item_condition(), order__marketplace_id=marketplace.pk).exclude(
        order__status=OrderStatus.CANCELLED
    )


def seller_fulfilled_items(marketplace) -> QuerySet[OrderItem]:
    """Every seller-fulfilled (FBM) item of the marketplace's sellers who ever
    had a coverage window there, covered or not (the CPU's denominator)."""
    enrolled = Enrollment.objects.filter(marketplace_id=marketplace.pk).values("seller_id")
    return OrderItem.objects.filter(
        fulfillment_channel=FulfillmentChannel.FBM,
        order__marketplace_id=marketplace.pk,
        order__seller_id__in=enrolled,
    ).exclude(order__status=OrderStatus.CANCELLED)


def _grouped_units(items: QuerySet[OrderItem], *, marketplace, months: list[date], seller_ids, **sums) -> list[dict]:
    """``items`` shipped in ``months``, summed per seller and month (one query)."""
    bounds = bounds_of(marketplace, months)
    return list(
        narrow(items, "order__seller_id", seller_ids)
        .filter(in_bounds("shipment__shipped_at", bounds))
        .annotate(bucket=bucket("shipment__shipped_at", bounds))
        .values("order__seller_id", "bucket")
        .annotate(**sums)
        .order_by()
    )


def units_by_month(*, marketplace, months: list[date], seller_ids=None) -> dict[int, list[int]]:
    """Covered units shipped (CSBA units: what the fee is charged on), per
    seller and month (one query; ``months`` in order, gaps allowed)."""
    if not months:
        return {}
    rows = _grouped_units(
        covered_items(marketplace), marketplace=marketplace, months=months, seller_ids=seller_ids, units=Sum("quantity")
    )
    return by_bucket(rows, "order__seller_id", "units", len(months))


def seller_fulfilled_units_by_month(*, marketplace, months: list[date], seller_ids=None) -> dict[int, list[int]]:
    """Every seller-fulfilled unit shipped, covered or not (what CPU divides
    by: seed 004's "total seller-fulfilled shipped units"), per seller and
    month (one query)."""
    return shipped_units_by_month(marketplace=marketplace, months=months, seller_ids=seller_ids, covered=False)[1]


def shipped_units_by_month(
    *, marketplace, months: list[date], seller_ids=None, covered: bool = True
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """``(units_by_month, seller_fulfilled_units_by_month)`` from one query:
    every seller-fulfilled item of the months is read once, the covered ones
    summed beside the rest (``covered=False``: the second alone)."""
    if not months:
        return {}, {}
    sums = {"fulfilled": Sum("quantity")}
    if covered:
        sums["units"] = Sum("quantity", filter=covered_item_condition())
    rows = _grouped_units(
        seller_fulfilled_items(marketplace), marketplace=marketplace, months=months, seller_ids=seller_ids, **sums
    )
    size = len(months)
    units = by_bucket(rows, "order__seller_id", "units", size) if covered else {}
    return units, by_bucket(rows, "order__seller_id", "fulfilled", size)


def trial_units(*, marketplace, month: date, seller_ids=None) -> dict[int, int]:
    """Covered units shipped in the month before the seller's free trial ended (one query)."""
    start, end = month_bounds(month, marketplace.time_zone)
    in_trial = Enrollment.objects.filter(
        seller_id=OuterRef("order__seller_id"),
        marketplace_id=marketplace.pk,
        trial_ends_at__gt=OuterRef("shipment__shipped_at"),
    )
    sellers_in_trial = Enrollment.objects.filter(marketplace_id=marketplace.pk, trial_ends_at__gt=start).values(
        "seller_id"
    )
    rows = (
        narrow(covered_items(marketplace), "order__seller_id", seller_ids)
        .filter(order__seller_id__in=sellers_in_trial, shipment__shipped_at__gte=start, shipment__shipped_at__lt=end)
        .filter(Exists(in_trial))
        .values("order__seller_id")
        .annotate(units=Sum("quantity"))
        .order_by()
    )
    return {row["order__seller_id"]: int(row["units"] or 0) for row in rows}


def csba_contacts() -> QuerySet[Ticket]:
    return Ticket.objects.filter(route=Route.CSBA, seller_id__isnull=False, order_id__isnull=False).exclude(
        status__in=TICKET_FINAL
    )  # merged duplicates and contacts routed away are no contacts


def contacts_by_month(*, marketplace, months: list[date], seller_ids=None) -> dict[int, list[int]]:
    """Order-related contacts handled by CSBA, per seller and month (one query)."""
    if not months:
        return {}
    bounds = bounds_of(marketplace, months)
    rows = (
        narrow(csba_contacts().filter(marketplace_id=marketplace.pk), "seller_id", seller_ids)
        .filter(in_bounds("opened_at", bounds))
        .annotate(bucket=bucket("opened_at", bounds))
        .values("seller_id", "bucket")
        .annotate(contacts=Count("pk"))
        .order_by()
    )
    return by_bucket(rows, "seller_id", "contacts", len(months))


def contact_reasons(
    *, marketplace, start: datetime, end: datetime, seller_ids=None
) -> dict[int, list[tuple[str, int]]]:
    """Contacts per reason, most frequent first, per seller (one query)."""
    rows = (
        narrow(csba_contacts().filter(marketplace_id=marketplace.pk), "seller_id", seller_ids)
        .filter(opened_at__gte=start, opened_at__lt=end)
        .values("seller_id", "reason")
        .annotate(contacts=Count("pk"))
        .order_by()
    )
    result: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for row in rows:
        result[row["seller_id"]].append((row["reason"], row["contacts"]))
    for reasons in result.values():
        reasons.sort(key=lambda pair: (-pair[1], pair[0]))
    return dict(result)
