"""Reads for the seller billing pages, the API and the admin."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum

from csba.errors import NotFound
from sellers.models import Enrollment, Marketplace, SellerAccount

from . import metrics
from .fees import Card, NextTier, SellerFigures, fee_compute, next_tier, pricing_load, rate_compute, round_cpu
from .models import MonthlyStatement
from .periods import add_months, local_month, month_bounds, quarter_of
from .presentation import reason_label


def statement_list(*, seller_id: int, marketplace_id: int | None = None) -> QuerySet[MonthlyStatement]:
    statements = MonthlyStatement.objects.filter(seller_id=seller_id).select_related("marketplace")
    if marketplace_id is not None:
        statements = statements.filter(marketplace_id=marketplace_id)
    return statements.order_by("-month", "marketplace__code", "pk")


def statement_list_all() -> QuerySet[MonthlyStatement]:
    """Every seller's statements (operators, integrators), newest month first."""
    return MonthlyStatement.objects.select_related("marketplace").order_by("-month", "marketplace__code", "pk")


def statement_filter(
    statements: QuerySet[MonthlyStatement],
    *,
    marketplace_code: str = "",
    month: date | None = None,
    seller_id: int | None = None,
) -> QuerySet[MonthlyStatement]:
    """``statements`` of one marketplace, month or seller (each optional)."""
    if marketplace_code:
        statements = statements.filter(marketplace__code=marketplace_code.upper())
    if month is not None:
        statements = statements.filter(month=month)
    if seller_id is not None:
        statements = statements.filter(seller_id=seller_id)
    return statements


def statement_get(*, seller_id: int, statement_id: int) -> MonthlyStatement:
    """One of the seller's own statements; 404 for anybody else's."""
    statement = (
        statement_list(seller_id=seller_id).select_related("rate_card", "seller").filter(pk=statement_id).first()
    )
    if statement is None:
        raise NotFound("No such statement.")
    return statement


def seller_marketplaces(*, seller_id: int) -> list[Marketplace]:
    """Marketplaces where the seller has (had) a coverage window or a statement."""
    return list(
        Marketplace.objects.filter(
            Q(pk__in=Enrollment.objects.filter(seller_id=seller_id).values("marketplace_id"))
            | Q(pk__in=MonthlyStatement.objects.filter(seller_id=seller_id).values("marketplace_id"))
        ).order_by("code")
    )


@dataclass
class TierOverview:
    """The tier of the current month (set by the three months before it) and
    the outlook for next month (the window that ends with this month, so far).
    CPU divides the contacts by every seller-fulfilled unit shipped; ``rate``
    and ``next_rate`` are what a unit costs, with the reward (earned in the
    month before) and any free service; ``base_rate`` the tier's own."""

    marketplace: Marketplace
    month: date
    window: list[date]
    window_units: int
    window_contacts: int
    cpu: Decimal | None
    tier: int | None
    is_standard_rate: bool
    rate: Decimal | None
    base_rate: Decimal | None
    discount_percent: Decimal
    card: Card | None
    next_month: date
    next_window_units: int
    next_window_contacts: int
    next_cpu: Decimal | None
    next_tier: int | None
    next_is_standard_rate: bool
    next_rate: Decimal | None
    next_discount_percent: Decimal
    to_improve: NextTier | None
    month_units: int
    month_contacts: int


