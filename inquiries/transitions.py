"""The one place ticket and case statuses change. Each change is checked
against the transition table (``inquiries.states``) and writes its audit event
in the same transaction. Nothing else assigns ``status``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection

from csba.db import row_update
from csba.prepared import PreparedInsert

from . import events
from .models import Case, Ticket
from .states import check_case_transition, check_ticket_transition

# A new ticket's INSERT, compiled once (intake's hot path).
_TICKET_INSERT = PreparedInsert(Ticket)


def ticket_transition(
    ticket: Ticket,
    target: str,
    *,
    now: datetime,
    actor=None,
    actor_kind: str | None = None,
    data: dict[str, Any] | None = None,
    extra_fields: tuple[str, ...] = (),
) -> Ticket:
    """Move ``ticket`` (a locked or freshly created row) to ``target``.
    For a new ticket (no pk yet) the initial state is checked and the row
    created. ``extra_fields`` are other fields the caller set and wants saved."""
    old = ticket.status if ticket.pk else None
    check_ticket_transition(old, target)
    ticket.status = target
    if ticket.pk is None:
        _TICKET_INSERT(ticket)
    else:
        row_update(ticket, ["status", *extra_fields])
    events.status_changed(
        ticket_id=ticket.pk, old=old, new=target, now=now, actor=actor, actor_kind=actor_kind, data=data
    )
    return ticket


def case_transition(
    case: Case,
    target: str,
    *,
    now: datetime,
    actor=None,
    actor_kind: str | None = None,
    data: dict[str, Any] | None = None,
    extra_fields: tuple[str, ...] = (),
) -> Case:
    old = case.status if case.pk else None
    check_case_transition(old, target)
    case.status = target
    if case.pk is None:
        case.save()
    else:
        row_update(case, ["status", *extra_fields])
    events.case_status_changed(
        ticket_id=case.ticket_id,
        case_id=case.pk,
        old=old,
        new=target,
        now=now,
        actor=actor,
        actor_kind=actor_kind,
        data=data,
    )
    return case


def tickets_transition_bulk(
    tickets: list[Ticket],
    target: str,
    *,
    now: datetime,
    actor=None,
    actor_kind: str | None = None,
    data_for=None,
    extra_fields: tuple[str, ...] = (),
    events_out: list | None = None,
) -> list[Ticket]:
    """The batch form of ``ticket_transition`` for sweeps: every ticket (locked
    rows) is checked against the table and saved with ONE UPDATE (with the
    other fields the caller set, ``extra_fields``, per row where they differ);
    the status events are written with one statement (``events.record_many``).
    ``data_for(ticket)`` gives each event's extra data. With ``events_out``
    the (unsaved) events are appended to it for the caller to write with its
    own, in the same transaction."""
    return _bulk(
        tickets,
        target,
        check_ticket_transition,
        now=now,
        actor=actor,
        actor_kind=actor_kind,
        data_for=data_for,
        extra_fields=extra_fields,
        case_events=False,
        events_out=events_out,
    )


def cases_transition_bulk(
    cases: list[Case],
    target: str,
    *,
    now: datetime,
    actor=None,
    actor_kind: str | None = None,
    data_for=None,
    extra_fields: tuple[str, ...] = (),
    events_out: list | None = None,
) -> list[Case]:
    """The batch form of ``case_transition`` (same checks, same events)."""
    return _bulk(
        cases,
        target,
        check_case_transition,
        now=now,
        actor=actor,
        actor_kind=actor_kind,
        data_for=data_for,
        extra_fields=extra_fields,
        case_events=True,
        events_out=events_out,
    )


def tickets_open_bulk(
    opening: list[tuple[Ticket, str, dict[str, Any]]],
    *,
    now: datetime,
    actor=None,
    actor_kind: str | None = None,
) -> list[Ticket]:
    """The batch form of ``ticket_transition`` for new tickets (batch intake):
    each ``(ticket, initial status, event data)`` is checked against the
    table's initial states, the tickets are created with ONE INSERT and their
    ``opened`` events written with one statement."""
    if not opening:
        return []
    for ticket, target, _ in opening:
        check_ticket_transition(None, target)  # raises before anything is written
        ticket.status = target
    tickets = [ticket for ticket, _, _ in opening]
    Ticket.objects.bulk_create(tickets)
    events.record_many(
        [
            events.status_changed_row(
                ticket_id=ticket.pk, old=None, new=target, now=now, actor=actor, actor_kind=actor_kind, data=data
            )
            for ticket, target, data in opening
        ]
    )
    return tickets


def _bulk(rows, target, check, *, now, actor, actor_kind, data_for, extra_fields, case_events, events_out):
    if not rows:
        return rows
    built = []
    for row in rows:
        old = row.status
        check(old, target)  # raises before anything is written
        row.status = target
        data = (data_for(row) if data_for else None) or {}
        if case_events:
            built.append(
                events.case_status_changed_row(
                    ticket_id=row.ticket_id,
                    case_id=row.pk,
                    old=old,
                    new=target,
                    now=now,
                    actor=actor,
                    actor_kind=actor_kind,
                    data=data,
                )
            )
        else:
            built.append(
                events.status_changed_row(
                    ticket_id=row.pk, old=old, new=target, now=now, actor=actor, actor_kind=actor_kind, data=data
                )
            )
    _update_rows(rows, {"status": target}, extra_fields)
    events.record_or_collect(built, events_out)
    return rows


def _update_rows(rows, constants: dict, fields: tuple[str, ...]) -> None:
    """Save ``constants`` and ``fields`` (read from each row) on all rows in
    one statement: an UPDATE … FROM (VALUES …) on PostgreSQL and SQLite where
    the fields differ between rows (``bulk_update`` builds a CASE per row and
    costs more than the whole rest of a sweep's batch); elsewhere
    ``bulk_update``."""
    model = type(rows[0])
    uniform = dict(constants)
    varying = []
    for name in fields:
        first = getattr(rows[0], name)
        if all(getattr(row, name) == first for row in rows):
            uniform[name] = first
        else:
            varying.append(name)
    if not varying:
        model.objects.filter(pk__in=[row.pk for row in rows]).update(**uniform)
        return
    if connection.vendor not in ("postgresql", "sqlite"):
        for row in rows:
            for name, value in constants.items():
                setattr(row, name, value)
        model.objects.bulk_update(rows, [*constants, *fields])
        return
    opts, quote = model._meta, connection.ops.quote_name
    table = quote(opts.db_table)
    sets, params = [], []
    for name, value in uniform.items():
        field = opts.get_field(name)
        sets.append(f"{quote(field.column)} = %s")
        params.append(field.get_db_prep_save(value, connection))
    fields_ = [opts.get_field(name) for name in varying]
    for index, field in enumerate(fields_, start=2):
        cast = f"::{field.db_type(connection)}" if connection.vendor == "postgresql" else ""
        sets.append(f"{quote(field.column)} = v.column{index}{cast}")
    placeholders = "(" + ", ".join(["%s"] * (len(fields_) + 1)) + ")"
    for row in rows:
        params.append(row.pk)
        params.extend(field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields_)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {', '.join(sets)} FROM (VALUES {', '.join([placeholders] * len(rows))}) AS v "
            f"WHERE {table}.{quote(opts.pk.column)} = v.column1",
            params,
        )
