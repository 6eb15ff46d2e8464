"""Read queries of the agent console and the agent API: the queue and the
ticket page. Each runs a fixed number of SQL queries whatever the data size
(guarded by tests with ``django_assert_max_num_queries``)."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from sellers.coverage import Coverage, coverage_of_unit, window_containing
from sellers.models import FulfillmentChannel, OrderItem, Product, Shipment
from sellers.return_policy import ApplicablePolicy, applicable_policy

from .models import Case, CaseMessage, Macro, Message, Ticket, TicketEvent
from .states import CaseStatus, TicketStatus

ACTIONABLE = "actionable"
# The statuses an agent can pick in the queue ("actionable" is open + seller replied).
QUEUE_STATUSES = (
    TicketStatus.OPEN, TicketStatus.PENDING_BUYER, TicketStatus.AWAITING_SELLER, TicketStatus.SELLER_REPLIED,
    TicketStatus.RESOLVED, TicketStatus.MERGED,
)
ACTIONABLE_STATUSES = (TicketStatus.OPEN, TicketStatus.SELLER_REPLIED)
OPEN_CASE_STATUSES = (CaseStatus.AWAITING_SELLER, CaseStatus.SELLER_REPLIED)
SORTS = {
    "due": ("first_response_due_at", "pk"),
    "priority": ("-priority", "first_response_due_at", "pk"),
    "newest": ("-opened_at", "-pk"),
}
PAGE_SIZE = 50
# Counts stop at this number ("10,000+"): counting every resolved ticket of a
# large installation would cost more than the page itself.
COUNT_CAP = 10_000


def due_soon_window() -> timedelta:
    return timedelta(hours=getattr(settings, "AGENT_DUE_SOON_HOURS", 4))


@dataclass(frozen=True)
class QueueFilters:
    marketplace: str = ""  # marketplace code
    language: str = ""
    reason: str = ""
    channel: str = ""
    status: str = ACTIONABLE
    due: str = ""  # "" | "soon" | "overdue"
    assignee: str = ""  # "" | "mine" | "unassigned"
    sort: str = "due"

    def but(self, **changes) -> "QueueFilters":
        return replace(self, **changes)

    def as_params(self) -> dict[str, str]:
        """The non-default filters, for links and the ``next ticket`` redirect."""
        defaults = QueueFilters()
        return {name: value for name, value in self.__dict__.items() if value != getattr(defaults, name)}


def queue_queryset(*, filters: QueueFilters, agent_id: int | None, now: datetime) -> QuerySet[Ticket]:
    """The tickets the filters select, in queue order (no rows fetched yet)."""
    statuses = ACTIONABLE_STATUSES if filters.status == ACTIONABLE else (filters.status,)
    tickets = Ticket.objects.filter(status__in=statuses) if len(statuses) > 1 else Ticket.objects.filter(status=statuses[0])
    if filters.marketplace:
        tickets = tickets.filter(marketplace__code=filters.marketplace)
    if filters.language:
        tickets = tickets.filter(language=filters.language)
    if filters.reason:
        tickets = tickets.filter(reason=filters.reason)
    if filters.channel:
        tickets = tickets.filter(channel=filters.channel)
    if filters.due == "overdue":
        tickets = tickets.filter(first_responded_at__isnull=True, first_response_due_at__lt=now)
    elif filters.due == "soon":
        tickets = tickets.filter(first_responded_at__isnull=True, first_response_due_at__gte=now,
                                 first_response_due_at__lt=now + due_soon_window())
    if filters.assignee == "mine":
        tickets = tickets.filter(assigned_to_id=agent_id)
    elif filters.assignee == "unassigned":
        tickets = tickets.filter(assigned_to__isnull=True)
    return tickets.order_by(*SORTS.get(filters.sort, SORTS["due"]))


@dataclass(frozen=True)
class Count:
    value: int
    is_capped: bool

    def __str__(self) -> str:
        return f"{COUNT_CAP:,}+" if self.is_capped else f"{self.value:,}"


def _capped_count(tickets: QuerySet) -> Count:
    # COUNT over a LIMIT subquery: stops reading after COUNT_CAP + 1 rows.
    value = tickets.order_by()[: COUNT_CAP + 1].count()
    return Count(min(value, COUNT_CAP), value > COUNT_CAP)


@dataclass
class QueuePage:
    filters: QueueFilters
    rows: list[Ticket]
    page: int
    page_size: int
    has_next: bool
    total: Count
    counts: dict[str, dict[str, Count]]
    now: datetime

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def num_pages(self) -> int | None:
        """None when the total is capped (the last page is not known)."""
        if self.total.is_capped:
            return None
        return max(1, math.ceil(self.total.value / self.page_size))

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.rows else 0

    @property
    def last_index(self) -> int:
        return (self.page - 1) * self.page_size + len(self.rows)


def ticket_queue(
    *, filters: QueueFilters, agent_id: int | None, now: datetime, page: int = 1, page_size: int = PAGE_SIZE,
) -> QueuePage:
    """One page of the queue with the counts of the assignment and due-time
    views (at most six count queries) and each row's open case deadline (one
    query): a constant number of queries."""
    page = max(1, page)
    offset = (page - 1) * page_size
    rows = list(
        queue_queryset(filters=filters, agent_id=agent_id, now=now)
        .select_related("marketplace", "assigned_to")
        .defer("classification", "suggestion", "route_reason", "marketplace__buyer_languages",
               "marketplace__seller_languages", "marketplace__business_countries")[offset: offset + page_size + 1]
    )
    has_next = len(rows) > page_size
    rows = rows[:page_size]
    _attach_case_deadlines(rows)
    counted: dict[tuple[str, str], Count] = {}

    def count(assignee: str, due: str) -> Count:
        key = (assignee, due)
        if key not in counted:
            counted[key] = _capped_count(
                queue_queryset(filters=filters.but(assignee=assignee, due=due), agent_id=agent_id, now=now)
            )
        return counted[key]

    counts = {
        "assignee": {value: count(value, filters.due) for value in ("", "mine", "unassigned")},
        "due": {value: count(filters.assignee, value) for value in ("", "soon", "overdue")},
    }
    return QueuePage(filters=filters, rows=rows, page=page, page_size=page_size, has_next=has_next,
                     total=count(filters.assignee, filters.due), counts=counts, now=now)


def _attach_case_deadlines(rows: list[Ticket]) -> None:
    by_ticket: dict[int, tuple[datetime, str]] = {}
    if rows:
        for ticket_id, deadline_at, status in (
            Case.objects.filter(ticket_id__in=[t.pk for t in rows], status__in=OPEN_CASE_STATUSES)
            .order_by("deadline_at").values_list("ticket_id", "deadline_at", "status")
        ):
            by_ticket.setdefault(ticket_id, (deadline_at, status))
    for ticket in rows:
        ticket.case_deadline_at, ticket.case_status = by_ticket.get(ticket.pk, (None, ""))


def queue_neighbour(*, filters: QueueFilters, agent_id: int, now: datetime, after: Ticket, forward: bool = True) -> int | None:
    """The ticket after (or before) ``after`` in the filtered queue in due-time
    order that the agent may work (unassigned or its own): one query."""
    tickets = queue_queryset(filters=filters.but(sort="due"), agent_id=agent_id, now=now).filter(
        Q(assigned_to__isnull=True) | Q(assigned_to_id=agent_id)
    )
    due = after.first_response_due_at
    if forward:
        tickets = tickets.filter(Q(first_response_due_at__gt=due) | Q(first_response_due_at=due, pk__gt=after.pk))
    else:
        tickets = tickets.filter(Q(first_response_due_at__lt=due) | Q(first_response_due_at=due, pk__lt=after.pk)).order_by(
            "-first_response_due_at", "-pk")
    return tickets.values_list("pk", flat=True).first()


# --- the ticket page ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A piece of displayed text; ``is_evidence`` pieces are highlighted."""

    text: str
    is_evidence: bool = False


