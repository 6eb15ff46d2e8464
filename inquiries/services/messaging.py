"""Messages on a ticket: to the buyer by the ticket's channel, and internal notes."""

from __future__ import annotations

from datetime import datetime

from csba.dispatch import Task, enqueue_on_commit

from .. import events
from ..models import ActorKind, AuthorKind, Channel, Direction, Message, Ticket


def ticket_send_to_buyer(
    *,
    ticket: Ticket,
    body: str,
    now: datetime,
    author=None,
    author_kind: str = AuthorKind.AGENT,
    data: dict | None = None,
) -> Message:
    """Record an outbound message and deliver it by the ticket's channel (email
    goes out after commit; phone, chat and forms are shown in the buyer's
    thread). Sets ``first_responded_at`` on the first reply. The caller holds
    the ticket's lock and handles the status."""
    message = Message.objects.create(
        ticket=ticket,
        direction=Direction.OUTBOUND,
        author_kind=author_kind,
        author=author,
        channel=ticket.channel,
        body=body,
        sent_at=now,
    )
    if ticket.first_responded_at is None:
        ticket.first_responded_at = now
        ticket.save(update_fields=["first_responded_at"])
    events.record(
        ticket_id=ticket.pk,
        kind=events.EventKind.REPLY_SENT,
        now=now,
        actor=author,
        actor_kind=ActorKind.AGENT if author is not None else ActorKind.SYSTEM,
        data={"message_id": message.pk, "channel": ticket.channel, **(data or {})},
    )
    if ticket.channel == Channel.EMAIL and ticket.buyer_id:
        enqueue_on_commit(Task.MESSAGE_DELIVER_EMAIL, message.pk)
    return message


def ticket_add_note(
    *, ticket: Ticket, body: str, now: datetime, author=None, author_kind: str = AuthorKind.AGENT
) -> Message:
    message = Message.objects.create(
        ticket=ticket,
        direction=Direction.INTERNAL,
        author_kind=author_kind,
        author=author,
        channel="note",
        body=body,
        sent_at=now,
    )
    events.record(
        ticket_id=ticket.pk,
        kind=events.EventKind.NOTE_ADDED,
        now=now,
        actor=author,
        actor_kind=ActorKind.AGENT if author is not None else ActorKind.SYSTEM,
        data={"message_id": message.pk},
    )
    return message
