"""The work after a contact is taken in, done by a worker (the ``intake``
queue) so the API answers at once: the suggested answer of a CSBA ticket, or
the notice to the seller of a message routed to its buyer-seller messages.

Done once per ticket: ``Ticket.after_intake_at`` is set in the transaction
that stores the result, under a row lock (SKIP LOCKED: two workers never do a
ticket twice, a retry finds it done). Intake enqueues the task on commit; if
the broker was down then, the task is lost, so the beat job
``tickets_after_intake_pending_task`` re-derives the work from the database:
tickets without ``after_intake_at`` after a grace period."""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery

from csba.db import locked_batch_query
from csba.prepared import Param, PreparedRead

from ... import events
from ...intake.services.notifications import ticket_notify_routed_away
from ...models import Direction, Message, Ticket
from ...reasons import Route
from .suggestions import suggestion_ready_event, suggestions_for

# Older tickets are not re-derived: a suggestion or seller notice a day late helps nobody.
LOOKBACK = timedelta(days=1)
# A task takes up to this many other pending tickets along with its own: when
# contacts arrive faster than one at a time, their work is done together, in
# one set of statements (the tasks of the others then find them done).
BATCH = 100
# Tickets this process did recently: their own tasks return without a query.
_done_here: deque[int] = deque(maxlen=10_000)
_done_set: set[int] = set()


def forget_done() -> None:
    """Tests: ids come back after a rollback, so the memory is cleared between tests."""
    _done_here.clear()
    _done_set.clear()


def _remember(ticket_ids: list[int]) -> None:
    for pk in ticket_ids:
        if len(_done_here) == _done_here.maxlen:
            _done_set.discard(_done_here[0])
        _done_here.append(pk)
        _done_set.add(pk)


def tickets_after_intake(*, ticket_ids: list[int], now: datetime, others: int = 0) -> dict[str, int]:
    """Do the after-intake work of ``ticket_ids`` that is not done yet (and,
    with ``others``, of up to that many other pending tickets taken in within
    ``LOOKBACK``). Tickets done already or held by another worker are skipped.
    Few statements whatever the number: the tickets locked in one query,
    their questions and orders read together (``suggestions_for``), the
    UPDATEs of ``_store``, one insert of the events. Returns counts by outcome. Seller
    notices are emailed after commit."""
    outcomes: dict[str, int] = {}
    with transaction.atomic():
        if len(ticket_ids) == 1 and others == BATCH:  # a ticket's own task: the same statement every time
            tickets = PENDING_WITH_ONE(ticket_id=ticket_ids[0], since=now - LOOKBACK, until=now)
        else:
            tickets = list(
                _pending_query(ticket_ids, now - LOOKBACK if others else None, now, len(ticket_ids) + others)
            )
        csba = [t for t in tickets if t.route == Route.CSBA]
        suggestions = suggestions_for(csba, now=now)
        rows, notify, suggested = [], [], []
        for ticket in tickets:
            outcome = "none"
            suggestion = suggestions.get(ticket.pk)
            if suggestion is not None:
                ticket.suggestion, ticket.suggestion_at = suggestion, now
                suggested.append(ticket)
                outcome = suggestion["decision"]
                rows.append(suggestion_ready_event(ticket.pk, suggestion, now=now))
            elif ticket.route == Route.SELLER_MESSAGING and ticket.seller_id:
                notify.append(ticket)
                outcome = "seller_notified"
            ticket.after_intake_at = now
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if tickets:
            _store(tickets, suggested, now=now)
            events.record_many(rows)
            done = [t.pk for t in tickets]
            transaction.on_commit(lambda: _remember(done))
        if notify:
            transaction.on_commit(
                lambda: [ticket_notify_routed_away(ticket_id=t.pk, now=now, ticket=t) for t in notify]
            )
    return outcomes


def _pending_query(ticket_ids: list[int], since: datetime | None, until: datetime, size: int):
    """Pending tickets among ``ticket_ids`` (and, with ``since``, those taken in
    after it), locked, with what the work reads of them: buyer, order, item
    and product, marketplace, seller, and the buyer's first message
    (``question``)."""
    pending = Ticket.objects.filter(after_intake_at__isnull=True)
    wanted = Q(pk__in=ticket_ids)
    if since is not None:
        wanted |= Q(opened_at__gt=since, opened_at__lte=until)
    # Picked among the pending tickets (few: a partial index holds them), then locked by key: ordered by
    # key over the whole table, SQLite walked every ticket ever taken in for each batch.
    chosen = pending.filter(wanted).values("pk")
    first_message = Message.objects.filter(ticket_id=OuterRef("pk"), direction=Direction.INBOUND).order_by(
        "sent_at", "pk"
    )
    return locked_batch_query(
        pending.filter(pk__in=chosen)
        .select_related("buyer", "order", "order_item__product", "marketplace", "seller")
        .annotate(question=Subquery(first_message.values("body")[:1])),
        size=size,
        order_by=("pk",),
    )


# The statement of every ticket's own task, compiled once (csba.prepared).
PENDING_WITH_ONE = PreparedRead(
    lambda ticket_id, since, until: _pending_query([ticket_id], since, until, 1 + BATCH),
    ticket_id=Param.INT,
    since=Param.DATETIME,
    until=Param.DATETIME,
)


# Up to this many suggestions are stored by one plain UPDATE each: Django's bulk form builds a CASE per row and
# field, which costs more (0.9 CPU-ms for one ticket against 0.12) until about this many rows.
PLAIN_UPDATES = 8


def _store(tickets: list[Ticket], suggested: list[Ticket], *, now: datetime) -> None:
    """Store the suggestions and mark every ticket of the batch done (``after_intake_at``)."""
    if len(suggested) > PLAIN_UPDATES:
        Ticket.objects.bulk_update(suggested, ["suggestion", "suggestion_at", "after_intake_at"])
    else:
        for ticket in suggested:
            Ticket.objects.filter(pk=ticket.pk).update(
                suggestion=ticket.suggestion, suggestion_at=now, after_intake_at=now
            )
    done = {t.pk for t in suggested}
    rest = [t.pk for t in tickets if t.pk not in done]
    if rest:
        Ticket.objects.filter(pk__in=rest).update(after_intake_at=now)


def ticket_after_intake(*, ticket_id: int, now: datetime) -> str:
    """The after-intake work of one ticket (the task intake enqueues), with up
    to ``BATCH`` other pending tickets; "done_before" when it was done."""
    if ticket_id in _done_set:
        return "done_before"
    outcomes = tickets_after_intake(ticket_ids=[ticket_id], now=now, others=BATCH)
    return max(outcomes, key=outcomes.get) if outcomes else "done_before"


def tickets_after_intake_pending(*, now: datetime, batch_size: int = 200) -> int:
    """Re-derive the after-intake work of tickets whose task was lost: taken in
    more than ``settings.CSBA_AFTER_INTAKE_GRACE_SECONDS`` ago (a task
    normally runs within seconds) and within ``LOOKBACK``, still not done.
    Idempotent; returns the number done."""
    done = 0
    grace = timedelta(seconds=settings.CSBA_AFTER_INTAKE_GRACE_SECONDS)
    while True:
        ids = list(
            Ticket.objects.filter(
                after_intake_at__isnull=True, opened_at__lte=now - grace, opened_at__gt=now - LOOKBACK
            )
            .order_by("opened_at")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return done
        handled = sum(tickets_after_intake(ticket_ids=ids, now=now).values())
        done += handled
        if handled < len(ids):  # the rest is held by another worker: its task will finish them
            return done