def _needles(evidence: list[dict]) -> list[str]:
    found = []
    for item in evidence or []:
        text = " ".join(str(item.get("text", "")).split())
        if len(text) >= 4:
            found.append(text)
    return found


def segments(text: str, needles: list[str]) -> list[Segment]:
    """Split ``text`` so that every (case-insensitive) occurrence of a needle
    is its own highlighted segment."""
    text = text or ""
    spans: list[tuple[int, int]] = []
    lowered = text.lower()
    for needle in needles:
        for match in re.finditer(re.escape(needle.lower()), lowered):
            spans.append(match.span())
    if not spans:
        return [Segment(text)] if text else []
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, position = [], 0
    for start, end in merged:
        if start > position:
            pieces.append(Segment(text[position:start]))
        pieces.append(Segment(text[start:end], True))
        position = end
    if position < len(text):
        pieces.append(Segment(text[position:]))
    return pieces


def _mentions(piece: str, needles: list[str]) -> bool:
    piece = " ".join(str(piece).split()).lower()
    return bool(piece) and any(piece in needle.lower() or needle.lower() in piece for needle in needles)


@dataclass
class DetailPage:
    """A product detail page laid out for display, evidence marked."""

    product: Product
    title: list[Segment]
    bullets: list[tuple[list[Segment], bool]]
    description: list[Segment]
    attributes: list[tuple[str, str, bool]]


