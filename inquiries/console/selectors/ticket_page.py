"""Read queries of the ticket page: the ticket, its order with coverage, the detail page with
the evidence marked, macros. A fixed number of SQL queries whatever the data size."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Max, Prefetch, Q
from django.utils.translation import gettext as _

from csba.errors import NotFound
from sellers.coverage import Coverage, coverage_of_unit, window_containing
from sellers.models import OrderItem, Product, Shipment
from sellers.return_policy import ApplicablePolicy, applicable_policy, refundable_amount, return_window_start
from sellers.selectors import EVERYTHING, AgentScope

from ...models import Case, CaseMessage, Direction, Macro, Message, Ticket, TicketEvent
from ...states import CASE_OPEN, TICKET_CLOSED, TICKET_IN_PROGRESS


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


def _attribute_shown(raw, text: str) -> str:
    """What the agent reads: a yes/no attribute in the page's language ("True" is the catalog's spelling)."""
    if isinstance(raw, bool):
        return _("yes") if raw else _("no")
    return text


def detail_page(product: Product, evidence: list[dict]) -> DetailPage:
    needles = _needles(evidence)
    attributes = []
    for name, raw in (product.attributes or {}).items():
        value = attribute_text(raw)
        pair = f"{name}: {value}"
        is_evidence = _mentions(pair, needles) or any(
            str(name).lower() in n.lower() and str(value).lower() in n.lower() for n in needles
        )
        attributes.append((str(name).replace("_", " "), _attribute_shown(raw, value), is_evidence))
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
    case_question: str = ""  # an escalation's draft of the case to the seller

    @property
    def is_pending(self) -> bool:
        return not self.status

    @property
    def is_escalation(self) -> bool:
        """An escalate suggestion with its drafted case: used through "Ask the
        seller" (case and holding reply together), never as a bare reply."""
        return self.decision == "escalate" and bool(self.case_question)

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
            spans = sorted(
                (int(sp["start"]), int(sp["end"]))
                for sp in spans_of.get(number, [])
                if isinstance(sp, dict) and 0 <= int(sp.get("start", -1)) < int(sp.get("end", -1)) <= len(text)
            )
            pieces = marked(text, spans)
            shown.append(
                {
                    "source": item.get("source", ""),
                    "score": item.get("score"),
                    "segments": pieces,
                    "is_whole": not spans,
                }
            )
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
        return self.ticket.status in TICKET_CLOSED

    @property
    def conversation_version(self) -> int:
        """The latest message the buyer and the agents share (``conversation_version``, from the thread at hand)."""
        return max((m.pk for m in self.thread if m.direction != Direction.INTERNAL), default=0)


def conversation_version(ticket_id: int) -> int:
    """The id of the latest message the buyer and the agents share (not the
    internal notes) on a ticket and its merged duplicates: 0 for none."""
    return (
        Message.objects.filter(Q(ticket_id=ticket_id) | Q(ticket__merged_into_id=ticket_id))
        .exclude(direction=Direction.INTERNAL)
        .aggregate(latest=Max("pk"))["latest"]
        or 0
    )


def ticket_is_in_scope(*, ticket_id: int, scope: AgentScope) -> bool:
    """Whether the ticket exists and lies in ``scope`` (one light query; for the page's heartbeat)."""
    row = Ticket.objects.filter(pk=ticket_id).values_list("marketplace_id", "language").first()
    if row is None:
        return False
    return scope.allows(Ticket(marketplace_id=row[0], language=row[1]))


def tickets_in_scope(*, ticket_ids, scope: AgentScope) -> set[int]:
    """Which of ``ticket_ids`` exist and lie in ``scope`` (one query)."""
    tickets = Ticket.objects.filter(pk__in=list(ticket_ids))
    if not scope.is_everything:
        tickets = tickets.filter(scope.q())
    return set(tickets.values_list("pk", flat=True))


def ticket_holder_id(*, ticket_id: int) -> int | None:
    return Ticket.objects.filter(pk=ticket_id).values_list("assigned_to_id", flat=True).first()


def ticket_get(*, ticket_id: int, scope: AgentScope = EVERYTHING) -> Ticket | None:
    """The ticket, or None if there is none or it is outside ``scope`` (the agent's marketplaces and languages)."""
    found = list(
        Ticket.objects.select_related(
            "marketplace", "buyer", "order", "seller", "order_item__product", "assigned_to"
        ).filter(pk=ticket_id)
    )
    return found[0] if found and scope.allows(found[0]) else None


def render_macro(body: str, ticket: Ticket) -> str:
    values = {
        "buyer_name": ticket.buyer.name if ticket.buyer_id and ticket.buyer else "",
        "order_number": ticket.order.order_number if ticket.order_id and ticket.order else "",
        "ticket_reference": ticket.reference,
    }
    for name, value in values.items():
        body = body.replace("{" + name + "}", value)
    return body


def macro_for_ticket(*, macro: Macro, ticket_id: int) -> tuple[str, str]:
    """(the ticket's language, the macro's text with the ticket's placeholders filled in)."""
    ticket = ticket_get(ticket_id=ticket_id)
    if ticket is None:
        raise NotFound(f"No ticket {ticket_id}.")
    return (ticket.language or "en").split("-")[0], render_macro(macro.body, ticket)


