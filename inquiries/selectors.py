"""Read queries of the agent console and the agent API: the queue and the
ticket page. Each runs a fixed number of SQL queries whatever the data size
(guarded by tests with ``django_assert_max_num_queries``)."""
from __future__ import annotations

import heapq
import math
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import islice

from django.conf import settings
from django.db.models import Count as Count_, Prefetch, Q, QuerySet

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
# The counts read at most this many tickets of the filtered status (beyond,
# they are lower bounds, "n+"): an index-only pass of this length stays in
# the page's time budget.
COUNT_CAP = 100_000


def due_soon_window() -> timedelta:
    return timedelta(hours=getattr(settings, "AGENT_DUE_SOON_HOURS", 4))


# Resolved and merged tickets pile up for ever; the queue shows those opened
# in the last days (older ones: the ticket admin, the API by id).
CLOSED_QUEUE_STATUSES = (TicketStatus.RESOLVED, TicketStatus.MERGED)


def closed_window() -> timedelta:
    return timedelta(days=getattr(settings, "AGENT_QUEUE_CLOSED_DAYS", 14))


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


def _statuses(filters: QueueFilters) -> tuple[str, ...]:
    return ACTIONABLE_STATUSES if filters.status == ACTIONABLE else (filters.status,)


def _filtered(*, filters: QueueFilters, agent_id: int | None, now: datetime) -> QuerySet[Ticket]:
    """Every filter but the status."""
    tickets = Ticket.objects.all()
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
    return tickets


def _in_status(tickets: QuerySet[Ticket], statuses: tuple[str, ...], now: datetime) -> QuerySet[Ticket]:
    tickets = tickets.filter(status__in=statuses) if len(statuses) > 1 else tickets.filter(status=statuses[0])
    if any(status in CLOSED_QUEUE_STATUSES for status in statuses):
        since = now - closed_window()
        # The due-time bound (implied: due follows opening) keeps the (status, due) index a range scan.
        tickets = tickets.filter(opened_at__gte=since, first_response_due_at__gte=since)
    return tickets


def queue_queryset(*, filters: QueueFilters, agent_id: int | None, now: datetime) -> QuerySet[Ticket]:
    """The tickets the filters select, in queue order (no rows fetched yet)."""
    tickets = _in_status(_filtered(filters=filters, agent_id=agent_id, now=now), _statuses(filters), now)
    return tickets.order_by(*SORTS.get(filters.sort, SORTS["due"]))


@dataclass(frozen=True)
class Count:
    value: int
    is_capped: bool  # True: "at least value" (the count stopped reading)

    def __str__(self) -> str:
        return f"{self.value:,}+" if self.is_capped else f"{self.value:,}"


ROW_FIELDS = ("pk", "subject", "marketplace__code", "language", "reason", "channel", "status", "priority",
              "assigned_to_id", "assigned_to__username", "opened_at", "first_response_due_at", "first_responded_at")


@dataclass
class QueueRow:
    """A queue line: the few columns the queue shows, read as plain values."""

    id: int
    subject: str
    marketplace: str
    language: str
    reason: str
    channel: str
    status: str
    priority: int
    assigned_to_id: int | None
    assigned_to_username: str | None
    opened_at: datetime
    first_response_due_at: datetime
    first_responded_at: datetime | None
    case_deadline_at: datetime | None = None
    case_status: str = ""

    @property
    def reference(self) -> str:
        return f"CSBA-{self.id}"


# The sort keys each page query reads (all in the queue's covering indexes).
SORT_KEYS = {
    "due": (("first_response_due_at", "pk"), False),
    "priority": (("priority", "first_response_due_at", "pk"), False),
    "newest": (("opened_at", "pk"), True),
}
# Below this depth a queue over several statuses reads each status in index
# order and merges; deeper pages sort in the database.
MERGE_DEPTH = 2_000


def _page_ids(*, filters: QueueFilters, agent_id: int | None, now: datetime, offset: int, limit: int) -> list[int]:
    """The ids of one page, read from the queue's covering index. Over several
    statuses ("actionable") one query per status, each walking its index in
    order, merged here: no database sort of every actionable ticket."""
    statuses = _statuses(filters)
    sort = filters.sort if filters.sort in SORTS else "due"
    keys, reverse = SORT_KEYS[sort]
    if len(statuses) == 1 or offset + limit > MERGE_DEPTH:
        return list(queue_queryset(filters=filters, agent_id=agent_id, now=now)
                    .values_list("pk", flat=True)[offset: offset + limit])
    base = _filtered(filters=filters, agent_id=agent_id, now=now)
    parts = [list(_in_status(base, (status,), now).order_by(*SORTS[sort]).values_list(*keys)[: offset + limit])
             for status in statuses]
    if sort == "priority":  # descending priority, then ascending due time and id
        merged = heapq.merge(*parts, key=lambda row: (-row[0], row[1], row[2]))
    else:
        merged = heapq.merge(*parts, reverse=reverse)
    return [row[-1] for row in islice(merged, offset, offset + limit)]


