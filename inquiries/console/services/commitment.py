"""The buyer commitment: a first reply within the marketplace's commitment
hours (two days). A periodic job flags the tickets that missed it."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q

from csba.db import locked_batch

from ... import events
from ...models import ActorKind, Ticket
from ...reasons import Route
from ...states import TICKET_COMMITTED

# Commitment flags look this far back (the job runs every 10 minutes; a longer
# outage than this would leave older tickets unflagged).
COMMITMENT_LOOKBACK = timedelta(days=30)


def ticket_flag_commitment_breaches(*, now: datetime, batch_size: int = 1000) -> int:
    """Flag CSBA tickets the buyer got no first reply on by
    ``first_response_due_at`` (opened + the marketplace's commitment hours,
    two days): no reply yet, or the first reply came late. Tickets closed
    before the due time without a reply are not breaches. Each flag writes a
    ``commitment_breached`` event; safe to run twice."""
    candidates = (
        Ticket.objects.filter(
            route=Route.CSBA,
            is_commitment_breached=False,
            status__in=TICKET_COMMITTED,
            first_response_due_at__lte=now,
            first_response_due_at__gt=now - COMMITMENT_LOOKBACK,
        )
        .filter(Q(first_responded_at__isnull=True) | Q(first_responded_at__gt=F("first_response_due_at")))
        .exclude(first_responded_at__isnull=True, resolved_at__lte=F("first_response_due_at"))
    )
    flagged = 0
    while True:
        with transaction.atomic():
            batch = locked_batch(
                candidates.only("pk", "first_response_due_at", "first_responded_at"),
                size=batch_size,
                order_by=("first_response_due_at", "pk"),
            )
            ids = [t.pk for t in batch]
            Ticket.objects.filter(pk__in=ids).update(is_commitment_breached=True)
            events.record_many(
                [
                    events.event_row(
                        ticket_id=t.pk,
                        kind=events.EventKind.COMMITMENT_BREACHED,
                        actor_kind=ActorKind.SYSTEM,
                        now=now,
                        data={
                            "due_at": t.first_response_due_at.isoformat(),
                            "first_responded_at": t.first_responded_at.isoformat() if t.first_responded_at else None,
                        },
                    )
                    for t in batch
                ]
            )
        flagged += len(ids)
        if len(ids) < batch_size:
            return flagged
