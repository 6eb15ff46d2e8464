"""Emails to the seller about its cases: opened, reminder, auto-resolved, SAFE-T decision;
in the seller's language and time zone, each sent once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from csba.db import locked, locked_batch
from csba.mail import send_templated_mail

from ... import events
from ...models import ActorKind, Case, SafeTClaim, SafeTStatus, TicketEvent
from ...states import CaseStatus
from .. import auto_resolution
from .cases import Notice
from .sweep import reminder_lead


def seller_language(seller, marketplace) -> str:
    """The seller's preferred language where the marketplace writes to sellers
    in it, else the marketplace's first seller language."""
    languages = marketplace.seller_languages or ["en"]
    return seller.preferred_language if seller.preferred_language in languages else languages[0]


def _send(template: str, context: dict | Callable[[], dict], *, seller, marketplace) -> None:
    def values() -> dict:  # grounds and outcome are translated: inside the seller's language
        if callable(context):
            return context()
        return {
            **context,
            "grounds": [auto_resolution.ground_text(g) for g in context.get("ground_codes", [])],
            "outcome": auto_resolution.outcome_label(context.get("outcome_code", "")),
        }

    send_templated_mail(
        template=f"inquiries/email/{template}",
        context=values,
        to=seller.notification_email,
        language=seller_language(seller, marketplace),
        time_zone=seller.time_zone,
    )


def case_url(case_id: int) -> str:
    return f"{settings.SITE_URL}{reverse('caselog:detail', args=[case_id])}"


def case_notify(*, case_ids: list[int], kind: str, now: datetime) -> int:
    """Email the seller about each case: ``opened``, ``reminder`` (only while
    it still awaits the seller) or ``auto_resolved`` (the decision, its
    grounds and the right to a SAFE-T claim). Each email is sent once per case
    and deadline, recorded as a ``seller_notified`` event in the transaction
    that sends it. Returns the number sent."""
    if kind not in Notice.KINDS:
        raise ValueError(f"unknown case notice {kind!r}")
    sent = 0
    for case_id in case_ids:
        with transaction.atomic():
            case = locked(Case.objects.select_related("seller", "marketplace", "ticket__order").filter(pk=case_id))
            if case is None:
                continue
            if kind in (Notice.OPENED, Notice.REMINDER) and case.status != CaseStatus.AWAITING_SELLER:
                continue
            if kind == Notice.AUTO_RESOLVED and case.status != CaseStatus.AUTO_RESOLVED:
                continue
            key = f"{kind}:{case.deadline_at.isoformat()}"
            if TicketEvent.objects.filter(
                case_id=case.pk, kind=events.EventKind.SELLER_NOTIFIED, data__key=key
            ).exists():
                continue
            _send(f"case_{kind}", _case_context(case, now), seller=case.seller, marketplace=case.marketplace)
            if kind == Notice.AUTO_RESOLVED:
                Case.objects.filter(pk=case.pk).update(resolution_notified_at=now)
            events.record(
                ticket_id=case.ticket_id,
                case_id=case.pk,
                kind=events.EventKind.SELLER_NOTIFIED,
                now=now,
                actor_kind=ActorKind.SYSTEM,
                data={"key": key, "email": kind, "to": case.seller.notification_email},
            )
            sent += 1
    return sent


