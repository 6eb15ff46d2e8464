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

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from csba.db import locked_batch

from ... import events
from ...console.services.suggestions import suggestion_for
from ...models import ActorKind, Ticket
from ...reasons import Route
from .notifications import ticket_notify_routed_away

# Older tickets are not re-derived: a suggestion or seller notice a day late helps nobody.
LOOKBACK = timedelta(days=1)


def tickets_after_intake(*, ticket_ids: list[int], now: datetime) -> dict[str, int]:
    """Do the after-intake work of ``ticket_ids`` that is not done yet (others
    are skipped, as are tickets another worker holds). Returns counts by
    outcome. Seller notices are emailed after commit."""
    outcomes: dict[str, int] = {}
    with transaction.atomic():
        tickets = locked_batch(
            Ticket.objects.filter(pk__in=ticket_ids, after_intake_at__isnull=True).select_related(
                "buyer", "order", "order_item__product", "marketplace"
            ),
            size=len(ticket_ids),
            order_by=("pk",),
        )
        rows, notify = [], []
        for ticket in tickets:
            outcome = "none"
            if ticket.route == Route.CSBA:
                suggestion = suggestion_for(ticket, now=now)
                if suggestion is not None:
                    ticket.suggestion, ticket.suggestion_at = suggestion, now
                    outcome = suggestion["decision"]
                    rows.append(
                        events.event_row(
                            ticket_id=ticket.pk,
                            kind=events.EventKind.SUGGESTION_READY,
                            now=now,
                            actor_kind=ActorKind.SYSTEM,
                            data={"decision": suggestion["decision"], "reason": suggestion.get("reason", "")},
                        )
                    )
            elif ticket.route == Route.SELLER_MESSAGING and ticket.seller_id:
                notify.append(ticket.pk)
                outcome = "seller_notified"
            ticket.after_intake_at = now
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if tickets:
            Ticket.objects.bulk_update(tickets, ["suggestion", "suggestion_at", "after_intake_at"])
            events.record_many(rows)
        if notify:
            transaction.on_commit(lambda: [ticket_notify_routed_away(ticket_id=pk, now=now) for pk in notify])
    return outcomes


def ticket_after_intake(*, ticket_id: int, now: datetime) -> str:
    """The after-intake work of one ticket; "done_before" when it was done."""
    outcomes = tickets_after_intake(ticket_ids=[ticket_id], now=now)
    return next(iter(outcomes), "done_before")


def tickets_after_intake_pending(*, now: datetime, batch_size: int = 200) -> int:
    """Re-derive the after-intake work of tickets whose task was lost: taken in
    more than ``settings.CSBA_AFTER_INTAKE_GRACE_SECONDS`` ago (a task
    normally runs within seconds) (and within ``LOOKBACK``) and still not done.
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
