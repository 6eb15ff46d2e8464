"""What intake receives: a buyer contact on any channel, its validation, and
the look-ups every intake path shares (the marketplace by code, the order by
number within the contact's marketplace)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from csba.errors import Conflict, DomainError
from csba.prepared import Param, PreparedRead
from sellers.coverage import items_coverage
from sellers.models import Marketplace, Order, OrderItem

from ..models import ActorKind, Channel, Ticket

MAX_BODY_CHARS = 100_000
# Message.external_message_id holds 300 characters and Ticket.idempotency_key 200
# ("email:" + id): a longer Message-ID is stored as its digest.
MAX_MESSAGE_ID_CHARS = 190
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
    # Where the contact came from, kept on its "opened" event (e.g. a seller's
    # forward of a buyer's mail: the original sender and Message-ID).
    provenance: dict = field(default_factory=dict)
    # Sent from a public page (the web form, the chat): the page answers the
    # same whatever the order number (no order-number oracle).
    from_public_page: bool = False

    def fingerprint(self) -> str:
        """A digest of what the contact says: a replay of its idempotency key
        with another fingerprint is refused (409), not answered with the ticket."""
        said = [
            self.channel,
            (self.marketplace_code or "").upper(),
            self.body,
            self.subject,
            self.buyer_email,
            self.buyer_name,
            self.order_number,
            self.asin,
            self.language,
            self.claim,
            self.transferred_by_seller_id,
            [(a.filename, hashlib.sha256(a.payload).hexdigest()) for a in self.attachments],
        ]
        return hashlib.sha256(json.dumps(said, ensure_ascii=True).encode()).hexdigest()


@dataclass(frozen=True)
class IntakeResult:
    ticket: Ticket
    created: bool
    threaded: bool = False


def message_key(message_id: str | None) -> str | None:
    """The Message-ID as stored (without angle brackets); a very long one as
    ``sha256:<hex>`` so it fits the columns and still matches on a re-read."""
    if not message_id:
        return None
    if len(message_id) <= MAX_MESSAGE_ID_CHARS:
        return message_id
    return "sha256:" + hashlib.sha256(message_id.encode("utf-8", "replace")).hexdigest()


_marketplaces: dict[str, Marketplace] = {}


def marketplace_for_code(code: str) -> Marketplace:
    """Marketplaces change rarely; keep them per process (one query saved per contact)."""
    key = (code or "").upper()
    cached = _marketplaces.get(key)
    if cached is None:
        cached = Marketplace.objects.filter(code=key).first()
        if cached is None:
            raise DomainError(
                f"Unknown marketplace {code!r}.",
                code="unknown_marketplace",
                field_errors={"marketplace": [f"One of {', '.join(sorted(_codes()))}."]},
            )
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


def order_find(marketplace: Marketplace, order_number: str | None) -> Order | None:
    if not order_number:
        return None
    found = Order.objects.select_related("marketplace", "buyer", "seller").filter(order_number=order_number.strip())
    return order_in({order.order_number: order for order in found}, marketplace, order_number)


# Read for every contact with an order: compiled once (csba.prepared).
ORDER_ITEMS_READ = PreparedRead(
    lambda number: (
        OrderItem.objects.filter(order__order_number=number)
        .select_related("order__marketplace", "order__buyer", "order__seller", "product")
        .order_by("pk")
    ),
    number=Param.TEXT,
)


def order_find_judged(marketplace: Marketplace, order_number: str | None):
    """``order_find`` with the order's items (product loaded) and their
    coverage: the order comes with its items in one query and the coverage
    takes one more (intake's hot path). Returns (order, judged); judged is
    None when there is no order or it has no items (routing reads them then)."""
    if not order_number:
        return None, None
    items = ORDER_ITEMS_READ(number=order_number.strip())
    if not items:
        return order_find(marketplace, order_number), None
    order = items[0].order
    for item in items:
        item.order = order
    return order_in({order.order_number: order}, marketplace, order_number), items_coverage(order, items)


def order_in(orders: dict[str, Order], marketplace: Marketplace, order_number: str | None) -> Order | None:
    """The contact's order among ``orders`` (fetched by number), checked to be
    of the contact's marketplace."""
    if not order_number:
        return None
    order = orders.get(order_number.strip())
    if order is None:
        raise DomainError(
            f"There is no order {order_number}.",
            code="unknown_order",
            field_errors={"order_number": ["Unknown order number."]},
        )
    if order.marketplace_id != marketplace.pk:
        raise DomainError(
            f"Order {order_number} belongs to the {order.marketplace.code} marketplace, not {marketplace.code}.",
            code="order_in_other_marketplace",
            field_errors={"order_number": ["Order of another marketplace."]},
        )
    return order


# Channels where anybody may name any order number: the contact's email must be the order's buyer's.
IDENTITY_CHECKED_CHANNELS = (Channel.WEB_FORM, Channel.CHAT)
ORDER_LOOKUP_ERRORS = ("unknown_order", "order_in_other_marketplace")


def is_buyer_unverified(contact: Contact, order: Order | None) -> bool:
    """A web-form or chat contact naming an order whose buyer's email is not
    the contact's: the order is not attached until an agent verifies."""
    if order is None or contact.channel not in IDENTITY_CHECKED_CHANNELS:
        return False
    return (contact.buyer_email or "").strip().lower() != (order.buyer.email or "").strip().lower()


def order_for_contact(contact: Contact, marketplace: Marketplace):
    """The contact's order, what the agent should know of the number given,
    and the order's items with their coverage when they were read with it
    (``order_find_judged``; None otherwise). From a public page an unknown
    order number, or one of another marketplace, is no error (the page must
    not tell them apart from an accepted one): the contact is taken without
    the order and the number kept for the agent; elsewhere (API, phone log)
    it is a DomainError."""
    try:
        order, judged = order_find_judged(marketplace, contact.order_number)
        return order, {}, judged
    except DomainError as error:
        if not contact.from_public_page or error.code not in ORDER_LOOKUP_ERRORS:
            raise
        return None, {"order_number_given": contact.order_number, "order_lookup": error.code}, None


def opened_by(contact: Contact, actor) -> str:
    return ActorKind.SELLER if contact.transferred_by_seller_id else (ActorKind.AGENT if actor else ActorKind.BUYER)


def replay_check(ticket: Ticket, contact: Contact) -> Ticket:
    """The ticket a replayed idempotency key names, if the replay says the
    same thing; Conflict (409) if it says something else. Tickets from
    before fingerprints were kept are taken as the same."""
    if ticket.idempotency_fingerprint and ticket.idempotency_fingerprint != contact.fingerprint():
        raise Conflict(
            "This idempotency key was used before with a different request; use a new key for a new contact.",
            code="idempotency_key_reused",
            field_errors={"idempotency_key": ["Already used with a different request."]},
        )
    return ticket