def tier_overview(*, seller: SellerAccount, marketplace: Marketplace, now: datetime) -> TierOverview:
    """Live figures for one seller (closed months as their statements recorded
    them): a handful of grouped queries plus the pricing."""
    month = local_month(now, marketplace.time_zone)
    months = [add_months(month, offset) for offset in (-3, -2, -1, 0)]
    window = metrics.seller_windows(
        marketplace=marketplace, months=months, sellers=[seller.pk], seller_ids=[seller.pk]
    )[seller.pk]
    pricing = pricing_load(marketplace=marketplace, day=month)
    next_pricing = pricing_load(marketplace=marketplace, day=add_months(month, 1))
    in_month = metrics.sellers_in_month(marketplace=marketplace, month=month, seller_ids=[seller.pk]).get(seller.pk)
    free_program = in_month.free_program if in_month else ""
    current = SellerFigures(
        window_units=sum(window.fulfilled[:3]),
        window_contacts=sum(window.contacts[:3]),
        vtr=window.assessed_vtr,
        aprl_rate=window.assessed_aprl_rate,
        assessed_month=f"{months[2]:%Y-%m}",
        business_country=seller.business_country,
        preferred_language=seller.preferred_language,
        free_program=free_program,
    )
    upcoming = SellerFigures(
        window_units=sum(window.fulfilled[1:]),
        window_contacts=sum(window.contacts[1:]),
        vtr=window.vtr.value if window.vtr else None,
        aprl_rate=window.aprl.value if window.aprl else None,
        assessed_month=f"{month:%Y-%m}",
        business_country=seller.business_country,
        preferred_language=seller.preferred_language,
        free_program=free_program,
    )
    rate = rate_compute(pricing, current) if pricing.card else None
    next_rate = rate_compute(next_pricing, upcoming) if next_pricing.card else None
    return TierOverview(
        marketplace=marketplace,
        month=month,
        window=months[:3],
        window_units=current.window_units,
        window_contacts=current.window_contacts,
        cpu=rate.cpu_rounded if rate else None,
        tier=rate.tier if rate else None,
        is_standard_rate=bool(rate and rate.is_standard_rate),
        rate=rate.effective_rate if rate else None,
        base_rate=rate.base_rate if rate else None,
        discount_percent=rate.discount_percent if rate else Decimal(0),
        card=pricing.card,
        next_month=add_months(month, 1),
        next_window_units=upcoming.window_units,
        next_window_contacts=upcoming.window_contacts,
        next_cpu=next_rate.cpu_rounded if next_rate else None,
        next_tier=next_rate.tier if next_rate else None,
        next_is_standard_rate=bool(next_rate and next_rate.is_standard_rate),
        next_rate=next_rate.effective_rate if next_rate else None,
        next_discount_percent=next_rate.discount_percent if next_rate else Decimal(0),
        to_improve=next_tier(
            next_pricing.card,
            tier=next_rate.tier if next_rate else None,
            window_units=upcoming.window_units,
            window_contacts=upcoming.window_contacts,
        ),
        month_units=window.covered[3],
        month_contacts=window.contacts[3],
    )


@dataclass
class Insights:
    marketplace: Marketplace
    months: list[date]
    quarters: list[tuple[str, int, Decimal, Decimal | None]]  # label, units, fees, fee per unit
    cpu_monthly: list[Decimal | None]  # contacts ÷ units of each month
    cpu_window: list[Decimal | None]  # three-month CPU that sets the next tier
    csat: list[tuple[Decimal | None, int]]
    reasons: list[tuple[str, int]]
    currency: str
    units: list[int] = field(default_factory=list)  # every seller-fulfilled unit shipped (CPU's denominator)
    contacts: list[int] = field(default_factory=list)
    fcr: list[metrics.Ratio] = field(default_factory=list)  # first-contact resolution by month of resolution


