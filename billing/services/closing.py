"""The monthly close: one MonthlyStatement per seller enrolled in the month,
computed from set-based metrics (``billing.metrics``) and the pricing in
force on the month's first day (``billing.fees``)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction

from csba.dispatch import Task, enqueue_on_commit
from csba.errors import DomainError
from sellers.models import Marketplace

from .. import metrics
from ..fees import Card, Pricing, SellerFigures, fee_compute, pricing_load, rate_for, round_cpu
from ..models import MonthClose, MonthlyStatement, StatementRevision
from ..periods import add_months, first_of_month, is_month_over, last_closed_month, month_bounds

log = logging.getLogger(__name__)

TOP_REASONS = 5
# The fields a recomputation compares (and a revision records).
COMPARED = (
    "units",
    "contacts",
    "window_units",
    "window_contacts",
    "cpu",
    "vtr",
    "aprl_rate",
    "odr",
    "csat",
    "tier",
    "is_standard_rate",
    "rate_card_id",
    "base_rate",
    "discount_percent",
    "effective_rate",
    "fee",
    "currency",
    "flags",
)


@dataclass
class MonthCloseResult:
    close: MonthClose
    created: int = 0
    revised: int = 0
    unchanged: int = 0
    already_closed: bool = False


def _marketplace(marketplace) -> Marketplace:
    if isinstance(marketplace, Marketplace):
        return marketplace
    found = Marketplace.objects.filter(code=str(marketplace).upper()).first()
    if found is None:
        raise DomainError(
            f"No marketplace {marketplace!r}.",
            code="unknown_marketplace",
            field_errors={"marketplace": ["Unknown marketplace."]},
        )
    return found


def month_close(
    *, marketplace, month: date, now: datetime, recompute: bool = False, actor=None, reason: str = ""
) -> MonthCloseResult:
    """Close ``month`` (its first day) for ``marketplace`` (instance or code).

    Preconditions: the month is over in the marketplace's time zone and a rate
    card was in force on its first day (DomainError otherwise).
    Without ``recompute`` a month already closed is left alone (safe to run
    twice or concurrently: the MonthClose row is claimed first, a unique
    constraint decides the race). With ``recompute`` (an operator's explicit
    request) statements are computed again; each changed one gets a
    StatementRevision with the previous and current values and its version
    goes up. Statement reports are emailed after commit by
    ``statement_reports_send_task``, each once (``report_sent_at``)."""
    marketplace = _marketplace(marketplace)
    month = first_of_month(month)
    if not is_month_over(month, marketplace.time_zone, now):
        raise DomainError(
            f"{month:%Y-%m} is not over yet in {marketplace.code} ({marketplace.time_zone}).",
            code="month_not_over",
            field_errors={"month": ["The month is not over yet."]},
        )
    pricing = pricing_load(marketplace=marketplace, day=month)
    if pricing.card is None:
        raise DomainError(
            f"No rate card in force in {marketplace.code} on {month}.",
            code="no_rate_card",
            field_errors={"month": ["No rate card was in force on the month's first day."]},
        )
    started = time.perf_counter()
    with transaction.atomic():
        close = MonthClose.objects.select_for_update().filter(marketplace_id=marketplace.pk, month=month).first()
        if close is not None and not recompute:
            return MonthCloseResult(close=close, already_closed=True)
        is_new_close = close is None
        if is_new_close:
            try:
                with transaction.atomic():
                    close = MonthClose.objects.create(
                        marketplace=marketplace, month=month, closed_at=now, closed_by=actor
                    )
            except IntegrityError:
                # Another worker closed it between our read and our insert.
                return MonthCloseResult(
                    close=MonthClose.objects.get(marketplace_id=marketplace.pk, month=month), already_closed=True
                )
        _tune_for_aggregates()
        next_pricing = pricing_load(marketplace=marketplace, day=add_months(month, 1))
        computed = statements_compute(
            marketplace=marketplace, month=month, pricing=pricing, next_pricing=next_pricing, now=now
        )
        if is_new_close:
            MonthlyStatement.objects.bulk_create(computed.values())
            result = MonthCloseResult(close=close, created=len(computed))
        else:
            result = _apply_recompute(close=close, computed=computed, now=now, actor=actor, reason=reason)
            close.recomputed_at = now
            close.revisions += result.revised
        close.statements = MonthlyStatement.objects.filter(marketplace_id=marketplace.pk, month=month).count()
        close.duration_ms = int((time.perf_counter() - started) * 1000)
        close.save()
        month_text = month.isoformat()
        enqueue_on_commit(Task.STATEMENT_REPORTS_SEND, marketplace.pk, month_text)
    log.info("month_close %s %s: %s", marketplace.code, month_text, result)
    return result


def _tune_for_aggregates() -> None:
    """PostgreSQL's JIT compiler spends seconds compiling the close's few
    large aggregates (measured: 4.5 of 17 s on 10M items) and gains nothing
    back; switched off for this transaction only."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def _apply_recompute(
    *, close: MonthClose, computed: dict[int, MonthlyStatement], now: datetime, actor, reason: str
) -> MonthCloseResult:
    existing = {
        s.seller_id: s for s in MonthlyStatement.objects.filter(marketplace_id=close.marketplace_id, month=close.month)
    }
    changed: list[MonthlyStatement] = []
    revisions: list[StatementRevision] = []
    created: list[MonthlyStatement] = []
    for seller_id, fresh in computed.items():
        current = existing.get(seller_id)
        if current is None:
            created.append(fresh)
            continue
        before, after = statement_snapshot(current), statement_snapshot(fresh)
        if before == after:
            continue
        for name in (*COMPARED, "inputs"):
            setattr(current, name, getattr(fresh, name))
        current.computed_at = now
        current.version += 1
        changed.append(current)
        revisions.append(
            StatementRevision(
                statement=current, revised_at=now, revised_by=actor, reason=reason[:300], previous=before, current=after
            )
        )
    if changed:
        MonthlyStatement.objects.bulk_update(changed, [*COMPARED, "inputs", "computed_at", "version"])
        StatementRevision.objects.bulk_create(revisions)
    if created:
        MonthlyStatement.objects.bulk_create(created)
    return MonthCloseResult(
        close=close, created=len(created), revised=len(changed), unchanged=len(computed) - len(created) - len(changed)
    )


