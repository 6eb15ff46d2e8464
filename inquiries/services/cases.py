"""The seller case log: CSBA asks the seller, the seller answers by the
marketplace's deadline or CSBA resolves by its own judgment.

The reads of the portal and the API are in ``inquiries/selectors/cases.py``,
the emails to the seller in ``case_notices.py``.

Locks are always taken ticket first, then case (agent actions and seller
replies); the sweep takes cases first but only tries its tickets with SKIP
LOCKED, so it never waits on an agent and cannot deadlock with one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404

from csba.db import locked, locked_batch
from csba.errors import DomainError
from sellers.models import Marketplace, Refund, RefundKind

from .. import events
from ..models import (
    ActorKind, Attachment, AuthorKind, Case, CaseMessage, SafeTClaim, SafeTGround, SafeTStatus, Ticket, TicketEvent,
)
from ..reasons import Reason, Route
from ..states import CaseStatus, TicketStatus
from . import auto_resolution
from .transitions import case_transition, ticket_transition


MAX_QUESTION_CHARS = 10_000
MAX_REPLY_CHARS = 20_000
MAX_EXPLANATION_CHARS = 5_000
MAX_ATTACHMENTS = 5
# A seller's reply sends the ticket back to the agent queue ahead of new contacts.
SELLER_REPLIED_PRIORITY = 10
OPENABLE_TICKET_STATES = (TicketStatus.OPEN, TicketStatus.PENDING_BUYER, TicketStatus.SELLER_REPLIED)
CLOSED_CASE_STATES = (CaseStatus.RESOLVED, CaseStatus.AUTO_RESOLVED, CaseStatus.CANCELLED)
# Audit kind of an email sent to the seller about a case (deduplicates retried tasks).
SELLER_NOTIFIED = "seller_notified"
# Commitment flags look this far back (the job runs every 10 minutes; a longer
# outage than this would leave older tickets unflagged).
COMMITMENT_LOOKBACK = timedelta(days=30)


class Notice:
    OPENED = "opened"
    REMINDER = "reminder"
    AUTO_RESOLVED = "auto_resolved"
    KINDS = (OPENED, REMINDER, AUTO_RESOLVED)


def _seller_id(seller) -> int:
    return seller if isinstance(seller, int) else seller.pk


def _notify_on_commit(case_ids: list[int], kind: str) -> None:
    from ..tasks.cases import case_notify_task

    ids = list(case_ids)
    if ids:
        transaction.on_commit(lambda: case_notify_task.delay(ids, kind), robust=True)


# --- opening, replying, closing ------------------------------------------------------------------------------------

@transaction.atomic
def case_open(*, ticket_id: int, question: str, now: datetime, actor=None) -> Case:
    """Ask the ticket's seller ``question`` through the case log. The ticket
    must be a CSBA ticket with a seller, open, waiting for the buyer or back
    from the seller (a follow-up question reopens that case with a new
    deadline). Deadline: now + the marketplace's ``seller_reply_hours``
    (calendar hours, UTC). Locks the ticket; moves it to AWAITING_SELLER;
    emails the seller after commit. JP A-to-z claims are refused: CSBA
    handles them without the seller."""
    question = (question or "").strip()
    if not question:
        raise DomainError("Write the question for the seller.", code="empty_question",
                          field_errors={"question": ["The question is empty."]})
    if len(question) > MAX_QUESTION_CHARS:
        raise DomainError(f"The question is too long (at most {MAX_QUESTION_CHARS:,} characters).",
                          code="question_too_long", field_errors={"question": [f"At most {MAX_QUESTION_CHARS:,} characters."]})
    ticket = locked(Ticket.objects.select_related("marketplace").filter(pk=ticket_id))
    if ticket is None:
        raise DomainError(f"There is no ticket {ticket_id}.", code="unknown_ticket", field_errors={"ticket": ["Unknown ticket."]})
    if ticket.reason == Reason.A_TO_Z_CLAIM and ticket.marketplace.handles_a_to_z_claims:
        raise DomainError(
            f"A-to-z Guarantee claims in {ticket.marketplace.code} are handled by CSBA and never sent to the seller; "
            "decide the claim on the ticket.", code="a_to_z_handled_by_csba",
            field_errors={"ticket": ["A-to-z claims here are decided by CSBA."]})
    if ticket.route != Route.CSBA:
        raise DomainError("Only CSBA tickets can be escalated to the seller.", code="not_csba",
                          field_errors={"ticket": ["Not a CSBA ticket."]})
    if ticket.seller_id is None:
        raise DomainError("This ticket has no seller yet: identify the order first.", code="no_seller",
                          field_errors={"ticket": ["No seller."]})
    if ticket.status not in OPENABLE_TICKET_STATES:
        raise DomainError(f"A case cannot be opened on a ticket that is {ticket.get_status_display().lower()}.",
                          code="ticket_not_open", field_errors={"ticket": [f"Ticket status: {ticket.status}."]})
    deadline = now + timedelta(hours=ticket.marketplace.seller_reply_hours)
    case = None
    if ticket.status == TicketStatus.SELLER_REPLIED:
        case = locked(Case.objects.filter(ticket=ticket, status=CaseStatus.SELLER_REPLIED))
    if case is not None:
        CaseMessage.objects.create(case=case, author_kind=AuthorKind.AGENT, author=actor, body=question, sent_at=now)
        case.deadline_at, case.reminded_at = deadline, None
        case_transition(case, CaseStatus.AWAITING_SELLER, now=now, actor=actor,
                        data={"follow_up": True, "deadline_at": deadline.isoformat()},
                        extra_fields=("deadline_at", "reminded_at"))
    else:
        case = Case(ticket=ticket, seller_id=ticket.seller_id, marketplace=ticket.marketplace, question=question,
                    opened_by=actor, opened_at=now, deadline_at=deadline)
        case_transition(case, CaseStatus.AWAITING_SELLER, now=now, actor=actor, data={"deadline_at": deadline.isoformat()})
    ticket_transition(ticket, TicketStatus.AWAITING_SELLER, now=now, actor=actor,
                      data={"case_id": case.pk, "deadline_at": deadline.isoformat()})
    _notify_on_commit([case.pk], Notice.OPENED)
    return case


@dataclass(frozen=True)
class ReplyFile:
    filename: str
    content_type: str
    size: int
    source: object  # bytes or a Django File


def _reply_files(attachments) -> list[ReplyFile]:
    """Accepts uploaded files (``name``, ``size``, ``content_type``) or objects
    with ``filename``, ``content_type`` and ``payload`` bytes."""
    files = []
    for attachment in attachments or ():
        if hasattr(attachment, "payload"):
            files.append(ReplyFile(attachment.filename, attachment.content_type, len(attachment.payload), attachment.payload))
        else:
            files.append(ReplyFile(getattr(attachment, "name", "attachment"),
                                   getattr(attachment, "content_type", None) or "application/octet-stream",
                                   attachment.size, attachment))
    return files


def _validate_reply(body: str, files: list[ReplyFile]) -> str:
    body = (body or "").strip()
    errors: dict[str, list[str]] = {}
    if not body:
        errors["body"] = ["The reply is empty."]
    elif len(body) > MAX_REPLY_CHARS:
        errors["body"] = [f"At most {MAX_REPLY_CHARS:,} characters."]
    limit = settings.CSBA_MAX_ATTACHMENT_BYTES
    if len(files) > MAX_ATTACHMENTS:
        errors["attachments"] = [f"At most {MAX_ATTACHMENTS} files."]
    too_big = [f for f in files if f.size > limit]
    if too_big:
        errors.setdefault("attachments", []).extend(
            f"{f.filename} is {f.size / 1_048_576:.1f} MB; at most {limit / 1_048_576:.0f} MB per file." for f in too_big)
    if errors:
        message = errors.get("body", errors.get("attachments"))[0]
        code = "empty_reply" if "body" in errors and not body else (
            "reply_too_long" if "body" in errors else "attachment_too_large" if too_big else "too_many_attachments")
        raise DomainError(f"The reply was not sent: {message}", code=code, field_errors=errors)
    return body


def _store_files(message: CaseMessage, files: list[ReplyFile]) -> None:
    for item in files:
        attachment = Attachment(case_message=message, filename=item.filename[:255], content_type=item.content_type[:100],
                                size=item.size)
        content = ContentFile(item.source) if isinstance(item.source, (bytes, bytearray)) else item.source
        attachment.file.save(item.filename[:100] or "attachment", content, save=False)
        attachment.save()


def case_seller_reply(*, case_id: int, seller, body: str, attachments=(), now: datetime) -> CaseMessage:
    """The seller answers a case. Another seller's case (or none) raises
    Http404 before anything is checked or written. Bad input raises
    DomainError. After the case was closed (auto-resolved, resolved,
    cancelled) the reply is kept as a late note and changes nothing; else the
    case becomes SELLER_REPLIED and the ticket goes back to the agent queue
    (SELLER_REPLIED, raised priority). Locks ticket, then case."""
    seller_id = _seller_id(seller)
    ticket_id = Case.objects.filter(pk=case_id, seller_id=seller_id).values_list("ticket_id", flat=True).first()
    if ticket_id is None:
        raise Http404("No such case.")
    files = _reply_files(attachments)
    body = _validate_reply(body, files)
    user = None if isinstance(seller, int) else seller.user
    with transaction.atomic():
        ticket = locked(Ticket.objects.filter(pk=ticket_id))
        case = locked(Case.objects.filter(pk=case_id, seller_id=seller_id))
        is_late = case.status in CLOSED_CASE_STATES
        message = CaseMessage.objects.create(case=case, author_kind=AuthorKind.SELLER, author=user, body=body,
                                             sent_at=now, is_late=is_late)
        _store_files(message, files)
        kind = events.EventKind.LATE_SELLER_REPLY if is_late else events.EventKind.SELLER_REPLIED
        events.record(ticket_id=ticket.pk, case_id=case.pk, now=now, actor=user, kind=kind, actor_kind=ActorKind.SELLER,
                      data={"case_message_id": message.pk, "attachments": len(files), "case_status": case.status})
        if is_late or case.status != CaseStatus.AWAITING_SELLER:
            return message
        case.seller_replied_at = now
        case_transition(case, CaseStatus.SELLER_REPLIED, now=now, actor_kind=ActorKind.SELLER,
                        data={"case_message_id": message.pk}, extra_fields=("seller_replied_at",))
        if ticket.status == TicketStatus.AWAITING_SELLER:
            ticket.priority = max(ticket.priority, SELLER_REPLIED_PRIORITY)
            ticket_transition(ticket, TicketStatus.SELLER_REPLIED, now=now, actor_kind=ActorKind.SELLER,
                              data={"case_id": case.pk}, extra_fields=("priority",))
        return message


@transaction.atomic
def case_close_for_ticket(*, ticket_id: int, now: datetime, actor=None) -> list[Case]:
    """The agent resolved the ticket: its replied case becomes RESOLVED, a case
    still awaiting the seller is CANCELLED (a later seller reply is kept as a
    late note). Call inside the agent's transaction, holding the ticket lock."""
    closed = []
    rows = Case.objects.filter(ticket_id=ticket_id, status__in=[CaseStatus.SELLER_REPLIED, CaseStatus.AWAITING_SELLER])
    for case in rows.select_for_update(of=("self",)).order_by("pk"):
        target = CaseStatus.RESOLVED if case.status == CaseStatus.SELLER_REPLIED else CaseStatus.CANCELLED
        case.resolved_at = now
        case_transition(case, target, now=now, actor=actor, data={"why": "The agent resolved the ticket."},
                        extra_fields=("resolved_at",))
        closed.append(case)
    return closed


