"""A month's statements, computed (unsaved) from set-based metrics and the
pricing in force on the month's first day. The figures of the tier window
come from ``metrics.seller_windows``: closed months as their statements
recorded them, so what a report announced is what the next month bills."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sellers.models import Marketplace

from .. import metrics
from ..fees import Card, Pricing, Rate, SellerFigures, fee_compute, rate_compute
from ..models import MonthlyStatement
from ..periods import add_months, month_bounds

TOP_REASONS = 5
# Which rules a statement was computed under (kept in its inputs): 2 = CPU over
# every seller-fulfilled unit, the reward earned in the month before, discounted
# rates rounded down, closed months' figures read from their statements.
RULES_VERSION = 2


def statements_compute(
    *,
    marketplace: Marketplace,
    month: date,
    pricing: Pricing,
    next_pricing: Pricing,
    now: datetime,
    seller_ids=None,
    use_closed_months: bool = True,
) -> dict[int, MonthlyStatement]:
    """Unsaved statements keyed by seller: a dozen grouped queries whatever
    the number of sellers, then arithmetic in memory.

    CPU = contacts ÷ every seller-fulfilled unit shipped in the three months
    before the billed month (covered or not); the fee is charged on the
    covered units of the billed month. The reward is assessed on the month
    that ended before the billed one and applies to the billed month; the
    statement announces the next month's rate with the reward earned in the
    billed month."""
    months = [add_months(month, offset) for offset in (-3, -2, -1, 0)]
    labels = [f"{m:%Y-%m}" for m in months]
    start, end = month_bounds(month, marketplace.time_zone)
    sellers = metrics.sellers_in_month(marketplace=marketplace, month=month, seller_ids=seller_ids)
    windows = metrics.seller_windows(
        marketplace=marketplace,
        months=months,
        sellers=sellers,
        seller_ids=seller_ids,
        use_closed_months=use_closed_months,
    )
    trial = metrics.trial_units(marketplace=marketplace, month=month, seller_ids=seller_ids)
    reasons = metrics.contact_reasons(marketplace=marketplace, start=start, end=end, seller_ids=seller_ids)
    odr = metrics.order_defect_rate(marketplace=marketplace, month=month, seller_ids=seller_ids)
    csat = metrics.csat_by_month(marketplace=marketplace, months=[month], seller_ids=seller_ids)
    fcr = metrics.fcr_by_month(marketplace=marketplace, months=[month], seller_ids=seller_ids)
    commitment = metrics.buyer_commitment(marketplace=marketplace, month=month, seller_ids=seller_ids)
    statements: dict[int, MonthlyStatement] = {}
    for seller_id, seller in sellers.items():
        window = windows[seller_id]
        if not seller.is_enrolled and window.covered[3] == 0 and window.contacts[3] == 0:
            continue
        tracking, labels_rate = window.vtr, window.aprl
        figures = SellerFigures(
            units=window.covered[3],
            trial_units=trial.get(seller_id, 0),
            window_units=sum(window.fulfilled[:3]),
            window_contacts=sum(window.contacts[:3]),
            vtr=window.assessed_vtr,
            aprl_rate=window.assessed_aprl_rate,
            business_country=seller.business_country,
            preferred_language=seller.preferred_language,
            assessed_month=labels[2],
            free_program=seller.free_program,
        )
        fee = fee_compute(pricing, figures)
        announced = SellerFigures(
            window_units=sum(window.fulfilled[1:]),
            window_contacts=sum(window.contacts[1:]),
            vtr=tracking.value if tracking else None,
            aprl_rate=labels_rate.value if labels_rate else None,
            business_country=seller.business_country,
            preferred_language=seller.preferred_language,
            assessed_month=labels[3],
            free_program=seller.free_program,
        )
        defects = odr.get(seller_id)
        csat_mean, csat_ratings = csat.get(seller_id, [(None, 0)])[0]
        first_contact = fcr.get(seller_id, [metrics.Ratio(0, 0)])[0]
        inputs = {
            "rules_version": RULES_VERSION,
            "month": labels[3],
            "time_zone": marketplace.time_zone,
            "period_utc": [start.isoformat(), end.isoformat()],
            "is_enrolled": seller.is_enrolled,
            "units_by_month": dict(zip(labels, window.covered)),
            "seller_fulfilled_units_by_month": dict(zip(labels, window.fulfilled)),
            "contacts_by_month": dict(zip(labels, window.contacts)),
            "window": labels[:3],
            "units_from_statements": window.recorded,
            "trial_ends_at": seller.trial_ends_at.isoformat() if seller.trial_ends_at else None,
            "trial_units": figures.units - fee.billable_units,
            "billable_units": fee.billable_units,
            "rate_card": card_summary(pricing.card),
            "promotions": [{"id": p.id, "kind": p.kind, "name": p.name} for p in pricing.promotions],
            "reward": fee.reward,
            "vtr": {"valid": tracking.numerator, "packages": tracking.denominator} if tracking else None,
            "aprl": {"prepaid_labels": labels_rate.numerator, "returns": labels_rate.denominator}
            if labels_rate
            else None,
            "odr": {
                "orders": defects.orders,
                "defects": defects.defects,
                "a_to_z_claims": defects.a_to_z_claims,
                "negative_feedback": defects.negative_feedback,
                "chargebacks": defects.chargebacks,
                "days": metrics.ODR_DAYS,
            }
            if defects
            else None,
            "csat": {"mean": str(csat_mean) if csat_mean is not None else None, "ratings": csat_ratings},
            "fcr": {
                "first_contact": first_contact.numerator,
                "resolved": first_contact.denominator,
                "window_days": marketplace.fcr_window_days,
            },
            "buyer_commitment": dict(zip(("tickets", "breached"), commitment.get(seller_id, (0, 0)))),
            "top_reasons": [[reason, count] for reason, count in reasons.get(seller_id, [])[:TOP_REASONS]],
            "explanation": fee.explanation,
            "next_month": next_month_summary(
                next_pricing, month=add_months(month, 1), window=labels[1:], figures=announced
            ),
        }
        statements[seller_id] = MonthlyStatement(
            seller_id=seller_id,
            marketplace_id=marketplace.pk,
            month=month,
            units=figures.units,
            seller_fulfilled_units=window.fulfilled[3],
            contacts=window.contacts[3],
            window_units=figures.window_units,
            window_contacts=figures.window_contacts,
            cpu=fee.cpu_rounded,
            vtr=tracking.value if tracking else None,
            aprl_rate=labels_rate.value if labels_rate else None,
            odr=defects.rate if defects else None,
            csat=csat_mean,
            fcr=first_contact.value,
            tier=fee.tier,
            is_standard_rate=fee.is_standard_rate,
            rate_card_id=pricing.card.id,
            base_rate=fee.base_rate,
            discount_percent=fee.discount_percent,
            effective_rate=fee.effective_rate,
            fee=fee.fee,
            currency=fee.currency,
            flags=fee.flags,
            inputs=inputs,
            computed_at=now,
        )
    return statements


def card_summary(card: Card | None) -> dict[str, Any] | None:
    if card is None:
        return None
    return {
        "id": card.id,
        "name": card.name,
        "effective_from": card.effective_from.isoformat(),
        "currency": card.currency,
        "standard_rate": _text(card.standard_rate),
        "flat_rate": _text(card.flat_rate),
        "reliable_min_units": card.reliable_min_units,
        "unreliable_cpu_above": _text(card.unreliable_cpu_above),
        "tiers": [
            {
                "tier": t.tier,
                "cpu_above": _text(t.cpu_above),
                "cpu_up_to": _text(t.cpu_up_to),
                "fee_per_unit": _text(t.fee_per_unit),
            }
            for t in card.tiers
        ],
    }


def next_month_summary(
    pricing: Pricing, *, month: date, window: list[str], figures: SellerFigures
) -> dict[str, Any] | None:
    """What the report announces for the month after the billed one: its tier
    (the window ends with the billed month) and its rate with the reward the
    billed month earned (``figures.vtr``/``aprl_rate`` are the billed month's)."""
    if pricing.card is None:
        return None
    rate: Rate = rate_compute(pricing, figures)
    return {
        "month": f"{month:%Y-%m}",
        "window": window,
        "window_units": figures.window_units,
        "window_contacts": figures.window_contacts,
        "cpu": _text(rate.cpu_rounded),
        "tier": rate.tier,
        "is_standard_rate": rate.is_standard_rate,
        "rate": _text(rate.base_rate),
        "discount_percent": _text(rate.discount_percent),
        "effective_rate": _text(rate.effective_rate),
        "flags": rate.flags,
        "reward": rate.reward,
        "currency": pricing.currency,
        "rate_card_id": pricing.card.id,
    }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
