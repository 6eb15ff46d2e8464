"""An agent corrects the contact reason the classifier gave a ticket. The
correction is kept as a labelled example (``ReasonCorrection``) that
``manage.py export_corrections`` writes out for training the classifier."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from csba.errors import DomainError

from ... import events
from ...classification import REASONS
from ...models import ActorKind, Direction, Message, ReasonCorrection, Ticket
from .holding import ticket_held


def _classified_text(ticket: Ticket) -> str:
    """What intake classified: the subject and the buyer's first message."""
    first = ticket.messages.filter(direction=Direction.INBOUND).order_by("sent_at", "pk").first()
    body = first.body if isinstance(first, Message) else ""
    return f"{ticket.subject}\n{body}".strip()


@transaction.atomic
def ticket_reason_correct(*, ticket_id: int, agent, reason: str, now: datetime) -> Ticket:
    """Set the ticket's reason to the agent's and keep the correction as a
    labelled example. Locks the ticket (the agent must hold it, or it is
    claimed). The route stays as it is: a correction teaches the classifier,
    coverage and transfers decide where a ticket goes. Raises DomainError for
    a reason outside the contract or the reason the ticket already has."""
    if reason not in REASONS:
        raise DomainError(
            _("Not a contact reason."), code="invalid_reason", field_errors={"reason": [_("Choose a reason.")]}
        )
    ticket = ticket_held(ticket_id, agent, now, allow_resolved=True)
    if ticket.reason == reason:
        raise DomainError(
            _("The ticket already has this reason."),
            code="reason_unchanged",
            field_errors={"reason": [_("Choose a different reason.")]},
        )
    predicted = ticket.classification or {}
    ReasonCorrection.objects.create(
        ticket=ticket,
        text=_classified_text(ticket),
        marketplace=ticket.marketplace.code,
        language=ticket.language,
        predicted_reason=predicted.get("reason", ticket.reason),
        predicted_confidence=predicted.get("confidence"),
        was_unsure=bool(predicted.get("unsure")),
        reason=reason,
        agent=agent,
        corrected_at=now,
    )
    previous = ticket.reason
    ticket.reason = reason
    ticket.classification = {**predicted, "corrected_to": reason, "corrected_at": now.isoformat()}
    ticket.save(update_fields=["reason", "classification"])
    events.record(
        ticket_id=ticket.pk,
        kind=events.EventKind.REASON_CORRECTED,
        now=now,
        actor=agent,
        actor_kind=ActorKind.AGENT,
        data={"from": previous, "to": reason},
    )
    return ticket
