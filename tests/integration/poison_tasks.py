"""Tasks that always fail, loaded only by the workers of the poison-message
test (CSBA_TEST_IMPORTS): one raises, one kills the process running it."""

import os
import signal

from celery import shared_task


@shared_task(name="tests.poison.always_fails", acks_late=True)
def always_fails(order: int) -> None:
    raise ValueError(f"poison message {order}: this task can never succeed")


@shared_task(name="tests.poison.kills_its_worker", acks_late=True)
def kills_its_worker() -> None:
    os.kill(os.getpid(), signal.SIGKILL)
