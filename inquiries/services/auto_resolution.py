"""CSBA's own judgment on a case the seller left unanswered: the policy per
contact reason (``decide``) and the batch writer the sweep uses to carry the
decisions out (``resolve_batch``).

``decide(case, now)`` is pure apart from reads: it returns a ``Decision`` (the
outcome, the grounds, the reply to the buyer, the refunds and returns to issue)
and writes nothing, so the simulator calls it to predict what CSBA would do.
The rules, each with its grounds recorded on the case:

- return request: a return with the applicable policy's label inside the
  policy's window; outside it the buyer is told the window has ended.
- damaged, defective, wrong or missing item: a return (window not enforced)
  and a full refund of what is still refundable.
- refund: a refund once the return has a carrier scan or was received; else
  a return inside the window; else the refund status.
- where is my order: with valid tracking, the carrier's status; without a
  shipment, without valid tracking, or 3 days past the estimated delivery, a
  full refund under the A-to-z Guarantee.
- cancel order: not shipped, cancelled and refunded; shipped, a return.
- A-to-z claim (marketplaces where the seller answers them): granted.
- product question: the best answer from the detail page
  (``inquiries.answering.live.answer_for_product``; the ticket's stored
  suggestion from the same engine while the page is unchanged since), else
  an apology with a return offer inside the window.
- anything else: an apology, with a return offer inside the window.
"""
from __future__ import annotations

import json
import logging
import secrets
import time
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from csba.errors import DomainError
from sellers.models import (
    FulfillmentChannel, OrderItem, Product, Refund, RefundKind, Return, ReturnPolicy, ReturnPolicyStatus, Shipment,
)
from sellers.return_policy import ApplicablePolicy, applicable_policy, standard_policy

from .. import events
from ..models import ActorKind, AuthorKind, Case, Channel, Direction, Message, Resolution, Ticket, TicketEvent
from ..reasons import Reason
from ..states import CaseStatus, TicketStatus
from .transitions import cases_transition_bulk, tickets_transition_bulk

log = logging.getLogger(__name__)

# A-to-z Guarantee: a package still not delivered this many days after its
# latest estimated delivery date counts as not received.
A_TO_Z_GRACE_DAYS = 3


class Outcome:
    REFUND = "refund"
    RETURN = "return"
    RETURN_AND_REFUND = "return_and_refund"
    CANCEL = "cancel"
    ANSWER = "answer"
    DECLINED = "declined"
    APOLOGY = "apology"


OUTCOME_LABELS = {
    Outcome.REFUND: _("Refund issued"),
    Outcome.RETURN: _("Return authorised"),
    Outcome.RETURN_AND_REFUND: _("Return authorised and refund issued"),
    Outcome.CANCEL: _("Order cancelled and refunded"),
    Outcome.ANSWER: _("Buyer answered"),
    Outcome.DECLINED: _("Return declined (outside the return window)"),
    Outcome.APOLOGY: _("Apology to the buyer"),
}


def outcome_label(outcome: str) -> str:
    label = OUTCOME_LABELS.get(outcome)
    return str(label) if label is not None else outcome


# The grounds, in the seller's language where shown (portal, email); the
# case stores the code and its parameters.
GROUND_TEXTS = {
    "seller_no_reply": _("The seller did not reply within {hours} hours (deadline {deadline})."),
    "return_window_open": _("The item is within the {days}-day return window of {policy} (until {until})."),
    "return_window_closed": _("The {days}-day return window of {policy} ended on {until}."),
    "defect_reported": _("The buyer reported the item damaged, defective, wrong or missing; CSBA accepts such "
                         "returns whatever the return window."),
    "already_refunded": _("The item had already been refunded in full."),
    "return_exists": _("A return ({rma}) had already been authorised for the item."),
    "return_received": _("The buyer's return {rma} was received or has a carrier scan."),
    "no_shipment": _("No shipment was confirmed for the order."),
    "no_valid_tracking": _("The shipment has no valid tracking (no carrier scan)."),
    "late_in_transit": _("The package was due by {date} and was not delivered {grace} days later."),
    "a_to_z_refund": _("Refunded under the A-to-z Guarantee."),
    "delivered_per_carrier": _("The carrier shows the package delivered on {date}."),
    "in_transit_on_time": _("The package is in transit with valid tracking; estimated delivery {date}."),
    "a_to_z_claim": _("The buyer filed an A-to-z Guarantee claim and the seller did not respond."),
    "answered_from_detail_page": _("The answer was found on the product detail page."),
    "no_answer_on_detail_page": _("The product detail page does not answer the question."),
    "no_order_item": _("The inquiry is not about a single item of an order, so nothing was refunded or returned."),
    "apology_only": _("No action on the order was warranted; the buyer received an apology."),
    "not_shipped_cancelled": _("The order had not shipped: CSBA cancelled it and refunded the buyer."),
    "shipped_cannot_cancel": _("The order had already shipped: a return was authorised instead of a cancellation."),
}

POLICY_NAMES = {"standard": _("the standard return policy"), "seller": _("your approved return policy")}