def macro_list(*, ticket: Ticket) -> list[MacroView]:
    """Active macros in the ticket's language, placeholders filled in."""
    language = (ticket.language or "en").split("-")[0]
    views = [
        MacroView(macro, render_macro(macro.body, ticket), macro.reason == ticket.reason)
        for macro in Macro.objects.filter(is_active=True, language=language)
    ]
    # Macros for this reason, then general ones, then those for other reasons.
    return sorted(views, key=lambda v: (not v.is_for_reason, bool(v.macro.reason), v.macro.name))


def ticket_page(*, ticket_id: int, now: datetime, scope: AgentScope = EVERYTHING) -> TicketPage | None:
    """Everything the ticket page shows, in a fixed number of queries (about
    fifteen): the ticket, the thread (with merged duplicates' messages),
    the audit trail, the order's items with coverage, refunds and returns,
    shipments, the applicable return policy, the product detail page with the
    suggestion's evidence, cases, macros and possible duplicates. None for a
    ticket outside ``scope``."""
    ticket = ticket_get(ticket_id=ticket_id, scope=scope)
    if ticket is None:
        return None
    merged = list(Ticket.objects.filter(merged_into_id=ticket.pk).only("pk", "subject", "opened_at", "channel"))
    thread = list(
        Message.objects.filter(ticket_id__in=[ticket.pk, *[t.pk for t in merged]])
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("sent_at", "pk")
    )
    ticket_events = list(TicketEvent.objects.filter(ticket_id=ticket.pk).select_related("actor").order_by("at", "pk"))
    items: list[ItemView] = []
    shipments: list[Shipment] = []
    policy = None
    order = ticket.order
    if order is not None:
        if order.marketplace_id == ticket.marketplace_id:
            order.marketplace = ticket.marketplace  # no query for what the ticket already holds
        shipments = list(Shipment.objects.filter(order_id=order.pk).order_by("shipped_at", "pk"))
        enrollment = window_containing(
            seller_id=order.seller_id, marketplace_id=order.marketplace_id, moment=order.placed_at
        )
        policy = applicable_policy(seller_id=order.seller_id, marketplace=ticket.marketplace)
        order_items = (
            OrderItem.objects.filter(order_id=order.pk)
            .select_related("product", "shipment")
            .prefetch_related("refunds", "returns")
            .order_by("pk")
        )
        for item in order_items:
            item.order = order
            refunds = list(item.refunds.all())
            refunded = sum((r.amount for r in refunds), Decimal("0"))
            refundable = refundable_amount(
                unit_price=item.unit_price, quantity=item.quantity, refunded=[r.amount for r in refunds]
            )
            window_start = return_window_start(
                placed_at=order.placed_at, item_shipment=item.shipment, order_shipments=shipments
            )
            items.append(
                ItemView(
                    item=item,
                    coverage=coverage_of_unit(fulfillment_channel=item.fulfillment_channel, enrollment=enrollment),
                    refunded=refunded,
                    refundable=refundable,
                    returns=list(item.returns.all()),
                    refunds=refunds,
                    return_deadline=policy.return_deadline(window_start),
                    is_ticket_item=item.pk == ticket.order_item_id,
                )
            )
    suggestion = None
    if ticket.suggestion and ticket.suggestion.get("reply"):
        data = ticket.suggestion
        suggestion = SuggestionView(
            decision=data.get("decision", ""),
            reply=data.get("reply", ""),
            reason=data.get("reason", ""),
            evidence=list(data.get("evidence") or []),
            status=data.get("status", ""),
            highlights=list(data.get("highlights") or []),
            case_question=str(data.get("case_question") or ""),
        )
    product = ticket.order_item.product if ticket.order_item_id else None
    if product is None and len(items) == 1:
        product = items[0].item.product
    detail = detail_page(product, suggestion.evidence if suggestion else []) if product is not None else None
    cases = list(
        Case.objects.filter(ticket_id=ticket.pk)
        .select_related("opened_by")
        .prefetch_related(
            Prefetch("messages", queryset=CaseMessage.objects.order_by("sent_at", "pk").prefetch_related("attachments"))
        )
        .order_by("opened_at", "pk")
    )
    duplicates = []
    if ticket.buyer_id:
        duplicates = list(
            Ticket.objects.filter(
                buyer_id=ticket.buyer_id, marketplace_id=ticket.marketplace_id, status__in=TICKET_IN_PROGRESS
            )
            .exclude(pk=ticket.pk)
            .only("pk", "subject", "opened_at", "status", "channel")
            .order_by("-opened_at")[:10]
        )
    return TicketPage(
        ticket=ticket,
        thread=thread,
        events=ticket_events,
        items=items,
        shipments=shipments,
        policy=policy,
        detail=detail,
        suggestion=suggestion,
        cases=cases,
        macros=macro_list(ticket=ticket),
        merged=merged,
        duplicates=duplicates,
        now=now,
        open_case=next((c for c in reversed(cases) if c.status in CASE_OPEN), None),
    )
