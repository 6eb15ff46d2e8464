"""Celery tasks of the simulation (registered on the workers by
``csba.celery``; senders enqueue them by name, see
``csba.simulation.replications.replications_run``)."""

from celery import shared_task

from csba.simulation.replications import TASK_NAME, replication_run


@shared_task(name=TASK_NAME, ignore_result=False, acks_late=True)
def replication_run_task(kind: str, params: dict, seed: dict) -> dict:
    """One replication on a worker: pure computation, deterministic in its
    arguments, so a redelivered message gives the same answer."""
    return replication_run(kind, params, seed)
