"""Two sweeps at once on PostgreSQL: SKIP LOCKED shares the overdue cases
between the workers and none is resolved twice; a ticket an agent holds is
left for the next run instead of blocking the sweep."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, connections, transaction

from inquiries.caselog.services import case_sweep_overdue
from inquiries.events import EventKind
from inquiries.models import Case, Message, Ticket, TicketEvent
from inquiries.states import CaseStatus
from sellers.models import Refund
from tests.factories import SellerFactory

from .conftest import escalate, ticket_for

T = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def _overdue_cases(n):
    seller = SellerFactory()
    return [escalate(ticket_for(seller=seller, now=T, valid_tracking=False), now=T) for _ in range(n)]


def _in_thread(target, results, *args):
    def run():
        try:
            results.append(target(*args))
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            results.append(error)
        finally:
            connections.close_all()

    return threading.Thread(target=run)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sweeps_at_once_resolve_every_case_exactly_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    # given 120 overdue cases
    cases = _overdue_cases(120)
    now = T + timedelta(hours=30)
    barrier, results = threading.Barrier(2), []

    def sweep():
        barrier.wait()
        return case_sweep_overdue(now=now, batch_size=10)

    # when two workers sweep at the same moment
    threads = [_in_thread(sweep, results) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(results) == 120
    assert Case.objects.filter(status=CaseStatus.AUTO_RESOLVED).count() == 120
    assert Refund.objects.count() == 120
    assert TicketEvent.objects.filter(kind=EventKind.AUTO_RESOLVED).count() == 120
    assert Message.objects.filter(direction="outbound").count() == 120
    assert {c.pk for c in cases} == set(Case.objects.values_list("pk", flat=True))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_ticket_held_by_an_agent_is_skipped_not_waited_for():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    held, free = _overdue_cases(2)
    now = T + timedelta(hours=30)
    locked, release, results = threading.Event(), threading.Event(), []

    def agent_holds_ticket():
        with transaction.atomic():
            Ticket.objects.select_for_update().get(pk=held.ticket_id)
            locked.set()
            release.wait(timeout=30)
        return "released"

    agent = _in_thread(agent_holds_ticket, results)
    agent.start()
    assert locked.wait(timeout=10)
    try:
        # when the sweep runs while the agent holds one ticket
        assert case_sweep_overdue(now=now) == 1
    finally:
        release.set()
        agent.join()
    # then the held case waits for the next run, which resolves it
    held.refresh_from_db()
    free.refresh_from_db()
    assert (held.status, free.status) == (CaseStatus.AWAITING_SELLER, CaseStatus.AUTO_RESOLVED)
    assert case_sweep_overdue(now=now) == 1
    held.refresh_from_db()
    assert held.status == CaseStatus.AUTO_RESOLVED


@pytest.mark.postgres
@pytest.mark.django_db
def test_each_sweep_batch_is_read_in_order_from_the_index_without_sorting_the_backlog():
    # given overdue cases (the plan is checked with the index as the only way in: it must give the order itself)
    cases = _overdue_cases(3)
    from inquiries.caselog.services.sweep import overdue_after

    overdue = Case.objects.filter(status=CaseStatus.AWAITING_SELLER, deadline_at__lte=T + timedelta(days=2))
    after = (cases[0].deadline_at, cases[0].pk)
    rows = overdue_after(overdue, after).select_for_update(skip_locked=True, of=("self",)).order_by("deadline_at", "pk")
    sql, params = rows[:500].query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # then the batch is a range scan of the keyset index from the last batch's (deadline, id), already in order
    assert "Index Scan using case_sweep_keyset" in plan
    assert "ROW(deadline_at, id) >" in plan
    assert "Sort" not in plan
