"""What an agent writes on a ticket: replies to the buyer (from the suggested
answer or not), internal notes, and setting a suggestion aside."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from csba.db import row_update
from csba.errors import DomainError

from ... import events
from ...models import ActorKind, Message, Resolution, Ticket
from ...services.messaging import ticket_add_note, ticket_send_to_buyer
from ...states import CASE_OPEN, TICKET_ACTIONABLE, TicketStatus
from ..selectors.ticket_page import conversation_version
from .holding import agent_transition, ticket_held, ticket_lock
from .resolution import ticket_resolve_held


class AfterReply:
    """What happens to the ticket's status once a reply is sent."""

    WAIT_FOR_BUYER = "wait"
    RESOLVE = "resolve"
    KEEP = "keep"
    ALL = (WAIT_FOR_BUYER, RESOLVE, KEEP)


def one_line_ending(text: str) -> str:
    """Browsers send textarea lines ending in CRLF; messages keep LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_suggestion_edited(text: str, suggested: str) -> bool:
    """Whether the agent changed the suggested text (whitespace aside)."""
    return " ".join((text or "").split()) != " ".join((suggested or "").split())


def suggestion_mark_used(ticket: Ticket, *, agent, now: datetime, is_edited: bool, data: dict) -> None:
    """The ticket's suggestion was used (as suggested or edited): its status
    and a ``suggestion_accepted`` event. The caller holds the ticket's lock."""
    suggestion = ticket.suggestion or {}
    status = "edited" if is_edited else "accepted"
    events.record(
        ticket_id=ticket.pk,
        kind=events.EventKind.SUGGESTION_ACCEPTED,
        now=now,
        actor=agent,
        actor_kind=ActorKind.AGENT,
        data={"edited": is_edited, "decision": suggestion.get("decision", ""), **data},
    )
    ticket.suggestion = {**suggestion, "status": status, "status_at": now.isoformat()}
    row_update(ticket, ["suggestion"])


@transaction.atomic
def ticket_reply(
    *,
    ticket_id: int,
    agent,
    body: str,
    now: datetime,
    after: str = AfterReply.WAIT_FOR_BUYER,
    from_suggestion: bool = False,
    resolution: str = Resolution.ANSWERED,
    seen_message_id: int | None = None,
) -> Message:
    """Send ``body`` to the buyer by the ticket's channel (email after commit).
    ``after``: wait for the buyer (the ticket leaves the queue until the buyer
    writes), resolve it, or keep its status. ``from_suggestion``: the reply
    started from the suggested answer; a ``suggestion_accepted`` event records
    whether the agent edited it. ``seen_message_id``: the latest message of
    the conversation the agent had in front of it (the version it answers);
    a newer one (the buyer wrote again, a colleague replied) refuses the reply
    with ``conversation_changed``, so no answer goes out that ignores it."""
    if not (body or "").strip():
        raise DomainError(_("The reply is empty."), code="empty_reply", field_errors={"body": [_("Write a reply.")]})
    if after not in AfterReply.ALL:
        raise DomainError(
            _("Unknown choice after the reply."),
            code="invalid_after",
            field_errors={"after": [_("Choose what happens next.")]},
        )
    body = one_line_ending(body)
    ticket = ticket_held(ticket_id, agent, now)
    if seen_message_id is not None:
        latest = conversation_version(ticket.pk)
        if latest > seen_message_id:
            raise DomainError(
                _("New messages arrived in the conversation while you were writing: read them, then send again."),
                code="conversation_changed",
                field_errors={"body": [_("Read the new messages before sending; your text is kept.")]},
            )
    suggestion = ticket.suggestion or None
    data: dict[str, Any] = {}
    if from_suggestion and suggestion and suggestion.get("reply"):
        if suggestion.get("decision") == "escalate" and not ticket.cases.filter(status__in=CASE_OPEN).exists():
            # Its holding reply tells the buyer the seller is being asked: true only once the case is open.
            raise DomainError(
                _("This suggestion tells the buyer that the seller is asked. Ask the seller with it instead."),
                code="escalation_not_open",
                field_errors={"body": [_("Use “Ask the seller” to open the case and send this reply.")]},
            )
        is_edited = is_suggestion_edited(body, suggestion["reply"])
        data["suggestion"] = "edited" if is_edited else "accepted"
    message = ticket_send_to_buyer(ticket=ticket, body=body, now=now, author=agent, data=data)
    if "suggestion" in data:
        suggestion_mark_used(
            ticket, agent=agent, now=now, is_edited=data["suggestion"] == "edited", data={"message_id": message.pk}
        )
    if after == AfterReply.RESOLVE:
        ticket_resolve_held(ticket, agent=agent, resolution=resolution, now=now, note="")
    elif after == AfterReply.WAIT_FOR_BUYER and ticket.status in TICKET_ACTIONABLE:
        agent_transition(
            ticket, TicketStatus.PENDING_BUYER, now=now, agent=agent, data={"why": "Replied to the buyer."}
        )
    return message


@transaction.atomic
def ticket_note(*, ticket_id: int, agent, body: str, now: datetime) -> Message:
    """An internal note (never shown to the buyer). Any agent may add one,
    whoever holds the ticket and whatever its status."""
    if not (body or "").strip():
        raise DomainError(_("The note is empty."), code="empty_note", field_errors={"body": [_("Write a note.")]})
    ticket = ticket_lock(ticket_id)
    return ticket_add_note(ticket=ticket, body=one_line_ending(body), now=now, author=agent)


@transaction.atomic
def ticket_suggestion_discard(*, ticket_id: int, agent, now: datetime, reason: str = "") -> Ticket:
    """Set the suggested answer aside (it stays on the ticket, marked discarded)."""
    ticket = ticket_held(ticket_id, agent, now)
    if not ticket.suggestion:
        raise DomainError(_("This ticket has no suggested answer."), code="no_suggestion")
    ticket.suggestion = {**ticket.suggestion, "status": "discarded", "status_at": now.isoformat()}
    ticket.save(update_fields=["suggestion"])
    events.record(
        ticket_id=ticket.pk,
        kind=events.EventKind.SUGGESTION_DISCARDED,
        now=now,
        actor=agent,
        actor_kind=ActorKind.AGENT,
        data={"reason": reason[:300], "decision": ticket.suggestion.get("decision", "")},
    )
    return ticket
