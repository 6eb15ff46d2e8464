"""Carrying decisions out, a batch at a time, in a constant number of queries."""
from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from django.db import connection, transaction

from sellers.models import Refund, RefundKind, Return

from ... import events
from ...models import ActorKind, AuthorKind, Case, Channel, Direction, Message, Resolution, Ticket, TicketEvent
from ...states import CaseStatus, TicketStatus
from ...transitions import cases_transition_bulk, tickets_transition_bulk
from .facts import ResolutionContext
from .policies import Decision, decide

log = logging.getLogger(__name__)


# --- carrying decisions out, a batch at a time -------------------------------------------------------------------

@dataclass
class BatchResult:
    resolved: list[Case] = field(default_factory=list)
    cancelled: list[Case] = field(default_factory=list)
    reply_message_ids: list[int] = field(default_factory=list)


def resolve_batch(cases: list[Case], tickets: dict[int, Ticket], *, now: datetime) -> BatchResult:
    """Auto-resolve ``cases`` (locked, AWAITING_SELLER, overdue) whose tickets
    (locked, order data prefetched) are in ``tickets``. A constant number of
    queries per batch: bulk inserts of refunds, returns, buyer messages and
    events, bulk updates of cases and tickets. Called inside the sweep's
    transaction; the caller enqueues the emails on commit."""
    result = BatchResult()
    context = None
    work: list[tuple[Case, Decision]] = []
    for case in cases:
        ticket = tickets.get(case.ticket_id)
        if ticket is None:
            continue  # another worker holds the ticket: next sweep
        case.ticket = ticket
        if ticket.status != TicketStatus.AWAITING_SELLER:
            result.cancelled.append(case)
            continue
        work.append((case, None))
    if work:
        context = ResolutionContext.for_cases([case for case, _ in work])
        work = [(case, decide(case, now, context=context)) for case, _ in work]
    if result.cancelled:
        cases_transition_bulk(result.cancelled, CaseStatus.CANCELLED, now=now, actor_kind=ActorKind.SYSTEM,
                              data_for=lambda c: {"why": f"The ticket is {c.ticket.status}, no longer awaiting the seller."})
    if not work:
        return result

    refunds, returns, messages = [], [], []
    for case, decision in work:
        ticket = case.ticket
        for plan in decision.refunds:
            item = plan.order_item
            kind = RefundKind.FULL if plan.amount == item.unit_price * item.quantity else RefundKind.PARTIAL
            refunds.append((case, Refund(order_item_id=item.pk, ticket=ticket, kind=kind, amount=plan.amount,
                                         currency=ticket.marketplace.currency, reason=plan.reason[:200], issued_at=now,
                                         is_automatic=True, is_a_to_z=plan.is_a_to_z)))
        for plan in decision.returns:
            returns.append((case, plan, Return(
                order_item_id=plan.order_item.pk, ticket=ticket, quantity=plan.quantity, reason=plan.reason[:200],
                authorized_at=now, rma_number=plan.rma_number, has_prepaid_label=plan.policy.has_prepaid_labels,
                is_amazon_label=plan.policy.has_prepaid_labels)))
        messages.append(Message(ticket=ticket, direction=Direction.OUTBOUND, author_kind=AuthorKind.SYSTEM,
                                channel=ticket.channel, body=decision.reply, sent_at=now))
    Refund.objects.bulk_create([r for _, r in refunds])
    Return.objects.bulk_create([r for _, _, r in returns])
    Message.objects.bulk_create(messages)

    audit: list = []  # EventRow and TicketEvent rows, written together by insert_events
    per_case: dict[int, dict] = {case.pk: {"refunds": [], "returns": []} for case, _ in work}
    for case, refund in refunds:
        per_case[case.pk]["refunds"].append({
            "id": refund.pk, "order_item_id": refund.order_item_id, "kind": refund.kind, "amount": str(refund.amount),
            "currency": refund.currency, "is_a_to_z": refund.is_a_to_z})
        audit.append(_event(case, events.EventKind.REFUND_ISSUED, now, {
            "refund_id": refund.pk, "kind": refund.kind, "amount": str(refund.amount), "currency": refund.currency,
            "order_item_id": refund.order_item_id, "is_automatic": True, "is_a_to_z": refund.is_a_to_z,
            "reason": refund.reason}))
    for case, plan, authorized in returns:
        per_case[case.pk]["returns"].append({"id": authorized.pk, "rma_number": authorized.rma_number,
                                             "order_item_id": authorized.order_item_id,
                                             "prepaid_label": authorized.has_prepaid_label})
        audit.append(_event(case, events.EventKind.RETURN_AUTHORIZED, now, {
            "return_id": authorized.pk, "rma_number": authorized.rma_number, "quantity": authorized.quantity,
            "prepaid_label": authorized.has_prepaid_label, "policy": plan.policy.as_dict(),
            "order_item_id": authorized.order_item_id}))
    for (case, decision), message in zip(work, messages):
        ticket = case.ticket
        record = decision.as_dict()
        record.update(per_case[case.pk], decided_at=now.isoformat(), reason=ticket.reason,
                      reply_message_id=message.pk,
                      is_safet_eligible=any(r["kind"] == RefundKind.FULL for r in per_case[case.pk]["refunds"]))
        case.resolution = record
        case.resolved_at = now
        audit.append(_event(case, events.EventKind.REPLY_SENT, now, {
            "message_id": message.pk, "channel": ticket.channel, "case_id": case.pk, "auto_resolved": True}))
        audit.append(_event(case, events.EventKind.AUTO_RESOLVED, now, {
            "outcome": decision.outcome, "grounds": decision.grounds}))
        if ticket.first_responded_at is None:
            ticket.first_responded_at = now
        ticket.resolution = Resolution.AUTO_RESOLVED
        ticket.resolved_at = now
        result.resolved.append(case)
        if ticket.channel == Channel.EMAIL and ticket.buyer_id:
            result.reply_message_ids.append(message.pk)
    cases_transition_bulk(result.resolved, CaseStatus.AUTO_RESOLVED, now=now, actor_kind=ActorKind.SYSTEM,
                          data_for=lambda c: {"outcome": c.resolution["outcome"]},
                          extra_fields=("resolved_at", "resolution"), events_out=audit)
    tickets_transition_bulk([c.ticket for c in result.resolved], TicketStatus.RESOLVED, now=now,
                            actor_kind=ActorKind.SYSTEM,
                            data_for=lambda t: {"why": "Resolved by CSBA: the seller did not reply in time."},
                            extra_fields=("resolution", "resolved_at", "first_responded_at"), events_out=audit)
    insert_events(audit)
    if result.reply_message_ids:
        from ...tasks.tickets import message_deliver_email_task

        ids = list(result.reply_message_ids)
        transaction.on_commit(lambda: [message_deliver_email_task.delay(i) for i in ids], robust=True)
    return result