# --- the periodic jobs ---------------------------------------------------------------------------------------------

# What the sweep reads (a deferred field read later would cost a query per row).
SWEEP_CASE_FIELDS = ("id", "ticket_id", "seller_id", "marketplace_id", "opened_at", "deadline_at", "status")
SWEEP_TICKET_FIELDS = (
    "id", "marketplace_id", "buyer", "buyer__name", "order", "order__order_number", "order__placed_at",
    "order__seller_id", "order__marketplace_id", "order_item_id", "seller_id", "channel", "language", "subject",
    "reason", "status", "first_responded_at", "suggestion", "suggestion_at",
)


def _sweep(candidates: QuerySet[Case], *, now: datetime, batch_size: int) -> list[Case]:
    resolved: list[Case] = []
    marketplaces: dict[int, Marketplace] = {}
    after = None  # keyset (deadline_at, pk): cases skipped in a batch are not taken again in this run
    while True:
        with transaction.atomic():
            rows = candidates
            if after is not None:
                rows = rows.filter(deadline_at__gte=after[0]).filter(
                    Q(deadline_at__gt=after[0]) | Q(deadline_at=after[0], pk__gt=after[1]))
            batch = locked_batch(rows.only(*SWEEP_CASE_FIELDS), size=batch_size, order_by=("deadline_at", "pk"))
            if not batch:
                break
            after = (batch[-1].deadline_at, batch[-1].pk)
            tickets = locked_batch(
                Ticket.objects.filter(pk__in={case.ticket_id for case in batch})
                .select_related("buyer", "order").only(*SWEEP_TICKET_FIELDS),
                size=len(batch), order_by=("pk",))
            if not marketplaces:
                marketplaces.update((m.pk, m) for m in Marketplace.objects.all())
            for row in (*batch, *tickets):  # three marketplaces: from memory, not a join per row
                row.marketplace = marketplaces[row.marketplace_id]
            auto_resolution.attach_order_data(tickets)
            result = auto_resolution.resolve_batch(batch, {t.pk: t for t in tickets}, now=now)
            _notify_on_commit([case.pk for case in result.resolved], Notice.AUTO_RESOLVED)
        resolved.extend(result.resolved)
        if len(batch) < batch_size:
            break
    return resolved


