"""What a simulated agent does with a ticket, decided when it takes the
ticket (the queueing engine asks for the handle time then), carried out
through the console's services when the work is done.

The agent reads the buyer's text, so it acts on what the buyer wants (the
world's reason), not on the classifier's label; it answers from the
suggestion when the engine answered and it trusts it, from the page or the
order data otherwise, acts under the return policy, and asks the seller when
only the seller can answer. Each choice is a parameter of ``agents`` in the
scenario (docs/simulation.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from .contacts import ContactPlan
from .orders import OrderFacts

REPLY = {
    "en": "Thank you for contacting us. {what} If there is anything else, just reply to this message.",
    "de": "Vielen Dank für Ihre Nachricht. {what} Bei weiteren Fragen antworten Sie einfach auf diese Nachricht.",
    "ja": "お問い合わせありがとうございます。{what}ご不明な点がございましたら、このメッセージにご返信ください。",
}
WHAT = {
    "ships_soon": {
        "en": "Your order will ship within a day.",
        "de": "Ihre Bestellung wird innerhalb eines Tages versendet.",
        "ja": "ご注文の商品は1日以内に発送されます。",
    },
    "in_transit": {"en": "Your parcel is on its way.", "de": "Ihr Paket ist unterwegs.", "ja": "お荷物は配送中です。"},
    "refunded": {
        "en": "We have refunded your order in full.",
        "de": "Wir haben Ihnen den vollen Betrag erstattet.",
        "ja": "全額を返金いたしました。",
    },
    "cancelled": {
        "en": "Your order is cancelled and refunded.",
        "de": "Ihre Bestellung wurde storniert und erstattet.",
        "ja": "ご注文をキャンセルし、返金いたしました。",
    },
    "return": {
        "en": "Your return is authorized; the prepaid label is attached.",
        "de": "Ihre Rücksendung ist genehmigt, das Etikett liegt bei.",
        "ja": "返品を承りました。返送用ラベルをお送りします。",
    },
    "declined": {
        "en": "Unfortunately this is not possible under the return policy.",
        "de": "Leider ist das nach den Rückgaberegeln nicht möglich.",
        "ja": "申し訳ございませんが、返品条件によりお受けできません。",
    },
    "answer": {
        "en": "Here is the information you asked for.",
        "de": "Hier sind die gewünschten Informationen.",
        "ja": "お問い合わせの件についてご案内いたします。",
    },
    "seller": {
        "en": "The seller has given us the answer.",
        "de": "Der Verkäufer hat uns geantwortet.",
        "ja": "出品者から回答がありました。",
    },
    "replacement": {
        "en": "A replacement is on its way.",
        "de": "Ein Ersatz ist unterwegs.",
        "ja": "交換品を発送いたしました。",
    },
    "photo": {
        "en": "Could you send us a photo of the item?",
        "de": "Können Sie uns ein Foto des Artikels schicken?",
        "ja": "商品の写真をお送りいただけますか。",
    },
}
QUESTION = {
    "product": 'A buyer asks about {product}: "{question}" The detail page does not say. Please answer.',
    "tracking": "The buyer has not received order {order}. Please send a valid tracking number and the status.",
    "change": "The buyer asks to change order {order} before it ships. Can you change it?",
    "other": "The buyer of order {order} needs your help with this request. Please reply with the details.",
}


@dataclass(eq=False)
class TicketState:
    """A ticket as the world follows it (the database holds the truth)."""

    pk: int
    plan: ContactPlan
    reason: str  # as intake classified it
    route: str
    covered: bool | None
    opened: datetime
    suggestion: dict | None = None
    first_reply: datetime | None = None
    case_id: int | None = None
    deadline: datetime | None = None
    is_closed: bool = False
    outcome: str = ""


@dataclass
class Work:
    """What the agent does: service calls in order (name, keyword arguments)
    and what the buyer gets out of it."""

    actions: list[tuple[str, dict]] = field(default_factory=list)
    outcome: str = "answered"
    resolves: bool = True
    cancels: bool = False


class AgentModel:
    def __init__(self, scenario: dict, rng: np.random.Generator, *, return_days: dict[str, int]):
        self.cfg = scenario["agents"]
        self.rng = rng
        self.return_days = return_days  # marketplace -> standard return window

    def _seconds(self, reason: str, channel: str, *, saved: bool = False, extra_minutes: float = 0.0) -> float:
        cfg = self.cfg
        mean = cfg["handle_minutes"].get(reason, cfg["handle_minutes"].get("other", 6.0)) * 60.0
        mean *= cfg["channel_factor"].get(channel, 1.0)
        sigma = cfg["handle_sigma"]
        value = mean * math.exp(sigma * float(self.rng.standard_normal()) - sigma * sigma / 2)
        if saved:
            value *= 1.0 - cfg["suggestion_saves"]
        return max(20.0, value + extra_minutes * 60.0)

    def _chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def handle_seconds(self, ticket: TicketState, channel: str, kind: str) -> tuple[float, bool]:
        """How long the agent will work on the ticket (drawn when the agent
        takes it), and whether it will send the suggested answer."""
        if kind != "first":
            seconds = self.cfg["follow_up_minutes"] * 60.0
            return max(20.0, seconds * math.exp(0.4 * float(self.rng.standard_normal()) - 0.08)), False
        reason = "a_to_z_claim" if ticket.plan.claim else ticket.plan.reason
        uses = (ticket.suggestion or {}).get("decision") == "answer" and self._chance(self.cfg["accept_suggestion"])
        return self._seconds(reason, channel, saved=uses), uses

    def follow_up(self, ticket: TicketState, kind: str) -> Work:
        """A ticket back in the queue: the seller answered the case, or the buyer wrote again."""
        language = ticket.plan.language
        if kind == "seller":
            return Work([_reply(language, "seller", resolution="seller_resolved")], outcome="seller")
        work = Work(outcome="answered")
        self._answer(work, language)
        return work

    def decide(self, ticket: TicketState, *, now: datetime, uses_suggestion: bool) -> Work:
        """What the agent does, judged at ``now`` (when the work is done)."""
        plan, order = ticket.plan, ticket.plan.order
        reason = "a_to_z_claim" if plan.claim else plan.reason
        language = plan.language
        work = Work()
        cfg = self.cfg
        if reason == "a_to_z_claim":
            _refund_and_close(work, language, resolution="refunded")
            work.outcome = "remedy"
        elif order is None:
            self._answer(work, language)
        elif reason == "where_is_my_order":
            self._where_is_my_order(work, ticket, order, now, uses_suggestion)
        elif reason == "cancel_order":
            if not order.is_shipped and now < order.shipped:
                _refund_and_close(work, language, resolution="cancelled", what="cancelled")
                work.outcome, work.cancels = "remedy", True
            else:
                work.actions.append(_reply(language, "declined"))
                work.outcome = "declined"
        elif reason == "change_order":
            if now < order.shipped and self._chance(cfg["escalate_change"]):
                _escalate(work, "change", ticket)
            else:
                work.actions.append(_reply(language, "declined"))
                work.outcome = "declined"
        elif reason in ("return_request", "refund"):
            self._return(work, ticket, order, now, refund=reason == "refund")
        elif reason in ("damaged_or_defective", "wrong_or_missing_item"):
            if self._chance(0.25):
                work.actions += [("replacement", {}), _reply(language, "replacement", resolution="replaced")]
            else:
                work.actions.append(("return", {"enforce": False}))
                _refund_and_close(work, language, resolution="refunded")
            work.outcome = "remedy"
        elif reason == "product_question":
            self._product_question(work, ticket, uses_suggestion)
        elif self._chance(cfg["escalate_other"]):
            _escalate(work, "other", ticket)
        else:
            self._answer(work, language)
        return work

    def _answer(self, work: Work, language: str) -> None:
        work.actions.append(_reply(language, "answer"))
        work.outcome = "wrong_answer" if self._chance(self.cfg["wrong_answer"]) else "answered"

    def _where_is_my_order(
        self, work: Work, ticket: TicketState, order: OrderFacts, now: datetime, uses_suggestion: bool
    ) -> None:
        language, cfg = ticket.plan.language, self.cfg
        if not order.is_shipped:
            work.actions.append(_reply(language, "ships_soon"))
            work.outcome = "answered"
        elif order.delivered is None or now > order.estimate + timedelta(days=cfg["refund_late_days"]):
            _refund_and_close(work, language, resolution="refunded")
            work.outcome = "remedy"
        elif not order.has_tracking and self._chance(cfg["escalate_no_tracking"]):
            _escalate(work, "tracking", ticket)
        else:
            suggestion = ticket.suggestion if uses_suggestion else None
            work.actions.append(_reply(language, "in_transit", suggestion=suggestion))
            late = order.delivered > now and now > order.estimate
            work.outcome = "answered" if order.is_delivered or not late else "unresolved"

    def _return(self, work: Work, ticket: TicketState, order: OrderFacts, now: datetime, *, refund: bool) -> None:
        language = ticket.plan.language
        window = timedelta(days=self.return_days.get(order.marketplace, 30))
        if not order.is_delivered:
            work.actions.append(_reply(language, "in_transit"))
            work.outcome = "unresolved"
        elif refund and order.return_scanned:
            _refund_and_close(work, language, resolution="refunded")
            work.outcome = "remedy"
        elif now <= order.delivered + window:
            work.actions += [("return", {"enforce": True}), _reply(language, "return", resolution="return_authorized")]
            work.outcome = "remedy"
        else:
            work.actions.append(_reply(language, "declined"))
            work.outcome = "declined"

    def _product_question(self, work: Work, ticket: TicketState, uses_suggestion: bool) -> None:
        cfg, language = self.cfg, ticket.plan.language
        _, _, on_page, value = ticket.plan.question
        suggestion = ticket.suggestion or {}
        if uses_suggestion:
            evidence = " ".join(item.get("text", "") for item in suggestion.get("evidence", [])[:2])
            edited = self._chance(cfg["edit_suggestion"])
            work.actions.append(_reply(language, "answer", suggestion=suggestion, edited=edited))
            work.outcome = "answered" if on_page and value in evidence else "wrong_answer"
        elif on_page:
            self._answer(work, language)
        elif self._chance(cfg["escalate_unanswered"]):
            _escalate(work, "product", ticket)
        else:
            work.actions.append(_reply(language, "answer"))
            work.outcome = "wrong_answer"


def _reply(
    language: str, what: str, *, resolution: str = "answered", suggestion: dict | None = None, edited: bool = False
) -> tuple[str, dict]:
    if suggestion and suggestion.get("reply"):
        body = suggestion["reply"] + ("\n\n" + WHAT["answer"][language] if edited else "")
        return ("reply", {"body": body, "from_suggestion": True, "resolution": resolution})
    body = REPLY[language].format(what=WHAT[what][language] + ("" if language == "ja" else " "))
    return ("reply", {"body": body, "from_suggestion": False, "resolution": resolution})


def _refund_and_close(work: Work, language: str, *, resolution: str, what: str = "refunded") -> None:
    work.actions += [("refund", {}), _reply(language, what, resolution=resolution)]


def _escalate(work: Work, kind: str, ticket: TicketState) -> None:
    plan = ticket.plan
    question = QUESTION[kind].format(
        order=plan.order.number if plan.order else "",
        product=f"product B0S{plan.product:07d}",
        question=plan.question[0] if plan.question else "",
    )
    work.actions.append(("escalate", {"question": question}))
    work.outcome, work.resolves = "escalated", False
