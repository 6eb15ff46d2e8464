"""The fee estimator: read a marketplace order report (tab-separated, like
the all-orders report) into seller-fulfilled shipped units per month, then
apply the same fee rule as the monthly close (``billing.fees``).

The report is read line by line (never loaded whole); a bad row is reported
with its line number and the rest is still counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from .fees import FeeResult, NextTier, Pricing, SellerFigures, fee_compute, next_tier, pricing_load, round_cpu
from .models import PromotionKind
from .periods import add_months, first_of_month, local_month, zone

MAX_ERRORS_SHOWN = 100
COLUMNS = {
    "order_id": {"amazon-order-id", "order-id", "orderid", "order-number"},
    "purchase_date": {"purchase-date", "order-date", "purchased-at", "date"},
    "fulfillment_channel": {"fulfillment-channel", "fulfilment-channel", "channel"},
    "quantity": {"quantity", "quantity-purchased", "qty", "units"},
    "status": {"order-status", "status", "item-status"},
}
SELLER_FULFILLED = {"merchant", "mfn", "fbm", "seller", "seller-fulfilled", "merchant-fulfilled"}
NOT_COVERED = {"amazon", "afn", "fba", "sfp", "seller-fulfilled-prime", "prime"}
SHIPPED = {"shipped", "delivered", "shipped-delivered-to-buyer", "complete", "completed"}
NOT_SHIPPED = {
    "pending",
    "unshipped",
    "cancelled",
    "canceled",
    "partiallyshipped",
    "partially-shipped",
    "shipping",
    "pending-availability",
}


def _key(text: str) -> str:
    return "-".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


@dataclass
class RowError:
    line: int
    message: str


@dataclass
class OrderReport:
    units_by_month: dict[date, int] = field(default_factory=dict)
    rows: int = 0
    counted_rows: int = 0
    skipped_not_seller_fulfilled: int = 0
    skipped_not_shipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    def error(self, line: int, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_SHOWN:
            self.errors.append(RowError(line, message))


def parse_order_report(lines: Iterable[bytes | str], *, time_zone: str) -> OrderReport:
    """Seller-fulfilled shipped units per local month. Needs a header row
    naming order id, purchase date, fulfillment channel, quantity, status."""
    report = OrderReport()
    columns: dict[str, int] | None = None
    tz = zone(time_zone)
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                report.error(number, _("Not UTF-8 text."))
                continue
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        cells = line.split("\t")
        if columns is None:
            columns = _header(cells)
            missing = [name for name in COLUMNS if name not in columns]
            if missing:
                report.error(
                    number,
                    _(
                        "The header row lacks the columns: %(columns)s (tab-separated, e.g. "
                        "amazon-order-id, purchase-date, fulfillment-channel, quantity, order-status)."
                    )
                    % {"columns": ", ".join(missing)},
                )
                return report
            continue
        report.rows += 1
        _row(report, number, cells, columns, tz)
    if columns is None:
        report.error(1, _("The file is empty."))
    return report


def _header(cells: list[str]) -> dict[str, int]:
    found = {}
    for index, cell in enumerate(cells):
        key = _key(cell)
        for name, aliases in COLUMNS.items():
            if name not in found and (key in aliases or key == name.replace("_", "-")):
                found[name] = index
    return found


def _row(report: OrderReport, number: int, cells: list[str], columns: dict[str, int], tz) -> None:
    if len(cells) <= max(columns.values()):
        report.error(
            number,
            _("Expected %(expected)s tab-separated columns, found %(found)s.")
            % {"expected": max(columns.values()) + 1, "found": len(cells)},
        )
        return
    value = {name: cells[index].strip() for name, index in columns.items()}
    if not value["order_id"]:
        report.error(number, _("The order id is empty."))
        return
    try:
        quantity = int(value["quantity"])
        if quantity < 0:
            raise ValueError
    except ValueError:
        report.error(number, _("Quantity %(value)r is not a whole number of 0 or more.") % {"value": value["quantity"]})
        return
    try:
        purchased = datetime.fromisoformat(
            value["purchase_date"].replace(" ", "T", 1) if len(value["purchase_date"]) > 10 else value["purchase_date"]
        )
    except ValueError:
        report.error(
            number,
            _("Purchase date %(value)r is not a date (use ISO 8601, e.g. 2026-07-03T10:22:01+00:00).")
            % {"value": value["purchase_date"]},
        )
        return
    channel, status = _key(value["fulfillment_channel"]), _key(value["status"])
    if channel not in SELLER_FULFILLED and channel not in NOT_COVERED:
        report.error(
            number,
            _("Unknown fulfillment channel %(value)r (Merchant or Amazon).") % {"value": value["fulfillment_channel"]},
        )
        return
    if status not in SHIPPED and status not in NOT_SHIPPED:
        report.error(number, _("Unknown order status %(value)r.") % {"value": value["status"]})
        return
    if channel in NOT_COVERED:
        report.skipped_not_seller_fulfilled += 1
        return
    if status in NOT_SHIPPED:
        report.skipped_not_shipped += 1
        return
    if purchased.tzinfo is None:
        month = first_of_month(purchased.date())
    else:
        month = first_of_month(purchased.astimezone(tz).date())
    report.units_by_month[month] = report.units_by_month.get(month, 0) + quantity
    report.counted_rows += 1


def parse_contacts_by_month(text: str) -> tuple[dict[date, int], list[RowError]]:
    """Lines of ``YYYY-MM<space or tab>count``."""
    result: dict[date, int] = {}
    errors = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.replace(":", " ").replace(",", " ").split()
        try:
            if len(parts) != 2:
                raise ValueError
            year, month = parts[0].split("-")
            count = int(parts[1])
            if count < 0:
                raise ValueError
            result[date(int(year), int(month), 1)] = count
        except ValueError:
            errors.append(RowError(number, _('Expected a month and a count, e.g. "2026-07 40".')))
    return result, errors


@dataclass
class Estimate:
    pricing: Pricing
    months: list[tuple[date, int, int]]  # month, units, contacts
    window_units: int
    window_contacts: int
    monthly_units: int
    result: FeeResult | None
    result_without_rewards: FeeResult | None
    to_improve: NextTier | None
    trial_days: int | None
    free_service: bool

    @property
    def cpu(self) -> Decimal | None:
        return self.result.cpu_rounded if self.result else None


def estimate(
    *,
    marketplace,
    now: datetime,
    units_by_month: dict[date, int],
    contacts_by_month: dict[date, int] | None,
    contacts_per_month: int | None,
    vtr: Decimal | None,
    aprl_rate: Decimal | None,
    business_country: str,
    preferred_language: str,
) -> Estimate:
    """Project CPU, tier and the monthly fee from the last three months of the
    figures, with the rate card and promotions in force next month."""
    months = sorted(units_by_month)[-3:]
    if not months:
        months = [add_months(local_month(now, marketplace.time_zone), offset) for offset in (-3, -2, -1)]
    rows = []
    for month in months:
        contacts = (contacts_by_month or {}).get(month, contacts_per_month or 0)
        rows.append((month, units_by_month.get(month, 0), contacts))
    window_units = sum(r[1] for r in rows)
    window_contacts = sum(r[2] for r in rows)
    monthly_units = int((Decimal(window_units) / len(rows)).quantize(Decimal(1), rounding=ROUND_HALF_UP)) if rows else 0
    pricing = pricing_load(marketplace=marketplace, day=add_months(local_month(now, marketplace.time_zone), 1))
    result = without_rewards = improve = None
    if pricing.card is not None:
        figures = SellerFigures(
            units=monthly_units,
            window_units=window_units,
            window_contacts=window_contacts,
            vtr=vtr,
            aprl_rate=aprl_rate,
            business_country=business_country,
            preferred_language=preferred_language,
        )
        result = fee_compute(pricing, figures)
        without_rewards = fee_compute(
            pricing, SellerFigures(units=monthly_units, window_units=window_units, window_contacts=window_contacts)
        )
        improve = next_tier(pricing.card, tier=result.tier, window_units=window_units, window_contacts=window_contacts)
    trial = pricing.promotion(PromotionKind.FREE_TRIAL)
    return Estimate(
        pricing=pricing,
        months=rows,
        window_units=window_units,
        window_contacts=window_contacts,
        monthly_units=monthly_units,
        result=result,
        result_without_rewards=without_rewards,
        to_improve=improve,
        trial_days=marketplace.trial_days if trial else None,
        free_service=bool(result and "free_service" in result.flags),
    )


__all__ = [
    "Estimate",
    "OrderReport",
    "RowError",
    "estimate",
    "parse_contacts_by_month",
    "parse_order_report",
    "round_cpu",
]