def case_sweep_overdue(*, now: datetime, batch_size: int = 500) -> int:
    """Auto-resolve every case past its deadline that still awaits the seller,
    oldest deadline first, in batches of ``batch_size``, one transaction per
    batch. Rows are locked with SKIP LOCKED (two workers share the work);
    cases whose ticket another worker holds wait for the next run. Idempotent.
    Queries per batch are constant. Emails the sellers after each commit."""
    overdue = Case.objects.filter(status=CaseStatus.AWAITING_SELLER, deadline_at__lte=now)
    return len(_sweep(overdue, now=now, batch_size=batch_size))


def case_overdue_backlog(*, now: datetime, limit: int) -> int:
    """How many cases are overdue, counted up to ``limit`` (an index range
    scan that stops there)."""
    overdue = Case.objects.filter(status=CaseStatus.AWAITING_SELLER, deadline_at__lte=now).values("pk")[:limit]
    return Case.objects.filter(pk__in=overdue).count() if limit else 0


def case_auto_resolve(*, case_id: int, now: datetime) -> Case | None:
    """Auto-resolve one overdue case now (the admin's action, the simulator).
    None if it is not overdue or not awaiting the seller."""
    done = _sweep(Case.objects.filter(pk=case_id, status=CaseStatus.AWAITING_SELLER, deadline_at__lte=now),
                  now=now, batch_size=1)
    return done[0] if done else None


