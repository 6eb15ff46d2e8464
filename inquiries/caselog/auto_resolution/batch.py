"""Carrying decisions out, a batch at a time, in a constant number of queries."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from csba.db import rows_insert
from csba.dispatch import Task, enqueue_on_commit
from sellers.models import RefundKind

from ... import events
from ...models import ActorKind, AuthorKind, Case, Direction, Message, Resolution, Ticket
from ...services.remedies import RefundOrder, ReturnOrder, refunds_write, returns_write
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
        cases_transition_bulk(
            result.cancelled,
            CaseStatus.CANCELLED,
            now=now,
            actor_kind=ActorKind.SYSTEM,
            data_for=lambda c: {"why": f"The ticket is {c.ticket.status}, no longer awaiting the seller."},
        )
    if not work:
        return result

    refund_orders, return_orders, messages = [], [], []
    for case, decision in work:
        ticket = case.ticket
        for plan in decision.refunds:
            item = plan.order_item
            refund_orders.append(
                RefundOrder(
                    ticket=ticket,
                    order_item_id=item.pk,
                    amount=plan.amount,
                    item_total=item.unit_price * item.quantity,
                    currency=ticket.marketplace.currency,
                    reason=plan.reason,
                    is_automatic=True,
                    is_a_to_z=plan.is_a_to_z,
                    case_id=case.pk,
                )
            )
        for plan in decision.returns:
            return_orders.append(
                ReturnOrder(
                    ticket=ticket,
                    order_item_id=plan.order_item.pk,
                    quantity=plan.quantity,
                    policy=plan.policy,
                    rma_number=plan.rma_number,
                    reason=plan.reason,
                    case_id=case.pk,
                )
            )
        messages.append(
            Message(
                ticket=ticket,
                direction=Direction.OUTBOUND,
                author_kind=AuthorKind.SYSTEM,
                channel=ticket.channel,
                body=decision.reply,
                sent_at=now,
            )
        )
    audit: list = []  # every event of the batch, written together at the end (events.record_many)
    refunds = refunds_write(refund_orders, now=now, events_out=audit)
    returns = returns_write(return_orders, now=now, events_out=audit)
    rows_insert(messages)

    per_case: dict[int, dict] = {case.pk: {"refunds": [], "returns": []} for case, _ in work}
    for order, refund in zip(refund_orders, refunds):
        per_case[order.case_id]["refunds"].append(
            {
                "id": refund.pk,
                "order_item_id": refund.order_item_id,
                "kind": refund.kind,
                "amount": str(refund.amount),
                "currency": refund.currency,
                "is_a_to_z": refund.is_a_to_z,
            }
        )
    for order, authorized in zip(return_orders, returns):
        per_case[order.case_id]["returns"].append(
            {
                "id": authorized.pk,
                "rma_number": authorized.rma_number,
                "order_item_id": authorized.order_item_id,
                "prepaid_label": authorized.has_prepaid_label,
            }
        )
    for (case, decision), message in zip(work, messages):
        ticket = case.ticket
        record = decision.as_dict()
        record.update(
            per_case[case.pk],
            decided_at=now.isoformat(),
            reason=ticket.reason,
            reply_message_id=message.pk,
            is_safet_eligible=any(r["kind"] == RefundKind.FULL for r in per_case[case.pk]["refunds"]),
        )
        case.resolution = record
        case.resolved_at = now
        audit.append(
            _event(
                case,
                events.EventKind.REPLY_SENT,
                now,
                {"message_id": message.pk, "channel": ticket.channel, "case_id": case.pk, "auto_resolved": True},
            )
        )
        audit.append(
            _event(
                case, events.EventKind.AUTO_RESOLVED, now, {"outcome": decision.outcome, "grounds": decision.grounds}
            )
        )
        if ticket.first_responded_at is None:
            ticket.first_responded_at = now
        ticket.resolution = Resolution.AUTO_RESOLVED
        ticket.resolved_at = now
        result.resolved.append(case)
        if ticket.buyer_id:  # mailed to every buyer with an address (the task checks it), whatever the channel
            result.reply_message_ids.append(message.pk)
    cases_transition_bulk(
        result.resolved,
        CaseStatus.AUTO_RESOLVED,
        now=now,
        actor_kind=ActorKind.SYSTEM,
        data_for=lambda c: {"outcome": c.resolution["outcome"]},
        extra_fields=("resolved_at", "resolution"),
        events_out=audit,
    )
    tickets_transition_bulk(
        [c.ticket for c in result.resolved],
        TicketStatus.RESOLVED,
        now=now,
        actor_kind=ActorKind.SYSTEM,
        data_for=lambda t: {"why": "Resolved by CSBA: the seller did not reply in time."},
        extra_fields=("resolution", "resolved_at", "first_responded_at"),
        events_out=audit,
    )
    events.record_many(audit)
    if result.reply_message_ids:
        enqueue_on_commit(Task.MESSAGES_DELIVER_EMAIL, result.reply_message_ids)
    return result


def _event(case: Case, kind: str, now: datetime, data: dict) -> events.EventRow:
    return events.event_row(
        ticket_id=case.ticket_id, case_id=case.pk, kind=kind, now=now, actor_kind=ActorKind.SYSTEM, data=data
    )
