"""The case log's periodic jobs: the sweep that auto-resolves overdue cases
(by CSBA policy, ``caselog/auto_resolution``) and the reminders of cases due
soon. Each is idempotent and takes its rows with SKIP LOCKED."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan

from csba.collector import collector_paused
from csba.db import locked_batch
from csba.dispatch import Task, enqueue_on_commit
from sellers.models import Buyer, Marketplace, Order

from ... import events
from ...models import ActorKind, Case, Ticket
from ...states import CaseStatus
from .. import auto_resolution
from .cases import Notice, case_notify_on_commit

# What the sweep reads (a deferred field read later would cost a query per row).
SWEEP_CASE_FIELDS = ("id", "ticket_id", "seller_id", "marketplace_id", "opened_at", "deadline_at", "status")
SWEEP_TICKET_FIELDS = (
    "id",
    "marketplace_id",
    "buyer",
    "buyer__name",
    "order",
    "order__order_number",
    "order__placed_at",
    "order__seller_id",
    "order__marketplace_id",
    "order_item_id",
    "seller_id",
    "channel",
    "language",
    "subject",
    "reason",
    "status",
    "first_responded_at",
    "suggestion",
    "suggestion_at",
)


SWEEP_TICKET_OWN_FIELDS = tuple(name for name in SWEEP_TICKET_FIELDS if "__" not in name)


def _attach_buyers_and_orders(tickets: list[Ticket]) -> None:
    """The tickets' buyers and orders (the columns of ``SWEEP_TICKET_FIELDS``),
    one query each by primary key, not joined to the ticket lock: joined, the
    planner hashed the whole order and buyer tables for a batch of 500
    (PostgreSQL, 100,000 orders: 25 ms a batch against ~1 ms by index)."""

    def related(field: str) -> tuple[str, ...]:
        return ("id", *(name.split("__", 1)[1] for name in SWEEP_TICKET_FIELDS if name.startswith(f"{field}__")))

    orders = Order.objects.filter(pk__in={t.order_id for t in tickets if t.order_id}).only(*related("order"))
    buyers = Buyer.objects.filter(pk__in={t.buyer_id for t in tickets if t.buyer_id}).only(*related("buyer"))
    by_order, by_buyer = {order.pk: order for order in orders}, {buyer.pk: buyer for buyer in buyers}
    for ticket in tickets:
        if ticket.order_id:
            ticket.order = by_order[ticket.order_id]
        if ticket.buyer_id:
            ticket.buyer = by_buyer[ticket.buyer_id]


def overdue_after(candidates: QuerySet[Case], after: tuple[datetime, int] | None) -> QuerySet[Case]:
    """The sweep's next rows: ``candidates`` past the keyset ``after`` (the
    last batch's (deadline_at, id)), as a row comparison that the
    ``case_sweep_keyset`` index range scan starts from and returns in order:
    each batch reads its own rows, not the whole backlog behind it."""
    rows = candidates.only(*SWEEP_CASE_FIELDS)
    return rows if after is None else rows.filter(TupleGreaterThan(Tuple("deadline_at", "pk"), after))


def _sweep(candidates: QuerySet[Case], *, now: datetime, batch_size: int) -> list[Case]:
    resolved: list[Case] = []
    marketplaces: dict[int, Marketplace] = {}
    after = None  # keyset (deadline_at, pk): cases skipped in a batch are not taken again in this run
    while True:
        with collector_paused(), transaction.atomic():
            batch = locked_batch(overdue_after(candidates, after), size=batch_size, order_by=("deadline_at", "pk"))
            if not batch:
                break
            after = (batch[-1].deadline_at, batch[-1].pk)
            tickets = locked_batch(
                Ticket.objects.filter(pk__in={case.ticket_id for case in batch}).only(*SWEEP_TICKET_OWN_FIELDS),
                size=len(batch),
                order_by=("pk",),
            )
            _attach_buyers_and_orders(tickets)
            if not marketplaces:
                marketplaces.update((m.pk, m) for m in Marketplace.objects.all())
            for case in batch:  # three marketplaces: from memory, not a join per row
                case.marketplace = marketplaces[case.marketplace_id]
            for ticket in tickets:
                ticket.marketplace = marketplaces[ticket.marketplace_id]
            auto_resolution.attach_order_data(tickets)
            result = auto_resolution.resolve_batch(batch, {t.pk: t for t in tickets}, now=now)
        resolved.extend(result.resolved)
        if len(batch) < batch_size:
            break
    return resolved


def case_sweep_overdue(*, now: datetime, batch_size: int = 500) -> int:
    """Auto-resolve every case past its deadline that still awaits the seller,
    oldest deadline first, in batches of ``batch_size``, one transaction per
    batch. Rows are locked with SKIP LOCKED (two workers share the work);
    cases whose ticket another worker holds wait for the next run. Idempotent.
    Queries per batch are constant. Emails the sellers after each commit."""
    overdue = Case.objects.filter(status=CaseStatus.AWAITING_SELLER, deadline_at__lte=now)
    resolved = len(_sweep(overdue, now=now, batch_size=batch_size))
    _notify_decisions(resolved)
    return resolved


def _notify_decisions(resolved: int) -> None:
    """After a sweep: one job emails each seller its decisions, one mail per
    seller (``notices.case_decisions_notify``). Also when this run resolved
    nothing but decisions wait unmailed (a sweep killed before it got here):
    the next minute's sweep sends them."""
    if resolved or (
        Case.objects.filter(status=CaseStatus.AUTO_RESOLVED, resolution_notified_at__isnull=True)[:1].exists()
    ):
        enqueue_on_commit(Task.CASE_DECISIONS_NOTIFY)


