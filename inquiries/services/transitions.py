"""The one place ticket and case statuses change. Each change is checked
against the transition table (``inquiries.states``) and writes its audit event
in the same transaction. Nothing else assigns ``status``."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from .. import events
from ..models import Case, Ticket
from ..states import check_case_transition, check_ticket_transition


def ticket_transition(
    ticket: Ticket, target: str, *, now: datetime, actor=None, actor_kind: str | None = None,
    data: dict[str, Any] | None = None, extra_fields: tuple[str, ...] = (),
) -> Ticket:
    """Move ``ticket`` (a locked or freshly created row) to ``target``.
    For a new ticket (no pk yet) the initial state is checked and the row
    created. ``extra_fields`` are other fields the caller set and wants saved."""
    old = ticket.status if ticket.pk else None
    check_ticket_transition(old, target)
    ticket.status = target
    if ticket.pk is None:
        ticket.save()
    else:
        ticket.save(update_fields=["status", *extra_fields])
    events.status_changed(ticket_id=ticket.pk, old=old, new=target, now=now, actor=actor, actor_kind=actor_kind, data=data)
    return ticket


def case_transition(
    case: Case, target: str, *, now: datetime, actor=None, actor_kind: str | None = None,
    data: dict[str, Any] | None = None, extra_fields: tuple[str, ...] = (),
) -> Case:
    old = case.status if case.pk else None
    check_case_transition(old, target)
    case.status = target
    if case.pk is None:
        case.save()
    else:
        case.save(update_fields=["status", *extra_fields])
    events.case_status_changed(
        ticket_id=case.ticket_id, case_id=case.pk, old=old, new=target, now=now, actor=actor, actor_kind=actor_kind, data=data
    )
    return case
