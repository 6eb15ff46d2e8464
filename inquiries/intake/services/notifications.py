"""Notifications of intake: a seller is told of buyer messages routed to it."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from csba.mail import send_templated_mail

from ...models import Ticket
from ...reasons import Route


def ticket_notify_routed_away(*, ticket_id: int, now: datetime, ticket: Ticket | None = None) -> bool:
    """Email the seller about a buyer message that went to its buyer-seller
    messages (invoice, customization, pre-order, uncovered order), with why.
    ``ticket`` (with seller, order and marketplace) when loaded already."""
    if ticket is None:
        ticket = (
            Ticket.objects.select_related("seller", "order", "marketplace")
            .filter(pk=ticket_id, route=Route.SELLER_MESSAGING, seller__isnull=False)
            .first()
        )
    if ticket is None or ticket.route != Route.SELLER_MESSAGING or ticket.seller is None:
        return False
    seller = ticket.seller
    send_templated_mail(
        template="inquiries/email/routed_to_seller",
        to=seller.notification_email,
        language=seller.preferred_language,
        time_zone=seller.time_zone,
        context={"ticket": ticket, "seller": seller, "url": f"{settings.SITE_URL}/seller/messages/"},
    )
    return True
