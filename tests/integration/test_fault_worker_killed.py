"""`kill -9` of a worker in the middle of the deadline sweep and of the month
close: the message was not acknowledged (acks_late), Redis hands it to the
restarted worker after the visibility timeout, and the idempotent services
finish the work without doing any part of it twice."""

from datetime import date

import pytest
from django.db import connection

from billing.models import MonthClose, MonthlyStatement
from inquiries.models import Case
from inquiries.states import CaseStatus

from .conftest import send_task
from .faults import assert_resolved_exactly_once, overdue_cases, wall_now
from .processes import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.faults, pytest.mark.redis]


def test_a_worker_killed_mid_sweep_leaves_every_case_resolved_exactly_once_after_restart(stack):
    # given 240 overdue cases, swept in batches of 20 (one transaction each)
    cases = overdue_cases(240)
    ids = [case.pk for case in cases]
    first = stack.worker("sweeper-1", queues="sweep,default", CSBA_SWEEP_BATCH_SIZE="20")
    # when the beat's sweep task runs and the worker is killed with some batches committed
    send_task(stack.redis.url, "inquiries.tasks.case_sweep_overdue_task")

    def resolved() -> int:
        return Case.objects.filter(pk__in=ids, status=CaseStatus.AUTO_RESOLVED).count()

    wait_until(lambda: resolved() >= 20, seconds=60, what="the first batches", every=0.02)
    first.kill9()
    partly = resolved()
    assert 0 < partly < len(ids), "the kill must land mid-sweep"
    # then a new worker gets the unacknowledged message again and finishes the sweep
    stack.worker("sweeper-2", queues="sweep,default", CSBA_SWEEP_BATCH_SIZE="20")
    wait_until(lambda: resolved() == len(ids), seconds=90, what="the rest of the sweep")
    assert_resolved_exactly_once(cases)


def _statements_waiting_for_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # inside a transaction the view is a snapshot
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def test_a_worker_killed_mid_month_close_leaves_every_statement_exactly_once_after_restart(stack):
    # given sellers with units and contacts last month in every marketplace
    from tests.billing.helpers import contacts, enrolled_seller, ship

    now = wall_now()
    last_month = date(now.year - (now.month == 1), (now.month - 2) % 12 + 1, 1)
    mid = now.replace(year=last_month.year, month=last_month.month, day=15, hour=12)
    sellers = []
    for code in ("US", "DE", "JP"):
        for _ in range(4):
            seller = enrolled_seller(code)
            ship(seller, 20, mid, code=code)
            contacts(seller, 2, mid, code=code)
            sellers.append(seller)
    worker = stack.worker("billing-1", queues="billing")
    # when the close is caught half-way (its transaction has claimed the month and
    # computed the statements; the test holds the table so it cannot write them) …
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute("LOCK TABLE billing_monthlystatement IN EXCLUSIVE MODE")
        send_task(stack.redis.url, "billing.tasks.monthly_cycle_task")
        wait_until(_statements_waiting_for_lock, seconds=60, what="the close to reach its statements")
        # … and the worker is killed there
        worker.kill9()
        cursor.execute("COMMIT")
    assert not MonthClose.objects.filter(month=last_month).exists()  # rolled back with the worker
    # then the restarted worker closes every marketplace once, every statement once, every report once
    stack.worker("billing-2", queues="billing")
    wait_until(
        lambda: (
            MonthClose.objects.filter(month=last_month).count() == 3
            and MonthlyStatement.objects.filter(month=last_month, report_sent_at__isnull=False).count() == len(sellers)
        ),
        seconds=90,
        what="the month close after the restart",
    )
    statements = MonthlyStatement.objects.filter(month=last_month)
    assert statements.count() == len(sellers)
    assert {s.seller_id for s in statements} == {s.pk for s in sellers}
    assert MonthClose.objects.filter(month=last_month).count() == 3
