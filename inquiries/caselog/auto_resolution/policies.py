"""The policy per contact reason: ``decide(case, now)`` returns a Decision and writes nothing."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from csba.errors import DomainError
from sellers.models import OrderItem, Product
from sellers.return_policy import ApplicablePolicy

from ...models import Case, Ticket
from ...reasons import Policy, reason_spec
from ...services.remedies import rma_number_new
from .facts import ResolutionContext, _Facts, _item_returns, _items_of, _order_shipments
from .texts import BUYER_TEXTS, Outcome, ground_text

log = logging.getLogger(__name__)


# A-to-z Guarantee: a package still not delivered this many days after its
# latest estimated delivery date counts as not received.
A_TO_Z_GRACE_DAYS = 3


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
    rma_number: str = field(default_factory=rma_number_new)


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
            "refunds": [
                {"order_item_id": r.order_item.pk, "amount": str(r.amount), "is_a_to_z": r.is_a_to_z}
                for r in self.refunds
            ],
            "returns": [
                {
                    "order_item_id": r.order_item.pk,
                    "rma_number": r.rma_number,
                    "prepaid_label": r.policy.has_prepaid_labels,
                }
                for r in self.returns
            ],
            "evidence": self.evidence[:5],
            "policy": self.policy,
        }


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
        case=case,
        ticket=ticket,
        now=now,
        context=context,
        texts=BUYER_TEXTS.get((ticket.language or "en")[:2], BUYER_TEXTS["en"]),
        items=items,
        item=item,
        shipments=list(_order_shipments(ticket.order)) if ticket.order_id else [],
        policy=context.policy(ticket.order) if ticket.order_id else None,
        grounds=[],
    )
    facts.ground(
        "seller_no_reply",
        hours=case.marketplace.seller_reply_hours,
        deadline=case.deadline_at.isoformat(),
    )
    handler = POLICIES[reason_spec(ticket.reason).policy]
    outcome, body, refunds, returns, evidence = handler(facts)
    t = facts.texts
    name = ticket.buyer.name if ticket.buyer_id else ""
    greeting = t["greeting"].format(name=name) if name else t["greeting_anonymous"]
    reply = facts.full_reply or "\n\n".join([greeting, t["intro"], *body, t["closing"]])
    return Decision(
        outcome=outcome,
        grounds=facts.grounds,
        reply=reply,
        refunds=refunds,
        returns=returns,
        evidence=evidence,
        policy=facts.policy.as_dict() if facts.policy else None,
    )


# Each policy returns (outcome, reply paragraphs, refunds, returns, evidence).


def _refund_lines(f: _Facts, refunds: list[RefundPlan]) -> list[str]:
    key = "refund_a_to_z" if any(r.is_a_to_z for r in refunds) else "refund"
    return [
        f.texts[key].format(
            amount=f.money(r.amount), currency=f.ticket.marketplace.currency, item=f.title(r.order_item)
        )
        for r in refunds
    ]


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
    return [f.texts["return_offer"].format(until=f.day(f.return_deadline(f.item)))]


def _return_request(f: _Facts):
    if f.item is None:
        return _apology(f, ground="no_order_item")
    existing = next(iter(_item_returns(f.item)), None)
    if existing is not None:
        f.ground("return_exists", rma=existing.rma_number)
        return (
            Outcome.ANSWER,
            [f.texts["return_exists"].format(item=f.title(f.item), rma=existing.rma_number)],
            [],
            [],
            [],
        )
    if not f.window_ground(f.item):
        until = f.day(f.return_deadline(f.item))
        return (
            Outcome.DECLINED,
            [f.texts["declined"].format(days=f.policy.window_days, item=f.title(f.item), until=until)],
            [],
            [],
            [],
        )
    plan = ReturnPlan(
        order_item=f.item, policy=f.policy, quantity=f.item.quantity, reason="Return request; seller silent"
    )
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
        evidence.append(
            {
                "source": "shipment",
                "score": 1.0,
                "text": (
                    f"{shipment.carrier} {shipment.tracking_number or '(no tracking number)'}; valid tracking: "
                    f"{'yes' if shipment.has_valid_tracking else 'no'}; delivered {f.date(shipment.delivered_at)}"
                ),
            }
        )
    if shipment is not None and shipment.tracking_number and shipment.has_valid_tracking:
        values = dict(order=f.order.order_number, carrier=shipment.carrier, tracking=shipment.tracking_number)
        if shipment.delivered_at:
            f.ground("delivered_per_carrier", date=f.date(shipment.delivered_at))
            return (
                Outcome.ANSWER,
                [f.texts["delivered"].format(date=f.day(shipment.delivered_at), **values)],
                [],
                [],
                evidence,
            )
        due = shipment.estimated_delivery_at or shipment.shipped_at
        if f.now <= due + timedelta(days=A_TO_Z_GRACE_DAYS):
            f.ground("in_transit_on_time", date=f.date(shipment.estimated_delivery_at))
            return (
                Outcome.ANSWER,
                [f.texts["in_transit"].format(date=f.day(shipment.estimated_delivery_at), **values)],
                [],
                [],
                evidence,
            )
        f.ground("late_in_transit", date=f.date(due), grace=A_TO_Z_GRACE_DAYS)
    else:
        f.ground("no_shipment" if shipment is None else "no_valid_tracking")
    refunds = _a_to_z_refunds(f, "Not received; no valid tracking or late (A-to-z Guarantee)")
    if not refunds:
        if not f.items:
            return _apology(f, ground="no_order_item")
        f.ground("already_refunded")
        return (
            Outcome.ANSWER,
            [f.texts["already_refunded"].format(item=f.title(f.item or f.items[0]))],
            [],
            [],
            evidence,
        )
    f.ground("a_to_z_refund")
    return Outcome.REFUND, _refund_lines(f, refunds), refunds, [], evidence


def _cancel(f: _Facts):
    if f.order is None or not f.items:
        return _apology(f, ground="no_order_item")
    if not f.shipments:
        refunds = [
            p for p in (_plan_refund(f, i, reason="Cancelled before shipment; seller silent") for i in f.items) if p
        ]
        if refunds:
            f.ground("not_shipped_cancelled")
            total = sum((r.amount for r in refunds), Decimal("0"))
            return (
                Outcome.CANCEL,
                [
                    f.texts["cancelled"].format(
                        order=f.order.order_number, amount=f.money(total), currency=f.ticket.marketplace.currency
                    )
                ],
                refunds,
                [],
                [],
            )
        f.ground("already_refunded")
        return Outcome.ANSWER, [f.texts["already_refunded"].format(item=f.title(f.items[0]))], [], [], []
    f.ground("shipped_cannot_cancel")
    lines = [f.texts["cannot_cancel"].format(order=f.order.order_number)]
    if f.item is None or not f.window_ground(f.item) or _item_returns(f.item):
        return Outcome.ANSWER, lines + _return_offer(f), [], [], []
    plan = ReturnPlan(
        order_item=f.item, policy=f.policy, quantity=f.item.quantity, reason="Cancellation after shipment"
    )
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
        from ...answering.live import answer_for_product
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


# One handler per policy; which reason takes which policy is in the registry
# (inquiries.reasons.REASONS).
POLICIES = {
    Policy.RETURN: _return_request,
    Policy.DEFECT: _defect,
    Policy.REFUND: _refund,
    Policy.WHERE_IS_MY_ORDER: _where_is_my_order,
    Policy.CANCEL: _cancel,
    Policy.A_TO_Z_CLAIM: _a_to_z_claim,
    Policy.PRODUCT_QUESTION: _product_question,
    Policy.APOLOGY: _apology,
}
