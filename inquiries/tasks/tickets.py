"""Celery tasks (tickets): delivery of outbound email."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage

from csba.dispatch import Task

from ..models import Message


@shared_task(name=Task.MESSAGE_DELIVER_EMAIL, acks_late=True)
def message_deliver_email_task(message_id: int) -> bool:
    """Send an outbound ticket message to the buyer by email, threaded on the
    buyer's original mail. Returns False when there is nothing to send."""
    message = Message.objects.select_related("ticket__buyer").filter(pk=message_id).first()
    if message is None or message.ticket.buyer is None:
        return False
    ticket = message.ticket
    last_inbound = (
        ticket.messages.filter(direction="inbound").exclude(external_message_id=None).order_by("-sent_at").first()
    )
    headers = {}
    if last_inbound is not None:
        headers["In-Reply-To"] = f"<{last_inbound.external_message_id}>"
        headers["References"] = f"<{last_inbound.external_message_id}>"
    EmailMessage(
        subject=f"[{ticket.reference}] {ticket.subject or 'Your inquiry'}",
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[ticket.buyer.email],
        headers=headers,
    ).send()
    return True
