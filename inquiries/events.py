"""One small creator per TicketEvent kind, each called inside the action's
transaction. The event kinds are the audit vocabulary shown on the ticket page."""
from __future__ import annotations

from datetime import datetime
from typing import Any

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
    SUGGESTION_READY = "suggestion_ready"
    SUGGESTION_ACCEPTED = "suggestion_accepted"
    REFUND_ISSUED = "refund_issued"
    RETURN_AUTHORIZED = "return_authorized"
    REPLACEMENT_SENT = "replacement_sent"
    CASE_OPENED = "case_opened"
    CASE_STATUS_CHANGED = "case_status_changed"
    CASE_REMINDER_SENT = "case_reminder_sent"
    SELLER_REPLIED = "seller_replied"
    LATE_SELLER_REPLY = "late_seller_reply"
    AUTO_RESOLVED = "auto_resolved"
    MERGED = "merged"
    COMMITMENT_BREACHED = "commitment_breached"
    CSAT_RECEIVED = "csat_received"
    SAFET_FILED = "safet_filed"
    SAFET_DECIDED = "safet_decided"


def _actor_kind(actor, default: str) -> str:
    return default if actor is not None else ActorKind.SYSTEM


def row(
    *, ticket_id: int, kind: str, now: datetime, actor=None, actor_kind: str | None = None,
    case_id: int | None = None, data: dict[str, Any] | None = None,
) -> TicketEvent:
    """An unsaved event, for callers that write many with one ``bulk_create``."""
    return TicketEvent(
        ticket_id=ticket_id,
        case_id=case_id,
        kind=kind,
        actor=actor,
        actor_kind=actor_kind or _actor_kind(actor, ActorKind.AGENT),
        at=now,
        data=data or {},
    )


def record(
    *, ticket_id: int, kind: str, now: datetime, actor=None, actor_kind: str | None = None,
    case_id: int | None = None, data: dict[str, Any] | None = None,
) -> TicketEvent:
    """The one writer of single TicketEvent rows; the named creators below call it."""
    event = row(ticket_id=ticket_id, kind=kind, now=now, actor=actor, actor_kind=actor_kind, case_id=case_id, data=data)
    event.save()
    return event


def status_changed_row(*, ticket_id: int, old: str | None, new: str, now: datetime, actor=None, actor_kind=None, data=None):
    payload = {"from": old, "to": new, **(data or {})}
    kind = EventKind.OPENED if old is None else EventKind.STATUS_CHANGED
    return row(ticket_id=ticket_id, kind=kind, now=now, actor=actor, actor_kind=actor_kind, data=payload)


def status_changed(*, ticket_id: int, old: str | None, new: str, now: datetime, actor=None, actor_kind=None, data=None):
    event = status_changed_row(ticket_id=ticket_id, old=old, new=new, now=now, actor=actor, actor_kind=actor_kind, data=data)
    event.save()
    return event


def case_status_changed(*, ticket_id: int, case_id: int, old: str | None, new: str, now: datetime, actor=None, actor_kind=None, data=None):
    payload = {"from": old, "to": new, **(data or {})}
    kind = EventKind.CASE_OPENED if old is None else EventKind.CASE_STATUS_CHANGED
    return record(ticket_id=ticket_id, case_id=case_id, kind=kind, now=now, actor=actor, actor_kind=actor_kind, data=payload)