def insights_get(*, seller_id: int, marketplace: Marketplace, now: datetime, months_back: int = 12) -> Insights:
    """The insights dashboard: six queries whatever the history's length."""
    current = local_month(now, marketplace.time_zone)
    months = [add_months(current, offset) for offset in range(-months_back + 1, 1)]
    span = [add_months(months[0], -2), add_months(months[0], -1), *months]
    units = metrics.seller_fulfilled_units_by_month(marketplace=marketplace, months=span, seller_ids=[seller_id]).get(
        seller_id, [0] * len(span)
    )
    contacts = metrics.contacts_by_month(marketplace=marketplace, months=span, seller_ids=[seller_id]).get(
        seller_id, [0] * len(span)
    )
    csat = metrics.csat_by_month(marketplace=marketplace, months=months, seller_ids=[seller_id]).get(
        seller_id, [(None, 0)] * len(months)
    )
    fcr = metrics.fcr_by_month(marketplace=marketplace, months=months, seller_ids=[seller_id]).get(
        seller_id, [metrics.Ratio(0, 0)] * len(months)
    )
    start = month_bounds(add_months(current, -2), marketplace.time_zone)[0]
    reasons = metrics.contact_reasons(marketplace=marketplace, start=start, end=now, seller_ids=[seller_id]).get(
        seller_id, []
    )
    cpu_monthly = [round_cpu(metrics_cpu(c, u)) for u, c in zip(units[2:], contacts[2:])]
    cpu_window = [round_cpu(metrics_cpu(sum(contacts[i : i + 3]), sum(units[i : i + 3]))) for i in range(len(months))]
    quarters: dict[str, list] = defaultdict(lambda: [0, Decimal(0)])
    currency = marketplace.currency
    for row in (
        MonthlyStatement.objects.filter(seller_id=seller_id, marketplace_id=marketplace.pk)
        .values("month", "units", "fee", "currency")
        .order_by("month")
    ):
        quarter = quarters[quarter_of(row["month"])]
        quarter[0] += row["units"]
        quarter[1] += row["fee"]
        currency = row["currency"]
    quarter_rows = [
        (
            label,
            units_sum,
            fees,
            (fees / units_sum).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP) if units_sum else None,
        )
        for label, (units_sum, fees) in sorted(quarters.items())
    ][-8:]
    return Insights(
        marketplace=marketplace,
        months=months,
        quarters=quarter_rows,
        cpu_monthly=cpu_monthly,
        cpu_window=cpu_window,
        csat=csat,
        reasons=[(reason_label(r), n) for r, n in reasons[:8]],
        currency=currency,
        units=units[2:],
        contacts=contacts[2:],
        fcr=fcr,
    )


def metrics_cpu(contacts: int, units: int) -> Decimal | None:
    return None if not units else Decimal(contacts) / Decimal(units)


@dataclass
class RevenueRow:
    marketplace_code: str
    month: date
    currency: str
    statements: int
    units: int
    fees: Decimal
    tiers: dict[str, int]
    free: int


def revenue_report(*, marketplace_id: int | None = None, limit_months: int = 24) -> list[RevenueRow]:
    """Fee revenue and tier distribution per marketplace and month: one grouped query."""
    rows = MonthlyStatement.objects.all()
    if marketplace_id is not None:
        rows = rows.filter(marketplace_id=marketplace_id)
    grouped = (
        rows.values("marketplace__code", "month", "currency", "tier", "is_standard_rate")
        .annotate(
            statements=Count("pk"),
            total_units=Sum("units"),
            total_fees=Sum("fee"),
            free=Count("pk", filter=Q(fee=0, units__gt=0)),
        )
        .order_by("-month", "marketplace__code")
    )
    report: dict[tuple[str, date], RevenueRow] = {}
    for row in grouped:
        key = (row["marketplace__code"], row["month"])
        entry = report.get(key)
        if entry is None:
            entry = report[key] = RevenueRow(
                row["marketplace__code"], row["month"], row["currency"], 0, 0, Decimal(0), {}, 0
            )
        label = "standard" if row["is_standard_rate"] else ("flat" if row["tier"] is None else str(row["tier"]))
        entry.tiers[label] = entry.tiers.get(label, 0) + row["statements"]
        entry.statements += row["statements"]
        entry.units += row["total_units"] or 0
        entry.fees += row["total_fees"] or Decimal(0)
        entry.free += row["free"]
    months = sorted({month for _, month in report}, reverse=True)[:limit_months]
    return [row for row in report.values() if row.month in months]


def estimate_fee(
    *,
    marketplace: Marketplace,
    day: date,
    units: int,
    window_units: int,
    window_contacts: int,
    vtr: Decimal | None,
    aprl_rate: Decimal | None,
    business_country: str,
    preferred_language: str,
):
    """The fee rule applied to typed or uploaded figures (the estimator)."""
    pricing = pricing_load(marketplace=marketplace, day=day)
    if pricing.card is None:
        return pricing, None
    figures = SellerFigures(
        units=units,
        window_units=window_units,
        window_contacts=window_contacts,
        vtr=vtr,
        aprl_rate=aprl_rate,
        business_country=business_country,
        preferred_language=preferred_language,
    )
    return pricing, fee_compute(pricing, figures)
