"""Contact intake: a buyer contact on any channel becomes a ticket exactly once,
is classified, checked for coverage and routed.

Exactly once: an ``idempotency_key`` (scoped by path and caller, see
``csba.idempotency``, or ``email:<Message-ID>``) is unique on Ticket; a retry
or a concurrent duplicate returns the ticket the first submission created,
and a replay of the key with another body is refused (Conflict, 409). Email replies thread onto
their ticket by In-Reply-To / References or a ``CSBA-<id>`` subject reference.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from csba.db import locked
from csba.dispatch import Task, enqueue_on_commit
from csba.errors import DomainError
from csba.prepared import PreparedInsert
from sellers.models import Buyer, Marketplace

from ... import events
from ...models import ActorKind, Attachment, AuthorKind, Direction, Message, Ticket
from ...states import TICKET_REOPENED_BY_BUYER, TicketStatus
from ...transitions import ticket_transition
from ..contacts import (
    Contact,
    IncomingAttachment,
    IntakeResult,
    marketplace_for_code,
    opened_by,
    order_for_contact,
    replay_check,
    validate_contact,
)
from ..routing import ticket_new

# The inbound message's INSERT, compiled once (every contact writes one).
_MESSAGE_INSERT = PreparedInsert(Message)


def _thread_target(contact: Contact) -> Ticket | None:
    ids = [i for i in contact.thread_ids if i]
    if ids:
        message = (
            Message.objects.filter(external_message_id__in=ids).select_related("ticket").order_by("-sent_at").first()
        )
        if message is not None:
            return message.ticket
    if contact.ticket_reference:
        ticket = Ticket.objects.select_related("buyer").filter(pk=contact.ticket_reference).first()
        if ticket is not None and (
            ticket.buyer is None or not contact.buyer_email or ticket.buyer.email.lower() == contact.buyer_email.lower()
        ):
            return ticket
    return None


def _store_attachments(message: Message, attachments: Iterable[IncomingAttachment]) -> None:
    for incoming in attachments:
        attachment = Attachment(
            message=message,
            filename=incoming.filename[:255],
            content_type=incoming.content_type[:100],
            size=len(incoming.payload),
        )
        attachment.file.save(incoming.filename[:100] or "attachment", ContentFile(incoming.payload), save=False)
        attachment.save()


def inbound_message_row(ticket: Ticket, contact: Contact, now: datetime) -> Message:
    return Message(
        ticket=ticket,
        direction=Direction.INBOUND,
        author_kind=AuthorKind.SELLER if contact.transferred_by_seller_id else AuthorKind.BUYER,
        channel=contact.channel,
        body=contact.body,
        sent_at=now,
        external_message_id=contact.external_message_id or None,
        in_reply_to=(contact.thread_ids[0] if contact.thread_ids else "")[:300],
    )


def _inbound_message(ticket: Ticket, contact: Contact, now: datetime) -> Message:
    message = _MESSAGE_INSERT(inbound_message_row(ticket, contact, now))
    if contact.attachments:
        _store_attachments(message, contact.attachments)
    return message


@transaction.atomic
def _thread_onto(ticket_id: int, contact: Contact, now: datetime) -> Ticket:
    ticket = locked(Ticket.objects.filter(pk=ticket_id))
    message = _inbound_message(ticket, contact, now)
    events.record(
        ticket_id=ticket.pk,
        kind=events.EventKind.MESSAGE_RECEIVED,
        now=now,
        actor_kind=ActorKind.BUYER,
        data={"message_id": message.pk, "channel": contact.channel, "threaded": True},
    )
    if ticket.status in TICKET_REOPENED_BY_BUYER:
        ticket_transition(
            ticket, TicketStatus.OPEN, now=now, actor_kind=ActorKind.BUYER, data={"why": "The buyer wrote again."}
        )
    return ticket


def _open_ticket(contact: Contact, now: datetime, *, actor=None) -> Ticket:
    # Reads and classification first, outside the transaction (a writer holds
    # SQLite's lock only while it writes).
    marketplace = marketplace_for_code(contact.marketplace_code)
    order, lookup, judged = order_for_contact(contact, marketplace)
    if contact.transferred_by_seller_id and (order is None or order.seller_id != contact.transferred_by_seller_id):
        raise DomainError(
            "A seller can only transfer a buyer message about one of its own orders.",
            code="transfer_needs_own_order",
            field_errors={"order_number": ["One of your orders."]},
        )
    ticket, status, data = ticket_new(contact, marketplace, order, now, judged=judged)
    data.update(lookup)
    with transaction.atomic():
        if ticket.buyer is None:
            ticket.buyer = _buyer_for(marketplace, contact)
        ticket_transition(ticket, status, now=now, actor=actor, actor_kind=opened_by(contact, actor), data=data)
        _inbound_message(ticket, contact, now)
        enqueue_on_commit(Task.TICKET_AFTER_INTAKE, ticket.pk)
    return ticket


def _buyer_for(marketplace: Marketplace, contact: Contact) -> Buyer | None:
    if not contact.buyer_email:
        return None
    buyer, _ = Buyer.objects.get_or_create(
        marketplace=marketplace,
        email=contact.buyer_email.strip().lower(),
        defaults={
            "name": (contact.buyer_name or contact.buyer_email.split("@")[0])[:200],
            "language": contact.language or "",
        },
    )
    return buyer


def contact_receive(*, contact: Contact, now: datetime, actor=None) -> IntakeResult:
    """Turn a contact into a ticket exactly once, or thread it onto its ticket.
    Raises DomainError for bad input (nothing is written). Enqueues the
    suggested-answer and notification tasks after commit."""
    validate_contact(contact)
    # A new contact with a key is simply inserted: the unique key refuses a
    # duplicate (IntegrityError below), so the common case needs no look-up first.
    # Mail (threading by Message-ID) still looks first.
    if contact.idempotency_key and (contact.external_message_id or contact.thread_ids or contact.ticket_reference):
        existing = Ticket.objects.filter(idempotency_key=contact.idempotency_key).first()
        if existing is not None:
            return IntakeResult(replay_check(existing, contact), created=False)
    if contact.external_message_id:
        known = Message.objects.filter(external_message_id=contact.external_message_id).select_related("ticket").first()
        if known is not None:
            # A duplicate of a message already taken in: nothing was threaded by this call.
            return IntakeResult(known.ticket, created=False)
    target = _thread_target(contact) if (contact.thread_ids or contact.ticket_reference) else None
    try:
        if target is not None:
            return IntakeResult(_thread_onto(target.pk, contact, now), created=False, threaded=True)
        return IntakeResult(_open_ticket(contact, now, actor=actor), created=True)
    except IntegrityError:
        # A concurrent duplicate won the race on the unique key: return its ticket.
        if contact.idempotency_key:
            existing = Ticket.objects.filter(idempotency_key=contact.idempotency_key).first()
            if existing is not None:
                return IntakeResult(replay_check(existing, contact), created=False)
        if contact.external_message_id:
            known = (
                Message.objects.filter(external_message_id=contact.external_message_id).select_related("ticket").first()
            )
            if known is not None:
                return IntakeResult(known.ticket, created=False)
        raise
