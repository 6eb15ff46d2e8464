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


def tickets_transition_bulk(
    tickets: list[Ticket], target: str, *, now: datetime, actor=None, actor_kind: str | None = None,
    data_for=None, extra_fields: tuple[str, ...] = (),
) -> list[Ticket]:
    """The batch form of ``ticket_transition`` for sweeps: every ticket (locked
    rows) is checked against the table, saved with one ``bulk_update`` and gets
    its status event from one ``bulk_create``. ``data_for(ticket)`` gives each
    event's extra data."""
    return _bulk(tickets, target, check_ticket_transition, now=now, actor=actor, actor_kind=actor_kind,
                 data_for=data_for, extra_fields=extra_fields, case_events=False)


def cases_transition_bulk(
    cases: list[Case], target: str, *, now: datetime, actor=None, actor_kind: str | None = None,
    data_for=None, extra_fields: tuple[str, ...] = (),
) -> list[Case]:
    """The batch form of ``case_transition`` (same checks, same events)."""
    return _bulk(cases, target, check_case_transition, now=now, actor=actor, actor_kind=actor_kind,
                 data_for=data_for, extra_fields=extra_fields, case_events=True)


def _bulk(rows, target, check, *, now, actor, actor_kind, data_for, extra_fields, case_events):
    from ..models import ActorKind, TicketEvent

    if not rows:
        return rows
    kind = events.EventKind.CASE_STATUS_CHANGED if case_events else events.EventKind.STATUS_CHANGED
    built = []
    for row in rows:
        old = row.status
        check(old, target)  # raises before anything is written
        row.status = target
        built.append(TicketEvent(
            ticket_id=row.ticket_id if case_events else row.pk, case_id=row.pk if case_events else None, kind=kind,
            actor=actor, actor_kind=actor_kind or (ActorKind.AGENT if actor is not None else ActorKind.SYSTEM), at=now,
            data={"from": old, "to": target, **((data_for(row) if data_for else None) or {})},
        ))
    type(rows[0]).objects.bulk_update(rows, ["status", *extra_fields])
    TicketEvent.objects.bulk_create(built)
    return rows
