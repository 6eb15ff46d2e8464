"""Two beat schedulers by mistake (say, one left running on an old machine):
every periodic job is sent twice, often at the same moment, to two workers.
The jobs are idempotent and take their rows with SKIP LOCKED or a unique
claim, so nothing is done twice: no double month close, auto-resolution or
reminder, and no email twice."""

import time
from datetime import date

import pytest

from billing.models import MonthClose, MonthlyStatement
from inquiries.events import EventKind
from inquiries.models import Case, TicketEvent

from .faults import assert_resolved_exactly_once, cases_due_for_reminder, overdue_cases, subjects, wall_now
from .processes import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.faults, pytest.mark.redis]

ENTRIES = "cases-auto-resolve-overdue,cases-remind-before-deadline,billing-monthly-cycle"


def test_two_beat_schedulers_do_no_periodic_job_twice(stack):
    # given overdue cases, cases due for a reminder, and last month to close
    from tests.billing.helpers import enrolled_seller, ship

    overdue = overdue_cases(60, sellers=3)
    due = cases_due_for_reminder(6)
    now = wall_now()
    last_month = date(now.year - (now.month == 1), (now.month - 2) % 12 + 1, 1)
    mid = now.replace(year=last_month.year, month=last_month.month, day=15, hour=12)
    sellers = [enrolled_seller(code) for code in ("US", "DE", "JP")]
    for seller, code in zip(sellers, ("US", "DE", "JP")):
        ship(seller, 10, mid, code=code)
    # when two workers run and two beats send every job each second for a while
    stack.worker("worker-a", concurrency=2, CSBA_SWEEP_BATCH_SIZE="10")
    stack.worker("worker-b", concurrency=2, CSBA_SWEEP_BATCH_SIZE="10")
    beats = [
        stack.beat(name, CSBA_TEST_BEAT_PERIOD="1", CSBA_TEST_BEAT_ENTRIES=ENTRIES) for name in ("beat-1", "beat-2")
    ]
    wait_until(
        lambda: all(p.output().count("Sending due task") >= 9 for p in beats), seconds=60, what="both beats sending"
    )
    for beat in beats:
        beat.stop()
    # then, once the queues are drained, each thing happened once
    statements = MonthlyStatement.objects.filter(month=last_month)
    wait_until(
        lambda: (
            Case.objects.filter(pk__in=[c.pk for c in overdue], status="auto_resolved").count() == len(overdue)
            and statements.filter(report_sent_at__isnull=False).count() == len(sellers)
            and TicketEvent.objects.filter(kind=EventKind.CASE_REMINDER_SENT).count() >= len(due)
        ),
        seconds=60,
        what="the jobs to finish",
    )
    time.sleep(3)  # a doubled task still in flight would show now
    assert_resolved_exactly_once(overdue)
    reminders = TicketEvent.objects.filter(kind=EventKind.CASE_REMINDER_SENT)
    assert sorted(reminders.values_list("case_id", flat=True)) == sorted(c.pk for c in due)
    assert MonthClose.objects.filter(month=last_month).count() == 3
    assert statements.count() == len(sellers)
    sent = subjects(stack.mail_dir)
    assert sum(n for s, n in sent.items() if s.startswith("Reminder: case")) == len(due)
    assert all(n == 1 for s, n in sent.items() if s.startswith("Reminder: case")), sent
    reports = {s: n for s, n in sent.items() if s.startswith("Your CSBA report")}
    assert sum(reports.values()) == len(sellers), reports
    seller_notices = TicketEvent.objects.filter(kind=EventKind.SELLER_NOTIFIED, data__email="auto_resolved")
    assert seller_notices.count() == seller_notices.values("case_id").distinct().count()
