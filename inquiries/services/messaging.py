"""Messages on a ticket: to the buyer (shown on the buyer's conversation page
and mailed to every buyer with an email address, with a signed link to that
page), and internal notes."""

from __future__ import annotations

from datetime import datetime

from django.core.mail import get_connection
from django.utils.translation import gettext as _

from csba import formatting
from csba.db import row_update
from csba.dispatch import Task, enqueue_on_commit
from csba.mail import NotificationMail, recipient_locale, rendered_mail
from sellers.models import Marketplace

from .. import events
from ..buyer_links import buyer_link_expires_at, buyer_link_maker
from ..models import ActorKind, AuthorKind, Channel, Direction, Message, Ticket, ticket_reference
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
        row_update(ticket, ["first_responded_at"])
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
    messages (a sweep's batch of replies), read as plain rows; the mails in
    one language and zone are rendered together, what they say alike
    translated once (``buyer_reply_texts``). Runs after commit (a task). Returns
    the number mailed."""
    rows = [
        row
        for row in Message.objects.filter(pk__in=message_ids, direction=Direction.OUTBOUND, ticket__buyer__isnull=False)
        .order_by("pk")
        .values_list(
            "body",
            "ticket_id",
            "ticket__channel",
            "ticket__language",
            "ticket__subject",
            "ticket__buyer__email",
            "ticket__marketplace__time_zone",
            "ticket__marketplace__buyer_languages",
            "ticket__marketplace__code",
        )
        if row[5] and not (row[2] == Channel.CHAT and buyer_is_present(ticket_id=row[1], now=now))
    ]
    if not rows:
        return 0
    threads: dict[int, str] = {}
    for ticket_id, external_id in (
        Message.objects.filter(
            ticket_id__in={row[1] for row in rows},
            direction=Direction.INBOUND,
            external_message_id__isnull=False,
        )
        .order_by("ticket_id", "sent_at", "pk")
        .values_list("ticket_id", "external_message_id")
    ):
        threads[ticket_id] = external_id  # the latest one wins
    expires_at, link_for = buyer_link_expires_at(now), buyer_link_maker(now=now)
    by_locale: dict[tuple[str, str], list[tuple]] = {}
    for row in rows:
        language = row[3] or Marketplace.default_language_of(row[7], row[8])
        by_locale.setdefault((language, row[6]), []).append(row)
    mails: list[NotificationMail] = []
    for (language, time_zone), group in by_locale.items():
        with recipient_locale(language, time_zone):
            texts = buyer_reply_texts(expires_at)
            mails.extend(
                buyer_reply_mail(
                    ticket_id=ticket_id,
                    subject=subject,
                    body=body,
                    to=email,
                    link=link_for(ticket_id),
                    texts=texts,
                    thread=threads.get(ticket_id),
                )
                for body, ticket_id, _channel, _language, subject, email, *_ in group
            )
    with get_connection() as connection:
        return connection.send_messages(mails) or 0


def buyer_reply_mail(
    *, ticket_id: int, subject: str, body: str, to: str, link: str, texts: dict[str, str], thread: str | None = None
) -> NotificationMail:
    """One reply to a buyer as mail, in the active language (``recipient_locale``),
    with ``texts`` of that language (``buyer_reply_texts``); threaded on ``thread``."""
    reference = ticket_reference(ticket_id)
    return rendered_mail(
        template="inquiries/email/buyer_reply",
        to=to,
        context={
            "ticket": {"reference": reference, "subject": subject},
            "message": {"body": body},
            "link": link,
            "texts": texts,
            "subject_line": texts["re"] % {"subject": subject} if subject else texts["inquiry"],
            "reference_line": texts["reference"] % {"ref": reference},
        },
        headers={"In-Reply-To": f"<{thread}>", "References": f"<{thread}>"} if thread else {},
    )


def buyer_reply_texts(expires_at: datetime) -> dict[str, str]:
    """What every reply mail in the active language says alike, translated
    (and its day formatted) once per batch and language, not per mail."""
    return {
        "see": _("See the conversation and answer"),
        "see_whole": _("See the whole conversation and answer us here:"),
        "until": _("The link works until %(date)s.") % {"date": formatting.day(expires_at)},
        "reference": _("Your reference: %(ref)s."),
        "re": _("Re: %(subject)s"),
        "inquiry": _("Your inquiry"),
    }