EVENT_COLUMNS = ("ticket_id", "case_id", "kind", "actor_id", "actor_kind", "at", "data")


def insert_events(rows: list) -> None:
    """Write audit events in one statement: a sweep writes about five per
    case, and Django's ``bulk_create`` spends more time compiling them than
    the database spends storing them. PostgreSQL: COPY; SQLite: one
    ``executemany``; elsewhere ``bulk_create``. Takes ``TicketEvent``
    instances or ``EventRow`` tuples; the rows are the same either way."""
    if not rows:
        return
    table = TicketEvent._meta.db_table
    if connection.vendor == "postgresql":
        sql = f"COPY {table} ({', '.join(EVENT_COLUMNS)}) FROM STDIN"
        started = time.monotonic()
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for event in rows:
                copy.write_row((event.ticket_id, event.case_id, event.kind, event.actor_id, event.actor_kind,
                                event.at, json.dumps(event.data)))
        if connection.queries_logged:  # count it like any other statement (tests, benchmarks)
            connection.queries_log.append({"sql": f"{sql} -- {len(rows)} rows",
                                           "time": f"{time.monotonic() - started:.3f}"})
    elif connection.vendor == "sqlite":
        quote = connection.ops.quote_name
        sql = (f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in EVENT_COLUMNS)}) "
               f"VALUES (%s, %s, %s, %s, %s, %s, %s)")
        adapt = connection.ops.adapt_datetimefield_value
        moments: dict = {}
        params = []
        for event in rows:
            if event.at not in moments:
                moments[event.at] = adapt(event.at)
            params.append((event.ticket_id, event.case_id, event.kind, event.actor_id, event.actor_kind,
                           moments[event.at], json.dumps(event.data)))
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
    else:
        TicketEvent.objects.bulk_create([
            row if isinstance(row, TicketEvent) else TicketEvent(**row._asdict()) for row in rows])


class EventRow(NamedTuple):
    """A TicketEvent row to insert, without building a model instance."""

    ticket_id: int
    case_id: int | None
    kind: str
    actor_id: int | None
    actor_kind: str
    at: datetime
    data: dict


def _event(case: Case, kind: str, now: datetime, data: dict) -> EventRow:
    return EventRow(case.ticket_id, case.pk, kind, None, ActorKind.SYSTEM, now, data)
