"""A simulated agent's work carried out through the console's services, the
same calls the agent pages make (claim on the way, refund, return,
replacement, reply and resolve, escalate to the seller's case log); a refusal
(``DomainError``) is what a real agent would see on the page: counted, and
the agent goes on with what remains possible."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from csba.errors import DomainError
from inquiries.console.services import (
    ticket_authorize_return,
    ticket_escalate,
    ticket_refund,
    ticket_release,
    ticket_reply,
    ticket_send_replacement,
    ticket_take_over,
)

from ..world.agents import TicketState, Work


@dataclass
class Applied:
    refunded: bool = False
    return_id: int | None = None
    case_id: int | None = None
    deadline: datetime | None = None
    replied: bool = False
    resolved: bool = False
    refused: list[str] = field(default_factory=list)


REFUSALS: Counter = Counter()


def work_apply(ticket: TicketState, work: Work, *, agent, now: datetime, holder: dict[int, int]) -> Applied:
    """Carry out ``work`` on ``ticket`` as ``agent`` at ``now``. ``holder``
    maps ticket ids to the agent holding them (a ticket another agent holds
    is taken over first, as an agent picking up a follow-up does)."""
    applied = Applied()
    held_by = holder.get(ticket.pk)
    if held_by is not None and held_by != agent.pk:
        try:
            ticket_take_over(ticket_id=ticket.pk, agent=agent, now=now, reason="Follow-up in the queue")
        except DomainError as error:
            _refused(applied, error)
            return applied
    holder[ticket.pk] = agent.pk
    for name, args in work.actions:
        try:
            if name == "refund":
                ticket_refund(ticket_id=ticket.pk, agent=agent, now=now)
                applied.refunded = True
            elif name == "return":
                returned = ticket_authorize_return(ticket_id=ticket.pk, agent=agent, now=now)
                applied.return_id = returned.pk
            elif name == "replacement":
                ticket_send_replacement(ticket_id=ticket.pk, agent=agent, now=now)
            elif name == "escalate":
                case = ticket_escalate(ticket_id=ticket.pk, agent=agent, question=args["question"], now=now)
                applied.case_id, applied.deadline = case.pk, case.deadline_at
            elif name == "reply":
                ticket_reply(
                    ticket_id=ticket.pk,
                    agent=agent,
                    body=args["body"],
                    now=now,
                    after="resolve" if work.resolves else "keep",
                    from_suggestion=args["from_suggestion"],
                    resolution=args["resolution"],
                )
                applied.replied = True
                applied.resolved = work.resolves
        except DomainError as error:
            _refused(applied, error)
            if name == "escalate":  # the seller cannot be asked (no order, JP claim): answer instead
                return _answer_instead(ticket, work, agent=agent, now=now, applied=applied)
    if not applied.resolved and applied.case_id is not None:
        ticket_release(ticket_id=ticket.pk, agent=agent, now=now)
        holder.pop(ticket.pk, None)
    return applied


def _answer_instead(ticket: TicketState, work: Work, *, agent, now: datetime, applied: Applied) -> Applied:
    from ..world.agents import REPLY, WHAT

    language = ticket.plan.language
    body = REPLY[language].format(what=WHAT["answer"][language] + ("" if language == "ja" else " "))
    try:
        ticket_reply(ticket_id=ticket.pk, agent=agent, body=body, now=now, after="resolve")
        applied.replied = applied.resolved = True
        work.outcome, work.resolves = "answered", True
    except DomainError as error:
        _refused(applied, error)
    return applied


def _refused(applied: Applied, error: DomainError) -> None:
    code = getattr(error, "code", "") or "refused"
    applied.refused.append(code)
    REFUSALS[code] += 1
