"""Celery tasks (CSAT): the buyer's rating invitation after a resolution."""

from celery import shared_task

from csba import clock
from csba.dispatch import Task


# The name is billing's: the task lived there and queued messages carry it.
@shared_task(name=Task.CSAT_INVITE, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def csat_invite_task(ticket_id: int) -> bool:
    """Enqueued on commit when a ticket is resolved: emails the buyer the rating links once."""
    from ..services.csat import csat_invite

    return csat_invite(ticket_id=ticket_id, now=clock.now())
