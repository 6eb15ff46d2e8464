"""Reads of the intake pages: the buyer's conversation page (and chat), the
seller's transfer form and its buyer-seller messages."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from sellers.models import Order

from ..models import Direction, Message, Ticket
from ..reasons import Route

SELLER_MESSAGES_PAGE_SIZE = 25


@dataclass(frozen=True)
class BuyerConversation:
    """What a buyer sees of its ticket: the ticket that stays (a merged
    duplicate leads to the ticket it was merged into) and every message of it
    and of its merged duplicates but internal notes, oldest first."""

    ticket: Ticket
    messages: list[Message]

    @property
    def last_message_id(self) -> int:
        return max((m.pk for m in self.messages), default=0)


def buyer_conversation_get(*, ticket_id: int) -> BuyerConversation | None:
    """Three queries at most (plus one per merge hop, never more than a few)."""
    ticket = None
    for _hop in range(5):
        ticket = Ticket.objects.select_related("marketplace", "buyer").filter(pk=ticket_id).first()
        if ticket is None or ticket.merged_into_id is None:
            break
        ticket_id = ticket.merged_into_id
    if ticket is None:
        return None
    merged = list(Ticket.objects.filter(merged_into_id=ticket.pk).values_list("pk", flat=True))
    messages = list(
        Message.objects.filter(ticket_id__in=[ticket.pk, *merged])
        .exclude(direction=Direction.INTERNAL)
        .select_related("author")
        .order_by("sent_at", "pk")
    )
    return BuyerConversation(ticket=ticket, messages=messages)


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


def seller_messages_since(*, seller_id: int, since) -> int:
    """How many buyer messages were routed to the seller since ``since`` (the
    seller's index on (seller, opened_at))."""
    return Ticket.objects.filter(seller_id=seller_id, route=Route.SELLER_MESSAGING, opened_at__gte=since).count()


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