def statement_snapshot(statement: MonthlyStatement) -> dict[str, Any]:
    """The compared values as JSON-friendly strings (what a revision records)."""
    snapshot = {}
    for name in COMPARED:
        value = getattr(statement, name)
        if isinstance(value, Decimal):
            value = format(value.normalize(), "f")
        snapshot[name] = value
    return snapshot


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
    """Unsaved statements keyed by seller: about ten grouped queries whatever
    the number of sellers, then arithmetic in memory."""
    months = [add_months(month, offset) for offset in (-3, -2, -1, 0)]
    start, end = month_bounds(month, marketplace.time_zone)
    sellers = metrics.sellers_in_month(marketplace=marketplace, month=month, seller_ids=seller_ids)
    # Months of the window already closed are read from their statements; the
    # rest (always the billed month) from the raw data.
    closed = metrics.closed_months(marketplace=marketplace, months=months[:3]) if use_closed_months else []
    open_months = [m for m in months if m not in closed]
    recorded = (
        metrics.closed_units_by_month(marketplace=marketplace, months=closed, seller_ids=seller_ids) if closed else {}
    )
    raw = metrics.units_by_month(marketplace=marketplace, months=open_months, seller_ids=seller_ids)
    units: dict[int, list[int]] = {}
    for seller_id in set(recorded) | set(raw):
        by_month = dict(zip(closed, recorded.get(seller_id, [0] * len(closed))))
        by_month.update(zip(open_months, raw.get(seller_id, [0] * len(open_months))))
        units[seller_id] = [by_month[m] for m in months]
    contacts = metrics.contacts_by_month(marketplace=marketplace, months=months, seller_ids=seller_ids)
    trial = metrics.trial_units(marketplace=marketplace, month=month, seller_ids=seller_ids)
    reasons = metrics.contact_reasons(marketplace=marketplace, start=start, end=end, seller_ids=seller_ids)
    vtr = metrics.valid_tracking_rate(marketplace=marketplace, month=month, seller_ids=seller_ids)
    aprl = metrics.prepaid_label_rate(marketplace=marketplace, month=month, seller_ids=seller_ids)
    odr = metrics.order_defect_rate(marketplace=marketplace, month=month, seller_ids=seller_ids)
    csat = metrics.csat_by_month(marketplace=marketplace, months=[month], seller_ids=seller_ids)
    commitment = metrics.buyer_commitment(marketplace=marketplace, month=month, seller_ids=seller_ids)
    labels = [f"{m:%Y-%m}" for m in months]
    statements: dict[int, MonthlyStatement] = {}
    zero = [0, 0, 0, 0]
    for seller_id, seller in sellers.items():
        seller_units, seller_contacts = units.get(seller_id, zero), contacts.get(seller_id, zero)
        if not seller.is_enrolled and seller_units[3] == 0:
            continue
        tracking, labels_rate = vtr.get(seller_id), aprl.get(seller_id)
        figures = SellerFigures(
            units=seller_units[3],
            trial_units=trial.get(seller_id, 0),
            window_units=sum(seller_units[:3]),
            window_contacts=sum(seller_contacts[:3]),
            vtr=tracking.value if tracking else None,
            aprl_rate=labels_rate.value if labels_rate else None,
            business_country=seller.business_country,
            preferred_language=seller.preferred_language,
        )
        fee = fee_compute(pricing, figures)
        defects = odr.get(seller_id)
        csat_mean, csat_ratings = csat.get(seller_id, [(None, 0)])[0]
        next_units, next_contacts = sum(seller_units[1:]), sum(seller_contacts[1:])
        inputs = {
            "month": labels[3],
            "time_zone": marketplace.time_zone,
            "period_utc": [start.isoformat(), end.isoformat()],
            "is_enrolled": seller.is_enrolled,
            "units_by_month": dict(zip(labels, seller_units)),
            "contacts_by_month": dict(zip(labels, seller_contacts)),
            "window": labels[:3],
            "units_from_statements": [f"{m:%Y-%m}" for m in closed],
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
            "buyer_commitment": dict(zip(("tickets", "breached"), commitment.get(seller_id, (0, 0)))),
            "top_reasons": [[reason, count] for reason, count in reasons.get(seller_id, [])[:TOP_REASONS]],
            "explanation": fee.explanation,
            "next_month": next_month_summary(
                next_pricing,
                month=add_months(month, 1),
                window=labels[1:],
                window_units=next_units,
                window_contacts=next_contacts,
            ),
        }
        statements[seller_id] = MonthlyStatement(
            seller_id=seller_id,
            marketplace_id=marketplace.pk,
            month=month,
            units=figures.units,
            contacts=seller_contacts[3],
            window_units=figures.window_units,
            window_contacts=figures.window_contacts,
            cpu=fee.cpu_rounded,
            vtr=figures.vtr,
            aprl_rate=figures.aprl_rate,
            odr=defects.rate if defects else None,
            csat=csat_mean,
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
    pricing: Pricing, *, month: date, window: list[str], window_units: int, window_contacts: int
) -> dict[str, Any] | None:
    """The tier announced for the month after the billed one (its window ends
    with the billed month)."""
    if pricing.card is None:
        return None
    rate, tier, is_standard, cpu = rate_for(pricing.card, window_units=window_units, window_contacts=window_contacts)
    return {
        "month": f"{month:%Y-%m}",
        "window": window,
        "window_units": window_units,
        "window_contacts": window_contacts,
        "cpu": _text(round_cpu(cpu)),
        "tier": tier,
        "is_standard_rate": is_standard,
        "rate": _text(rate),
        "currency": pricing.currency,
        "rate_card_id": pricing.card.id,
    }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def months_due(*, marketplaces, now: datetime) -> list[tuple[Marketplace, date]]:
    """For each marketplace, the previous local month if it is not closed yet
    (one query for all marketplaces)."""
    wanted = {m.pk: (m, last_closed_month(now, m.time_zone)) for m in marketplaces}
    closed = set(MonthClose.objects.filter(marketplace_id__in=list(wanted)).values_list("marketplace_id", "month"))
    return [(m, month) for pk, (m, month) in wanted.items() if (pk, month) not in closed]