def case_overdue_backlog(*, now: datetime, limit: int) -> int:
    """How many cases are overdue, counted up to ``limit`` (an index range
    scan that stops there)."""
    overdue = Case.objects.filter(status=CaseStatus.AWAITING_SELLER, deadline_at__lte=now).values("pk")[:limit]
    return Case.objects.filter(pk__in=overdue).count() if limit else 0


def case_auto_resolve(*, case_id: int, now: datetime) -> Case | None:
    """Auto-resolve one overdue case now (the admin's action, the simulator).
    None if it is not overdue or not awaiting the seller."""
    done = _sweep(
        Case.objects.filter(pk=case_id, status=CaseStatus.AWAITING_SELLER, deadline_at__lte=now), now=now, batch_size=1
    )
    _notify_decisions(len(done))
    return done[0] if done else None


def reminder_lead(marketplace_code: str) -> timedelta:
    leads = settings.CASE_REMINDER_LEAD_MINUTES
    return timedelta(minutes=leads.get(marketplace_code, leads.get("*", 240)))


def case_remind_due(*, now: datetime, batch_size: int = 500) -> int:
    """Remind sellers of cases due within their marketplace's lead time
    (settings.CASE_REMINDER_LEAD_MINUTES), once per deadline. A case opened
    inside the lead time gets no reminder (its opening email is recent)."""
    reminded = 0
    for marketplace in Marketplace.objects.order_by("pk"):
        lead = reminder_lead(marketplace.code)
        due = Case.objects.filter(
            status=CaseStatus.AWAITING_SELLER,
            deadline_at__gt=now,
            deadline_at__lte=now + lead,
            marketplace=marketplace,
            reminded_at__isnull=True,
            opened_at__lt=F("deadline_at") - lead,
        )
        while True:
            with transaction.atomic():
                batch = locked_batch(due, size=batch_size, order_by=("deadline_at", "pk"))
                ids = [case.pk for case in batch]
                Case.objects.filter(pk__in=ids).update(reminded_at=now)
                events.record_many(
                    [
                        events.event_row(
                            ticket_id=case.ticket_id,
                            case_id=case.pk,
                            kind=events.EventKind.CASE_REMINDER_SENT,
                            actor_kind=ActorKind.SYSTEM,
                            now=now,
                            data={
                                "deadline_at": case.deadline_at.isoformat(),
                                "lead_minutes": int(lead.total_seconds() // 60),
                            },
                        )
                        for case in batch
                    ]
                )
                case_notify_on_commit(ids, Notice.REMINDER)
            reminded += len(ids)
            if len(ids) < batch_size:
                break
    return reminded
