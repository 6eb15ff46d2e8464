"""Emails to the seller about its cases: opened, reminder, auto-resolved, SAFE-T decision;
in the seller's language and time zone, each sent once."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from django.conf import settings
from django.db import transaction
from django.db.models import TextField
from django.db.models.fields.json import KT, KeyTransform
from django.db.models.functions import Cast
from django.urls import reverse

from csba.collector import collector_paused
from csba.db import locked, locked_batch
from csba.mail import send_templated_mail
from sellers.models import Marketplace, SellerAccount

from ... import events
from ...models import ActorKind, Case, SafeTClaim, SafeTStatus, TicketEvent, ticket_reference
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


def case_url_maker() -> Callable[[int], str]:
    """``case_url`` for many cases: the URL pattern reversed once (a digest lists thousands)."""
    marker = 999_999_937  # a number no case id is compared against: it only marks where the id goes
    before, _, after = case_url(marker).partition(str(marker))
    return lambda case_id: f"{before}{case_id}{after}"


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


def _case_context(case: Case | DecidedCase, now: datetime) -> dict:
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


# What the decision mails read: the case's own columns and its seller's and marketplace's, as plain rows.
# Of the resolution, what a digest lists (its outcome, whether a SAFE-T claim is open to the seller)
# extracted by the database, and the whole document as text: decoded for a seller's single case only.
DECISION_COLUMNS = (
    "id",
    "ticket_id",
    "deadline_at",
    "outcome",
    "is_safet_eligible",
    "resolution_text",
    "seller_id",
    "seller__name",
    "seller__notification_email",
    "seller__preferred_language",
    "seller__time_zone",
    "marketplace_id",
    "marketplace__code",
    "marketplace__seller_languages",
    "marketplace__seller_reply_hours",
)

SELLER_COLUMN = DECISION_COLUMNS.index("seller_id")


@dataclass(slots=True)
class DecidedCase:
    """A case auto-resolved and not yet mailed, as the decision mails read it
    (what ``_case_context`` and the templates use of a ``Case``)."""

    pk: int
    ticket_id: int
    deadline_at: datetime
    resolution: dict
    seller: SellerAccount
    marketplace: Marketplace
    text: str | None = None  # the whole resolution, as stored

    @property
    def ticket(self) -> SimpleNamespace:
        return SimpleNamespace(pk=self.ticket_id, reference=ticket_reference(self.ticket_id))


def _decision_rows(queryset):
    """``queryset`` of cases as rows of ``DECISION_COLUMNS``."""
    return queryset.annotate(
        outcome=KT("resolution__outcome"),
        is_safet_eligible=KeyTransform("is_safet_eligible", "resolution"),
        resolution_text=Cast("resolution", TextField()),
    ).values_list(*DECISION_COLUMNS)


def _decided(rows: list[tuple]) -> list[DecidedCase]:
    """Rows of ``DECISION_COLUMNS`` as cases, one seller and marketplace object each (not one per row);
    ``resolution`` holds the digest's part of it (outcome, SAFE-T eligibility), ``text`` all of it."""
    sellers: dict[int, SellerAccount] = {}
    marketplaces: dict[int, Marketplace] = {}
    cases = []
    for pk, ticket_id, deadline_at, outcome, safet, text, seller_id, *seller, market_id, code, languages, hours in rows:
        resolution = {"outcome": outcome or "", "is_safet_eligible": bool(safet)}
        if seller_id not in sellers:
            name, email, language, zone = seller
            sellers[seller_id] = SellerAccount(
                pk=seller_id, name=name, notification_email=email, preferred_language=language, time_zone=zone
            )
        if market_id not in marketplaces:
            marketplaces[market_id] = Marketplace(
                pk=market_id, code=code, seller_languages=languages, seller_reply_hours=hours
            )
        cases.append(
            DecidedCase(pk, ticket_id, deadline_at, resolution, sellers[seller_id], marketplaces[market_id], text)
        )
    return cases


def case_decisions_notify(*, now: datetime, batch_size: int = 5000) -> int:
    """Email every seller the decisions CSBA took on its cases that are not
    emailed yet (``resolution_notified_at`` empty): ONE mail per seller — the
    full decision when it is a single case, else a digest listing each case,
    its outcome and link. Run after each sweep, so a seller with many cases
    resolved in one sweep gets one mail, not one per case (one per
    ``batch_size`` cases: a batch ends before a seller's cases would be
    split between two). Cases are locked
    (SKIP LOCKED: two runs never mail the same case), marked in the
    transaction that sends, with a ``seller_notified`` event each; read as
    plain rows. Returns the number of mails sent."""
    mails = 0
    pending = Case.objects.filter(status=CaseStatus.AUTO_RESOLVED, resolution_notified_at__isnull=True)
    while True:
        with collector_paused(), transaction.atomic():
            rows = locked_batch(_decision_rows(pending), size=batch_size, order_by=("seller_id", "pk"))
            fetched = len(rows)
            last_seller = rows[-1][SELLER_COLUMN] if rows else None
            if fetched == batch_size and rows[0][SELLER_COLUMN] != last_seller:
                # the last seller's cases may go on into the next batch: all of them go there, in one mail
                rows = [row for row in rows if row[SELLER_COLUMN] != last_seller]
            cases = _decided(rows)
            by_seller: dict[int, list[DecidedCase]] = {}
            for case in cases:
                by_seller.setdefault(case.seller.pk, []).append(case)
            events_out: list[events.EventRow] = []
            for group in by_seller.values():
                first = group[0]
                if len(group) == 1:  # a seller's only case: its mail gives the whole decision
                    first.resolution = json.loads(first.text or "null") or {}
                    context: dict | Callable[[], dict] = _case_context(first, now)
                    _send("case_auto_resolved", context, seller=first.seller, marketplace=first.marketplace)
                else:
                    _send(
                        "case_auto_resolved_digest",
                        _digest_context(group),
                        seller=first.seller,
                        marketplace=first.marketplace,
                    )
                mails += 1
                events_out.extend(
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
            events.record_many(events_out)
            Case.objects.filter(pk__in=[case.pk for case in cases]).update(resolution_notified_at=now)
        if fetched < batch_size:
            return mails


def _digest_context(cases: list[DecidedCase]) -> Callable[[], dict]:
    def values() -> dict:  # outcomes are translated: inside the seller's language, once per outcome
        labels: dict[str, str] = {}
        url = case_url_maker()
        items = []
        for case in cases:
            outcome = case.resolution.get("outcome", "")
            if outcome not in labels:
                labels[outcome] = auto_resolution.outcome_label(outcome)
            items.append(
                {"reference": ticket_reference(case.ticket_id), "url": url(case.pk), "outcome": labels[outcome]}
            )
        return {
            "seller": cases[0].seller,
            "marketplace": cases[0].marketplace,
            "cases": items,
            "any_safet_eligible": any(c.resolution.get("is_safet_eligible") for c in cases),
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
