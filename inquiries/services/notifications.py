"""Notifications of intake: a seller is told of buyer messages routed to it."""
from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from ..models import Ticket
from ..reasons import Route


def ticket_notify_routed_away(*, ticket_id: int, now: datetime) -> bool:
    """Email the seller about a buyer message that went to its buyer-seller
    messages (invoice, customization, pre-order, uncovered order), with why."""
    ticket = (
        Ticket.objects.select_related("seller", "order", "marketplace")
        .filter(pk=ticket_id, route=Route.SELLER_MESSAGING, seller__isnull=False).first()
    )
    if ticket is None:
        return False
    seller = ticket.seller
    with translation.override(seller.preferred_language):
        context = {"ticket": ticket, "seller": seller, "url": f"{settings.SITE_URL}/seller/messages/"}
        subject = render_to_string("inquiries/email/routed_to_seller_subject.txt", context).strip()
        text = render_to_string("inquiries/email/routed_to_seller.txt", context)
        html = render_to_string("inquiries/email/routed_to_seller.html", context)
    mail = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [seller.notification_email])
    mail.attach_alternative(html, "text/html")
    mail.send()
    return True
