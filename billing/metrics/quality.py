"""Quality per seller: Valid Tracking Rate, Amazon Prepaid Return Label rate,
Order Defect Rate, CSAT and the buyer commitment. One grouped query each."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q

from inquiries.models import Resolution, Ticket
from inquiries.reasons import Reason, Route
from sellers.models import FulfillmentChannel, Order, OrderItem, OrderStatus, Refund, Return, Shipment

from ..periods import month_bounds
from .base import Ratio, bounds_of, bucket, in_bounds, narrow

ODR_DAYS = 60
NEGATIVE_FEEDBACK_MAX = 2  # ratings of 1 and 2 are negative feedback


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


def _ratios_by_month(rows, key: str, numerator: str, denominator: str, size: int) -> dict[int, list[Ratio | None]]:
    result: dict[int, list[Ratio | None]] = defaultdict(lambda: [None] * size)
    for row in rows:
        if 0 <= row["bucket"] < size:
            result[row[key]][row["bucket"]] = Ratio(row[numerator], row[denominator])
    return dict(result)


def tracking_by_month(*, marketplace, months: list[date], seller_ids=None) -> dict[int, list[Ratio | None]]:
    """Packages with a valid tracking number ÷ packages shipped (holding
    seller-fulfilled units), per seller and month; None for a month without
    packages (one query)."""
    bounds = bounds_of(marketplace, months)
    seller_fulfilled = OrderItem.objects.filter(shipment_id=OuterRef("pk"), fulfillment_channel=FulfillmentChannel.FBM)
    rows = (
        narrow(Shipment.objects.filter(order__marketplace_id=marketplace.pk), "order__seller_id", seller_ids)
        .filter(in_bounds("shipped_at", bounds))
        .filter(Exists(seller_fulfilled))
        .annotate(bucket=bucket("shipped_at", bounds))
        .values("order__seller_id", "bucket")
        .annotate(packages=Count("pk"), valid=Count("pk", filter=Q(has_valid_tracking=True)))
        .order_by()
    )
    return _ratios_by_month(rows, "order__seller_id", "valid", "packages", len(months))


def labels_by_month(*, marketplace, months: list[date], seller_ids=None) -> dict[int, list[Ratio | None]]:
    """Returns of seller-fulfilled units with an Amazon Prepaid Return Label ÷
    returns authorized, per seller and month; None for a month without
    returns (one query)."""
    bounds = bounds_of(marketplace, months)
    rows = (
        narrow(
            Return.objects.filter(
                order_item__order__marketplace_id=marketplace.pk, order_item__fulfillment_channel=FulfillmentChannel.FBM
            ),
            "order_item__order__seller_id",
            seller_ids,
        )
        .filter(in_bounds("authorized_at", bounds))
        .annotate(bucket=bucket("authorized_at", bounds))
        .values("order_item__order__seller_id", "bucket")
        .annotate(returns=Count("pk"), aprl=Count("pk", filter=Q(is_amazon_label=True)))
        .order_by()
    )
    return _ratios_by_month(rows, "order_item__order__seller_id", "aprl", "returns", len(months))


def _one_month(by_month: dict[int, list[Ratio | None]]) -> dict[int, Ratio]:
    return {seller_id: ratios[0] for seller_id, ratios in by_month.items() if ratios[0] is not None}


def valid_tracking_rate(*, marketplace, month: date, seller_ids=None) -> dict[int, Ratio]:
    """``tracking_by_month`` of one month."""
    return _one_month(tracking_by_month(marketplace=marketplace, months=[month], seller_ids=seller_ids))


def prepaid_label_rate(*, marketplace, month: date, seller_ids=None) -> dict[int, Ratio]:
    """``labels_by_month`` of one month."""
    return _one_month(labels_by_month(marketplace=marketplace, months=[month], seller_ids=seller_ids))


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
        narrow(Order.objects.filter(marketplace_id=marketplace.pk), "seller_id", seller_ids)
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
    bounds = bounds_of(marketplace, months)
    rows = (
        narrow(
            Ticket.objects.filter(marketplace_id=marketplace.pk, seller_id__isnull=False, csat_score__isnull=False),
            "seller_id",
            seller_ids,
        )
        .filter(in_bounds("csat_at", bounds))
        .annotate(bucket=bucket("csat_at", bounds))
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
        narrow(
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
