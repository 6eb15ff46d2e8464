"""Celery tasks (tickets): delivery of outbound email."""

from celery import shared_task

from csba import clock
from csba.collector import collector_paused
from csba.dispatch import Task


@shared_task(name=Task.MESSAGE_DELIVER_EMAIL, acks_late=True)
def message_deliver_email_task(message_id: int) -> bool:
    """Mail an outbound ticket message to its buyer (``message_email_to_buyer``)."""
    from ..services.messaging import message_email_to_buyer

    return message_email_to_buyer(message_id=message_id, now=clock.now())


@shared_task(name=Task.MESSAGES_DELIVER_EMAIL, acks_late=True)
def messages_deliver_email_task(message_ids: list[int]) -> int:
    """Mail many outbound messages (a sweep's batch of replies) over one mail
    connection, the garbage collector paused meanwhile (``csba.collector``)."""
    from ..services.messaging import messages_email_to_buyers

    with collector_paused():
        return messages_email_to_buyers(message_ids=message_ids, now=clock.now())