BUYER_TEXTS = {
    "en": {
        "greeting": "Hello {name},", "greeting_anonymous": "Hello,", "closing": "Kind regards,\nCustomer Service",
        "intro": "We asked the seller about your request but did not hear back in time, so we have decided for you.",
        "refund": "We have refunded {amount} {currency} for {item} to your original payment method. It usually "
                  "reaches your account within 3–5 business days.",
        "refund_a_to_z": "Under the A-to-z Guarantee we have refunded {amount} {currency} for {item} to your original "
                         "payment method. It usually reaches your account within 3–5 business days.",
        "return": "You can return {item} with return number {rma}. {label}",
        "label_yes": "A prepaid return label is included.",
        "label_no": "Please send the item back at your own cost.",
        "refund_no_wait": "You do not need to wait for the return: the refund is already on its way.",
        "return_then_refund": "We will refund you as soon as the return is on its way back.",
        "declined": "The {days}-day return window for {item} ended on {until}, so we cannot accept a return. We are "
                    "sorry we cannot do more.",
        "already_refunded": "{item} has already been refunded in full.",
        "return_exists": "A return for {item} has already been authorised (return number {rma}).",
        "delivered": "The carrier shows your order {order} as delivered on {date} ({carrier}, tracking {tracking}). "
                     "Please check with neighbours or your building's reception; if you still cannot find it, reply "
                     "to this message.",
        "in_transit": "Your order {order} is on its way with {carrier} (tracking {tracking}) and should arrive by "
                      "{date}.",
        "cancelled": "Your order {order} had not shipped yet: we cancelled it and refunded {amount} {currency}.",
        "cannot_cancel": "Your order {order} has already shipped, so it can no longer be cancelled.",
        "apology": "We are sorry: the seller did not answer our question in time and we could not find the answer "
                   "ourselves.",
        "return_offer": "If the item does not meet your expectations, you can return it until {until}.",
    },
    "de": {
        "greeting": "Guten Tag {name},", "greeting_anonymous": "Guten Tag,", "closing": "Mit freundlichen Grüßen\nIhr Kundenservice",
        "intro": "Wir haben den Verkäufer zu Ihrem Anliegen befragt, aber rechtzeitig keine Antwort erhalten. Daher "
                 "haben wir für Sie entschieden.",
        "refund": "Wir haben Ihnen {amount} {currency} für {item} auf Ihr ursprüngliches Zahlungsmittel erstattet. Der "
                  "Betrag ist in der Regel innerhalb von 3–5 Werktagen auf Ihrem Konto.",
        "refund_a_to_z": "Im Rahmen der A-bis-z-Garantie haben wir Ihnen {amount} {currency} für {item} erstattet. "
                         "Der Betrag ist in der Regel innerhalb von 3–5 Werktagen auf Ihrem Konto.",
        "return": "Sie können {item} mit der Rücksendenummer {rma} zurücksenden. {label}",
        "label_yes": "Ein vorfrankiertes Rücksendeetikett liegt bei.",
        "label_no": "Bitte senden Sie den Artikel auf eigene Kosten zurück.",
        "refund_no_wait": "Sie müssen nicht auf die Rücksendung warten: Die Erstattung ist bereits veranlasst.",
        "return_then_refund": "Wir erstatten Ihnen den Betrag, sobald die Rücksendung unterwegs ist.",
        "declined": "Die Rückgabefrist von {days} Tagen für {item} endete am {until}; eine Rücksendung ist daher "
                    "nicht mehr möglich. Es tut uns leid, dass wir nicht mehr tun können.",
        "already_refunded": "{item} wurde bereits vollständig erstattet.",
        "return_exists": "Eine Rücksendung für {item} ist bereits genehmigt (Rücksendenummer {rma}).",
        "delivered": "Laut Zusteller wurde Ihre Bestellung {order} am {date} zugestellt ({carrier}, Sendungsnummer "
                     "{tracking}). Bitte fragen Sie bei Nachbarn nach; falls Sie sie nicht finden, antworten Sie auf "
                     "diese Nachricht.",
        "in_transit": "Ihre Bestellung {order} ist mit {carrier} unterwegs (Sendungsnummer {tracking}) und sollte bis "
                      "{date} ankommen.",
        "cancelled": "Ihre Bestellung {order} war noch nicht versandt: Wir haben sie storniert und {amount} {currency} "
                     "erstattet.",
        "cannot_cancel": "Ihre Bestellung {order} wurde bereits versandt und kann nicht mehr storniert werden.",
        "apology": "Es tut uns leid: Der Verkäufer hat unsere Frage nicht rechtzeitig beantwortet, und wir konnten die "
                   "Antwort nicht selbst finden.",
        "return_offer": "Falls der Artikel nicht Ihren Erwartungen entspricht, können Sie ihn bis zum {until} "
                        "zurücksenden.",
    },
    "ja": {
        "greeting": "{name} 様", "greeting_anonymous": "お客様", "closing": "今後ともよろしくお願いいたします。\nカスタマーサービス",
        "intro": "お問い合わせについて出品者に確認しましたが、期限内に回答がなかったため、当社で対応を決定しました。",
        "refund": "{item} の代金 {amount} {currency} を元のお支払い方法に返金しました。通常 3～5 営業日で反映されます。",
        "refund_a_to_z": "Amazonマーケットプレイス保証により、{item} の代金 {amount} {currency} を返金しました。"
                         "通常 3～5 営業日で反映されます。",
        "return": "{item} は返品番号 {rma} で返品いただけます。{label}",
        "label_yes": "返品用のプリペイドラベルをお送りします。",
        "label_no": "恐れ入りますが、返送料はお客様のご負担となります。",
        "refund_no_wait": "返品をお待ちいただく必要はありません。返金はすでに手続き済みです。",
        "return_then_refund": "返品の発送が確認でき次第、返金いたします。",
        "declined": "{item} の返品期限（{days} 日）は {until} に終了したため、返品をお受けできません。申し訳ございません。",
        "already_refunded": "{item} はすでに全額返金済みです。",
        "return_exists": "{item} の返品はすでに承認されています（返品番号 {rma}）。",
        "delivered": "配送業者の記録では、ご注文 {order} は {date} にお届け済みです（{carrier}、追跡番号 {tracking}）。"
                     "ご近所や管理人室をご確認いただき、見つからない場合はこのメッセージにご返信ください。",
        "in_transit": "ご注文 {order} は {carrier}（追跡番号 {tracking}）で配送中で、{date} までに到着予定です。",
        "cancelled": "ご注文 {order} は未発送のためキャンセルし、{amount} {currency} を返金しました。",
        "cannot_cancel": "ご注文 {order} はすでに発送済みのため、キャンセルできません。",
        "apology": "申し訳ございません。出品者から期限内に回答がなく、当社でも回答を見つけることができませんでした。",
        "return_offer": "商品にご満足いただけない場合は、{until} まで返品いただけます。",
    },
}


