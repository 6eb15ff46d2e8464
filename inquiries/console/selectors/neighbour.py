"""The next (or previous) ticket of the agent's queue view: the ticket page's
"next ticket" and the queue's "n" key. A few index walks whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from sellers.selectors import EVERYTHING, AgentScope

from ...events import EventKind
from ...models import Ticket, TicketEvent
from .queue import QueueFilters, _filtered, _in_status, _is_ranked, _statuses


@dataclass(frozen=True)
class QueuePosition:
    """Where a ticket stands (or stood) in a queue view."""

    pk: int
    first_response_due_at: datetime
    status: str
    # The actionable status it had before it left the queue (a reply moved it
    # to "waiting for the buyer"): "next" carries on from where it was.
    queue_status: str


def queue_position(*, ticket_id: int) -> QueuePosition | None:
    """What ``queue_neighbour`` needs of the ticket the agent comes from (two queries at most)."""
    row = Ticket.objects.filter(pk=ticket_id).values_list("pk", "first_response_due_at", "status").first()
    if row is None:
        return None
    pk, due, status = row
    previous = (
        TicketEvent.objects.filter(ticket_id=pk, kind=EventKind.STATUS_CHANGED, data__to=status)
        .order_by("-at", "-pk")
        .values_list("data", flat=True)
        .first()
    )
    queue_status = (previous or {}).get("from") or status
    return QueuePosition(pk, due, status, queue_status)


def queue_neighbour(
    *,
    filters: QueueFilters,
    agent_id: int,
    now: datetime,
    after: QueuePosition | Ticket | None,
    forward: bool = True,
    scope: AgentScope = EVERYTHING,
) -> int | None:
    """The ticket after (or before) ``after`` (None: the first) in the
    filtered queue that the agent may work (unassigned or its own), in the
    view's order: in the default sort the statuses one after the other
    (seller replies first), each by due time; otherwise by due time across
    them. One index walk per status."""
    base = _filtered(filters=filters, agent_id=agent_id, now=now, scope=scope).filter(
        Q(assigned_to__isnull=True) | Q(assigned_to_id=agent_id)
    )
    statuses = list(_statuses(filters))
    order = ("first_response_due_at", "pk") if forward else ("-first_response_due_at", "-pk")

    def past(tickets):
        if after is None:
            return tickets
        due, pk = after.first_response_due_at, after.pk
        if forward:
            return tickets.filter(Q(first_response_due_at__gt=due) | Q(first_response_due_at=due, pk__gt=pk))
        return tickets.filter(Q(first_response_due_at__lt=due) | Q(first_response_due_at=due, pk__lt=pk))

    def first_in(status: str, tickets) -> tuple | None:
        return _in_status(tickets, (status,), now).order_by(*order).values_list("first_response_due_at", "pk").first()

    if _is_ranked(filters):
        sequence = statuses if forward else statuses[::-1]
        where = getattr(after, "queue_status", getattr(after, "status", None)) if after is not None else None
        start = sequence.index(where) if where in sequence else 0
        for index, status in enumerate(sequence[start:], start=start):
            found = first_in(status, past(base) if index == start and after is not None else base)
            if found is not None:
                return found[1]
        return None
    candidates = [row for status in statuses if (row := first_in(status, past(base))) is not None]
    if not candidates:
        return None
    return (min(candidates) if forward else max(candidates))[1]
