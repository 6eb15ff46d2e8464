"""Celery tasks of the sellers app: thin wrappers that read the clock once."""

from celery import shared_task

from csba import clock
from csba.dispatch import Task

from .services.enrollment import enrollment_activate_due
from .services.notifications import enrollment_notify


@shared_task(name="sellers.tasks.enrollment_activate_due_task", acks_late=True)
def enrollment_activate_due_task() -> int:
    """Periodic (beat, every minute): pending windows whose time has come become active."""
    return len(enrollment_activate_due(now=clock.now()))


@shared_task(name=Task.ENROLLMENT_NOTIFY, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def enrollment_notify_task(enrollment_id: int, kind: str) -> bool:
    return enrollment_notify(enrollment_id=enrollment_id, kind=kind, now=clock.now())