@dataclass
class RefundPlan:
    order_item: OrderItem
    amount: Decimal
    is_a_to_z: bool = False
    reason: str = ""


@dataclass
class ReturnPlan:
    order_item: OrderItem
    policy: ApplicablePolicy
    quantity: int = 1
    reason: str = ""
    rma_number: str = field(default_factory=lambda: f"RMA-{secrets.token_hex(5).upper()}")


@dataclass
class Decision:
    """What CSBA decides for an unanswered case."""

    outcome: str
    grounds: list[dict]
    reply: str
    refunds: list[RefundPlan] = field(default_factory=list)
    returns: list[ReturnPlan] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)
    policy: dict | None = None

    def as_dict(self) -> dict:
        return {
            "outcome": self.outcome,
            "grounds": self.grounds,
            "summary": " ".join(ground_text(g, "en") for g in self.grounds),
            "refunds": [{"order_item_id": r.order_item.pk, "amount": str(r.amount), "is_a_to_z": r.is_a_to_z}
                        for r in self.refunds],
            "returns": [{"order_item_id": r.order_item.pk, "rma_number": r.rma_number,
                         "prepaid_label": r.policy.has_prepaid_labels} for r in self.returns],
            "evidence": self.evidence[:5],
            "policy": self.policy,
        }


def ground_text(ground: dict, language: str | None = None) -> str:
    """One ground as a sentence, in ``language`` (default: the active one)."""
    code = ground.get("code", "")
    if code not in GROUND_TEXTS:
        return code
    language = language or translation.get_language() or "en"
    key = (language, code)
    if key not in _translated:
        with translation.override(language):
            _translated[key] = str(GROUND_TEXTS[code])
            _translated.update({(language, f"policy:{k}"): str(v) for k, v in POLICY_NAMES.items()})
    params = dict(ground.get("params", {}))
    if "source" in params:
        params["policy"] = _translated.get((language, f"policy:{params['source']}"), params["source"])
    try:
        return _translated[key].format(**params)
    except (KeyError, IndexError):
        return _translated[key]


# (language, ground code) → the translated template; catalogs do not change while a process runs.
_translated: dict[tuple[str, str], str] = {}


