"""Read queries of the seller's case log (portal and API): the seller's cases, one case with
its history and order context, buyer contact details masked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from csba.errors import NotFound
from sellers.models import OrderItem, Refund, RefundKind

from .. import events
from ..models import AuthorKind, Case, Direction, SellerReplyTemplate
from ..states import CASE_ANSWERED, CASE_CLOSED, CASE_CLOSED_BY_AGENT, CaseStatus
from .deadlines import safet_claim_deadline


class CaseFilter:
    OPEN = "open"
    ANSWERED = "answered"
    AUTO_RESOLVED = "auto_resolved"
    CLOSED = "closed"
    STATUSES = {
        OPEN: [CaseStatus.AWAITING_SELLER],
        ANSWERED: list(CASE_ANSWERED),
        AUTO_RESOLVED: [CaseStatus.AUTO_RESOLVED],
        CLOSED: list(CASE_CLOSED),
    }


def case_list(*, seller_id: int, state: str = "", reason: str = "", marketplace_code: str = "") -> QuerySet[Case]:
    """The seller's cases: open ones by deadline, others newest first."""
    cases = Case.objects.filter(seller_id=seller_id).select_related("ticket__order", "marketplace")
    if state in CaseFilter.STATUSES:
        cases = cases.filter(status__in=CaseFilter.STATUSES[state])
    if reason:
        cases = cases.filter(ticket__reason=reason)
    if marketplace_code:
        cases = cases.filter(marketplace__code=marketplace_code.upper())
    if state == CaseFilter.OPEN:
        return cases.order_by("deadline_at", "pk")
    return cases.order_by("-opened_at", "-pk")


def reply_template_list(*, seller_id: int) -> QuerySet[SellerReplyTemplate]:
    return SellerReplyTemplate.objects.filter(seller_id=seller_id).order_by("name", "pk")


def reply_template_get(*, seller_id: int, template_id: int) -> SellerReplyTemplate:
    template = reply_template_list(seller_id=seller_id).filter(pk=template_id).first()
    if template is None:
        raise NotFound("No such template.")
    return template


def reply_template_text(body: str, case: Case) -> str:
    """A template's text for one case: its placeholders filled in."""
    ticket = case.ticket
    values = {
        "order_number": ticket.order.order_number if ticket.order_id and ticket.order else "",
        "ticket_reference": ticket.reference,
    }
    for name, value in values.items():
        body = body.replace("{" + name + "}", value)
    return body


def case_ids_of_tickets(*, seller_id: int, ticket_ids: list[int]) -> dict[int, int]:
    """The latest case of each of these tickets in the seller's case log (ticket id → case id)."""
    found: dict[int, int] = {}
    for ticket_id, case_id in (
        Case.objects.filter(seller_id=seller_id, ticket_id__in=ticket_ids)
        .order_by("opened_at", "pk")
        .values_list("ticket_id", "pk")
    ):
        found[ticket_id] = case_id
    return found


def case_get(*, seller_id: int, case_id: int) -> Case:
    """One of the seller's own cases; NotFound for anybody else's."""
    case = (
        Case.objects.filter(pk=case_id, seller_id=seller_id)
        .select_related("ticket__order", "ticket__order_item__product", "marketplace")
        .first()
    )
    if case is None:
        raise NotFound("No such case.")
    return case


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w-])\+\d[\d ()./-]{6,}\d")


def redact_contact_details(text: str) -> str:
    """What a seller sees of a buyer's words: email addresses and
    international phone numbers masked (order and tracking numbers stay)."""
    return _PHONE.sub("[phone removed]", _EMAIL.sub("[email removed]", text or ""))


@dataclass
class HistoryEntry:
    at: datetime
    kind: str  # question | follow_up | seller_reply | reminder | auto_resolved | status | claim
    text: str = ""
    is_late: bool = False
    attachments: tuple = ()
    data: dict | None = None


def case_detail(case: Case, *, now: datetime | None = None) -> dict:
    """What the seller sees on a case page: the buyer's messages (contact
    details masked), the order context without the buyer's contact data, the
    full history, the refunds a SAFE-T claim may be filed on (each refund
    carries ``safet_deadline``, the last moment to file; with ``now``, those
    past it are not claimable). A fixed number of queries."""
    ticket = case.ticket
    buyer_messages = [
        {"sent_at": m.sent_at, "body": redact_contact_details(m.body)}
        for m in ticket.messages.filter(direction=Direction.INBOUND, author_kind=AuthorKind.BUYER).order_by(
            "sent_at", "pk"
        )
    ]
    order = ticket.order
    items, shipments, refunds, returns = [], [], [], []
    if order is not None:
        prefetch_related_objects(
            [ticket],
            Prefetch(
                "order__items",
                queryset=OrderItem.objects.select_related("product", "shipment").prefetch_related(
                    Prefetch("refunds", queryset=Refund.objects.select_related("safet_claim")), "returns"
                ),
            ),
            "order__shipments",
        )
        items = list(order.items.all())
        shipments = list(order.shipments.all())
        refunds = [refund for item in items for refund in item.refunds.all()]
        returns = [r for item in items for r in item.returns.all()]
    history = [HistoryEntry(case.opened_at, "question", case.question)]
    messages = case.messages.prefetch_related("attachments").order_by("sent_at", "pk")
    for message in messages:
        kind = "seller_reply" if message.author_kind == AuthorKind.SELLER else "follow_up"
        history.append(
            HistoryEntry(message.sent_at, kind, message.body, message.is_late, tuple(message.attachments.all()))
        )
    for event in case.events.filter(
        kind__in=[
            events.EventKind.CASE_REMINDER_SENT,
            events.EventKind.AUTO_RESOLVED,
            events.EventKind.CASE_STATUS_CHANGED,
        ]
    ).order_by("at", "pk"):
        if event.kind == events.EventKind.CASE_STATUS_CHANGED:
            if event.data.get("to") in CASE_CLOSED_BY_AGENT:
                history.append(HistoryEntry(event.at, "status", data=event.data))
            continue
        kind = "reminder" if event.kind == events.EventKind.CASE_REMINDER_SENT else "auto_resolved"
        history.append(HistoryEntry(event.at, kind, data=event.data))
    claims = list(case.safet_claims.select_related("refund").order_by("filed_at"))
    for claim in claims:
        history.append(HistoryEntry(claim.filed_at, "claim", claim.explanation, data={"claim": claim}))
    history.sort(key=lambda entry: entry.at)
    window_open: dict[int, bool] = {}
    for refund in refunds:  # shown beside each refund (templates and the API read the attributes)
        deadline = safet_claim_deadline(issued_at=refund.issued_at, marketplace=case.marketplace)
        window_open[refund.pk] = now is None or now <= deadline
        refund.safet_deadline = deadline  # type: ignore[attr-defined]
        refund.safet_window_open = window_open[refund.pk]  # type: ignore[attr-defined]
    claimable = [
        r
        for r in refunds
        if r.kind == RefundKind.FULL
        and r.ticket_id == ticket.pk
        and not hasattr(r, "safet_claim")
        and window_open[r.pk]
    ]
    return {
        "buyer_messages": buyer_messages,
        "order": order,
        "items": items,
        "shipments": shipments,
        "refunds": refunds,
        "returns": returns,
        "history": history,
        "claims": claims,
        "claimable_refunds": claimable,
    }
