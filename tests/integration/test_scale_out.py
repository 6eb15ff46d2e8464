"""The scale-out path on loopback: gunicorn with two workers, and two Celery
workers on different queues as separate processes — one for intake, one for
the back office (sweep, billing, mail) — sharing PostgreSQL and Redis. A
contact goes through its whole lifecycle across them, and each task runs on
the worker of its queue."""

from datetime import date, timedelta

import pytest

from billing.models import MonthClose
from inquiries.models import Case, Ticket
from inquiries.states import CaseStatus

from .conftest import send_task
from .faults import enrolled_orders, integrator, subjects, wall_now
from .processes import http, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.faults, pytest.mark.redis]


def test_the_lifecycle_runs_through_gunicorn_and_two_workers_on_different_queues(stack):
    # given the web tier and two workers, each on its own queues
    from tests.factories import agent_user

    auth = integrator()
    agent = agent_user("agent-x", marketplaces=["US"])  # agents see only the marketplaces assigned to them
    agent.set_password("agent-pass-1")
    agent.save(update_fields=["password"])
    order_number = enrolled_orders(1)[0]
    _, base = stack.gunicorn(workers=2)
    intake = stack.worker("intake-worker", queues="intake")
    back_office = stack.worker("back-office", queues="default,sweep,billing")
    # when a buyer writes in through the API
    status, _, body = http(
        "POST",
        f"{base}/api/v1/contacts/",
        body={"marketplace": "US", "text": "Where is my order? Nothing arrived.", "order_number": order_number},
        user=auth[0],
        password=auth[1],
    )
    assert status == 201, body
    ticket_id = body["id"]
    # then the intake worker computes the suggestion
    wait_until(
        lambda: Ticket.objects.filter(pk=ticket_id, suggestion__isnull=False).exists(), seconds=30, what="suggestion"
    )
    # when the agent escalates to the seller
    status, _, case = http(
        "POST",
        f"{base}/api/v1/cases/",
        body={"ticket": ticket_id, "question": "Please confirm the tracking number."},
        user="agent-x",
        password="agent-pass-1",
    )
    assert status == 201, case
    wait_until(lambda: any("case" in s.lower() for s in subjects(stack.mail_dir)), seconds=30, what="case email")
    # and the seller lets the deadline pass (moved into the past: the processes read the wall clock)
    now = wall_now()
    Case.objects.filter(pk=case["id"]).update(opened_at=now - timedelta(hours=25), deadline_at=now - timedelta(hours=1))
    send_task(stack.redis.url, "inquiries.tasks.case_sweep_overdue_task")
    # then the back office resolves it by CSBA policy
    wait_until(
        lambda: Case.objects.filter(pk=case["id"], status=CaseStatus.AUTO_RESOLVED).exists(),
        seconds=30,
        what="auto-resolution",
    )
    assert Ticket.objects.get(pk=ticket_id).status == "resolved"
    # and closes the month
    send_task(stack.redis.url, "billing.tasks.monthly_cycle_task")
    last_month = date(now.year - (now.month == 1), (now.month - 2) % 12 + 1, 1)
    wait_until(lambda: MonthClose.objects.filter(month=last_month).count() == 3, seconds=60, what="month close")
    wait_until(lambda: "statement_reports_send_task[" in back_office.output(), seconds=30, what="the reports")
    # and every task ran on the worker of its queue ("Task <name>[<id>] received" in its log)
    intake_ran, back_office_ran = _tasks_run(intake.output()), _tasks_run(back_office.output())
    assert intake_ran == {"ticket_after_intake_task"}
    assert {"case_sweep_overdue_task", "case_notify_task", "monthly_cycle_task", "statement_reports_send_task"} <= (
        back_office_ran
    )
    assert "ticket_after_intake_task" not in back_office_ran


def _tasks_run(log: str) -> set[str]:
    import re

    return set(re.findall(r"Task [\w.]+\.(\w+)\[[0-9a-f-]+\] received", log))
