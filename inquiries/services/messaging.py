"""Messages on a ticket: to the buyer (shown on the buyer's conversation page
and mailed to every buyer with an email address, with a signed link to that
page), and internal notes."""

from __future__ import annotations

from datetime import datetime

from django.core.mail import get_connection

from csba.dispatch import Task, enqueue_on_commit
from csba.mail import templated_mail

from .. import events
from ..buyer_links import buyer_link_expires_at, buyer_link_for
from ..models import ActorKind, AuthorKind, Channel, Direction, Message, Ticket
from ..presence import buyer_is_present


def ticket_send_to_buyer(
    *,
    ticket: Ticket,
    body: str,
    now: datetime,
    author=None,
    author_kind: str = AuthorKind.AGENT,
    data: dict | None = None,
) -> Message:
    """Record an outbound message: the buyer sees it on its conversation page
    (and in the chat window), and a buyer with an email address gets it by
    mail after commit (``message_email_to_buyer``), whatever the channel the
    contact came by. Sets ``first_responded_at`` on the first reply. The
    caller holds the ticket's lock and handles the status."""
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
    if ticket.buyer_id:
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


def message_email_to_buyer(*, message_id: int, now: datetime) -> bool:
    """Mail an outbound message to the ticket's buyer (``messages_email_to_buyers``)."""
    return messages_email_to_buyers(message_ids=[message_id], now=now) == 1


def messages_email_to_buyers(*, message_ids: list[int], now: datetime) -> int:
    """Mail outbound messages to their tickets' buyers, each in the ticket's
    language, threaded on the buyer's own mail, with a fresh signed link to
    the conversation page where the buyer can answer. Skipped: nobody to
    mail, or the buyer of a chat is in the chat window right now (it reads
    the reply there). Two queries and one mail connection for any number of
    messages (a sweep's batch of replies). Runs after commit (a task).
    Returns the number mailed."""
    messages = list(
        Message.objects.select_related("ticket__buyer", "ticket__marketplace")
        .defer("ticket__classification", "ticket__suggestion")
        .filter(pk__in=message_ids, direction=Direction.OUTBOUND)
        .order_by("pk")
    )
    messages = [m for m in messages if m.ticket.buyer is not None and m.ticket.buyer.email]
    messages = [
        m
        for m in messages
        if not (m.ticket.channel == Channel.CHAT and buyer_is_present(ticket_id=m.ticket_id, now=now))
    ]
    if not messages:
        return 0
    threads: dict[int, str] = {}
    for ticket_id, external_id in (
        Message.objects.filter(
            ticket_id__in={m.ticket_id for m in messages},
            direction=Direction.INBOUND,
            external_message_id__isnull=False,
        )
        .order_by("ticket_id", "sent_at", "pk")
        .values_list("ticket_id", "external_message_id")
    ):
        threads[ticket_id] = external_id  # the latest one wins
    expires_at = buyer_link_expires_at(now)
    mails = []
    for message in messages:
        ticket = message.ticket
        thread = threads.get(ticket.pk)
        mails.append(
            templated_mail(
                template="inquiries/email/buyer_reply",
                to=ticket.buyer.email,
                language=ticket.language or ticket.marketplace.default_language,
                time_zone=ticket.marketplace.time_zone,
                context={
                    "ticket": ticket,
                    "message": message,
                    "buyer": ticket.buyer,
                    "link": buyer_link_for(ticket.pk, now=now),
                    "expires_at": expires_at,
                },
                headers={"In-Reply-To": f"<{thread}>", "References": f"<{thread}>"} if thread else {},
            )
        )
    with get_connection() as connection:
        return connection.send_messages(mails) or 0