def reminder_lead(marketplace_code: str) -> timedelta:
    leads = settings.CASE_REMINDER_LEAD_MINUTES
    return timedelta(minutes=leads.get(marketplace_code, leads.get("*", 240)))


def case_remind_due(*, now: datetime, batch_size: int = 500) -> int:
    """Remind sellers of cases due within their marketplace's lead time
    (settings.CASE_REMINDER_LEAD_MINUTES), once per deadline. A case opened
    inside the lead time gets no reminder (its opening email is recent)."""
    reminded = 0
    for marketplace in Marketplace.objects.order_by("pk"):
        lead = reminder_lead(marketplace.code)
        due = Case.objects.filter(
            status=CaseStatus.AWAITING_SELLER, deadline_at__gt=now, deadline_at__lte=now + lead,
            marketplace=marketplace, reminded_at__isnull=True, opened_at__lt=F("deadline_at") - lead)
        while True:
            with transaction.atomic():
                batch = locked_batch(due, size=batch_size, order_by=("deadline_at", "pk"))
                ids = [case.pk for case in batch]
                Case.objects.filter(pk__in=ids).update(reminded_at=now)
                TicketEvent.objects.bulk_create([TicketEvent(
                    ticket_id=case.ticket_id, case_id=case.pk, kind=events.EventKind.CASE_REMINDER_SENT,
                    actor_kind=ActorKind.SYSTEM, at=now, data={"deadline_at": case.deadline_at.isoformat(),
                                                               "lead_minutes": int(lead.total_seconds() // 60)})
                    for case in batch])
                _notify_on_commit(ids, Notice.REMINDER)
            reminded += len(ids)
            if len(ids) < batch_size:
                break
    return reminded


def ticket_flag_commitment_breaches(*, now: datetime, batch_size: int = 1000) -> int:
    """Flag CSBA tickets the buyer got no first reply on by
    ``first_response_due_at`` (opened + the marketplace's commitment hours,
    two days): no reply yet, or the first reply came late. Tickets closed
    before the due time without a reply are not breaches. Each flag writes a
    ``commitment_breached`` event; safe to run twice."""
    candidates = (
        Ticket.objects.filter(
            route=Route.CSBA, is_commitment_breached=False,
            status__in=[TicketStatus.OPEN, TicketStatus.PENDING_BUYER, TicketStatus.AWAITING_SELLER,
                        TicketStatus.SELLER_REPLIED, TicketStatus.RESOLVED],
            first_response_due_at__lte=now, first_response_due_at__gt=now - COMMITMENT_LOOKBACK)
        .filter(Q(first_responded_at__isnull=True) | Q(first_responded_at__gt=F("first_response_due_at")))
        .exclude(first_responded_at__isnull=True, resolved_at__lte=F("first_response_due_at"))
    )
    flagged = 0
    while True:
        with transaction.atomic():
            batch = locked_batch(candidates.only("pk", "first_response_due_at", "first_responded_at"), size=batch_size,
                                 order_by=("first_response_due_at", "pk"))
            ids = [t.pk for t in batch]
            Ticket.objects.filter(pk__in=ids).update(is_commitment_breached=True)
            TicketEvent.objects.bulk_create([TicketEvent(
                ticket_id=t.pk, kind=events.EventKind.COMMITMENT_BREACHED, actor_kind=ActorKind.SYSTEM, at=now,
                data={"due_at": t.first_response_due_at.isoformat(),
                      "first_responded_at": t.first_responded_at.isoformat() if t.first_responded_at else None})
                for t in batch])
        flagged += len(ids)
        if len(ids) < batch_size:
            return flagged


# --- SAFE-T reimbursement claims -----------------------------------------------------------------------------------

def safet_claim_file(*, refund_id: int, seller, ground: str, explanation: str, now: datetime) -> SafeTClaim:
    """The seller disputes a full refund Amazon issued on one of its orders.
    Another seller's refund raises Http404. One claim per refund."""
    seller_id = _seller_id(seller)
    refund = Refund.objects.filter(pk=refund_id, order_item__order__seller_id=seller_id).first()
    if refund is None:
        raise Http404("No such refund.")
    explanation = (explanation or "").strip()
    errors: dict[str, list[str]] = {}
    if ground not in SafeTGround.values:
        errors["ground"] = ["Choose one of the listed grounds."]
    if not explanation:
        errors["explanation"] = ["Explain why you are not responsible for this refund."]
    elif len(explanation) > MAX_EXPLANATION_CHARS:
        errors["explanation"] = [f"At most {MAX_EXPLANATION_CHARS:,} characters."]
    if errors:
        raise DomainError("The claim was not filed.", code="invalid_claim", field_errors=errors)
    if refund.kind != RefundKind.FULL:
        raise DomainError("Only full refunds issued by Amazon qualify for a SAFE-T claim.", code="not_full_refund",
                          field_errors={"refund": ["A partial refund cannot be claimed."]})
    case = Case.objects.filter(ticket_id=refund.ticket_id).order_by("-opened_at", "-pk").first() if refund.ticket_id else None
    try:
        with transaction.atomic():
            claim = SafeTClaim.objects.create(refund=refund, case=case, seller_id=seller_id, ground=ground,
                                              explanation=explanation, filed_at=now)
            if refund.ticket_id:
                events.record(ticket_id=refund.ticket_id, case_id=case.pk if case else None,
                              kind=events.EventKind.SAFET_FILED, now=now, actor_kind=ActorKind.SELLER,
                              data={"claim_id": claim.pk, "refund_id": refund.pk, "ground": ground})
    except IntegrityError:
        raise DomainError("A SAFE-T claim was already filed for this refund.", code="already_claimed",
                          field_errors={"refund": ["Already claimed."]}) from None
    return claim


@transaction.atomic
def safet_claim_decide(*, claim_id: int, granted: bool, note: str, operator, now: datetime) -> SafeTClaim:
    """An operator grants (the seller is reimbursed) or denies a submitted
    claim; a denial needs a note. Emails the seller after commit."""
    claim = locked(SafeTClaim.objects.select_related("refund").filter(pk=claim_id))
    if claim is None:
        raise DomainError(f"There is no claim {claim_id}.", code="unknown_claim")
    if claim.status != SafeTStatus.SUBMITTED:
        raise DomainError(f"The claim was already decided ({claim.get_status_display().lower()}).", code="already_decided")
    note = (note or "").strip()
    if not granted and not note:
        raise DomainError("Say why the claim is denied.", code="note_required",
                          field_errors={"decision_note": ["Required to deny a claim."]})
    claim.status = SafeTStatus.GRANTED if granted else SafeTStatus.DENIED
    claim.decided_at, claim.decided_by, claim.decision_note = now, operator, note
    claim.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    if claim.refund.ticket_id:
        events.record(ticket_id=claim.refund.ticket_id, case_id=claim.case_id, kind=events.EventKind.SAFET_DECIDED,
                      now=now, actor=operator, actor_kind=ActorKind.OPERATOR,
                      data={"claim_id": claim.pk, "status": claim.status, "note": note})
    from ..tasks.cases import safet_claim_notify_task

    transaction.on_commit(lambda: safet_claim_notify_task.delay(claim.pk), robust=True)
    return claim
