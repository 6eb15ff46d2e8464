"""Suggested answers on tickets: from the product detail page for product
questions, from order data for order questions. The suggestion and its
evidence are stored on the ticket; the agent accepts, edits or discards it."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import prefetch_related_objects

from sellers.models import Order

from ... import events
from ...answering.orders import (
    answer_refund_status,
    answer_return_request,
    answer_where_is_my_order,
    order_prefetch,
)
from ...models import ActorKind, Direction, Message, Ticket
from ...reasons import Route, Suggestion, reason_spec


def _product_suggestion(ticket: Ticket, question: str, buyer_name: str = "") -> dict | None:
    product = None
    if ticket.order_item_id:
        product = ticket.order_item.product
    elif ticket.order_id:
        items = list(ticket.order.items.all())
        product = items[0].product if len(items) == 1 else None
    if product is None:
        return None
    from csba.errors import DomainError

    from ...answering.live import answer_for_product

    try:
        return answer_for_product(
            product=product,
            question=question,
            language=ticket.language,
            buyer_name=buyer_name,
            seller_reply_hours=ticket.marketplace.seller_reply_hours,  # the case's deadline (caselog.case_open)
        )
    except DomainError as exc:  # nothing to answer (empty or oversized text): the agent reads the ticket
        return {"decision": "escalate", "reply": "", "evidence": [], "reason": exc.code, "highlights": []}


def suggestion_for(ticket: Ticket, *, now: datetime, question: str | None = None, order=None) -> dict | None:
    """The suggestion for a ticket, or None where none applies (no order, other
    reasons). ``question`` (the buyer's first message) and ``order`` (with
    ``order_prefetch()``) may come loaded already (``suggestions_for``)."""
    if question is None:
        first = ticket.messages.filter(direction="inbound").order_by("sent_at").first()
        question = first.body if first is not None else ticket.subject
    buyer_name = ticket.buyer.name if ticket.buyer else ""
    kind = reason_spec(ticket.reason).suggestion
    if kind == Suggestion.PRODUCT:
        return _product_suggestion(ticket, question, buyer_name)
    if kind == Suggestion.NONE or ticket.order_id is None:
        return None
    if order is None:
        order = Order.objects.prefetch_related(*order_prefetch()).select_related("marketplace").get(pk=ticket.order_id)
    if kind == Suggestion.WHERE_IS_MY_ORDER:
        return answer_where_is_my_order(order, language=ticket.language, buyer_name=buyer_name, now=now).as_dict()
    if kind == Suggestion.REFUND_STATUS:
        return answer_refund_status(order, language=ticket.language, buyer_name=buyer_name, now=now).as_dict()
    items = list(order.items.all())
    item = next((i for i in items if i.pk == ticket.order_item_id), items[0] if items else None)
    if item is None:
        return None
    return answer_return_request(item, language=ticket.language, buyer_name=buyer_name, now=now).as_dict()


def suggestions_for(tickets: list[Ticket], *, now: datetime) -> dict[int, dict | None]:
    """``suggestion_for`` of many tickets (``buyer``, ``order``,
    ``order_item__product`` and ``marketplace`` loaded) with the reads done
    once for all: the buyers' first messages in one query, the orders with
    their shipments, items and refunds in one set of queries. A product
    question asked again about the same product in the same words, to the
    same buyer name and language, is answered once."""
    if not tickets:
        return {}
    # The first messages may come with the tickets (a ``question`` annotation: after_intake's read).
    questions: dict[int, str] = {
        t.pk: question for t in tickets if (question := getattr(t, "question", None)) is not None
    }
    unread = [t.pk for t in tickets if t.pk not in questions]
    for ticket_id, body in (
        Message.objects.filter(ticket_id__in=unread, direction=Direction.INBOUND)
        .order_by("ticket_id", "sent_at", "pk")
        .values_list("ticket_id", "body")
        if unread
        else ()
    ):
        questions.setdefault(ticket_id, body)
    needs_order = [
        t
        for t in tickets
        if t.order_id and reason_spec(t.reason).suggestion not in (Suggestion.NONE, Suggestion.PRODUCT)
    ]
    # The tickets' orders (loaded with them) get their shipments, items and refunds: no second read of the orders.
    orders: dict[int, Order] = {}
    for ticket in needs_order:
        order = orders.setdefault(ticket.order_id, ticket.order)
        if order.marketplace_id == ticket.marketplace_id:
            order.marketplace = ticket.marketplace
    prefetch_related_objects(list(orders.values()), *order_prefetch())
    answered: dict[tuple, dict | None] = {}
    result: dict[int, dict | None] = {}
    for ticket in tickets:
        question = questions.get(ticket.pk, ticket.subject)
        if reason_spec(ticket.reason).suggestion == Suggestion.PRODUCT and ticket.order_item_id:
            key = (question, ticket.order_item.product_id, ticket.language, ticket.buyer.name if ticket.buyer else "")
            if key not in answered:
                answered[key] = suggestion_for(ticket, now=now, question=question)
            result[ticket.pk] = answered[key]
            continue
        result[ticket.pk] = suggestion_for(ticket, now=now, question=question, order=orders.get(ticket.order_id))
    return result


# The suggestions this module knows how to compute (a test holds the registry to it).
SUGGESTIONS = frozenset(
    {
        Suggestion.NONE,
        Suggestion.PRODUCT,
        Suggestion.WHERE_IS_MY_ORDER,
        Suggestion.REFUND_STATUS,
        Suggestion.RETURN_WINDOW,
    }
)


def ticket_suggest(*, ticket_id: int, now: datetime) -> str:
    """Compute and store the suggestion of a CSBA ticket. Safe to run twice:
    a later run replaces the suggestion with a fresh one."""
    ticket = (
        Ticket.objects.select_related("buyer", "order", "order_item__product", "marketplace")
        .filter(pk=ticket_id, route=Route.CSBA)
        .first()
    )
    if ticket is None:
        return "not_csba"
    suggestion = suggestion_for(ticket, now=now)
    if suggestion is None:
        return "none"
    with transaction.atomic():
        Ticket.objects.filter(pk=ticket.pk).update(suggestion=suggestion, suggestion_at=now)
        events.record_many([suggestion_ready_event(ticket.pk, suggestion, now=now)])
    return suggestion["decision"]


def suggestion_ready_event(ticket_id: int, suggestion: dict, *, now: datetime) -> events.EventRow:
    """The ``suggestion_ready`` event of a stored suggestion (written with ``events.record_many``)."""
    return events.event_row(
        ticket_id=ticket_id,
        kind=events.EventKind.SUGGESTION_READY,
        now=now,
        actor_kind=ActorKind.SYSTEM,
        data={"decision": suggestion["decision"], "reason": suggestion.get("reason", "")},
    )
