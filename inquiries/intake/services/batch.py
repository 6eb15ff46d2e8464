"""Intake of many contacts at once (bulk import, integrations): the rules of
``contact_receive`` with a constant number of queries per batch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction

from csba.dispatch import Task, enqueue_each_on_commit
from csba.errors import DomainError
from csba.prepared import Param, PreparedRead
from sellers.coverage import order_item_coverage_bulk
from sellers.models import Buyer, Order

from ...models import Message, Ticket
from ...transitions import tickets_open_bulk
from ..contacts import (
    Contact,
    IntakeResult,
    marketplace_for_code,
    opened_by,
    order_in,
    replay_check,
    validate_contact,
)
from ..routing import ticket_new
from .receive import contact_receive, inbound_message_row


@dataclass(frozen=True)
class BatchItem:
    """The outcome of one contact of a batch: a ticket, or the error that kept it out."""

    result: IntakeResult | None = None
    error: DomainError | None = None


MAX_BATCH = 1000

# The batch's two reads, compiled once per number of keys (csba.prepared).
EXISTING_READ = PreparedRead(lambda keys: Ticket.objects.filter(idempotency_key__in=keys), keys=Param.TEXT_LIST)
ORDERS_READ = PreparedRead(
    lambda numbers: Order.objects.select_related("marketplace", "buyer", "seller").filter(order_number__in=numbers),
    numbers=Param.TEXT_LIST,
)


def contacts_receive_batch(*, contacts: Sequence[Contact], now: datetime, actor=None) -> list[BatchItem]:
    """Intake of many contacts at once (bulk import, integrations): the same
    rules as ``contact_receive`` — idempotency, classification, coverage and
    routing, the audit event, the first message, the after-commit task — with
    a constant number of queries per batch instead of per contact.

    Bad contacts are reported in their place and do not stop the others.
    Contacts that thread onto an existing ticket (message ids, a ticket
    reference), carry attachments or are seller transfers take the
    single-contact path. If a concurrent request wins the race on an
    idempotency key, the batch falls back to the single-contact path, which
    returns the winner's ticket."""
    if len(contacts) > MAX_BATCH:
        raise DomainError(
            f"At most {MAX_BATCH} contacts per batch.",
            code="batch_too_large",
            field_errors={"contacts": [f"At most {MAX_BATCH}."]},
        )
    outcomes: list[BatchItem | None] = [None] * len(contacts)
    simple: list[int] = []
    for index, contact in enumerate(contacts):
        try:
            validate_contact(contact)
            marketplace_for_code(contact.marketplace_code)
        except DomainError as error:
            outcomes[index] = BatchItem(error=error)
            continue
        if (
            contact.thread_ids
            or contact.ticket_reference
            or contact.external_message_id
            or contact.attachments
            or contact.transferred_by_seller_id
        ):
            outcomes[index] = _single(contact, now, actor)
        else:
            simple.append(index)
    keys = sorted({contacts[i].idempotency_key for i in simple if contacts[i].idempotency_key})
    existing = {t.idempotency_key: t for t in EXISTING_READ(keys=keys)} if keys else {}
    numbers = sorted({contacts[i].order_number.strip() for i in simple if contacts[i].order_number})
    orders = {o.order_number: o for o in ORDERS_READ(numbers=numbers)} if numbers else {}
    judged = order_item_coverage_bulk(orders.values())
    fresh: list[tuple[int, Ticket, str, dict]] = []
    first_of_key: dict[str, int] = {}
    for index in simple:
        contact = contacts[index]
        key = contact.idempotency_key
        if key and key in existing:
            try:
                outcomes[index] = BatchItem(IntakeResult(replay_check(existing[key], contact), created=False))
            except DomainError as error:
                outcomes[index] = BatchItem(error=error)
            continue
        if key and key in first_of_key:
            continue  # a repeat inside the batch: answered with the first one's ticket below
        try:
            marketplace = marketplace_for_code(contact.marketplace_code)
            order = order_in(orders, marketplace, contact.order_number)
            ticket, status, data = ticket_new(
                contact, marketplace, order, now, judged=judged.get(order.pk) if order is not None else None
            )
        except DomainError as error:
            outcomes[index] = BatchItem(error=error)
            continue
        fresh.append((index, ticket, status, data))
        if key:
            first_of_key[key] = index
    try:
        with transaction.atomic():
            _attach_buyers([(contacts[i], t) for i, t, _, _ in fresh if t.buyer is None and t.order_id is None])
            # Seller transfers took the single path: the opener is the same for every contact here.
            opener = opened_by(contacts[fresh[0][0]], actor) if fresh else None
            tickets_open_bulk(
                [(ticket, status, data) for _, ticket, status, data in fresh], now=now, actor=actor, actor_kind=opener
            )
            Message.objects.bulk_create([inbound_message_row(ticket, contacts[i], now) for i, ticket, _, _ in fresh])
            enqueue_each_on_commit(Task.TICKET_AFTER_INTAKE, [(ticket.pk,) for _, ticket, _, _ in fresh])
    except IntegrityError:
        # A concurrent request took one of the keys first: one by one, each returns its winner.
        for index, _, _, _ in fresh:
            outcomes[index] = _single(contacts[index], now, actor)
    else:
        for index, ticket, _, _ in fresh:
            outcomes[index] = BatchItem(IntakeResult(ticket, created=True))
    for index in simple:
        if outcomes[index] is None:  # a repeated key inside the batch
            first = outcomes[first_of_key[contacts[index].idempotency_key]]
            outcomes[index] = _repeat(first, contacts[index])
    return outcomes


def _repeat(first: BatchItem, contact: Contact) -> BatchItem:
    """A contact whose key an earlier contact of the batch used: its ticket, or
    Conflict if the two say different things."""
    if first.result is None:
        return first
    try:
        return BatchItem(IntakeResult(replay_check(first.result.ticket, contact), created=False))
    except DomainError as error:
        return BatchItem(error=error)


def _single(contact: Contact, now: datetime, actor) -> BatchItem:
    try:
        return BatchItem(contact_receive(contact=contact, now=now, actor=actor))
    except DomainError as error:
        return BatchItem(error=error)


def _attach_buyers(pairs: list[tuple[Contact, Ticket]]) -> None:
    """Buyers of contacts without an order, by e-mail per marketplace: found or created in two queries."""
    wanted = {(t.marketplace_id, c.buyer_email.strip().lower()): c for c, t in pairs if c.buyer_email}
    if not wanted:
        return
    known = {
        (b.marketplace_id, b.email): b
        for b in Buyer.objects.filter(marketplace_id__in={m for m, _ in wanted}, email__in={e for _, e in wanted})
    }
    missing = [
        Buyer(marketplace_id=m, email=e, name=(c.buyer_name or e.split("@")[0])[:200], language=c.language or "")
        for (m, e), c in wanted.items()
        if (m, e) not in known
    ]
    if missing:
        Buyer.objects.bulk_create(missing, ignore_conflicts=True)
        known.update(
            {
                (b.marketplace_id, b.email): b
                for b in Buyer.objects.filter(
                    marketplace_id__in={b.marketplace_id for b in missing}, email__in={b.email for b in missing}
                )
            }
        )
    for contact, ticket in pairs:
        if contact.buyer_email:
            ticket.buyer = known.get((ticket.marketplace_id, contact.buyer_email.strip().lower()))
