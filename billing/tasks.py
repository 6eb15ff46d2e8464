"""Celery tasks of the billing app: thin wrappers that read the clock once."""

from __future__ import annotations

import logging
from datetime import date

from celery import shared_task

from csba import clock
from csba.dispatch import Task
from csba.errors import DomainError
from sellers.models import Marketplace

from .services import month_close, months_due, statement_reports_send

log = logging.getLogger(__name__)


@shared_task(name="billing.tasks.monthly_cycle_task", acks_late=True)
def monthly_cycle_task() -> list[str]:
    """Periodic (beat, hourly): close the previous month of every marketplace
    whose local time has passed midnight on the 1st and whose month is not
    closed yet. Idempotent: a closed month is skipped (MonthClose)."""
    now = clock.now()
    closed = []
    for marketplace, month in months_due(marketplaces=Marketplace.objects.order_by("code"), now=now):
        try:
            result = month_close(marketplace=marketplace, month=month, now=now)
        except DomainError as error:
            log.warning("monthly cycle: %s %s not closed: %s", marketplace.code, month, error.message)
            continue
        if not result.already_closed:
            closed.append(f"{marketplace.code} {month:%Y-%m}")
    return closed


@shared_task(name="billing.tasks.month_close_task", acks_late=True)
def month_close_task(
    marketplace_id: int, month: str, recompute: bool = False, actor_id: int | None = None, reason: str = ""
) -> dict:
    from django.contrib.auth import get_user_model

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    result = month_close(
        marketplace=Marketplace.objects.get(pk=marketplace_id),
        month=date.fromisoformat(month),
        now=clock.now(),
        recompute=recompute,
        actor=actor,
        reason=reason,
    )
    return {"created": result.created, "revised": result.revised, "already_closed": result.already_closed}


@shared_task(
    name=Task.STATEMENT_REPORTS_SEND, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def statement_reports_send_task(marketplace_id: int, month: str) -> int:
    """Email the month's reports not sent yet (each once)."""
    return statement_reports_send(marketplace_id=marketplace_id, month=date.fromisoformat(month), now=clock.now())
