"""Reads of the intake pages: the buyer's chat, the seller's transfer form and
its buyer-seller messages."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from sellers.models import Order

from ..models import Direction, Message, Ticket
from ..reasons import Route

SELLER_MESSAGES_PAGE_SIZE = 25


def chat_ticket_get(*, ticket_id: int) -> Ticket | None:
    return Ticket.objects.select_related("marketplace", "buyer").filter(pk=ticket_id).first()


def chat_thread(*, ticket: Ticket) -> QuerySet[Message]:
    """What the buyer sees of a ticket: every message but internal notes."""
    return ticket.messages.exclude(direction=Direction.INTERNAL).order_by("sent_at", "pk")


def ticket_csat_score(*, ticket_id: int) -> int | None:
    """The rating the buyer gave the ticket, if any."""
    return Ticket.objects.filter(pk=ticket_id).values_list("csat_score", flat=True).first()


def seller_order_get(*, seller_id: int, order_number: str) -> Order | None:
    """One of the seller's own orders by number, or None."""
    return (
        Order.objects.filter(order_number=order_number.strip(), seller_id=seller_id)
        .select_related("marketplace")
        .first()
    )


def order_marketplace_code(*, order_number: str) -> str | None:
    """The marketplace code of an order, by its number (None for an unknown number)."""
    return Order.objects.filter(order_number=order_number).values_list("marketplace__code", flat=True).first()


def seller_messages_page(*, seller_id: int, page_number) -> tuple[Page, list[tuple[Ticket, Message | None]]]:
    """A page of the buyer messages routed to the seller (invoice,
    customization, pre-order, uncovered orders), each with its first buyer
    message: two queries whatever the page."""
    tickets = (
        Ticket.objects.filter(seller_id=seller_id, route=Route.SELLER_MESSAGING)
        .select_related("order", "marketplace")
        .order_by("-opened_at", "-pk")
    )
    page = Paginator(tickets, SELLER_MESSAGES_PAGE_SIZE).get_page(page_number)
    first_messages: dict[int, Message] = {}
    for message in Message.objects.filter(ticket__in=[t.pk for t in page], direction=Direction.INBOUND).order_by(
        "sent_at", "pk"
    ):
        first_messages.setdefault(message.ticket_id, message)
    return page, [(ticket, first_messages.get(ticket.pk)) for ticket in page]
