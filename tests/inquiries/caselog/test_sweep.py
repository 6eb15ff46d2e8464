"""The sweep: overdue cases are resolved by CSBA policy, once, in deadline order,
in a constant number of queries per batch."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail

from inquiries.caselog.services import case_sweep_overdue
from inquiries.events import EventKind
from inquiries.models import Case, Direction, Message, Resolution, TicketEvent
from inquiries.reasons import Reason
from inquiries.states import CaseStatus, TicketStatus
from sellers.models import Refund, RefundKind, Return

from .conftest import escalate, ticket_for

pytestmark = pytest.mark.django_db


def test_a_case_is_left_alone_until_its_deadline_and_resolved_once_it_passes(clock, seller):
    # given a US case opened now (24 h)
    case = escalate(ticket_for(seller=seller, now=clock.now, valid_tracking=False), now=clock.now)
    # when the sweep runs one second before the deadline
    clock.advance(timedelta(hours=24) - timedelta(seconds=1))
    assert case_sweep_overdue(now=clock.now) == 0
    # then nothing changed
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_SELLER
    # when it runs at the deadline
    clock.advance(timedelta(seconds=1))
    assert case_sweep_overdue(now=clock.now) == 1
    # then
    case.refresh_from_db()
    assert case.status == CaseStatus.AUTO_RESOLVED
    assert case.resolved_at == clock.now
    assert case.ticket.status == TicketStatus.RESOLVED
    assert case.ticket.resolution == Resolution.AUTO_RESOLVED


def test_running_the_sweep_twice_resolves_nothing_twice(clock, seller, django_capture_on_commit_callbacks):
    # given two overdue cases
    cases = [escalate(ticket_for(seller=seller, now=clock.now, valid_tracking=False), now=clock.now) for _ in range(2)]
    clock.advance(timedelta(hours=25))
    # when
    with django_capture_on_commit_callbacks(execute=True):
        first = case_sweep_overdue(now=clock.now)
    with django_capture_on_commit_callbacks(execute=True):
        second = case_sweep_overdue(now=clock.now)
    # then
    assert (first, second) == (2, 0)
    assert Refund.objects.count() == 2
    assert Message.objects.filter(direction=Direction.OUTBOUND).count() == 2
    assert TicketEvent.objects.filter(kind=EventKind.AUTO_RESOLVED).count() == 2
    # one mail to the seller for both cases: a digest listing each
    resolved_mails = [m for m in mail.outbox if "resolved" in m.subject and "case" in m.subject.lower()]
    assert [m.subject for m in resolved_mails] == ["CSBA resolved 2 of your cases"]
    assert all(c.ticket.reference in resolved_mails[0].body for c in cases)
    assert not Case.objects.filter(resolution_notified_at__isnull=True).exists()
    assert {c.pk for c in cases} == set(
        Case.objects.filter(status=CaseStatus.AUTO_RESOLVED).values_list("pk", flat=True)
    )


def test_after_downtime_the_backlog_is_resolved_in_deadline_order(clock, seller):
    # given cases opened over a day while no worker ran, in shuffled creation order
    opened = [clock.now + timedelta(hours=h) for h in (5, 1, 9, 3, 7)]
    cases = []
    for moment in opened:
        cases.append(escalate(ticket_for(seller=seller, now=moment, valid_tracking=False), now=moment))
    # when the worker comes back two days later and sweeps in batches of two
    clock.advance(timedelta(days=2))
    assert case_sweep_overdue(now=clock.now, batch_size=2) == 5
    # then every case is resolved, and the audit trail shows deadline order
    order = list(
        TicketEvent.objects.filter(kind=EventKind.AUTO_RESOLVED).order_by("pk").values_list("case_id", flat=True)
    )
    assert order == [c.pk for c in sorted(cases, key=lambda c: c.deadline_at)]


def test_the_sweep_costs_the_same_queries_for_few_or_many_cases(clock, seller, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def sweep_with(n):
        start = clock.now
        for _ in range(n):
            escalate(ticket_for(seller=seller, now=start, valid_tracking=False), now=start)
        clock.advance(timedelta(hours=25))
        with CaptureQueriesContext(connection) as queries:
            assert case_sweep_overdue(now=clock.now, batch_size=100) == n
        return len(queries)

    # when one sweep resolves 3 cases and another 30 (one batch each)
    few, many = sweep_with(3), sweep_with(30)
    # then the query count does not grow with the cases
    assert few == many
    assert many <= 30


def test_query_count_grows_with_batches_not_cases(clock, seller):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(9):
        escalate(ticket_for(seller=seller, now=clock.now, valid_tracking=False), now=clock.now)
    clock.advance(timedelta(hours=25))
    with CaptureQueriesContext(connection) as queries:
        assert case_sweep_overdue(now=clock.now, batch_size=3) == 9
    # three full batches and one empty probe
    assert len(queries) <= 3 * 25 + 5


def test_a_batch_keeps_each_tickets_earlier_first_reply_and_each_cases_own_decision(clock, seller):
    # given three overdue cases, one on a ticket the agent had already answered
    answered_at = clock.now - timedelta(hours=1)
    tickets = [
        ticket_for(seller=seller, now=clock.now, valid_tracking=False),
        ticket_for(seller=seller, now=clock.now, delivered=True, first_responded_at=answered_at),
        ticket_for(seller=seller, now=clock.now, reason=Reason.RETURN_REQUEST, delivered=True),
    ]
    cases = [escalate(t, now=clock.now) for t in tickets]
    clock.advance(timedelta(hours=25))
    # when one batch resolves them
    assert case_sweep_overdue(now=clock.now) == 3
    # then each row got its own values
    for ticket in tickets:
        ticket.refresh_from_db()
    assert [t.first_responded_at for t in tickets] == [clock.now, answered_at, clock.now]
    assert {t.status for t in tickets} == {TicketStatus.RESOLVED}
    outcomes = [Case.objects.get(pk=c.pk).resolution["outcome"] for c in cases]
    assert outcomes == ["refund", "answer", "return"]
    assert set(Case.objects.values_list("resolved_at", flat=True)) == {clock.now}


def test_a_case_whose_ticket_was_resolved_meanwhile_is_cancelled(clock, seller):
    from inquiries.transitions import ticket_transition

    # given an agent resolved the ticket directly while the case waited
    case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    ticket = case.ticket
    ticket_transition(ticket, TicketStatus.RESOLVED, now=clock.now)
    clock.advance(timedelta(hours=25))
    # when
    assert case_sweep_overdue(now=clock.now) == 0
    # then
    case.refresh_from_db()
    assert case.status == CaseStatus.CANCELLED
    assert not Refund.objects.exists()


# --- the policy per reason ------------------------------------------------------------------------------------------


def _resolve(ticket, clock):
    case = escalate(ticket, now=clock.now)
    clock.advance(timedelta(hours=25))
    assert case_sweep_overdue(now=clock.now) == 1
    case.refresh_from_db()
    return case


def test_where_is_my_order_without_valid_tracking_is_refunded_under_a_to_z(clock, seller):
    case = _resolve(ticket_for(seller=seller, now=clock.now, valid_tracking=False), clock)
    refund = Refund.objects.get()
    assert (refund.kind, refund.amount, refund.is_a_to_z, refund.is_automatic) == (
        RefundKind.FULL,
        Decimal("19.99"),
        True,
        True,
    )
    assert case.resolution["outcome"] == "refund"
    assert [g["code"] for g in case.resolution["grounds"]] == ["seller_no_reply", "no_valid_tracking", "a_to_z_refund"]
    assert case.resolution["is_safet_eligible"] is True
    assert case.resolution["refunds"][0]["id"] == refund.pk
    reply = Message.objects.get(direction=Direction.OUTBOUND)
    assert "A-to-z Guarantee" in reply.body and "$19.99" in reply.body
    assert case.ticket.first_responded_at == clock.now


def test_where_is_my_order_delivered_per_carrier_is_answered_without_refund(clock, seller):
    case = _resolve(ticket_for(seller=seller, now=clock.now, delivered=True), clock)
    assert not Refund.objects.exists()
    assert case.resolution["outcome"] == "answer"
    assert "delivered_per_carrier" in [g["code"] for g in case.resolution["grounds"]]
    assert "1Z999AA10123456784" in Message.objects.get(direction=Direction.OUTBOUND).body


def test_where_is_my_order_in_transit_and_on_time_gets_the_tracking(clock, seller):
    case = _resolve(ticket_for(seller=seller, now=clock.now, placed_days_ago=2), clock)
    assert case.resolution["outcome"] == "answer"
    assert "in_transit_on_time" in [g["code"] for g in case.resolution["grounds"]]


def test_where_is_my_order_long_overdue_in_transit_is_refunded(clock, seller):
    case = _resolve(ticket_for(seller=seller, now=clock.now, placed_days_ago=20), clock)
    assert case.resolution["outcome"] == "refund"
    assert "late_in_transit" in [g["code"] for g in case.resolution["grounds"]]
    assert Refund.objects.get().is_a_to_z


def test_a_return_request_inside_the_window_gets_a_return_with_a_prepaid_label(clock, seller):
    case = _resolve(ticket_for(seller=seller, now=clock.now, reason=Reason.RETURN_REQUEST, delivered=True), clock)
    authorized = Return.objects.get()
    assert authorized.has_prepaid_label and authorized.is_amazon_label
    assert case.resolution["outcome"] == "return"
    assert case.resolution["returns"][0]["rma_number"] == authorized.rma_number
    assert authorized.rma_number in Message.objects.get(direction=Direction.OUTBOUND).body
    assert not Refund.objects.exists()
    assert TicketEvent.objects.filter(kind=EventKind.RETURN_AUTHORIZED, case=case).count() == 1


def test_a_return_request_outside_the_window_is_declined_with_the_policy_as_ground(clock, seller):
    case = _resolve(
        ticket_for(seller=seller, now=clock.now, reason=Reason.RETURN_REQUEST, delivered=True, placed_days_ago=60),
        clock,
    )
    assert case.resolution["outcome"] == "declined"
    assert not Return.objects.exists()
    closed = next(g for g in case.resolution["grounds"] if g["code"] == "return_window_closed")
    assert closed["params"]["days"] == "30" and closed["params"]["source"] == "standard"


def test_a_sellers_approved_more_generous_policy_is_applied(clock, seller):
    from sellers.models import ReturnPolicy
    from tests.factories import marketplace

    ReturnPolicy.objects.create(
        seller=seller,
        marketplace=marketplace("US"),
        window_days=90,
        has_prepaid_labels=True,
        status="approved",
        submitted_at=clock.now - timedelta(days=100),
    )
    case = _resolve(
        ticket_for(seller=seller, now=clock.now, reason=Reason.RETURN_REQUEST, delivered=True, placed_days_ago=60),
        clock,
    )
    assert case.resolution["outcome"] == "return"
    assert case.resolution["policy"]["source"] == "seller" and case.resolution["policy"]["window_days"] == 90


def test_a_defect_is_refunded_in_full_with_a_return_whatever_the_window(clock, seller):
    case = _resolve(
        ticket_for(
            seller=seller, now=clock.now, reason=Reason.DAMAGED_OR_DEFECTIVE, delivered=True, placed_days_ago=60
        ),
        clock,
    )
    assert case.resolution["outcome"] == "return_and_refund"
    assert Refund.objects.get().kind == RefundKind.FULL
    assert Return.objects.count() == 1


def test_a_partly_refunded_item_is_refunded_only_the_rest(clock, seller):
    ticket = ticket_for(seller=seller, now=clock.now, reason=Reason.DAMAGED_OR_DEFECTIVE, delivered=True)
    Refund.objects.create(
        order_item=ticket.order_item,
        ticket=ticket,
        kind="partial",
        amount=Decimal("5.00"),
        currency="USD",
        issued_at=clock.now,
    )
    case = _resolve(ticket, clock)
    automatic = Refund.objects.get(is_automatic=True)
    assert (automatic.amount, automatic.kind) == (Decimal("14.99"), RefundKind.PARTIAL)
    assert case.resolution["is_safet_eligible"] is False


def test_a_product_question_is_answered_from_the_detail_page_when_the_engine_finds_it(clock, seller, monkeypatch):
    import sys
    import types

    engine = types.ModuleType("inquiries.answering.live")
    engine.answer_for_product = lambda *, product, question, language, buyer_name: {
        "decision": "answer",
        "reply": "It holds 750 ml.",
        "evidence": [{"source": "attribute", "text": "750 ml"}],
    }
    monkeypatch.setitem(sys.modules, "inquiries.answering", types.ModuleType("inquiries.answering"))
    monkeypatch.setitem(sys.modules, "inquiries.answering.live", engine)
    case = _resolve(ticket_for(seller=seller, now=clock.now, reason=Reason.PRODUCT_QUESTION, delivered=True), clock)
    assert case.resolution["outcome"] == "answer"
    assert "It holds 750 ml." in Message.objects.get(direction=Direction.OUTBOUND).body
    assert case.resolution["evidence"][0]["text"] == "750 ml"


def test_a_product_question_without_an_answer_gets_an_apology_and_a_return_offer(clock, seller, monkeypatch):
    import sys
    import types

    engine = types.ModuleType("inquiries.answering.live")
    engine.answer_for_product = lambda **kwargs: {"decision": "escalate", "reply": "", "evidence": []}
    monkeypatch.setitem(sys.modules, "inquiries.answering", types.ModuleType("inquiries.answering"))
    monkeypatch.setitem(sys.modules, "inquiries.answering.live", engine)
    case = _resolve(ticket_for(seller=seller, now=clock.now, reason=Reason.PRODUCT_QUESTION, delivered=True), clock)
    assert case.resolution["outcome"] == "apology"
    body = Message.objects.get(direction=Direction.OUTBOUND).body
    assert "sorry" in body and "return it until" in body


def test_a_product_question_reuses_the_stored_suggestion_while_the_page_is_unchanged(clock, seller, monkeypatch):
    import sys
    import types

    calls = []
    engine = types.ModuleType("inquiries.answering.live")
    engine.answer_for_product = lambda **kwargs: (
        calls.append(kwargs) or {"decision": "answer", "reply": "Fresh answer: 1 litre.", "evidence": []}
    )
    monkeypatch.setitem(sys.modules, "inquiries.answering", types.ModuleType("inquiries.answering"))
    monkeypatch.setitem(sys.modules, "inquiries.answering.live", engine)
    # given intake stored a suggestion for the question
    ticket = ticket_for(seller=seller, now=clock.now, reason=Reason.PRODUCT_QUESTION, delivered=True)
    ticket.suggestion = {"decision": "answer", "reply": "Stored answer: 750 ml.", "evidence": []}
    ticket.suggestion_at = ticket.opened_at
    ticket.save(update_fields=["suggestion", "suggestion_at"])
    # when the page did not change: the stored answer, no live call
    _resolve(ticket, clock)
    assert "Stored answer: 750 ml." in Message.objects.get(direction=Direction.OUTBOUND).body and calls == []
    # when the page changed after the suggestion: a live answer
    other = ticket_for(seller=seller, now=clock.now, reason=Reason.PRODUCT_QUESTION, delivered=True)
    other.suggestion, other.suggestion_at = ticket.suggestion, other.opened_at
    other.save(update_fields=["suggestion", "suggestion_at"])
    other.order_item.product.updated_at = clock.now
    other.order_item.product.save(update_fields=["updated_at"])
    _resolve(other, clock)
    assert "Fresh answer: 1 litre." in Message.objects.get(ticket=other, direction=Direction.OUTBOUND).body
    assert len(calls) == 1


def test_an_a_to_z_claim_the_seller_ignored_is_granted(clock, seller):
    case = _resolve(ticket_for(seller=seller, now=clock.now, reason=Reason.A_TO_Z_CLAIM, delivered=True), clock)
    assert case.resolution["outcome"] == "refund"
    assert Refund.objects.get().is_a_to_z


def test_a_cancellation_of_an_unshipped_order_is_cancelled_and_refunded(clock, seller):
    case = _resolve(ticket_for(seller=seller, now=clock.now, reason=Reason.CANCEL_ORDER, shipped=False), clock)
    assert case.resolution["outcome"] == "cancel"
    assert Refund.objects.get().kind == RefundKind.FULL


def test_the_buyer_is_answered_in_their_language(clock):
    from tests.factories import SellerFactory

    ticket = ticket_for(
        code="DE", seller=SellerFactory(preferred_language="de"), now=clock.now, valid_tracking=False, language="de"
    )
    _resolve(ticket, clock)
    body = Message.objects.get(direction=Direction.OUTBOUND).body
    assert (
        body.startswith("Guten Tag") and "A-bis-z-Garantie" in body and "19,99 €" in body
    )  # in the currency's German format


def test_two_cases_on_one_item_never_refund_more_than_its_price(clock, seller):
    from tests.factories import TicketFactory

    first = ticket_for(seller=seller, now=clock.now, valid_tracking=False)
    second = TicketFactory(
        marketplace=first.marketplace,
        order=first.order,
        order_item=first.order_item,
        seller=seller,
        buyer=first.buyer,
        reason=Reason.WHERE_IS_MY_ORDER,
        opened_at=first.opened_at,
    )
    escalate(first, now=clock.now)
    escalate(second, now=clock.now)
    clock.advance(timedelta(hours=25))
    assert case_sweep_overdue(now=clock.now) == 2
    assert sum(r.amount for r in Refund.objects.all()) == Decimal("19.99")


def test_the_beat_task_shares_a_large_backlog_with_helper_sweeps(clock, seller, monkeypatch):
    from inquiries.tasks import cases as case_tasks

    # given a backlog of 5 overdue cases and 2 cases per worker
    for _ in range(5):
        escalate(ticket_for(seller=seller, now=clock.now, valid_tracking=False), now=clock.now)
    clock.advance(timedelta(hours=25))
    monkeypatch.setattr(case_tasks, "SWEEP_CASES_PER_WORKER", 2)
    helpers = []
    monkeypatch.setattr(case_tasks.case_sweep_overdue_task, "apply_async", lambda kwargs: helpers.append(kwargs))
    # when the beat runs the task
    resolved = case_tasks.case_sweep_overdue_task()
    # then it asked for two helpers (3 workers for 5 cases) and resolved the backlog itself meanwhile
    assert helpers == [{"fan_out": False}, {"fan_out": False}]
    assert resolved == 5
    # and a helper finds nothing left: idempotent
    assert case_tasks.case_sweep_overdue_task(fan_out=False) == 0


def test_every_case_job_in_the_beat_schedule_is_a_registered_task():
    from django.conf import settings

    from csba.celery import app

    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for name in (
        "inquiries.tasks.case_sweep_overdue_task",
        "inquiries.tasks.case_remind_due_task",
        "inquiries.tasks.ticket_flag_commitment_breaches_task",
    ):
        assert name in names and name in app.tasks


def test_the_ticket_lock_joins_nothing_and_buyers_and_orders_come_by_key(clock, seller):
    # joined to the lock, PostgreSQL hashed the whole order and buyer tables for every batch
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        escalate(ticket_for(seller=seller, now=clock.now, valid_tracking=False), now=clock.now)
    clock.advance(timedelta(hours=25))
    with CaptureQueriesContext(connection) as queries:
        assert case_sweep_overdue(now=clock.now) == 3
    sqls = [q["sql"] for q in queries.captured_queries]
    ticket_reads = [s for s in sqls if s.startswith('SELECT "inquiries_ticket"."id"')]
    assert len(ticket_reads) == 1 and "JOIN" not in ticket_reads[0]
    for table in ("sellers_order", "sellers_buyer"):
        (read,) = [s for s in sqls if s.startswith(f'SELECT "{table}"."id"')]
        assert "JOIN" not in read and f'"{table}"."id" IN' in read
