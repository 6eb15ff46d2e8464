"""Contact intake: a buyer contact on any channel becomes a ticket exactly once,
is classified, checked for coverage and routed.

Exactly once: an ``idempotency_key`` (the API's ``Idempotency-Key`` header, or
``email:<Message-ID>``) is unique on Ticket; a retry or a concurrent duplicate
returns the ticket the first submission created. Email replies thread onto
their ticket by In-Reply-To / References or a ``CSBA-<id>`` subject reference.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterable, Sequence

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import translation

from csba.errors import DomainError
from sellers.coverage import Coverage, order_item_coverage, order_item_coverage_bulk
from sellers.models import Buyer, Marketplace, Order, OrderItem

from .. import events
from ..models import ActorKind, Attachment, AuthorKind, Channel, Direction, Message, Ticket, TicketEvent
from ..reasons import Reason, Route, route_for_reason
from ..states import TicketStatus, check_ticket_transition
from .transitions import ticket_transition

MAX_BODY_CHARS = 100_000
CLAIM_A_TO_Z = "a_to_z"
ROUTE_CHANNELS = {c.value for c in Channel}


@dataclass(frozen=True)
class IncomingAttachment:
    filename: str
    content_type: str
    payload: bytes


@dataclass
class Contact:
    """A buyer contact as intake receives it, whatever the channel."""

    channel: str
    marketplace_code: str
    body: str
    subject: str = ""
    buyer_email: str | None = None
    buyer_name: str | None = None
    order_number: str | None = None
    asin: str | None = None
    language: str | None = None
    idempotency_key: str | None = None
    external_message_id: str | None = None
    thread_ids: Sequence[str] = ()
    ticket_reference: int | None = None
    attachments: Sequence[IncomingAttachment] = field(default_factory=tuple)
    transferred_by_seller_id: int | None = None
    # A claim filed through the marketplace's claim form ("a_to_z"): its
    # reason comes from the channel, not from the text.
    claim: str | None = None


@dataclass(frozen=True)
class IntakeResult:
    ticket: Ticket
    created: bool
    threaded: bool = False


@dataclass(frozen=True)
class RoutingDecision:
    route: str
    reason_text: str
    order_item: OrderItem | None
    coverage: dict


_marketplaces: dict[str, Marketplace] = {}


def _marketplace(code: str) -> Marketplace:
    """Marketplaces change rarely; keep them per process (one query saved per contact)."""
    key = (code or "").upper()
    cached = _marketplaces.get(key)
    if cached is None:
        cached = Marketplace.objects.filter(code=key).first()
        if cached is None:
            raise DomainError(f"Unknown marketplace {code!r}.", code="unknown_marketplace",
                              field_errors={"marketplace": [f"One of {', '.join(sorted(_codes()))}."]})
        _marketplaces[key] = cached
    return cached


def _codes() -> list[str]:
    return list(Marketplace.objects.values_list("code", flat=True))


def forget_cached_marketplaces() -> None:
    _marketplaces.clear()


def validate_contact(contact: Contact) -> None:
    errors: dict[str, list[str]] = {}
    body = contact.body or ""
    if not body.strip() and not contact.attachments:
        errors["body"] = ["The message is empty."]
    elif len(body) > MAX_BODY_CHARS:
        errors["body"] = [f"The message is {len(body):,} characters long; at most {MAX_BODY_CHARS:,} are accepted."]
    if contact.channel not in ROUTE_CHANNELS:
        errors["channel"] = [f"One of {', '.join(sorted(ROUTE_CHANNELS))}."]
    if contact.claim not in (None, CLAIM_A_TO_Z):
        errors["claim"] = [f"Only {CLAIM_A_TO_Z!r}."]
    if contact.idempotency_key is not None and not (0 < len(contact.idempotency_key) <= 200):
        errors["idempotency_key"] = ["Between 1 and 200 characters."]
    if errors:
        raise DomainError("The contact was not accepted.", code="invalid_contact", field_errors=errors)


def _find_order(marketplace: Marketplace, order_number: str | None) -> Order | None:
    if not order_number:
        return None
    found = Order.objects.select_related("marketplace", "buyer", "seller").filter(order_number=order_number.strip())
    return _order_in({order.order_number: order for order in found}, marketplace, order_number)


def decide_route(
    *, reason: str, order: Order | None, asin: str | None, transferred: bool,
    judged: list[tuple[OrderItem, Coverage]] | None = None, handles_a_to_z_claims: bool = False,
) -> RoutingDecision:
    """Route by reason, then coverage: coverage can only move a contact away from
    CSBA. ``judged`` is the order's items with their coverage when the caller
    fetched them already (batch intake). A-to-z Guarantee claims stay with CSBA
    only where the marketplace has CSBA handle them (JP); elsewhere the seller
    answers them."""
    by_reason = route_for_reason(reason)
    if by_reason == Route.SELLER_MESSAGING:
        with translation.override("en"):  # stored on the ticket: one language for the audit trail
            label = str(Reason(reason).label)
        return RoutingDecision(by_reason, f"{label} questions are answered by the seller.", None, {})
    if by_reason == Route.MARKETPLACE_SUPPORT:
        return RoutingDecision(by_reason, "Account and login questions go to marketplace support.", None, {})
    if reason == Reason.A_TO_Z_CLAIM and not handles_a_to_z_claims:
        return RoutingDecision(Route.SELLER_MESSAGING,
                               "A-to-z Guarantee claims in this marketplace are answered by the seller.", None, {})
    if order is None:
        return RoutingDecision(
            Route.CSBA, "Post-order inquiry without an order number: the agent identifies the order and checks coverage.",
            None, {},
        )
    if judged is None:
        judged = order_item_coverage(order)
    if asin:
        judged = [(item, cov) for item, cov in judged if item.product.asin == asin] or judged
    summary = {str(item.pk): {"asin": item.product.asin, "channel": item.fulfillment_channel,
                              "covered": cov.is_covered, "why": cov.reason} for item, cov in judged}
    covered = [item for item, cov in judged if cov.is_covered]
    if covered:
        chosen = covered[0] if len(covered) == 1 or asin else None
        text = "Covered unit: seller-fulfilled, ordered while the seller was enrolled in CSBA."
        if transferred:
            text = "Transferred by the seller; " + text[0].lower() + text[1:]
        if len(covered) < len(judged):
            text += " Other items of this order are not covered."
        return RoutingDecision(Route.CSBA, text, chosen, summary)
    why = judged[0][1].explain() if judged else "The order has no items."
    return RoutingDecision(Route.SELLER_MESSAGING, f"Not a CSBA unit: {why}", judged[0][0] if len(judged) == 1 else None, summary)


def _thread_target(contact: Contact) -> Ticket | None:
    ids = [i for i in contact.thread_ids if i]
    if ids:
        message = Message.objects.filter(external_message_id__in=ids).select_related("ticket").order_by("-sent_at").first()
        if message is not None:
            return message.ticket
    if contact.ticket_reference:
        ticket = Ticket.objects.select_related("buyer").filter(pk=contact.ticket_reference).first()
        if ticket is not None and (
            ticket.buyer is None or not contact.buyer_email or ticket.buyer.email.lower() == contact.buyer_email.lower()
        ):
            return ticket
    return None


def _store_attachments(message: Message, attachments: Iterable[IncomingAttachment]) -> None:
    for incoming in attachments:
        attachment = Attachment(message=message, filename=incoming.filename[:255], content_type=incoming.content_type[:100],
                                size=len(incoming.payload))
        attachment.file.save(incoming.filename[:100] or "attachment", ContentFile(incoming.payload), save=False)
        attachment.save()


def _inbound_message_row(ticket: Ticket, contact: Contact, now: datetime) -> Message:
    return Message(
        ticket=ticket, direction=Direction.INBOUND,
        author_kind=AuthorKind.SELLER if contact.transferred_by_seller_id else AuthorKind.BUYER,
        channel=contact.channel, body=contact.body, sent_at=now,
        external_message_id=contact.external_message_id or None,
        in_reply_to=(contact.thread_ids[0] if contact.thread_ids else "")[:300],
    )


def _inbound_message(ticket: Ticket, contact: Contact, now: datetime) -> Message:
    message = _inbound_message_row(ticket, contact, now)
    message.save()
    if contact.attachments:
        _store_attachments(message, contact.attachments)
    return message


@transaction.atomic
def _thread_onto(ticket_id: int, contact: Contact, now: datetime) -> Ticket:
    from csba.db import locked

    ticket = locked(Ticket.objects.filter(pk=ticket_id))
    message = _inbound_message(ticket, contact, now)
    events.record(ticket_id=ticket.pk, kind=events.EventKind.MESSAGE_RECEIVED, now=now, actor_kind=ActorKind.BUYER,
                  data={"message_id": message.pk, "channel": contact.channel, "threaded": True})
    if ticket.status in (TicketStatus.PENDING_BUYER, TicketStatus.RESOLVED):
        ticket_transition(ticket, TicketStatus.OPEN, now=now, actor_kind=ActorKind.BUYER,
                          data={"why": "The buyer wrote again."})
    return ticket


def _classify(contact: Contact, marketplace: Marketplace):
    from ..classification import classify

    return classify(f"{contact.subject}\n{contact.body}".strip(), marketplace=marketplace.code, language=contact.language)


@transaction.atomic
def _open_ticket(contact: Contact, now: datetime, *, actor=None) -> Ticket:
    marketplace = _marketplace(contact.marketplace_code)
    order = _find_order(marketplace, contact.order_number)
    if contact.transferred_by_seller_id and (order is None or order.seller_id != contact.transferred_by_seller_id):
        raise DomainError("A seller can only transfer a buyer message about one of its own orders.",
                          code="transfer_needs_own_order", field_errors={"order_number": ["One of your orders."]})
    ticket, status, data = _new_ticket(contact, marketplace, order, now)
    if ticket.buyer is None and order is None:
        ticket.buyer = _buyer_for(marketplace, contact)
    ticket_transition(ticket, status, now=now, actor=actor, actor_kind=_opened_by(contact, actor), data=data)
    _inbound_message(ticket, contact, now)
    from ..tasks.intake import ticket_after_intake_task

    transaction.on_commit(lambda: ticket_after_intake_task.delay(ticket.pk), robust=True)
    return ticket


def _opened_by(contact: Contact, actor) -> str:
    return ActorKind.SELLER if contact.transferred_by_seller_id else (ActorKind.AGENT if actor else ActorKind.BUYER)


def _new_ticket(
    contact: Contact, marketplace: Marketplace, order: Order | None, now: datetime,
    judged: list[tuple[OrderItem, Coverage]] | None = None,
) -> tuple[Ticket, str, dict]:
    """The unsaved ticket for a new contact (classified and routed), its first
    status, and the data of its "opened" event. The buyer of a contact without
    an order is left to the caller. Raises DomainError for a transfer CSBA
    cannot take."""
    classification = _classify(contact, marketplace)
    reason = Reason.A_TO_Z_CLAIM.value if contact.claim == CLAIM_A_TO_Z else classification.reason
    decision = decide_route(reason=reason, order=order, asin=contact.asin,
                            transferred=bool(contact.transferred_by_seller_id), judged=judged,
                            handles_a_to_z_claims=marketplace.handles_a_to_z_claims)
    if contact.transferred_by_seller_id and decision.route != Route.CSBA:
        raise DomainError(f"This message cannot be transferred to CSBA: {decision.reason_text}",
                          code="transfer_not_covered", field_errors={"order_number": [decision.reason_text]})
    buyer = order.buyer if order is not None else None
    language = contact.language or classification.language or marketplace.default_language
    ticket = Ticket(
        marketplace=marketplace, buyer=buyer, order=order, order_item=decision.order_item,
        seller_id=order.seller_id if order is not None else None, channel=contact.channel, language=language,
        subject=(contact.subject or contact.body.strip().splitlines()[0] if contact.body.strip() else contact.subject)[:300],
        reason=reason, route=decision.route, route_reason=decision.reason_text[:300],
        classification={"reason": reason, "language": classification.language, "confidence": classification.confidence,
                        "matched": list(classification.matched)[:10], "coverage": decision.coverage},
        opened_at=now, first_response_due_at=now + timedelta(hours=marketplace.commitment_hours),
        idempotency_key=contact.idempotency_key,
    )
    status = TicketStatus.OPEN if decision.route == Route.CSBA else TicketStatus.TRANSFERRED
    return ticket, status, {"route": decision.route, "why": decision.reason_text, "channel": contact.channel}


def _buyer_for(marketplace: Marketplace, contact: Contact) -> Buyer | None:
    if not contact.buyer_email:
        return None
    buyer, _ = Buyer.objects.get_or_create(
        marketplace=marketplace, email=contact.buyer_email.strip().lower(),
        defaults={"name": (contact.buyer_name or contact.buyer_email.split("@")[0])[:200], "language": contact.language or ""},
    )
    return buyer


def contact_receive(*, contact: Contact, now: datetime, actor=None) -> IntakeResult:
    """Turn a contact into a ticket exactly once, or thread it onto its ticket.
    Raises DomainError for bad input (nothing is written). Enqueues the
    suggested-answer and notification tasks after commit."""
    validate_contact(contact)
    if contact.idempotency_key:
        existing = Ticket.objects.filter(idempotency_key=contact.idempotency_key).first()
        if existing is not None:
            return IntakeResult(existing, created=False)
    if contact.external_message_id:
        known = Message.objects.filter(external_message_id=contact.external_message_id).select_related("ticket").first()
        if known is not None:
            # A duplicate of a message already taken in: nothing was threaded by this call.
            return IntakeResult(known.ticket, created=False)
    target = _thread_target(contact) if (contact.thread_ids or contact.ticket_reference) else None
    try:
        if target is not None:
            return IntakeResult(_thread_onto(target.pk, contact, now), created=False, threaded=True)
        return IntakeResult(_open_ticket(contact, now, actor=actor), created=True)
    except IntegrityError:
        # A concurrent duplicate won the race on the unique key: return its ticket.
        if contact.idempotency_key:
            existing = Ticket.objects.filter(idempotency_key=contact.idempotency_key).first()
            if existing is not None:
                return IntakeResult(existing, created=False)
        if contact.external_message_id:
            known = Message.objects.filter(external_message_id=contact.external_message_id).select_related("ticket").first()
            if known is not None:
                return IntakeResult(known.ticket, created=False)
        raise


@dataclass(frozen=True)
class BatchItem:
    """The outcome of one contact of a batch: a ticket, or the error that kept it out."""

    result: IntakeResult | None = None
    error: DomainError | None = None


MAX_BATCH = 1000


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
        raise DomainError(f"At most {MAX_BATCH} contacts per batch.", code="batch_too_large",
                          field_errors={"contacts": [f"At most {MAX_BATCH}."]})
    outcomes: list[BatchItem | None] = [None] * len(contacts)
    simple: list[int] = []
    for index, contact in enumerate(contacts):
        try:
            validate_contact(contact)
            _marketplace(contact.marketplace_code)
        except DomainError as error:
            outcomes[index] = BatchItem(error=error)
            continue
        if (contact.thread_ids or contact.ticket_reference or contact.external_message_id or contact.attachments
                or contact.transferred_by_seller_id):
            outcomes[index] = _single(contact, now, actor)
        else:
            simple.append(index)
    keys = {contacts[i].idempotency_key for i in simple if contacts[i].idempotency_key}
    existing = {t.idempotency_key: t for t in Ticket.objects.filter(idempotency_key__in=keys)} if keys else {}
    numbers = {contacts[i].order_number.strip() for i in simple if contacts[i].order_number}
    orders = {o.order_number: o for o in Order.objects.select_related("marketplace", "buyer", "seller")
              .filter(order_number__in=numbers)} if numbers else {}
    judged = order_item_coverage_bulk(orders.values())
    fresh: list[tuple[int, Ticket, str, dict]] = []
    first_of_key: dict[str, int] = {}
    for index in simple:
        contact = contacts[index]
        key = contact.idempotency_key
        if key and key in existing:
            outcomes[index] = BatchItem(IntakeResult(existing[key], created=False))
            continue
        if key and key in first_of_key:
            continue  # a repeat inside the batch: answered with the first one's ticket below
        try:
            marketplace = _marketplace(contact.marketplace_code)
            order = _order_in(orders, marketplace, contact.order_number)
            ticket, status, data = _new_ticket(contact, marketplace, order, now,
                                               judged=judged.get(order.pk) if order is not None else None)
        except DomainError as error:
            outcomes[index] = BatchItem(error=error)
            continue
        check_ticket_transition(None, status)
        ticket.status = status
        fresh.append((index, ticket, status, data))
        if key:
            first_of_key[key] = index
    try:
        with transaction.atomic():
            _attach_buyers([(contacts[i], t) for i, t, _, _ in fresh if t.buyer is None and t.order_id is None])
            Ticket.objects.bulk_create([ticket for _, ticket, _, _ in fresh])
            TicketEvent.objects.bulk_create([
                events.status_changed_row(ticket_id=ticket.pk, old=None, new=status, now=now, actor=actor,
                                          actor_kind=_opened_by(contacts[i], actor), data=data)
                for i, ticket, status, data in fresh
            ])
            Message.objects.bulk_create([_inbound_message_row(ticket, contacts[i], now) for i, ticket, _, _ in fresh])
            from ..tasks.intake import ticket_after_intake_task

            ids = [ticket.pk for _, ticket, _, _ in fresh]
            transaction.on_commit(lambda: [ticket_after_intake_task.delay(pk) for pk in ids], robust=True)
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
            outcomes[index] = BatchItem(IntakeResult(first.result.ticket, created=False)) if first.result else first
    return outcomes


def _single(contact: Contact, now: datetime, actor) -> BatchItem:
    try:
        return BatchItem(contact_receive(contact=contact, now=now, actor=actor))
    except DomainError as error:
        return BatchItem(error=error)


def _order_in(orders: dict[str, Order], marketplace: Marketplace, order_number: str | None) -> Order | None:
    """The contact's order among ``orders`` (fetched by number), checked to be
    of the contact's marketplace."""
    if not order_number:
        return None
    order = orders.get(order_number.strip())
    if order is None:
        raise DomainError(f"There is no order {order_number}.", code="unknown_order",
                          field_errors={"order_number": ["Unknown order number."]})
    if order.marketplace_id != marketplace.pk:
        raise DomainError(
            f"Order {order_number} belongs to the {order.marketplace.code} marketplace, not {marketplace.code}.",
            code="order_in_other_marketplace", field_errors={"order_number": ["Order of another marketplace."]},
        )
    return order


def _attach_buyers(pairs: list[tuple[Contact, Ticket]]) -> None:
    """Buyers of contacts without an order, by e-mail per marketplace: found or created in two queries."""
    wanted = {(t.marketplace_id, c.buyer_email.strip().lower()): c for c, t in pairs if c.buyer_email}
    if not wanted:
        return
    known = {(b.marketplace_id, b.email): b for b in Buyer.objects.filter(
        marketplace_id__in={m for m, _ in wanted}, email__in={e for _, e in wanted})}
    missing = [Buyer(marketplace_id=m, email=e, name=(c.buyer_name or e.split("@")[0])[:200], language=c.language or "")
               for (m, e), c in wanted.items() if (m, e) not in known]
    if missing:
        Buyer.objects.bulk_create(missing, ignore_conflicts=True)
        known.update({(b.marketplace_id, b.email): b for b in Buyer.objects.filter(
            marketplace_id__in={b.marketplace_id for b in missing}, email__in={b.email for b in missing})})
    for contact, ticket in pairs:
        if contact.buyer_email:
            ticket.buyer = known.get((ticket.marketplace_id, contact.buyer_email.strip().lower()))
