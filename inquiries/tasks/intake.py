"""Celery tasks (intake): after a ticket is opened, and the Maildir poller."""

from celery import shared_task
from django.conf import settings

from csba import clock
from csba.dispatch import Task


@shared_task(name=Task.TICKET_AFTER_INTAKE, acks_late=True)
def ticket_after_intake_task(ticket_id: int) -> str:
    """Compute the suggested answer for a CSBA ticket, or tell the seller of a
    message routed to its buyer-seller messages (once per ticket)."""
    from ..console.services.after_intake import ticket_after_intake

    return ticket_after_intake(ticket_id=ticket_id, now=clock.now())


@shared_task(name="inquiries.tasks.tickets_after_intake_pending_task", acks_late=True)
def tickets_after_intake_pending_task() -> int:
    """Every minute: the after-intake work of tickets whose task was lost."""
    from ..console.services.after_intake import tickets_after_intake_pending

    return tickets_after_intake_pending(now=clock.now())


@shared_task(name="inquiries.tasks.mail_ingest_maildir_task", acks_late=True)
def mail_ingest_maildir_task() -> dict:
    """Read new mail from the intake Maildir (settings.CSBA_MAILDIR)."""
    from ..intake.services.mail import maildir_ingest

    return maildir_ingest(path=settings.CSBA_MAILDIR, now=clock.now()).as_dict()