@dataclass
class ResolutionContext:
    """What a batch shares: return policies per (seller, marketplace), the
    amounts already planned for refund per item in this batch, and the first
    buyer message per ticket. Without one, ``decide`` reads what it needs."""

    policies: dict[tuple[int, int], ApplicablePolicy] = field(default_factory=dict)
    planned_refunds: dict[int, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    questions: dict[int, str] = field(default_factory=dict)
    standard: dict[int, ApplicablePolicy] = field(default_factory=dict)

    @classmethod
    def for_cases(cls, cases: list[Case]) -> "ResolutionContext":
        """Two queries for a whole batch (the tickets are already loaded)."""
        context = cls()
        pairs = {(c.ticket.order.seller_id, c.ticket.order.marketplace_id) for c in cases if c.ticket.order_id}
        sellers = {seller for seller, _ in pairs}
        for policy in ReturnPolicy.objects.filter(seller_id__in=sellers, status=ReturnPolicyStatus.APPROVED):
            context.policies[(policy.seller_id, policy.marketplace_id)] = ApplicablePolicy(
                window_days=policy.window_days, has_prepaid_labels=policy.has_prepaid_labels,
                restocking_fee_percent=policy.restocking_fee_percent, source="seller", policy_id=policy.pk)
        for case in cases:
            marketplace = case.ticket.marketplace
            context.standard.setdefault(marketplace.pk, standard_policy(marketplace))
        product_tickets = [c.ticket_id for c in cases if c.ticket.reason == Reason.PRODUCT_QUESTION]
        if product_tickets:
            rows = (Message.objects.filter(ticket_id__in=product_tickets, direction=Direction.INBOUND)
                    .order_by("ticket_id", "sent_at", "pk").values_list("ticket_id", "body"))
            for ticket_id, body in rows:
                context.questions.setdefault(ticket_id, body)
        return context

    def policy(self, order) -> ApplicablePolicy:
        key = (order.seller_id, order.marketplace_id)
        if key in self.policies:
            return self.policies[key]
        if self.standard and order.marketplace_id in self.standard:
            return self.standard[order.marketplace_id]
        found = applicable_policy(seller_id=order.seller_id, marketplace=order.marketplace)
        self.policies[key] = found
        return found

    def question(self, ticket: Ticket) -> str:
        if ticket.pk not in self.questions:
            first = ticket.messages.filter(direction=Direction.INBOUND).order_by("sent_at", "pk").first()
            self.questions[ticket.pk] = first.body if first is not None else ticket.subject
        return self.questions[ticket.pk] or ticket.subject


@dataclass
class _Facts:
    case: Case
    ticket: Ticket
    now: datetime
    context: ResolutionContext
    texts: dict
    items: list[OrderItem]
    item: OrderItem | None
    shipments: list
    policy: ApplicablePolicy | None
    grounds: list[dict]
    full_reply: str = ""  # a complete letter from the answering engine, used as is

    @property
    def order(self):
        return self.ticket.order

    def ground(self, code: str, **params) -> None:
        self.grounds.append({"code": code, "params": {k: str(v) for k, v in params.items()}})

    def date(self, moment: datetime | None) -> str:
        if moment is None:
            return "—"
        try:
            zone = zoneinfo.ZoneInfo(self.ticket.marketplace.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = zoneinfo.ZoneInfo("UTC")
        return moment.astimezone(zone).strftime("%Y-%m-%d")

    def money(self, amount: Decimal) -> str:
        places = self.ticket.marketplace.currency_decimal_places
        return str(amount.quantize(Decimal(1).scaleb(-places)))

    def title(self, item: OrderItem) -> str:
        return item.product.title[:80]

    def remaining(self, item: OrderItem) -> Decimal:
        refunded = sum((r.amount for r in _item_refunds(item)), Decimal("0"))
        return item.unit_price * item.quantity - refunded - self.context.planned_refunds[item.pk]

    def window_start(self, item: OrderItem) -> datetime:
        shipment = _item_shipment(item) or (min(self.shipments, key=lambda s: s.shipped_at) if self.shipments else None)
        if shipment is None:
            return self.order.placed_at
        return shipment.delivered_at or shipment.estimated_delivery_at or shipment.shipped_at

    def return_deadline(self, item: OrderItem) -> datetime:
        return self.policy.return_deadline(self.window_start(item))

    def window_ground(self, item: OrderItem) -> bool:
        """Record whether the item is inside its return window; True if it is."""
        until = self.return_deadline(item)
        is_open = self.now <= until
        self.ground("return_window_open" if is_open else "return_window_closed", days=self.policy.window_days,
                    source=self.policy.source, until=self.date(until))
        return is_open


@dataclass(slots=True)
class _ProductRow:
    pk: int
    title: str
    updated_at: datetime | None


@dataclass(slots=True)
class _ItemRow:
    """What ``decide`` reads of an order item, without a model instance."""

    pk: int
    order_id: int
    quantity: int
    unit_price: Decimal
    fulfillment_channel: str
    shipment_id: int | None
    product: _ProductRow
    _ar_refunds: list = field(default_factory=list)
    _ar_returns: list = field(default_factory=list)
    _ar_shipment: object = None


@dataclass(slots=True)
class _ShipmentRow:
    pk: int
    order_id: int
    carrier: str
    tracking_number: str
    shipped_at: datetime
    estimated_delivery_at: datetime | None
    delivered_at: datetime | None
    has_valid_tracking: bool


@dataclass(slots=True)
class _RefundRow:
    order_item_id: int
    amount: Decimal


@dataclass(slots=True)
class _ReturnRow:
    order_item_id: int
    rma_number: str
    first_scan_at: datetime | None
    received_at: datetime | None


def attach_order_data(tickets: list[Ticket]) -> None:
    """Load what ``decide`` reads about the tickets' orders (items with their
    product's title, shipments, refunds, returns) in four queries of plain
    rows, and attach it to the orders: a sweep reads this for every case, and
    model instances (or ``prefetch_related``, a queryset per object) cost
    more than the rest of the decision. Without it, ``decide`` reads through
    the ORM."""
    orders = {t.order_id: t.order for t in tickets if t.order_id}
    if not orders:
        return
    for order in orders.values():
        order._ar_items, order._ar_shipments = [], []
    by_pk = {}
    for row in (Shipment.objects.filter(order_id__in=orders).order_by("shipped_at", "pk").values_list(
            "id", "order_id", "carrier", "tracking_number", "shipped_at", "estimated_delivery_at", "delivered_at",
            "has_valid_tracking")):
        shipment = by_pk[row[0]] = _ShipmentRow(*row)
        orders[shipment.order_id]._ar_shipments.append(shipment)
    by_item = {}
    for (pk, order_id, quantity, unit_price, channel, shipment_id, product_id, title, updated_at) in (
            OrderItem.objects.filter(order_id__in=orders).order_by("pk").values_list(
                "id", "order_id", "quantity", "unit_price", "fulfillment_channel", "shipment_id", "product_id",
                "product__title", "product__updated_at")):
        item = by_item[pk] = _ItemRow(pk, order_id, quantity, unit_price, channel, shipment_id,
                                      _ProductRow(product_id, title, updated_at))
        item._ar_shipment = by_pk.get(shipment_id)
        orders[order_id]._ar_items.append(item)
    for row in Refund.objects.filter(order_item_id__in=by_item).values_list("order_item_id", "amount"):
        by_item[row[0]]._ar_refunds.append(_RefundRow(*row))
    for row in Return.objects.filter(order_item_id__in=by_item).values_list(
            "order_item_id", "rma_number", "first_scan_at", "received_at"):
        by_item[row[0]]._ar_returns.append(_ReturnRow(*row))


def _order_items(order) -> list[OrderItem]:
    if hasattr(order, "_ar_items"):
        return order._ar_items
    return list(order.items.select_related("product", "shipment").order_by("pk"))


def _order_shipments(order) -> list:
    return order._ar_shipments if hasattr(order, "_ar_shipments") else list(order.shipments.all())


def _item_refunds(item) -> list:
    return item._ar_refunds if hasattr(item, "_ar_refunds") else list(item.refunds.all())


def _item_returns(item) -> list:
    return item._ar_returns if hasattr(item, "_ar_returns") else list(item.returns.all())


def _item_shipment(item):
    return item._ar_shipment if hasattr(item, "_ar_shipment") else item.shipment


def _items_of(ticket: Ticket) -> list[OrderItem]:
    if ticket.order_id is None:
        return []
    return [i for i in _order_items(ticket.order) if i.fulfillment_channel == FulfillmentChannel.FBM]


def decide(case: Case, now: datetime, *, context: ResolutionContext | None = None) -> Decision:
    """CSBA's decision for ``case`` (whose seller did not reply in time). Writes nothing."""
    context = context or ResolutionContext()
    ticket = case.ticket
    items = _items_of(ticket)
    item = None
    if ticket.order_item_id is not None:
        item = next((i for i in items if i.pk == ticket.order_item_id), None)
    elif len(items) == 1:
        item = items[0]
    facts = _Facts(
        case=case, ticket=ticket, now=now, context=context,
        texts=BUYER_TEXTS.get((ticket.language or "en")[:2], BUYER_TEXTS["en"]), items=items, item=item,
        shipments=list(_order_shipments(ticket.order)) if ticket.order_id else [],
        policy=context.policy(ticket.order) if ticket.order_id else None, grounds=[],
    )
    facts.ground("seller_no_reply", hours=case.marketplace.seller_reply_hours,
                 deadline=case.deadline_at.strftime("%Y-%m-%d %H:%M UTC"))
    handler = POLICIES.get(ticket.reason, _apology)
    outcome, body, refunds, returns, evidence = handler(facts)
    t = facts.texts
    name = ticket.buyer.name if ticket.buyer_id else ""
    greeting = t["greeting"].format(name=name) if name else t["greeting_anonymous"]
    reply = facts.full_reply or "\n\n".join([greeting, t["intro"], *body, t["closing"]])
    return Decision(outcome=outcome, grounds=facts.grounds, reply=reply, refunds=refunds, returns=returns,
                    evidence=evidence, policy=facts.policy.as_dict() if facts.policy else None)


# Each policy returns (outcome, reply paragraphs, refunds, returns, evidence).

def _refund_lines(f: _Facts, refunds: list[RefundPlan]) -> list[str]:
    key = "refund_a_to_z" if any(r.is_a_to_z for r in refunds) else "refund"
    return [f.texts[key].format(amount=f.money(r.amount), currency=f.ticket.marketplace.currency,
                                item=f.title(r.order_item)) for r in refunds]


def _plan_refund(f: _Facts, item: OrderItem, *, is_a_to_z: bool = False, reason: str) -> RefundPlan | None:
    amount = f.remaining(item)
    if amount <= 0:
        return None
    f.context.planned_refunds[item.pk] += amount
    return RefundPlan(order_item=item, amount=amount, is_a_to_z=is_a_to_z, reason=reason)


def _return_line(f: _Facts, plan: ReturnPlan) -> str:
    label = f.texts["label_yes" if plan.policy.has_prepaid_labels else "label_no"]
    return f.texts["return"].format(item=f.title(plan.order_item), rma=plan.rma_number, label=label)


def _return_offer(f: _Facts) -> list[str]:
    if f.item is None or f.policy is None or f.now > f.return_deadline(f.item):
        return []
    return [f.texts["return_offer"].format(until=f.date(f.return_deadline(f.item)))]


def _return_request(f: _Facts):
    if f.item is None:
        return _apology(f, ground="no_order_item")
    existing = next(iter(_item_returns(f.item)), None)
    if existing is not None:
        f.ground("return_exists", rma=existing.rma_number)
        return Outcome.ANSWER, [f.texts["return_exists"].format(item=f.title(f.item), rma=existing.rma_number)], [], [], []
    if not f.window_ground(f.item):
        until = f.date(f.return_deadline(f.item))
        return Outcome.DECLINED, [f.texts["declined"].format(days=f.policy.window_days, item=f.title(f.item),
                                                              until=until)], [], [], []
    plan = ReturnPlan(order_item=f.item, policy=f.policy, quantity=f.item.quantity, reason="Return request; seller silent")
    return Outcome.RETURN, [_return_line(f, plan), f.texts["return_then_refund"]], [], [plan], []


def _defect(f: _Facts):
    if f.item is None:
        return _apology(f, ground="no_order_item")
    f.ground("defect_reported")
    refund = _plan_refund(f, f.item, reason="Damaged, defective, wrong or missing item; seller silent")
    if refund is None:
        f.ground("already_refunded")
        return Outcome.ANSWER, [f.texts["already_refunded"].format(item=f.title(f.item))], [], [], []
    plan = ReturnPlan(order_item=f.item, policy=f.policy, quantity=f.item.quantity, reason="Damaged or wrong item")
    body = [*_refund_lines(f, [refund]), _return_line(f, plan), f.texts["refund_no_wait"]]
    return Outcome.RETURN_AND_REFUND, body, [refund], [plan], []


def _refund(f: _Facts):
    if f.item is None:
        return _apology(f, ground="no_order_item")
    scanned = next((r for r in _item_returns(f.item) if r.first_scan_at or r.received_at), None)
    if scanned is not None:
        refund = _plan_refund(f, f.item, reason=f"Return {scanned.rma_number} scanned or received; seller silent")
        if refund is not None:
            f.ground("return_received", rma=scanned.rma_number)
            return Outcome.REFUND, _refund_lines(f, [refund]), [refund], [], []
    if f.remaining(f.item) <= 0:
        f.ground("already_refunded")
        return Outcome.ANSWER, [f.texts["already_refunded"].format(item=f.title(f.item))], [], [], []
    return _return_request(f)


def _a_to_z_refunds(f: _Facts, reason: str) -> list[RefundPlan]:
    targets = [f.item] if f.ticket.order_item_id and f.item is not None else f.items
    plans = [_plan_refund(f, item, is_a_to_z=True, reason=reason) for item in targets]
    return [p for p in plans if p is not None]


def _where_is_my_order(f: _Facts):
    if f.order is None:
        return _apology(f, ground="no_order_item")
    shipment = max(f.shipments, key=lambda s: s.shipped_at) if f.shipments else None
    evidence = []
    if shipment is not None:
        evidence.append({"source": "shipment", "score": 1.0, "text": (
            f"{shipment.carrier} {shipment.tracking_number or '(no tracking number)'}; valid tracking: "
            f"{'yes' if shipment.has_valid_tracking else 'no'}; delivered {f.date(shipment.delivered_at)}")})
    if shipment is not None and shipment.tracking_number and shipment.has_valid_tracking:
        values = dict(order=f.order.order_number, carrier=shipment.carrier, tracking=shipment.tracking_number)
        if shipment.delivered_at:
            f.ground("delivered_per_carrier", date=f.date(shipment.delivered_at))
            return Outcome.ANSWER, [f.texts["delivered"].format(date=f.date(shipment.delivered_at), **values)], [], [], evidence
        due = shipment.estimated_delivery_at or shipment.shipped_at
        if f.now <= due + timedelta(days=A_TO_Z_GRACE_DAYS):
            f.ground("in_transit_on_time", date=f.date(shipment.estimated_delivery_at))
            return Outcome.ANSWER, [f.texts["in_transit"].format(date=f.date(shipment.estimated_delivery_at), **values)], [], [], evidence
        f.ground("late_in_transit", date=f.date(due), grace=A_TO_Z_GRACE_DAYS)
    else:
        f.ground("no_shipment" if shipment is None else "no_valid_tracking")
    refunds = _a_to_z_refunds(f, "Not received; no valid tracking or late (A-to-z Guarantee)")
    if not refunds:
        if not f.items:
            return _apology(f, ground="no_order_item")
        f.ground("already_refunded")
        return Outcome.ANSWER, [f.texts["already_refunded"].format(item=f.title(f.item or f.items[0]))], [], [], evidence
    f.ground("a_to_z_refund")
    return Outcome.REFUND, _refund_lines(f, refunds), refunds, [], evidence


def _cancel(f: _Facts):
    if f.order is None or not f.items:
        return _apology(f, ground="no_order_item")
    if not f.shipments:
        refunds = [p for p in (_plan_refund(f, i, reason="Cancelled before shipment; seller silent") for i in f.items) if p]
        if refunds:
            f.ground("not_shipped_cancelled")
            total = sum((r.amount for r in refunds), Decimal("0"))
            return Outcome.CANCEL, [f.texts["cancelled"].format(order=f.order.order_number, amount=f.money(total),
                                                                 currency=f.ticket.marketplace.currency)], refunds, [], []
        f.ground("already_refunded")
        return Outcome.ANSWER, [f.texts["already_refunded"].format(item=f.title(f.items[0]))], [], [], []
    f.ground("shipped_cannot_cancel")
    lines = [f.texts["cannot_cancel"].format(order=f.order.order_number)]
    if f.item is None or not f.window_ground(f.item) or _item_returns(f.item):
        return Outcome.ANSWER, lines + _return_offer(f), [], [], []
    plan = ReturnPlan(order_item=f.item, policy=f.policy, quantity=f.item.quantity, reason="Cancellation after shipment")
    return Outcome.RETURN, lines + [_return_line(f, plan), f.texts["return_then_refund"]], [], [plan], []


def _a_to_z_claim(f: _Facts):
    if f.order is None or not f.items:
        return _apology(f, ground="no_order_item")
    f.ground("a_to_z_claim")
    refunds = _a_to_z_refunds(f, "A-to-z Guarantee claim; seller did not respond")
    if not refunds:
        f.ground("already_refunded")
        return Outcome.ANSWER, [f.texts["already_refunded"].format(item=f.title(f.item or f.items[0]))], [], [], []
    f.ground("a_to_z_refund")
    return Outcome.REFUND, _refund_lines(f, refunds), refunds, [], []


def _answer_for_product(product, question: str, language: str, buyer_name: str) -> dict | None:
    try:
        from ..answering.live import answer_for_product
    except ImportError:  # the answering engine is not installed
        return None
    if not isinstance(product, Product):  # a sweep's plain row: the engine reads the whole page
        product = Product.objects.get(pk=product.pk)
    try:
        return answer_for_product(product=product, question=question, language=language, buyer_name=buyer_name)
    except DomainError:  # an empty or unreadable question: no answer, the buyer gets the apology
        return None
    except Exception:  # noqa: BLE001 — an engine failure must not stop the sweep; the buyer gets the apology
        log.exception("answering failed for product %s", product.pk)
        return None


def _stored_suggestion(ticket: Ticket, product) -> dict | None:
    """The suggestion intake computed with the same engine for this ticket's
    question, while it is still current: the detail page has not changed
    since. Saves the sweep a live retrieval per product question."""
    suggestion, computed_at = ticket.suggestion, ticket.suggestion_at
    if not suggestion or computed_at is None or "decision" not in suggestion:
        return None
    if product.updated_at is not None and product.updated_at > computed_at:
        return None
    return suggestion


def _product_question(f: _Facts):
    product = f.item.product if f.item is not None else None
    if product is not None:
        answer = _stored_suggestion(f.ticket, product)
        if answer is None:
            buyer_name = f.ticket.buyer.name if f.ticket.buyer_id else ""
            answer = _answer_for_product(product, f.context.question(f.ticket), f.ticket.language, buyer_name)
        if answer and answer.get("decision") == "answer" and answer.get("reply"):
            f.ground("answered_from_detail_page")
            f.full_reply = answer["reply"]  # the engine writes the whole letter, quoting the page
            return Outcome.ANSWER, [], [], [], list(answer.get("evidence") or [])[:5]
        f.ground("no_answer_on_detail_page")
    return _apology(f)


def _apology(f: _Facts, *, ground: str = "apology_only"):
    f.ground(ground)
    offer = _return_offer(f)
    if offer:
        f.window_ground(f.item)
    return Outcome.APOLOGY, [f.texts["apology"], *offer], [], [], []


POLICIES = {
    Reason.RETURN_REQUEST: _return_request,
    Reason.DAMAGED_OR_DEFECTIVE: _defect,
    Reason.WRONG_OR_MISSING_ITEM: _defect,
    Reason.REFUND: _refund,
    Reason.WHERE_IS_MY_ORDER: _where_is_my_order,
    Reason.CANCEL_ORDER: _cancel,
    Reason.A_TO_Z_CLAIM: _a_to_z_claim,
    Reason.PRODUCT_QUESTION: _product_question,
}


# --- carrying decisions out, a batch at a time -------------------------------------------------------------------

@dataclass
class BatchResult:
    resolved: list[Case] = field(default_factory=list)
    cancelled: list[Case] = field(default_factory=list)
    reply_message_ids: list[int] = field(default_factory=list)


def resolve_batch(cases: list[Case], tickets: dict[int, Ticket], *, now: datetime) -> BatchResult:
    """Auto-resolve ``cases`` (locked, AWAITING_SELLER, overdue) whose tickets
    (locked, order data prefetched) are in ``tickets``. A constant number of
    queries per batch: bulk inserts of refunds, returns, buyer messages and
    events, bulk updates of cases and tickets. Called inside the sweep's
    transaction; the caller enqueues the emails on commit."""
    result = BatchResult()
    context = None
    work: list[tuple[Case, Decision]] = []
    for case in cases:
        ticket = tickets.get(case.ticket_id)
        if ticket is None:
            continue  # another worker holds the ticket: next sweep
        case.ticket = ticket
        if ticket.status != TicketStatus.AWAITING_SELLER:
            result.cancelled.append(case)
            continue
        work.append((case, None))
    if work:
        context = ResolutionContext.for_cases([case for case, _ in work])
        work = [(case, decide(case, now, context=context)) for case, _ in work]
    if result.cancelled:
        cases_transition_bulk(result.cancelled, CaseStatus.CANCELLED, now=now, actor_kind=ActorKind.SYSTEM,
                              data_for=lambda c: {"why": f"The ticket is {c.ticket.status}, no longer awaiting the seller."})
    if not work:
        return result

    refunds, returns, messages = [], [], []
    for case, decision in work:
        ticket = case.ticket
        for plan in decision.refunds:
            item = plan.order_item
            kind = RefundKind.FULL if plan.amount == item.unit_price * item.quantity else RefundKind.PARTIAL
            refunds.append((case, Refund(order_item_id=item.pk, ticket=ticket, kind=kind, amount=plan.amount,
                                         currency=ticket.marketplace.currency, reason=plan.reason[:200], issued_at=now,
                                         is_automatic=True, is_a_to_z=plan.is_a_to_z)))
        for plan in decision.returns:
            returns.append((case, plan, Return(
                order_item_id=plan.order_item.pk, ticket=ticket, quantity=plan.quantity, reason=plan.reason[:200],
                authorized_at=now, rma_number=plan.rma_number, has_prepaid_label=plan.policy.has_prepaid_labels,
                is_amazon_label=plan.policy.has_prepaid_labels)))
        messages.append(Message(ticket=ticket, direction=Direction.OUTBOUND, author_kind=AuthorKind.SYSTEM,
                                channel=ticket.channel, body=decision.reply, sent_at=now))
    Refund.objects.bulk_create([r for _, r in refunds])
    Return.objects.bulk_create([r for _, _, r in returns])
    Message.objects.bulk_create(messages)

    audit: list = []  # EventRow and TicketEvent rows, written together by insert_events
    per_case: dict[int, dict] = {case.pk: {"refunds": [], "returns": []} for case, _ in work}
    for case, refund in refunds:
        per_case[case.pk]["refunds"].append({
            "id": refund.pk, "order_item_id": refund.order_item_id, "kind": refund.kind, "amount": str(refund.amount),
            "currency": refund.currency, "is_a_to_z": refund.is_a_to_z})
        audit.append(_event(case, events.EventKind.REFUND_ISSUED, now, {
            "refund_id": refund.pk, "kind": refund.kind, "amount": str(refund.amount), "currency": refund.currency,
            "order_item_id": refund.order_item_id, "is_automatic": True, "is_a_to_z": refund.is_a_to_z,
            "reason": refund.reason}))
    for case, plan, authorized in returns:
        per_case[case.pk]["returns"].append({"id": authorized.pk, "rma_number": authorized.rma_number,
                                             "order_item_id": authorized.order_item_id,
                                             "prepaid_label": authorized.has_prepaid_label})
        audit.append(_event(case, events.EventKind.RETURN_AUTHORIZED, now, {
            "return_id": authorized.pk, "rma_number": authorized.rma_number, "quantity": authorized.quantity,
            "prepaid_label": authorized.has_prepaid_label, "policy": plan.policy.as_dict(),
            "order_item_id": authorized.order_item_id}))
    for (case, decision), message in zip(work, messages):
        ticket = case.ticket
        record = decision.as_dict()
        record.update(per_case[case.pk], decided_at=now.isoformat(), reason=ticket.reason,
                      reply_message_id=message.pk,
                      is_safet_eligible=any(r["kind"] == RefundKind.FULL for r in per_case[case.pk]["refunds"]))
        case.resolution = record
        case.resolved_at = now
        audit.append(_event(case, events.EventKind.REPLY_SENT, now, {
            "message_id": message.pk, "channel": ticket.channel, "case_id": case.pk, "auto_resolved": True}))
        audit.append(_event(case, events.EventKind.AUTO_RESOLVED, now, {
            "outcome": decision.outcome, "grounds": decision.grounds}))
        if ticket.first_responded_at is None:
            ticket.first_responded_at = now
        ticket.resolution = Resolution.AUTO_RESOLVED
        ticket.resolved_at = now
        result.resolved.append(case)
        if ticket.channel == Channel.EMAIL and ticket.buyer_id:
            result.reply_message_ids.append(message.pk)
    cases_transition_bulk(result.resolved, CaseStatus.AUTO_RESOLVED, now=now, actor_kind=ActorKind.SYSTEM,
                          data_for=lambda c: {"outcome": c.resolution["outcome"]},
                          extra_fields=("resolved_at", "resolution"), events_out=audit)
    tickets_transition_bulk([c.ticket for c in result.resolved], TicketStatus.RESOLVED, now=now,
                            actor_kind=ActorKind.SYSTEM,
                            data_for=lambda t: {"why": "Resolved by CSBA: the seller did not reply in time."},
                            extra_fields=("resolution", "resolved_at", "first_responded_at"), events_out=audit)
    insert_events(audit)
    if result.reply_message_ids:
        from ..tasks.tickets import message_deliver_email_task

        ids = list(result.reply_message_ids)
        transaction.on_commit(lambda: [message_deliver_email_task.delay(i) for i in ids], robust=True)
    return result


EVENT_COLUMNS = ("ticket_id", "case_id", "kind", "actor_id", "actor_kind", "at", "data")


def insert_events(rows: list) -> None:
    """Write audit events in one statement: a sweep writes about five per
    case, and Django's ``bulk_create`` spends more time compiling them than
    the database spends storing them. PostgreSQL: COPY; SQLite: one
    ``executemany``; elsewhere ``bulk_create``. Takes ``TicketEvent``
    instances or ``EventRow`` tuples; the rows are the same either way."""
    if not rows:
        return
    table = TicketEvent._meta.db_table
    if connection.vendor == "postgresql":
        sql = f"COPY {table} ({', '.join(EVENT_COLUMNS)}) FROM STDIN"
        started = time.monotonic()
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for event in rows:
                copy.write_row((event.ticket_id, event.case_id, event.kind, event.actor_id, event.actor_kind,
                                event.at, json.dumps(event.data)))
        if connection.queries_logged:  # count it like any other statement (tests, benchmarks)
            connection.queries_log.append({"sql": f"{sql} -- {len(rows)} rows",
                                           "time": f"{time.monotonic() - started:.3f}"})
    elif connection.vendor == "sqlite":
        quote = connection.ops.quote_name
        sql = (f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in EVENT_COLUMNS)}) "
               f"VALUES (%s, %s, %s, %s, %s, %s, %s)")
        adapt = connection.ops.adapt_datetimefield_value
        moments: dict = {}
        params = []
        for event in rows:
            if event.at not in moments:
                moments[event.at] = adapt(event.at)
            params.append((event.ticket_id, event.case_id, event.kind, event.actor_id, event.actor_kind,
                           moments[event.at], json.dumps(event.data)))
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
    else:
        TicketEvent.objects.bulk_create([
            row if isinstance(row, TicketEvent) else TicketEvent(**row._asdict()) for row in rows])


class EventRow(NamedTuple):
    """A TicketEvent row to insert, without building a model instance."""

    ticket_id: int
    case_id: int | None
    kind: str
    actor_id: int | None
    actor_kind: str
    at: datetime
    data: dict


def _event(case: Case, kind: str, now: datetime, data: dict) -> EventRow:
    return EventRow(case.ticket_id, case.pk, kind, None, ActorKind.SYSTEM, now, data)
