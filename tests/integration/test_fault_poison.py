"""A poison message — a task that fails every time, or that kills the worker
running it on every delivery — does not block its queue: it ends as a dead
letter an operator sees (and can send again) in the admin, and the tasks
behind it run."""

from datetime import timedelta

import pytest

from csba.models import DeadLetter
from inquiries.models import Ticket

from .conftest import send_task
from .faults import wall_now
from .processes import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.faults, pytest.mark.redis]


def test_poison_tasks_end_as_dead_letters_in_the_admin_and_their_queue_moves_on(stack, client):
    # given a task that raises, one that kills its worker, and useful work behind them on the same queue
    from tests.factories import TicketFactory, UserFactory

    lost = TicketFactory(opened_at=wall_now() - timedelta(minutes=10), after_intake_at=None)
    stack.worker("worker", queues="intake", CSBA_TEST_IMPORTS="tests.integration.poison_tasks")
    failing = send_task(stack.redis.url, "tests.poison.always_fails", args=[1], queue="intake")
    killer = send_task(stack.redis.url, "tests.poison.kills_its_worker", queue="intake")
    send_task(stack.redis.url, "inquiries.tasks.tickets_after_intake_pending_task")  # routed to intake
    # then the work behind the poison is done
    wait_until(
        lambda: Ticket.objects.filter(pk=lost.pk, after_intake_at__isnull=False).exists(),
        seconds=60,
        what="the task behind the poison",
    )
    # and each poison message is a dead letter, with why
    wait_until(lambda: DeadLetter.objects.count() == 2, seconds=60, what="two dead letters")
    failed = DeadLetter.objects.get(task_id=failing)
    assert failed.reason == DeadLetter.Reason.FAILED and failed.queue == "intake"
    assert "ValueError: poison message 1" in failed.exception and "Traceback" in failed.traceback
    assert failed.args == [1]
    lost_worker = DeadLetter.objects.get(task_id=killer)
    assert lost_worker.reason == DeadLetter.Reason.WORKER_LOST and lost_worker.attempts == 3
    # and an operator sees them in the admin
    operator = UserFactory(username="ops", roles=["operators"], is_staff=True)
    client.force_login(operator)
    page = client.get("/admin/csba/deadletter/")
    assert page.status_code == 200
    assert b"tests.poison.always_fails" in page.content and b"tests.poison.kills_its_worker" in page.content
