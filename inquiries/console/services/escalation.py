"""Escalation to the seller from the console: the case in the seller's case
log and, with it, the holding reply that tells the buyer what happens next.

An *escalate* suggestion drafts both (``case_question`` and the holding
reply); the agent reviews them and this service opens the case and sends the
reply in one transaction, so the buyer is never told "we are asking the
seller" without a case, and a refused case sends nothing."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from ...models import Case
from ...services.messaging import ticket_send_to_buyer
from .holding import ticket_held, ticket_lock
from .replies import is_suggestion_edited, one_line_ending, suggestion_mark_used


@transaction.atomic
def ticket_escalate(
    *,
    ticket_id: int,
    agent,
    question: str,
    now: datetime,
    holding_reply: str = "",
    from_suggestion: bool = False,
) -> Case:
    """Ask the seller ``question`` through the case log: the agent must hold
    the ticket; ``case_open`` checks the escalation (``escalation_check``),
    sets the deadline, moves the ticket to awaiting the seller and notifies
    the seller after commit. ``holding_reply``, when given, goes to the buyer
    once the case is open (email after commit; the status stays awaiting the
    seller). ``from_suggestion``: the question and reply started from an
    escalate suggestion; a ``suggestion_accepted`` event records whether the
    agent edited either. A DomainError rolls everything back."""
    from ...caselog.services.cases import case_open

    question = one_line_ending(question or "")
    ticket = ticket_held(ticket_id, agent, now)
    case = case_open(ticket_id=ticket.pk, question=question, now=now, actor=agent)
    ticket = ticket_lock(ticket.pk)  # case_open moved it on: work on the current row
    holding_reply = one_line_ending(holding_reply or "").strip()
    message = None
    if holding_reply:
        message = ticket_send_to_buyer(
            ticket=ticket, body=holding_reply, now=now, author=agent, data={"holding_reply": True, "case_id": case.pk}
        )
    suggestion = ticket.suggestion or {}
    if from_suggestion and suggestion.get("decision") == "escalate" and not suggestion.get("status"):
        is_edited = is_suggestion_edited(question, suggestion.get("case_question", "")) or (
            message is None or is_suggestion_edited(holding_reply, suggestion.get("reply", ""))
        )
        suggestion_mark_used(
            ticket,
            agent=agent,
            now=now,
            is_edited=is_edited,
            data={"case_id": case.pk, "message_id": message.pk if message else None},
        )
    return case