@dataclass
class QueuePage:
    filters: QueueFilters
    rows: list[QueueRow]
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


def _assignee_condition(value: str, agent_id: int | None) -> Q:
    return {"mine": Q(assigned_to_id=agent_id), "unassigned": Q(assigned_to__isnull=True)}.get(value, Q())


def _due_condition(value: str, now: datetime) -> Q:
    if value == "overdue":
        return Q(first_responded_at__isnull=True, first_response_due_at__lt=now)
    if value == "soon":
        return Q(first_responded_at__isnull=True, first_response_due_at__gte=now,
                 first_response_due_at__lt=now + due_soon_window())
    return Q()


def _capped_count(tickets: QuerySet) -> int:
    # COUNT over a LIMIT subquery: stops reading after COUNT_CAP + 1 rows.
    return tickets.order_by()[: COUNT_CAP + 1].count()


def queue_counts(*, filters: QueueFilters, agent_id: int | None, now: datetime) -> dict[str, dict[str, Count]]:
    """How many tickets each assignment view (everyone, mine, unassigned) and
    each due-time view (any, soon, overdue) holds under the other filters,
    reading at most COUNT_CAP tickets per count (beyond, a lower bound "n+").

    Without column filters each count is a range of an index (status, due
    time, holder): up to five cheap counts. With them, one pass over the
    covering index computes every count at once (one query): evaluating the
    filters once beats five filtered scans."""
    wanted = {("", filters.due), ("mine", filters.due), ("unassigned", filters.due),
              (filters.assignee, ""), (filters.assignee, "soon"), (filters.assignee, "overdue")}
    if not (filters.marketplace or filters.language or filters.reason or filters.channel):
        totals = {key: _capped_count(queue_queryset(filters=filters.but(assignee=key[0], due=key[1]),
                                                    agent_id=agent_id, now=now))
                  for key in sorted(wanted)}
        scanned = max(totals.values())
    else:
        base = _in_status(_filtered(filters=filters.but(assignee="", due=""), agent_id=agent_id, now=now),
                          _statuses(filters), now)
        sample = base.order_by().values("assigned_to_id", "first_responded_at", "first_response_due_at")[: COUNT_CAP + 1]
        keys = sorted(wanted)
        # Counted on the due time: never null, and in the index (Count("*") takes no filter).
        aggregates = {f"c{n}": Count_("first_response_due_at",
                                      filter=(_assignee_condition(a, agent_id) & _due_condition(d, now)) or None)
                      for n, (a, d) in enumerate(keys)}
        aggregates["scanned"] = Count_("first_response_due_at")
        computed = sample.aggregate(**aggregates)
        totals = {key: computed[f"c{n}"] for n, key in enumerate(keys)}
        scanned = computed["scanned"]
    is_capped = scanned > COUNT_CAP
    return {
        "assignee": {a: Count(min(totals[(a, filters.due)], COUNT_CAP), is_capped) for a in ("", "mine", "unassigned")},
        "due": {d: Count(min(totals[(filters.assignee, d)], COUNT_CAP), is_capped) for d in ("", "soon", "overdue")},
    }


def ticket_queue(
    *, filters: QueueFilters, agent_id: int | None, now: datetime, page: int = 1, page_size: int = PAGE_SIZE,
) -> QueuePage:
    """One page of the queue: its ids from the covering index (one query per
    status), their rows (one query), their open case deadlines (one query)
    and the counts of the views (one query): a constant number of queries."""
    page = max(1, page)
    offset = (page - 1) * page_size
    ids = _page_ids(filters=filters, agent_id=agent_id, now=now, offset=offset, limit=page_size + 1)
    has_next = len(ids) > page_size
    ids = ids[:page_size]
    by_id = {values[0]: QueueRow(*values) for values in Ticket.objects.filter(pk__in=ids).values_list(*ROW_FIELDS)} \
        if ids else {}
    rows = [by_id[i] for i in ids if i in by_id]
    _attach_case_deadlines(rows)
    counts = queue_counts(filters=filters, agent_id=agent_id, now=now)
    total = counts["assignee"][filters.assignee] if filters.assignee in counts["assignee"] else counts["assignee"][""]
    return QueuePage(filters=filters, rows=rows, page=page, page_size=page_size, has_next=has_next, total=total,
                     counts=counts, now=now)