def _case_context(case: Case, now: datetime) -> dict:
    resolution = case.resolution or {}
    return {
        "case": case,
        "seller": case.seller,
        "marketplace": case.marketplace,
        "ticket": case.ticket,
        "url": case_url(case.pk),
        "hours": case.marketplace.seller_reply_hours,
        "time_left": case.deadline_at - now,
        "lead_minutes": int(reminder_lead(case.marketplace.code).total_seconds() // 60),
        "ground_codes": resolution.get("grounds", []),
        "outcome_code": resolution.get("outcome", ""),
        "refunds": resolution.get("refunds", []),
        "returns": resolution.get("returns", []),
        "is_safet_eligible": resolution.get("is_safet_eligible", False),
    }


# What the decision mails read (the tickets' JSON columns are large and not needed).
DECISION_FIELDS = (
    "ticket_id",
    "seller",
    "marketplace",
    "deadline_at",
    "status",
    "resolution",
    "ticket__id",
    "ticket__marketplace_id",
    "ticket__channel",
    "ticket__language",
    "ticket__subject",
    "ticket__reason",
)


def case_decisions_notify(*, now: datetime, batch_size: int = 5000) -> int:
    """Email every seller the decisions CSBA took on its cases that are not
    emailed yet (``resolution_notified_at`` empty): ONE mail per seller — the
    full decision when it is a single case, else a digest listing each case,
    its outcome and link. Run after each sweep, so a seller with many cases
    resolved in one sweep gets one mail, not one per case. Cases are locked
    (SKIP LOCKED: two runs never mail the same case), marked in the
    transaction that sends, with a ``seller_notified`` event each. Returns
    the number of mails sent."""
    mails = 0
    pending = Case.objects.filter(status=CaseStatus.AUTO_RESOLVED, resolution_notified_at__isnull=True)
    while True:
        with transaction.atomic():
            cases = locked_batch(
                pending.select_related("seller", "marketplace", "ticket").only(*DECISION_FIELDS),
                size=batch_size,
                order_by=("seller_id", "pk"),
            )
            by_seller: dict[int, list[Case]] = {}
            for case in cases:
                by_seller.setdefault(case.seller_id, []).append(case)
            rows: list[events.EventRow] = []
            for group in by_seller.values():
                first = group[0]
                if len(group) == 1:
                    _send(
                        "case_auto_resolved",
                        _case_context(first, now),
                        seller=first.seller,
                        marketplace=first.marketplace,
                    )
                else:
                    _send(
                        "case_auto_resolved_digest",
                        _digest_context(group),
                        seller=first.seller,
                        marketplace=first.marketplace,
                    )
                mails += 1
                rows.extend(
                    events.event_row(
                        ticket_id=case.ticket_id,
                        case_id=case.pk,
                        kind=events.EventKind.SELLER_NOTIFIED,
                        now=now,
                        actor_kind=ActorKind.SYSTEM,
                        data={
                            "key": f"{Notice.AUTO_RESOLVED}:{case.deadline_at.isoformat()}",
                            "email": Notice.AUTO_RESOLVED,
                            "digest_of": len(group),
                            "to": case.seller.notification_email,
                        },
                    )
                    for case in group
                )
            events.record_many(rows)
            Case.objects.filter(pk__in=[case.pk for case in cases]).update(resolution_notified_at=now)
        if len(cases) < batch_size:
            return mails


def _digest_context(cases: list[Case]) -> Callable[[], dict]:
    def values() -> dict:  # outcomes are translated: inside the seller's language
        items = [
            {
                "case": case,
                "url": case_url(case.pk),
                "outcome": auto_resolution.outcome_label((case.resolution or {}).get("outcome", "")),
            }
            for case in cases
        ]
        return {
            "seller": cases[0].seller,
            "marketplace": cases[0].marketplace,
            "cases": items,
            "any_safet_eligible": any((c.resolution or {}).get("is_safet_eligible") for c in cases),
            "case_log_url": f"{settings.SITE_URL}{reverse('caselog:list')}",
        }

    return values


def safet_claim_notify(*, claim_id: int, now: datetime) -> bool:
    """Email the seller the operator's decision on its SAFE-T claim."""
    claim = (
        SafeTClaim.objects.select_related("seller", "refund__order_item__order__marketplace", "case")
        .filter(pk=claim_id)
        .exclude(status=SafeTStatus.SUBMITTED)
        .first()
    )
    if claim is None:
        return False
    marketplace = claim.refund.order_item.order.marketplace
    url = case_url(claim.case_id) if claim.case_id else f"{settings.SITE_URL}{reverse('caselog:list')}"
    _send(
        "case_safet_decided",
        {"claim": claim, "seller": claim.seller, "marketplace": marketplace, "url": url, "refund": claim.refund},
        seller=claim.seller,
        marketplace=marketplace,
    )
    return True
