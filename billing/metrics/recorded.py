"""Who is billed in a month, and the figures of months already closed as
their statements recorded them (what was announced is what is billed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Case, F, IntegerField, Max, Min, Q, Value, When

from sellers.models import Enrollment

from ..models import MonthClose, MonthlyStatement
from ..periods import month_bounds
from .base import narrow


@dataclass(frozen=True)
class SellerInMonth:
    seller_id: int
    name: str
    business_country: str
    preferred_language: str
    is_enrolled: bool  # a coverage window overlaps the month
    trial_ends_at: datetime | None
    free_program: str = ""  # the name of a free program the seller's windows belong to


@dataclass(frozen=True)
class Recorded:
    """One seller's month as its statement recorded it at the close.
    ``seller_fulfilled_units`` is None on statements closed before the CPU
    counted every seller-fulfilled unit (the caller reads that from the data)."""

    units: int
    seller_fulfilled_units: int | None
    contacts: int
    vtr: Decimal | None
    aprl_rate: Decimal | None


def closed_months(*, marketplace, months: list[date]) -> list[date]:
    """Those of ``months`` that are closed (one query)."""
    closed = set(
        MonthClose.objects.filter(marketplace_id=marketplace.pk, month__in=months).values_list("month", flat=True)
    )
    return [month for month in months if month in closed]


def recorded_by_month(*, marketplace, months: list[date], seller_ids=None) -> dict[int, dict[date, Recorded]]:
    """The recorded figures of closed months per seller and month (one query):
    a closed month's rows are read from the raw data once, at its close, and
    the tier and reward announced from them stay what is billed."""
    if not months:
        return {}
    rows = narrow(
        MonthlyStatement.objects.filter(marketplace_id=marketplace.pk, month__in=months), "seller_id", seller_ids
    ).values_list("seller_id", "month", "units", "seller_fulfilled_units", "contacts", "vtr", "aprl_rate")
    result: dict[int, dict[date, Recorded]] = {}
    for seller_id, month, units, seller_fulfilled, contacts, vtr, aprl_rate in rows:
        result.setdefault(seller_id, {})[month] = Recorded(units, seller_fulfilled, contacts, vtr, aprl_rate)
    return result


def sellers_in_month(*, marketplace, month: date, seller_ids=None) -> dict[int, SellerInMonth]:
    """Sellers with a coverage window in the marketplace that began before the
    month ended (one query): those enrolled during the month, and those who
    left earlier but may still ship covered units (orders placed while enrolled)."""
    start, end = month_bounds(month, marketplace.time_zone)
    overlaps = (
        Q(effective_at__lt=end)
        & (Q(ended_at__isnull=True) | Q(ended_at__gt=start))
        & (Q(ended_at__isnull=True) | Q(ended_at__gt=F("effective_at")))
    )
    rows = (
        narrow(Enrollment.objects.filter(marketplace_id=marketplace.pk, effective_at__lt=end), "seller_id", seller_ids)
        .values("seller_id", "seller__name", "seller__business_country", "seller__preferred_language")
        .annotate(
            enrolled=Max(Case(When(overlaps, then=Value(1)), default=Value(0), output_field=IntegerField())),
            trial_ends_at=Max("trial_ends_at"),
            first_effective_at=Min("effective_at"),
            free_program=Max(Case(When(program__is_free=True, then=F("program__name")), default=Value(""))),
        )
        .order_by()
    )
    return {
        row["seller_id"]: SellerInMonth(
            row["seller_id"],
            row["seller__name"],
            row["seller__business_country"],
            row["seller__preferred_language"],
            bool(row["enrolled"]),
            row["trial_ends_at"],
            row["free_program"] or "",
        )
        for row in rows
    }
