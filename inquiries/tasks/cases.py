"""Celery tasks (cases): the case-log beat jobs and the seller emails. Thin
wrappers: each reads the clock once and calls a service; each is idempotent
(the beat schedule in settings names the periodic ones)."""

from celery import shared_task
from django.conf import settings

from csba import clock
from csba.dispatch import Task

# A backlog larger than this (after downtime, a holiday peak) is shared with
# more workers: each extra task sweeps alongside (SKIP LOCKED splits the rows).
SWEEP_CASES_PER_WORKER = 25_000
SWEEP_MAX_WORKERS = 4


@shared_task(name="inquiries.tasks.case_sweep_overdue_task", acks_late=True)
def case_sweep_overdue_task(fan_out: bool = True) -> int:
    """Every minute: auto-resolve the cases past their deadline. With a large
    backlog, first enqueue helper sweeps for other workers."""
    from ..caselog.services.sweep import case_overdue_backlog, case_sweep_overdue

    now = clock.now()
    if fan_out:
        backlog = case_overdue_backlog(now=now, limit=SWEEP_CASES_PER_WORKER * SWEEP_MAX_WORKERS)
        for _ in range(min(SWEEP_MAX_WORKERS, -(-backlog // SWEEP_CASES_PER_WORKER)) - 1):
            case_sweep_overdue_task.apply_async(kwargs={"fan_out": False})
    return case_sweep_overdue(now=now, batch_size=settings.CSBA_SWEEP_BATCH_SIZE)


@shared_task(name="inquiries.tasks.case_remind_due_task", acks_late=True)
def case_remind_due_task() -> int:
    """Every 5 minutes: remind sellers of cases due soon."""
    from ..caselog.services.sweep import case_remind_due

    return case_remind_due(now=clock.now())


@shared_task(name="inquiries.tasks.ticket_flag_commitment_breaches_task", acks_late=True)
def ticket_flag_commitment_breaches_task() -> int:
    """Every 10 minutes: flag tickets without a reply to the buyer within the commitment."""
    from ..console.services.commitment import ticket_flag_commitment_breaches

    return ticket_flag_commitment_breaches(now=clock.now())


@shared_task(name=Task.CASE_NOTIFY, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def case_notify_task(case_ids: list[int], kind: str) -> int:
    """Email sellers about their cases (opened, reminder, auto_resolved); each email goes out once."""
    from ..caselog.services.notices import case_notify

    return case_notify(case_ids=case_ids, kind=kind, now=clock.now())


@shared_task(
    name=Task.CASE_DECISIONS_NOTIFY, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def case_decisions_notify_task() -> int:
    """After a sweep: email each seller CSBA's decisions, one mail (or digest) per seller."""
    from ..caselog.services.notices import case_decisions_notify

    return case_decisions_notify(now=clock.now())


@shared_task(name=Task.SAFET_CLAIM_NOTIFY, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def safet_claim_notify_task(claim_id: int) -> bool:
    """Email the seller the decision on its SAFE-T claim."""
    from ..caselog.services.notices import safet_claim_notify

    return safet_claim_notify(claim_id=claim_id, now=clock.now())
