"""When buyers contact, why, how and in which language: drawn for each order
when it is placed (an order's contacts follow from what will happen to it: a
late or lost parcel brings where-is-my-order contacts, a seller's defects
damaged-item contacts, an incomplete detail page product questions), and
turned into the text and fields intake receives.

A reason's chance on an order is ``per_unit × units × the seller's contact
factor × the reason's share × the order's factor`` (at most 0.95).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from inquiries.intake.contacts import Contact

from .orders import OrderBatch, OrderFacts
from .population import ProductInfo, SellerInfo
from .texts import contact_text

DAY = 86400.0
# When a reason's contact comes, from the order's timeline: (anchor, mean delay in days of an exponential).
TIMING = {
    "where_is_my_order": ("transit", 0.0),
    "cancel_order": ("placed", 0.25),
    "change_order": ("placed", 0.25),
    "payment": ("placed", 0.5),
    "customization": ("placed", 0.3),
    "invoice": ("placed", 2.0),
    "account": ("placed", 1.0),
    "pre_order": ("placed", 0.02),
    "other": ("placed", 3.0),
    "return_request": ("delivered", 5.0),
    "refund": ("delivered", 9.0),
    "damaged_or_defective": ("delivered", 1.0),
    "wrong_or_missing_item": ("delivered", 0.7),
    "product_question": ("delivered", 3.0),
    "feedback_complaint": ("delivered", 3.0),
}
WITHOUT_ORDER = ("pre_order", "account")


@dataclass(eq=False)
class ContactPlan:
    """A contact that will arrive at ``at``; ``order`` None for pre-order and account questions."""

    at: datetime
    reason: str
    channel: str
    language: str
    order: OrderFacts | None
    seller: int
    product: int
    buyer: int
    question: tuple | None = None
    again: bool = False
    claim: bool = False
    previous: int | None = None  # the ticket this contact follows up (a second contact)


class ContactDraws:
    def __init__(
        self,
        scenario: dict,
        sellers: list[SellerInfo],
        products: list[ProductInfo],
        *,
        rng: np.random.Generator,
        text_rng: random.Random,
        end: datetime,
        languages: dict[str, dict],
    ):
        self.scenario, self.sellers, self.products, self.rng, self.text_rng = scenario, sellers, products, rng, text_rng
        self.end = end
        contacts = scenario["contacts"]
        self.reasons = sorted(contacts["reasons"])
        self.shares = np.array([contacts["reasons"][r] for r in self.reasons])
        self.channels = sorted(contacts["channels"])
        self.channel_p = np.array([contacts["channels"][c] for c in self.channels])
        self.languages = languages  # marketplace -> {language: share}
        self.column = {reason: k for k, reason in enumerate(self.reasons)}
        self.contact_factor = np.array([s.contact_factor for s in sellers])
        self.defect_factor = np.array([s.defect_factor for s in sellers])
        # per product: the share of the questions buyers ask that its page cannot answer
        self.missing = np.array([sum(not q[2] for q in p.questions) / len(p.questions) for p in products])

    def for_batch(self, batch: OrderBatch) -> list[ContactPlan]:
        """The contacts the orders of ``batch`` will bring (drawn now, arriving later)."""
        c = self.scenario["contacts"]
        base = c["per_unit"] * batch.units * self.contact_factor[batch.seller]
        p = base[:, None] * self.shares[None, :]
        lost = np.isnan(batch.delivered)
        wismo = np.where(lost, c["lost_factor"], np.where(batch.late, c["late_factor"], 1.0))
        wismo = wismo * np.where(batch.tracking, 1.0, c["no_tracking_factor"])
        p[:, self.column["where_is_my_order"]] *= wismo
        for reason in ("damaged_or_defective", "wrong_or_missing_item"):
            p[:, self.column[reason]] *= self.defect_factor[batch.seller]
        p[:, self.column["product_question"]] *= 1.0 + (c["missing_fact_factor"] - 1.0) * self.missing[batch.product]
        hits = np.argwhere(self.rng.random(p.shape) < np.minimum(p, 0.95))
        plans = []
        delays = self.rng.exponential(1.0, len(hits))
        channels = self.rng.choice(len(self.channels), size=len(hits), p=self.channel_p)
        for (k, column), delay, channel in zip(hits.tolist(), delays.tolist(), channels.tolist()):
            order, reason = batch.facts(k), self.reasons[column]
            at = self._when(order, reason, delay)
            if at is None or at >= self.end:
                continue
            plans.append(self.plan(order, reason, at, self.channels[channel]))
        return plans

    def _when(self, order: OrderFacts, reason: str, delay: float) -> datetime | None:
        anchor, mean_days = TIMING[reason]
        if anchor == "placed":
            return order.placed + timedelta(seconds=60 + delay * mean_days * DAY)
        if anchor == "transit":
            if order.delivered is None or order.is_late:
                return order.estimate + timedelta(seconds=delay * DAY)
            span = (order.delivered - order.shipped).total_seconds()
            return order.shipped + timedelta(seconds=span * min(0.98, delay / 3.0))
        if order.delivered is None:
            return None
        return order.delivered + timedelta(seconds=1800 + delay * mean_days * DAY)

    def language_for(self, marketplace: str) -> str:
        shares = self.languages[marketplace]
        names = sorted(shares)
        if len(names) == 1:
            return names[0]
        weights = np.array([shares[name] for name in names])
        return names[int(self.rng.choice(len(names), p=weights / weights.sum()))]

    def plan(self, order: OrderFacts, reason: str, at: datetime, channel: str, **extra) -> ContactPlan:
        question = None
        product = self.products[order.product]
        if reason == "product_question":
            question = product.questions[int(self.rng.integers(len(product.questions)))]
        return ContactPlan(
            at=at.replace(microsecond=0),
            reason=reason,
            channel=channel,
            language=self.language_for(order.marketplace),
            order=None if reason in WITHOUT_ORDER else order,
            seller=order.seller,
            product=order.product,
            buyer=order.buyer,
            question=question,
            **extra,
        )

    def channel(self) -> str:
        return self.channels[int(self.rng.choice(len(self.channels), p=self.channel_p))]

    def contact(self, plan: ContactPlan, *, key: str, buyer_email: str, buyer_name: str) -> Contact:
        """The contact as intake receives it (the text written for real)."""
        c = self.scenario["contacts"]
        product = self.products[plan.product]
        language = product.page.language if plan.reason == "product_question" else plan.language
        order_number = plan.order.number if plan.order is not None else None
        body = contact_text(
            self.text_rng,
            reason="a_to_z_claim" if plan.claim else plan.reason,
            language=language,
            order_number=order_number,
            product=product.page.title,
            question=plan.question[0] if plan.question else None,
            again=plan.again,
            quote_order=self.text_rng.random() < c["order_number_in_text"],
            mixed_language=self.text_rng.random() < c["mixed_language"],
        )
        return Contact(
            channel=plan.channel,
            marketplace_code=self.sellers[plan.seller].marketplace,
            body=body,
            buyer_email=buyer_email,
            buyer_name=buyer_name,
            order_number=order_number,
            asin=f"B0S{plan.product:07d}" if plan.order is not None else None,
            language=language if plan.channel in ("phone", "chat") else None,
            idempotency_key=key,
            claim="a_to_z" if plan.claim else None,
        )
