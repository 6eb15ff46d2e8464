"""Per-seller metrics of a marketplace, each one grouped aggregate query over
all sellers (never a loop per seller or per order).

Months are local to the marketplace (``periods.month_bounds``). Several
consecutive months come back from one query, bucketed with a CASE on the
timestamp, so the monthly close reads the billed month, the three months
before it (the tier window) and the window of the next month's tier at once.
``seller_ids`` narrows a query to some sellers (the portal asks for one).

Definitions (DOMAIN.md "Fees", "Reports and metrics"):

- units: seller-fulfilled units shipped while enrolled (``sellers.coverage.
  covered_item_condition``), counted in the month their shipment shipped;
  cancelled orders excluded.
- contacts: order-related tickets handled by CSBA (route ``csba``, an order,
  not merged away), counted in the month they were opened.
- VTR: packages with a valid tracking number ÷ packages shipped and confirmed,
  over packages holding seller-fulfilled units.
- APRL rate: returns of seller-fulfilled units authorized in the month with an
  Amazon Prepaid Return Label ÷ those returns.
- ODR: orders with a defect ÷ orders placed in the 60 days ending with the
  month. A defect is an A-to-z claim (a refund under the guarantee, or an
  ``a_to_z_claim`` ticket not closed as denied), negative feedback (a seller
  rating of 1 or 2 on the order) or a chargeback; an order with several
  defects counts once.
- CSAT: mean 1–5 rating of the seller's tickets rated in the month.
- buyer commitment: CSBA tickets opened in the month, and those flagged for
  no first reply within two days.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from inquiries.models import Resolution, Ticket
from inquiries.reasons import Reason, Route
from inquiries.states import TICKET_FINAL
from sellers.coverage import covered_item_condition
from sellers.models import Enrollment, FulfillmentChannel, Order, OrderItem, OrderStatus, Refund, Return, Shipment

from .models import MonthClose, MonthlyStatement
from .periods import month_bounds

ODR_DAYS = 60
NEGATIVE_FEEDBACK_MAX = 2  # ratings of 1 and 2 are negative feedback
RATE_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class Ratio:
    numerator: int
    denominator: int

    @property
    def value(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(self.numerator) / Decimal(self.denominator)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class DefectCounts:
    orders: int
    defects: int
    a_to_z_claims: int
    negative_feedback: int = 0
    chargebacks: int = 0

    @property
    def rate(self) -> Decimal | None:
        return Ratio(self.defects, self.orders).value


@dataclass(frozen=True)
class SellerInMonth:
    seller_id: int
    name: str
    business_country: str
    preferred_language: str
    is_enrolled: bool  # a coverage window overlaps the month
    trial_ends_at: datetime | None


def _bucket(field: str, bounds: list[tuple[datetime, datetime]]) -> Case:
    return Case(
        *[
            When(**{f"{field}__gte": start, f"{field}__lt": end}, then=Value(index))
            for index, (start, end) in enumerate(bounds)
        ],
        default=Value(-1),
        output_field=IntegerField(),
    )


def _in_bounds(field: str, bounds: list[tuple[datetime, datetime]]) -> Q:
    """Rows inside any of the months (consecutive months merge into one range)."""
    ranges: list[list[datetime]] = []
    for start, end in bounds:
        if ranges and ranges[-1][1] == start:
            ranges[-1][1] = end
        else:
            ranges.append([start, end])
    condition = Q()
    for start, end in ranges:
        condition |= Q(**{f"{field}__gte": start, f"{field}__lt": end})
    return condition


def _bounds(marketplace, months: list[date]) -> list[tuple[datetime, datetime]]:
    return [month_bounds(month, marketplace.time_zone) for month in months]


def _narrow(queryset: QuerySet, field: str, seller_ids: Iterable[int] | None) -> QuerySet:
    return queryset if seller_ids is None else queryset.filter(**{f"{field}__in": list(seller_ids)})


def _by_bucket(rows, key: str, value: str, size: int) -> dict[int, list[int]]:
    result: dict[int, list[int]] = defaultdict(lambda: [0] * size)
    for row in rows:
        if 0 <= row["bucket"] < size:
            result[row[key]][row["bucket"]] = int(row[value] or 0)
    return dict(result)


def covered_items(marketplace) -> QuerySet[OrderItem]:
    return OrderItem.objects.filter(covered_item_condition(), order__marketplace_id=marketplace.pk).exclude(
        order__status=OrderStatus.CANCELLED
    )


def units_by_month(*, marketplace, months: list[date], seller_ids=None) -> dict[int, list[int]]:
    """Covered units shipped, per seller and month (one query; ``months`` in order, gaps allowed)."""
    bounds = _bounds(marketplace, months)
    rows = (
        _narrow(covered_items(marketplace), "order__seller_id", seller_ids)
        .filter(_in_bounds("shipment__shipped_at", bounds))
        .annotate(bucket=_bucket("shipment__shipped_at", bounds))
        .values("order__seller_id", "bucket")
        .annotate(units=Sum("quantity"))
        .order_by()
    )
    return _by_bucket(rows, "order__seller_id", "units", len(months))


def closed_units_by_month(*, marketplace, months: list[date], seller_ids=None) -> dict[int, list[int]]:
    """Units of months already closed, as their statements recorded them (one
    query): a closed month's figures are read from the raw data once, at its
    close, and the tier announced from them stays the tier that is billed."""
    rows = _narrow(
        MonthlyStatement.objects.filter(marketplace_id=marketplace.pk, month__in=months), "seller_id", seller_ids
    ).values_list("seller_id", "month", "units")
    index = {month: position for position, month in enumerate(months)}
    result: dict[int, list[int]] = defaultdict(lambda: [0] * len(months))
    for seller_id, month, units in rows:
        result[seller_id][index[month]] = units
    return dict(result)


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
        _narrow(covered_items(marketplace), "order__seller_id", seller_ids)
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
    bounds = _bounds(marketplace, months)
    rows = (
        _narrow(csba_contacts().filter(marketplace_id=marketplace.pk), "seller_id", seller_ids)
        .filter(opened_at__gte=bounds[0][0], opened_at__lt=bounds[-1][1])
        .annotate(bucket=_bucket("opened_at", bounds))
        .values("seller_id", "bucket")
        .annotate(contacts=Count("pk"))
        .order_by()
    )
    return _by_bucket(rows, "seller_id", "contacts", len(months))


def contact_reasons(
    *, marketplace, start: datetime, end: datetime, seller_ids=None
) -> dict[int, list[tuple[str, int]]]:
    """Contacts per reason, most frequent first, per seller (one query)."""
    rows = (
        _narrow(csba_contacts().filter(marketplace_id=marketplace.pk), "seller_id", seller_ids)
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


def valid_tracking_rate(*, marketplace, month: date, seller_ids=None) -> dict[int, Ratio]:
    """Packages with a valid tracking number ÷ packages shipped (one query)."""
    start, end = month_bounds(month, marketplace.time_zone)
    seller_fulfilled = OrderItem.objects.filter(shipment_id=OuterRef("pk"), fulfillment_channel=FulfillmentChannel.FBM)
    rows = (
        _narrow(Shipment.objects.filter(order__marketplace_id=marketplace.pk), "order__seller_id", seller_ids)
        .filter(shipped_at__gte=start, shipped_at__lt=end)
        .filter(Exists(seller_fulfilled))
        .values("order__seller_id")
        .annotate(packages=Count("pk"), valid=Count("pk", filter=Q(has_valid_tracking=True)))
        .order_by()
    )
    return {row["order__seller_id"]: Ratio(row["valid"], row["packages"]) for row in rows}


def prepaid_label_rate(*, marketplace, month: date, seller_ids=None) -> dict[int, Ratio]:
    """Returns with an Amazon Prepaid Return Label ÷ returns authorized (one query)."""
    start, end = month_bounds(month, marketplace.time_zone)
    rows = (
        _narrow(
            Return.objects.filter(
                order_item__order__marketplace_id=marketplace.pk, order_item__fulfillment_channel=FulfillmentChannel.FBM
            ),
            "order_item__order__seller_id",
            seller_ids,
        )
        .filter(authorized_at__gte=start, authorized_at__lt=end)
        .values("order_item__order__seller_id")
        .annotate(returns=Count("pk"), aprl=Count("pk", filter=Q(is_amazon_label=True)))
        .order_by()
    )
    return {row["order_item__order__seller_id"]: Ratio(row["aprl"], row["returns"]) for row in rows}


def order_defect_rate(*, marketplace, month: date, seller_ids=None) -> dict[int, DefectCounts]:
    """Orders with a defect ÷ orders over the 60 days ending with the month (one query)."""
    end = month_bounds(month, marketplace.time_zone)[1]
    start = end - timedelta(days=ODR_DAYS)
    # Defects are rare: "id IN (small set)" lets the database hash the set
    # once instead of probing per order.
    a_to_z_refund = Refund.objects.filter(
        is_a_to_z=True, order_item__order__placed_at__gte=start, order_item__order__placed_at__lt=end
    ).values("order_item__order_id")
    a_to_z_ticket = (
        Ticket.objects.filter(reason=Reason.A_TO_Z_CLAIM, order_id__isnull=False)
        .exclude(resolution__in=[Resolution.NO_ACTION, Resolution.DUPLICATE])
        .values("order_id")
    )
    claimed = Q(pk__in=a_to_z_refund) | Q(pk__in=a_to_z_ticket)
    negative = Q(feedback_rating__lte=NEGATIVE_FEEDBACK_MAX)
    charged_back = Q(chargeback_at__isnull=False)
    rows = (
        _narrow(Order.objects.filter(marketplace_id=marketplace.pk), "seller_id", seller_ids)
        .filter(placed_at__gte=start, placed_at__lt=end)
        .exclude(status=OrderStatus.CANCELLED)
        .values("seller_id")
        .annotate(
            orders=Count("pk"),
            a_to_z=Count("pk", filter=claimed),
            negative=Count("pk", filter=negative),
            chargebacks=Count("pk", filter=charged_back),
            defects=Count("pk", filter=claimed | negative | charged_back),
        )
        .order_by()
    )
    return {
        row["seller_id"]: DefectCounts(
            orders=row["orders"],
            defects=row["defects"],
            a_to_z_claims=row["a_to_z"],
            negative_feedback=row["negative"],
            chargebacks=row["chargebacks"],
        )
        for row in rows
    }


def csat_by_month(*, marketplace, months: list[date], seller_ids=None) -> dict[int, list[tuple[Decimal | None, int]]]:
    """Mean CSAT and number of ratings per seller and month (one query)."""
    bounds = _bounds(marketplace, months)
    rows = (
        _narrow(
            Ticket.objects.filter(marketplace_id=marketplace.pk, seller_id__isnull=False, csat_score__isnull=False),
            "seller_id",
            seller_ids,
        )
        .filter(csat_at__gte=bounds[0][0], csat_at__lt=bounds[-1][1])
        .annotate(bucket=_bucket("csat_at", bounds))
        .values("seller_id", "bucket")
        .annotate(mean=Avg("csat_score"), ratings=Count("pk"))
        .order_by()
    )
    result: dict[int, list[tuple[Decimal | None, int]]] = defaultdict(lambda: [(None, 0)] * len(months))
    for row in rows:
        if 0 <= row["bucket"] < len(months):
            mean = Decimal(str(row["mean"])).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            result[row["seller_id"]][row["bucket"]] = (mean, row["ratings"])
    return dict(result)


def buyer_commitment(*, marketplace, month: date, seller_ids=None) -> dict[int, tuple[int, int]]:
    """CSBA tickets opened in the month and those flagged for missing the
    buyer commitment (no first reply within two days), per seller (one query)."""
    start, end = month_bounds(month, marketplace.time_zone)
    rows = (
        _narrow(
            Ticket.objects.filter(marketplace_id=marketplace.pk, seller_id__isnull=False, route=Route.CSBA),
            "seller_id",
            seller_ids,
        )
        .filter(opened_at__gte=start, opened_at__lt=end)
        .values("seller_id")
        .annotate(tickets=Count("pk"), breached=Count("pk", filter=Q(is_commitment_breached=True)))
        .order_by()
    )
    return {row["seller_id"]: (row["tickets"], row["breached"]) for row in rows}


def closed_months(*, marketplace, months: list[date]) -> list[date]:
    """Those of ``months`` that are closed (one query)."""
    closed = set(
        MonthClose.objects.filter(marketplace_id=marketplace.pk, month__in=months).values_list("month", flat=True)
    )
    return [month for month in months if month in closed]


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
        _narrow(Enrollment.objects.filter(marketplace_id=marketplace.pk, effective_at__lt=end), "seller_id", seller_ids)
        .values("seller_id", "seller__name", "seller__business_country", "seller__preferred_language")
        .annotate(
            enrolled=Max(Case(When(overlaps, then=Value(1)), default=Value(0), output_field=IntegerField())),
            trial_ends_at=Max("trial_ends_at"),
            first_effective_at=Min("effective_at"),
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
        )
        for row in rows
    }
