"""The planner's Celery tasks (queue ``simulation``: ``csba.simulation.*``
in ``CELERY_TASK_ROUTES``): one task per replication, fanned out over the
workers, and the merge step enqueued by the last replication to end.

A replication task is acknowledged when it starts (not late): a replication
may run longer than the broker's visibility timeout, and a redelivered one
would run twice. A worker lost in the middle leaves its replication
``running``; cancelling the run ends it with what the others produced.
"""

from __future__ import annotations

from celery import shared_task

from csba import clock
from csba.dispatch import Task

from .services import (
    planner_run_merge,
    replication_ended,
    replication_progress,
    replication_started,
    run_is_cancelled,
    throttled,
)


@shared_task(name=Task.PLANNER_REPLICATION_RUN, acks_late=False)
def replication_run_task(run_id: int, index: int) -> None:
    from csba.simulation.run.driver import ReplicationFailed, replication_in_child

    replication = replication_started(run_id=run_id, index=index, now=clock.now())
    if replication is None:
        return
    run = replication.run
    try:
        result = replication_in_child(
            run.scenario,
            seed_state=replication.seed_state,
            index=index,
            out_dir=run.out_dir,
            progress=throttled(lambda progress: replication_progress(replication.pk, progress)),
            should_stop=throttled(lambda: run_is_cancelled(run_id)),
        )
    except (ReplicationFailed, OSError, RuntimeError) as error:
        replication_ended(run_id=run_id, index=index, result=None, error=str(error))
        return
    replication_ended(run_id=run_id, index=index, result=result)


@shared_task(name=Task.PLANNER_RUN_MERGE)
def run_merge_task(run_id: int) -> None:
    planner_run_merge(run_id=run_id, now=clock.now())