def detail_page(product: Product, evidence: list[dict]) -> DetailPage:
    needles = _needles(evidence)
    attributes = []
    for name, value in (product.attributes or {}).items():
        pair = f"{name}: {value}"
        is_evidence = _mentions(pair, needles) or any(
            str(name).lower() in n.lower() and str(value).lower() in n.lower() for n in needles
        )
        attributes.append((str(name), str(value), is_evidence))
    return DetailPage(
        product=product,
        title=segments(product.title, needles),
        bullets=[(segments(b, needles), _mentions(b, needles)) for b in (product.bullets or [])],
        description=segments(product.description, needles),
        attributes=attributes,
    )


@dataclass
class SuggestionView:
    decision: str
    reply: str
    reason: str
    evidence: list[dict]
    status: str  # "" (pending), "accepted", "edited", "discarded"

    @property
    def is_pending(self) -> bool:
        return not self.status


@dataclass
class ItemView:
    item: OrderItem
    coverage: Coverage
    refunded: Decimal
    refundable: Decimal
    returns: list
    refunds: list
    return_deadline: datetime | None
    is_ticket_item: bool


@dataclass
class MacroView:
    macro: Macro
    text: str
    is_for_reason: bool


@dataclass
class TicketPage:
    ticket: Ticket
    thread: list[Message]
    events: list[TicketEvent]
    items: list[ItemView]
    shipments: list[Shipment]
    policy: ApplicablePolicy | None
    detail: DetailPage | None
    suggestion: SuggestionView | None
    cases: list[Case]
    macros: list[MacroView]
    merged: list[Ticket]
    duplicates: list[Ticket]
    now: datetime
    open_case: Case | None = field(default=None)

    @property
    def is_closed(self) -> bool:
        return self.ticket.status in (TicketStatus.RESOLVED, TicketStatus.MERGED, TicketStatus.TRANSFERRED)


def ticket_get(*, ticket_id: int) -> Ticket | None:
    return (
        Ticket.objects.select_related("marketplace", "buyer", "order", "seller", "order_item__product", "assigned_to",
                                      "merged_into")
        .filter(pk=ticket_id).first()
    )


def return_window_start(item: OrderItem, shipments: list[Shipment]) -> datetime:
    """As ``services.actions`` judges it, from rows already loaded (no query):
    delivery (or else estimated delivery, else shipping) of the item's
    shipment or the order's first one; the order date if nothing shipped."""
    shipment = item.shipment or (min(shipments, key=lambda s: s.shipped_at) if shipments else None)
    if shipment is None:
        return item.order.placed_at
    return shipment.delivered_at or shipment.estimated_delivery_at or shipment.shipped_at


def render_macro(body: str, ticket: Ticket) -> str:
    values = {
        "buyer_name": ticket.buyer.name if ticket.buyer_id and ticket.buyer else "",
        "order_number": ticket.order.order_number if ticket.order_id and ticket.order else "",
        "ticket_reference": ticket.reference,
    }
    for name, value in values.items():
        body = body.replace("{" + name + "}", value)
    return body


def macro_list(*, ticket: Ticket) -> list[MacroView]:
    """Active macros in the ticket's language, placeholders filled in."""
    language = (ticket.language or "en").split("-")[0]
    views = [
        MacroView(macro, render_macro(macro.body, ticket), macro.reason == ticket.reason)
        for macro in Macro.objects.filter(is_active=True, language=language)
    ]
    # Macros for this reason, then general ones, then those for other reasons.
    return sorted(views, key=lambda v: (not v.is_for_reason, bool(v.macro.reason), v.macro.name))