def _attach_case_deadlines(rows: list[QueueRow]) -> None:
    by_ticket: dict[int, tuple[datetime, str]] = {}
    if rows:
        for ticket_id, deadline_at, status in (
            Case.objects.filter(ticket_id__in=[t.id for t in rows], status__in=OPEN_CASE_STATUSES)
            .order_by("deadline_at").values_list("ticket_id", "deadline_at", "status")
        ):
            by_ticket.setdefault(ticket_id, (deadline_at, status))
    for row in rows:
        row.case_deadline_at, row.case_status = by_ticket.get(row.id, (None, ""))


def queue_neighbour(
    *, filters: QueueFilters, agent_id: int, now: datetime, after: Ticket | None, forward: bool = True,
) -> int | None:
    """The ticket after (or before) ``after`` (None: the first) in the
    filtered queue in due-time order that the agent may work (unassigned or
    its own): one query per status, each an index walk."""
    base = _filtered(filters=filters, agent_id=agent_id, now=now).filter(
        Q(assigned_to__isnull=True) | Q(assigned_to_id=agent_id)
    )
    order = ("first_response_due_at", "pk") if forward else ("-first_response_due_at", "-pk")
    if after is not None:
        due = after.first_response_due_at
        base = base.filter(Q(first_response_due_at__gt=due) | Q(first_response_due_at=due, pk__gt=after.pk)) if forward \
            else base.filter(Q(first_response_due_at__lt=due) | Q(first_response_due_at=due, pk__lt=after.pk))
    found = [row for status in _statuses(filters)
             for row in _in_status(base, (status,), now).order_by(*order).values_list("first_response_due_at", "pk")[:1]]
    if not found:
        return None
    return (min(found) if forward else max(found))[1]


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
    lowered = text.lower()
    spans = [match.span() for needle in needles for match in re.finditer(re.escape(needle.lower()), lowered)]
    if not spans:
        return [Segment(text)] if text else []
    return marked(text, spans)


def marked(text: str, spans: list[tuple[int, int]]) -> list[Segment]:
    """``text`` cut into plain and highlighted segments; overlapping spans merge."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
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


def attribute_text(value) -> str:
    """An attribute value as a person reads it: {"value": 340, "unit": "g"} is "340 g"."""
    if isinstance(value, dict):
        if "value" in value:
            return " ".join(str(part) for part in (value.get("value"), value.get("unit")) if part not in (None, ""))
        return ", ".join(f"{key}: {attribute_text(inner)}" for key, inner in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(attribute_text(inner) for inner in value)
    return str(value)


def detail_page(product: Product, evidence: list[dict]) -> DetailPage:
    needles = _needles(evidence)
    attributes = []
    for name, raw in (product.attributes or {}).items():
        value = attribute_text(raw)
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
    highlights: list[dict] = field(default_factory=list)

    @property
    def is_pending(self) -> bool:
        return not self.status

    def evidence_view(self) -> list[dict]:
        """Each piece of evidence with the answer's key terms marked (the
        ``highlights`` spans of the answering engine), or wholly marked when
        the suggestion names none."""
        spans_of: dict[int, list] = {}
        for entry in self.highlights or []:
            if isinstance(entry, dict) and isinstance(entry.get("evidence"), int):
                spans_of[entry["evidence"]] = entry.get("spans") or []
        shown = []
        for number, item in enumerate(self.evidence):
            text = str(item.get("text", ""))
            spans = sorted((int(sp["start"]), int(sp["end"])) for sp in spans_of.get(number, [])
                           if isinstance(sp, dict) and 0 <= int(sp.get("start", -1)) < int(sp.get("end", -1)) <= len(text))
            pieces = marked(text, spans)
            shown.append({"source": item.get("source", ""), "score": item.get("score"), "segments": pieces,
                          "is_whole": not spans})
        return shown


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
    found = list(
        Ticket.objects.select_related("marketplace", "buyer", "order", "seller", "order_item__product", "assigned_to")
        .filter(pk=ticket_id)
    )
    return found[0] if found else None


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
                                    status=data.get("status", ""), highlights=list(data.get("highlights") or []))
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
