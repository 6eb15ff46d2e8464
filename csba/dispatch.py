"""Enqueue Celery tasks by name, after the current transaction commits.

Services never import task modules (tasks import services: the other way
round would be a cycle). A service calls ``enqueue_on_commit(Task.X, args…)``;
the task is looked up by its registered name when the transaction commits, so
no email leaves for a rolled-back change and no task finds no row.

Task names are part of the contract: the beat schedule
(``CELERY_BEAT_SCHEDULE``) and messages already queued refer to them, so a
task keeps its name when its module moves. ``Task`` lists every name a service
enqueues; the task modules declare themselves with the same constants.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction


class Task:
    """Names of the tasks services enqueue (fixed: queued messages carry them)."""

    TICKET_AFTER_INTAKE = "inquiries.tasks.ticket_after_intake_task"
    MESSAGE_DELIVER_EMAIL = "inquiries.tasks.message_deliver_email_task"
    CASE_NOTIFY = "inquiries.tasks.case_notify_task"
    CASE_DECISIONS_NOTIFY = "inquiries.tasks.case_decisions_notify_task"
    MESSAGES_DELIVER_EMAIL = "inquiries.tasks.messages_deliver_email_task"
    SAFET_CLAIM_NOTIFY = "inquiries.tasks.safet_claim_notify_task"
    ANSWER_INDEX_UPDATE_PRODUCT = "inquiries.tasks.answer_index_update_product_task"
    CSAT_INVITE = "billing.tasks.csat_invite_task"  # moved to inquiries; the name stays
    STATEMENT_REPORTS_SEND = "billing.tasks.statement_reports_send_task"
    ENROLLMENT_NOTIFY = "sellers.tasks.enrollment_notify_task"
    PLANNER_REPLICATION_RUN = "csba.simulation.planner.replication_run_task"  # queue simulation
    PLANNER_RUN_MERGE = "csba.simulation.planner.run_merge_task"

    @classmethod
    def all(cls) -> frozenset[str]:
        return frozenset(value for name, value in vars(cls).items() if name.isupper())


def registered(name: str):
    """The task registered as ``name``. Outside a worker nothing may have
    imported the task modules yet: ``tasks_import`` imports them then (once
    per process)."""
    from celery.exceptions import NotRegistered

    from .celery import app

    try:
        return app.tasks[name]
    except NotRegistered:
        tasks_import()
        return app.tasks[name]


def tasks_import() -> None:
    """Import every app's ``tasks`` module (and the simulation's), as a worker
    does at start. Not through ``app.loader.import_default_modules``: in a web
    process its Django fix-up would run all system checks on the first enqueue."""
    from .celery import TASK_PACKAGES, app

    app.autodiscover_tasks(force=True)
    app.autodiscover_tasks(TASK_PACKAGES, force=True)


def transport_load() -> None:
    """Import the broker's transport (kombu's Redis client) without connecting:
    the first publish then only opens its connection."""
    from .celery import app

    connection = app.connection_for_write()
    try:
        connection.transport  # noqa: B018 — resolves and imports the transport class
    finally:
        connection.release()


def send(name: str, *args: Any, **kwargs: Any):
    """Enqueue the task registered as ``name`` now (``delay``: eager in tests)."""
    return registered(name).delay(*args, **kwargs)


def enqueue_on_commit(name: str, *args: Any, **kwargs: Any) -> None:
    """Enqueue ``name(*args, **kwargs)`` once the current transaction commits
    (at once outside a transaction). A broker failure is logged, not raised:
    the periodic jobs re-derive their work from the database."""
    transaction.on_commit(lambda: send(name, *args, **kwargs), robust=True)


def enqueue_each_on_commit(name: str, calls: Iterable[Sequence[Any]]) -> None:
    """One task per argument tuple of ``calls``, all after the commit (one callback)."""
    calls = [tuple(arguments) for arguments in calls]
    if calls:
        transaction.on_commit(lambda: [send(name, *arguments) for arguments in calls], robust=True)
