"""The one writer of the audit trail: every TicketEvent row (ticket and case
events alike) is created here, inside the action's transaction.

- ``record(...)``: one event, saved now (returns the TicketEvent).
- ``event_row(...)``: one event as a plain row, for a bulk write;
  ``record_many(rows)`` writes a list of them in one statement, and
  ``record_or_collect(rows, out)`` either writes them or hands them to a caller
  that writes its batch's events together (the auto-resolution sweep).
- ``status_changed`` / ``case_status_changed`` (and their ``*_row`` forms):
  the events of the transition functions (``inquiries.transitions``).

Every kind is a member of ``EventKind``; an unknown kind is refused, so the
audit vocabulary the ticket page labels is closed.
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any, NamedTuple

from django.db import connection

from csba.prepared import PreparedInsert

from .models import ActorKind, TicketEvent


class EventKind:
    OPENED = "opened"
    STATUS_CHANGED = "status_changed"
    ROUTED = "routed"
    MESSAGE_RECEIVED = "message_received"
    REPLY_SENT = "reply_sent"
    NOTE_ADDED = "note_added"
    CLAIMED = "claimed"
    TAKEN_OVER = "taken_over"
    RELEASED = "released"
    # An agent gave the ticket to another agent (the queue's bulk "assign", the ticket page).
    ASSIGNED = "assigned"
    SUGGESTION_READY = "suggestion_ready"
    SUGGESTION_ACCEPTED = "suggestion_accepted"
    SUGGESTION_DISCARDED = "suggestion_discarded"
    REFUND_ISSUED = "refund_issued"
    RETURN_AUTHORIZED = "return_authorized"
    REPLACEMENT_SENT = "replacement_sent"
    CASE_OPENED = "case_opened"
    CASE_STATUS_CHANGED = "case_status_changed"
    CASE_REMINDER_SENT = "case_reminder_sent"
    SELLER_REPLIED = "seller_replied"
    LATE_SELLER_REPLY = "late_seller_reply"
    # An email to the seller about a case (deduplicates retried notice tasks).
    SELLER_NOTIFIED = "seller_notified"
    AUTO_RESOLVED = "auto_resolved"
    MERGED = "merged"
    COMMITMENT_BREACHED = "commitment_breached"
    CSAT_RECEIVED = "csat_received"
    SAFET_FILED = "safet_filed"
    SAFET_DECIDED = "safet_decided"
    # An agent verified the buyer of a contact that named someone's order (the order is attached).
    BUYER_VERIFIED = "buyer_verified"
    # An agent corrected the contact reason the classifier gave.
    REASON_CORRECTED = "reason_corrected"

    @classmethod
    def all(cls) -> frozenset[str]:
        return frozenset(value for name, value in vars(cls).items() if name.isupper() and isinstance(value, str))


KINDS = EventKind.all()


class EventRow(NamedTuple):
    """A TicketEvent row to insert, without building a model instance."""

    ticket_id: int
    case_id: int | None
    kind: str
    actor_id: int | None
    actor_kind: str
    at: datetime
    data: dict


def _checked(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"Unknown event kind {kind!r}: add it to inquiries.events.EventKind.")
    return kind


def _actor_kind(actor, actor_kind: str | None) -> str:
    return actor_kind or (ActorKind.AGENT if actor is not None else ActorKind.SYSTEM)


def event_row(
    *,
    ticket_id: int,
    kind: str,
    now: datetime,
    actor=None,
    actor_kind: str | None = None,
    case_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> EventRow:
    """One event as a plain row for ``record_many`` (no model instance built)."""
    return EventRow(
        ticket_id,
        case_id,
        _checked(kind),
        actor.pk if actor is not None else None,
        _actor_kind(actor, actor_kind),
        now,
        data or {},
    )


# A single event's INSERT, compiled once (every contact writes one).
_EVENT_INSERT = PreparedInsert(TicketEvent)


def record(
    *,
    ticket_id: int,
    kind: str,
    now: datetime,
    actor=None,
    actor_kind: str | None = None,
    case_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> TicketEvent:
    """The one writer of single TicketEvent rows."""
    event = TicketEvent(
        ticket_id=ticket_id,
        case_id=case_id,
        kind=_checked(kind),
        actor=actor,
        actor_kind=_actor_kind(actor, actor_kind),
        at=now,
        data=data or {},
    )
    return _EVENT_INSERT(event)


def record_or_collect(rows: list[EventRow], events_out: list | None) -> None:
    """Append ``rows`` to ``events_out`` for the caller's own bulk write, or
    (``events_out`` None) write them now."""
    if events_out is not None:
        events_out.extend(rows)
    else:
        record_many(rows)


EVENT_COLUMNS = ("ticket_id", "case_id", "kind", "actor_id", "actor_kind", "at", "data")


def record_many(rows: list[EventRow]) -> None:
    """The bulk writer: the events in one statement. A sweep writes about
    five per case, and Django's ``bulk_create`` spends more time compiling
    them than the database spends storing them. PostgreSQL: COPY; SQLite:
    one ``executemany``; elsewhere ``bulk_create``."""
    if not rows:
        return
    for row in rows:
        _checked(row.kind)
    table = TicketEvent._meta.db_table
    if connection.vendor == "postgresql":
        sql = f"COPY {table} ({', '.join(EVENT_COLUMNS)}) FROM STDIN"
        started = time.monotonic()
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for event in rows:
                copy.write_row(
                    (
                        event.ticket_id,
                        event.case_id,
                        event.kind,
                        event.actor_id,
                        event.actor_kind,
                        event.at,
                        json.dumps(event.data),
                    )
                )
        if connection.queries_logged:  # count it like any other statement (tests, benchmarks)
            connection.queries_log.append(
                {"sql": f"{sql} -- {len(rows)} rows", "time": f"{time.monotonic() - started:.3f}"}
            )
    elif connection.vendor == "sqlite":
        quote = connection.ops.quote_name
        sql = (
            f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in EVENT_COLUMNS)}) "
            f"VALUES (%s, %s, %s, %s, %s, %s, %s)"
        )
        adapt = connection.ops.adapt_datetimefield_value
        moments: dict = {}
        params = []
        for event in rows:
            if event.at not in moments:
                moments[event.at] = adapt(event.at)
            params.append(
                (
                    event.ticket_id,
                    event.case_id,
                    event.kind,
                    event.actor_id,
                    event.actor_kind,
                    moments[event.at],
                    json.dumps(event.data),
                )
            )
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
    else:
        TicketEvent.objects.bulk_create([TicketEvent(**row._asdict()) for row in rows])


def status_changed_row(
    *,
    ticket_id: int,
    old: str | None,
    new: str,
    now: datetime,
    actor=None,
    actor_kind=None,
    data=None,
) -> EventRow:
    payload = {"from": old, "to": new, **(data or {})}
    kind = EventKind.OPENED if old is None else EventKind.STATUS_CHANGED
    return event_row(ticket_id=ticket_id, kind=kind, now=now, actor=actor, actor_kind=actor_kind, data=payload)


def case_status_changed_row(
    *,
    ticket_id: int,
    case_id: int,
    old: str | None,
    new: str,
    now: datetime,
    actor=None,
    actor_kind=None,
    data=None,
) -> EventRow:
    payload = {"from": old, "to": new, **(data or {})}
    kind = EventKind.CASE_OPENED if old is None else EventKind.CASE_STATUS_CHANGED
    return event_row(
        ticket_id=ticket_id, case_id=case_id, kind=kind, now=now, actor=actor, actor_kind=actor_kind, data=payload
    )


def status_changed(*, ticket_id: int, old: str | None, new: str, now: datetime, actor=None, actor_kind=None, data=None):
    row = status_changed_row(
        ticket_id=ticket_id, old=old, new=new, now=now, actor=actor, actor_kind=actor_kind, data=data
    )
    return record(
        ticket_id=row.ticket_id, kind=row.kind, now=now, actor=actor, actor_kind=row.actor_kind, data=row.data
    )


def case_status_changed(
    *, ticket_id: int, case_id: int, old: str | None, new: str, now: datetime, actor=None, actor_kind=None, data=None
):
    row = case_status_changed_row(
        ticket_id=ticket_id, case_id=case_id, old=old, new=new, now=now, actor=actor, actor_kind=actor_kind, data=data
    )
    return record(
        ticket_id=row.ticket_id,
        case_id=case_id,
        kind=row.kind,
        now=now,
        actor=actor,
        actor_kind=row.actor_kind,
        data=row.data,
    )
