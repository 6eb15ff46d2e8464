"""The seller case log: CSBA asks the seller, the seller answers by the
marketplace's deadline or CSBA resolves by its own judgment.

The reads of the portal and the API are in ``inquiries/caselog/selectors.py``,
the emails to the seller in ``notices.py``, the periodic jobs in ``sweep.py``,
SAFE-T claims in ``safet.py``.

Locks are always taken ticket first, then case (agent actions and seller
replies); the sweep takes cases first but only tries its tickets with SKIP
LOCKED, so it never waits on an agent and cannot deadlock with one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils.translation import gettext as _

from csba.db import locked
from csba.dispatch import Task, enqueue_on_commit
from csba.errors import DomainError, NotFound

from ... import events
from ...models import ActorKind, Attachment, AuthorKind, Case, CaseMessage, Ticket
from ...reasons import Reason, Route
from ...states import CASE_OPEN, TICKET_ESCALATABLE, CaseStatus, TicketStatus
from ...transitions import case_transition, ticket_transition
from ..deadlines import is_reply_late

MAX_QUESTION_CHARS = 10_000
MAX_REPLY_CHARS = 20_000
MAX_ATTACHMENTS = 5
# A seller's reply sends the ticket back to the agent queue ahead of new contacts.
SELLER_REPLIED_PRIORITY = 10


class Notice:
    OPENED = "opened"
    REMINDER = "reminder"
    AUTO_RESOLVED = "auto_resolved"
    KINDS = (OPENED, REMINDER, AUTO_RESOLVED)


def seller_id_of(seller) -> int:
    return seller if isinstance(seller, int) else seller.pk


def case_notify_on_commit(case_ids: list[int], kind: str) -> None:
    ids = list(case_ids)
    if ids:
        enqueue_on_commit(Task.CASE_NOTIFY, ids, kind)


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
    question = escalation_question(question)
    ticket = locked(Ticket.objects.select_related("marketplace").filter(pk=ticket_id))
    if ticket is None:
        raise DomainError(
            f"There is no ticket {ticket_id}.", code="unknown_ticket", field_errors={"ticket": ["Unknown ticket."]}
        )
    escalation_check(ticket)
    deadline = now + timedelta(hours=ticket.marketplace.seller_reply_hours)
    case = None
    if ticket.status == TicketStatus.SELLER_REPLIED:
        case = locked(Case.objects.filter(ticket=ticket, status=CaseStatus.SELLER_REPLIED))
    if case is not None:
        CaseMessage.objects.create(case=case, author_kind=AuthorKind.AGENT, author=actor, body=question, sent_at=now)
        case.deadline_at, case.reminded_at = deadline, None
        case_transition(
            case,
            CaseStatus.AWAITING_SELLER,
            now=now,
            actor=actor,
            data={"follow_up": True, "deadline_at": deadline.isoformat()},
            extra_fields=("deadline_at", "reminded_at"),
        )
    else:
        case = Case(
            ticket=ticket,
            seller_id=ticket.seller_id,
            marketplace=ticket.marketplace,
            question=question,
            opened_by=actor,
            opened_at=now,
            deadline_at=deadline,
        )
        case_transition(
            case, CaseStatus.AWAITING_SELLER, now=now, actor=actor, data={"deadline_at": deadline.isoformat()}
        )
    ticket_transition(
        ticket,
        TicketStatus.AWAITING_SELLER,
        now=now,
        actor=actor,
        data={"case_id": case.pk, "deadline_at": deadline.isoformat()},
    )
    case_notify_on_commit([case.pk], Notice.OPENED)
    return case


def escalation_question(question: str) -> str:
    """The question for the seller, stripped; DomainError when empty or too long."""
    question = (question or "").strip()
    if not question:
        raise DomainError(
            _("Write the question for the seller."),
            code="empty_question",
            field_errors={"question": [_("Write the question for the seller.")]},
        )
    if len(question) > MAX_QUESTION_CHARS:
        raise DomainError(
            f"The question is too long (at most {MAX_QUESTION_CHARS:,} characters).",
            code="question_too_long",
            field_errors={"question": [f"At most {MAX_QUESTION_CHARS:,} characters."]},
        )
    return question


def escalation_check(ticket: Ticket) -> None:
    """Whether the seller may be asked about ``ticket``; every escalation path
    (console, agent API, simulator) comes here through ``case_open``: a CSBA
    ticket with a seller, open, waiting for the buyer or back from the seller,
    and not a claim CSBA decides alone (A-to-z where CSBA handles them).
    DomainError otherwise."""
    if ticket.reason == Reason.A_TO_Z_CLAIM and ticket.marketplace.handles_a_to_z_claims:
        raise DomainError(
            f"A-to-z Guarantee claims in {ticket.marketplace.code} are handled by CSBA and never sent to the seller; "
            "decide the claim on the ticket.",
            code="a_to_z_handled_by_csba",
            field_errors={"ticket": ["A-to-z claims here are decided by CSBA."]},
        )
    if ticket.route != Route.CSBA:
        raise DomainError(
            "Only CSBA tickets can be escalated to the seller.",
            code="not_csba",
            field_errors={"ticket": ["Not a CSBA ticket."]},
        )
    if ticket.seller_id is None:
        raise DomainError(
            _("This ticket has no seller to ask (no order)."),
            code="no_seller",
            field_errors={"ticket": [_("Identify the order first.")]},
        )
    if ticket.status not in TICKET_ESCALATABLE:
        raise DomainError(
            f"A case cannot be opened on a ticket that is {ticket.get_status_display().lower()}.",
            code="ticket_not_open",
            field_errors={"ticket": [f"Ticket status: {ticket.status}."]},
        )


@dataclass(frozen=True)
class ReplyFile:
    filename: str
    content_type: str
    size: int
    source: bytes | File  # bytes or an uploaded Django File


def _reply_files(attachments) -> list[ReplyFile]:
    """Accepts uploaded files (``name``, ``size``, ``content_type``) or objects
    with ``filename``, ``content_type`` and ``payload`` bytes."""
    files = []
    for attachment in attachments or ():
        if hasattr(attachment, "payload"):
            files.append(
                ReplyFile(attachment.filename, attachment.content_type, len(attachment.payload), attachment.payload)
            )
        else:
            files.append(
                ReplyFile(
                    getattr(attachment, "name", "attachment"),
                    getattr(attachment, "content_type", None) or "application/octet-stream",
                    attachment.size,
                    attachment,
                )
            )
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
            f"{f.filename} is {f.size / 1_048_576:.1f} MB; at most {limit / 1_048_576:.0f} MB per file."
            for f in too_big
        )
    if errors:
        message = errors.get("body", errors.get("attachments"))[0]
        code = (
            "empty_reply"
            if "body" in errors and not body
            else (
                "reply_too_long" if "body" in errors else "attachment_too_large" if too_big else "too_many_attachments"
            )
        )
        raise DomainError(f"The reply was not sent: {message}", code=code, field_errors=errors)
    return body


def _store_files(message: CaseMessage, files: list[ReplyFile]) -> None:
    for item in files:
        attachment = Attachment(
            case_message=message, filename=item.filename[:255], content_type=item.content_type[:100], size=item.size
        )
        content = ContentFile(item.source) if isinstance(item.source, bytes) else item.source
        attachment.file.save(item.filename[:100] or "attachment", content, save=False)
        attachment.save()


def case_seller_reply(*, case_id: int, seller, body: str, attachments=(), now: datetime) -> CaseMessage:
    """The seller answers a case. Another seller's case (or none) raises
    NotFound before anything is checked or written. Bad input raises
    DomainError. A late reply (``deadlines.is_reply_late``: at or after the
    deadline, or after the case closed) is kept as a late note and changes nothing: the
    case still awaiting the seller is CSBA's to decide, and the sweep
    resolves it on its next run. An on-time reply makes the case
    SELLER_REPLIED and sends the ticket back to the agent queue
    (SELLER_REPLIED, raised priority).

    Locks ticket, then case: a reply racing the sweep at the deadline has one
    winner, whoever locks the case first. If the sweep does, the reply finds
    the case auto-resolved and is a late note; if the reply does, the sweep
    skips the locked case and finds it answered on its next run."""
    seller_id = seller_id_of(seller)
    ticket_id = Case.objects.filter(pk=case_id, seller_id=seller_id).values_list("ticket_id", flat=True).first()
    if ticket_id is None:
        raise NotFound("No such case.")
    files = _reply_files(attachments)
    body = _validate_reply(body, files)
    user = None if isinstance(seller, int) else seller.user
    with transaction.atomic():
        ticket = locked(Ticket.objects.filter(pk=ticket_id))
        case = locked(Case.objects.filter(pk=case_id, seller_id=seller_id))
        is_late = is_reply_late(status=case.status, deadline_at=case.deadline_at, now=now)
        message = CaseMessage.objects.create(
            case=case, author_kind=AuthorKind.SELLER, author=user, body=body, sent_at=now, is_late=is_late
        )
        _store_files(message, files)
        kind = events.EventKind.LATE_SELLER_REPLY if is_late else events.EventKind.SELLER_REPLIED
        events.record(
            ticket_id=ticket.pk,
            case_id=case.pk,
            now=now,
            actor=user,
            kind=kind,
            actor_kind=ActorKind.SELLER,
            data={
                "case_message_id": message.pk,
                "attachments": len(files),
                "case_status": case.status,
                "deadline_at": case.deadline_at.isoformat(),
            },
        )
        if is_late or case.status != CaseStatus.AWAITING_SELLER:
            return message
        case.seller_replied_at = now
        case_transition(
            case,
            CaseStatus.SELLER_REPLIED,
            now=now,
            actor_kind=ActorKind.SELLER,
            data={"case_message_id": message.pk},
            extra_fields=("seller_replied_at",),
        )
        if ticket.status == TicketStatus.AWAITING_SELLER:
            ticket.priority = max(ticket.priority, SELLER_REPLIED_PRIORITY)
            ticket_transition(
                ticket,
                TicketStatus.SELLER_REPLIED,
                now=now,
                actor_kind=ActorKind.SELLER,
                data={"case_id": case.pk},
                extra_fields=("priority",),
            )
        return message


@transaction.atomic
def case_close_for_ticket(*, ticket_id: int, now: datetime, actor=None) -> list[Case]:
    """The agent resolved the ticket: its replied case becomes RESOLVED, a case
    still awaiting the seller is CANCELLED (a later seller reply is kept as a
    late note). Call inside the agent's transaction, holding the ticket lock."""
    closed = []
    rows = Case.objects.filter(ticket_id=ticket_id, status__in=CASE_OPEN)
    for case in rows.select_for_update(of=("self",)).order_by("pk"):
        target = CaseStatus.RESOLVED if case.status == CaseStatus.SELLER_REPLIED else CaseStatus.CANCELLED
        case.resolved_at = now
        case_transition(
            case,
            target,
            now=now,
            actor=actor,
            data={"why": "The agent resolved the ticket."},
            extra_fields=("resolved_at",),
        )
        closed.append(case)
    return closed