def ticket_page(*, ticket_id: int, now: datetime) -> TicketPage | None:
    """Everything the ticket page shows, in a fixed number of queries (about
    fifteen): the ticket, the thread (with merged duplicates' messages),
    the audit trail, the order's items with coverage, refunds and returns,
    shipments, the applicable return policy, the product detail page with the
    suggestion's evidence, cases, macros and possible duplicates."""
    ticket = ticket_get(ticket_id=ticket_id)
    if ticket is None:
        return None
    merged = list(Ticket.objects.filter(merged_into_id=ticket.pk).only("pk", "subject", "opened_at", "channel"))
    thread = list(
        Message.objects.filter(ticket_id__in=[ticket.pk, *[t.pk for t in merged]])
        .select_related("author").prefetch_related("attachments").order_by("sent_at", "pk")
    )
    ticket_events = list(TicketEvent.objects.filter(ticket_id=ticket.pk).select_related("actor").order_by("at", "pk"))
    items: list[ItemView] = []
    shipments: list[Shipment] = []
    policy = None
    order = ticket.order
    if order is not None:
        shipments = list(Shipment.objects.filter(order_id=order.pk).order_by("shipped_at", "pk"))
        enrollment = window_containing(seller_id=order.seller_id, marketplace_id=order.marketplace_id, moment=order.placed_at)
        policy = applicable_policy(seller_id=order.seller_id, marketplace=ticket.marketplace)
        order_items = (
            OrderItem.objects.filter(order_id=order.pk).select_related("product", "shipment")
            .prefetch_related("refunds", "returns").order_by("pk")
        )
        for item in order_items:
            item.order = order
            refunds = list(item.refunds.all())
            refunded = sum((r.amount for r in refunds), Decimal("0"))
            channel_enrollment = enrollment if item.fulfillment_channel == FulfillmentChannel.FBM else None
            items.append(ItemView(
                item=item,
                coverage=coverage_of_unit(fulfillment_channel=item.fulfillment_channel, enrollment=channel_enrollment),
                refunded=refunded, refundable=item.unit_price * item.quantity - refunded,
                returns=list(item.returns.all()), refunds=refunds,
                return_deadline=policy.return_deadline(return_window_start(item, shipments)),
                is_ticket_item=item.pk == ticket.order_item_id,
            ))
    suggestion = None
    if ticket.suggestion and ticket.suggestion.get("reply"):
        data = ticket.suggestion
        suggestion = SuggestionView(decision=data.get("decision", ""), reply=data.get("reply", ""),
                                    reason=data.get("reason", ""), evidence=list(data.get("evidence") or []),
                                    status=data.get("status", ""))
    product = ticket.order_item.product if ticket.order_item_id else None
    if product is None and len(items) == 1:
        product = items[0].item.product
    detail = detail_page(product, suggestion.evidence if suggestion else []) if product is not None else None
    cases = list(
        Case.objects.filter(ticket_id=ticket.pk).select_related("opened_by")
        .prefetch_related(Prefetch("messages", queryset=CaseMessage.objects.order_by("sent_at", "pk")))
        .order_by("opened_at", "pk")
    )
    duplicates = []
    if ticket.buyer_id:
        duplicates = list(
            Ticket.objects.filter(buyer_id=ticket.buyer_id, marketplace_id=ticket.marketplace_id,
                                  status__in=[TicketStatus.OPEN, TicketStatus.PENDING_BUYER, TicketStatus.SELLER_REPLIED,
                                              TicketStatus.AWAITING_SELLER])
            .exclude(pk=ticket.pk).only("pk", "subject", "opened_at", "status", "channel").order_by("-opened_at")[:10]
        )
    return TicketPage(
        ticket=ticket, thread=thread, events=ticket_events, items=items, shipments=shipments, policy=policy,
        detail=detail, suggestion=suggestion, cases=cases, macros=macro_list(ticket=ticket), merged=merged,
        duplicates=duplicates, now=now,
        open_case=next((c for c in reversed(cases) if c.status in OPEN_CASE_STATUSES), None),
    )
