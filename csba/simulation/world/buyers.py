"""What buyers do after they got (or did not get) an answer: contact again
about the same order, rate the seller, file an A-to-z Guarantee claim.

Each order with trouble keeps an ``Experience``; a while after its last
event (``SETTLE_DAYS``) the buyer settles: rates the seller (negative ratings
more likely after a late delivery, a problem left unresolved or a slow first
reply) and may file a claim (more likely when a parcel never came and was
not refunded, when a problem stayed unresolved, when nobody answered).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from .draws import lognormal

SETTLE_DAYS = 4.0
# Outcomes that leave the buyer's problem open ("unresolved" is CSBA telling the buyer of a late parcel to
# wait: the delivery settles it; a seller that did not sort the problem out leaves it open).
UNRESOLVED = ("wrong_answer", "declined", "no_reply", "seller_unresolved")


@dataclass(eq=False)
class Experience:
    last: datetime
    is_late: bool = False
    is_lost: bool = False
    contacts: int = 0
    outcome: str = ""  # the last outcome of a contact
    is_refunded: bool = False
    is_slow: bool = False  # a first reply came after a day
    is_unanswered: bool = False  # a contact was never answered
    is_claimed: bool = False
    version: int = 0

    @property
    def is_unresolved(self) -> bool:
        """At settling time: a parcel never delivered and not refunded, or a problem the last answer left open."""
        return self.outcome in UNRESOLVED or (self.is_lost and not self.is_refunded)


class BuyerModel:
    def __init__(self, scenario: dict, rng: np.random.Generator):
        self.cfg = scenario["buyers"]
        self.rng = rng

    def recontacts(self, outcome: str) -> bool:
        """Whether the buyer contacts again about the same order after ``outcome``."""
        table = self.cfg["recontact"]
        key = {"refused": "declined", "seller_resolved": "seller"}.get(outcome, outcome)
        return bool(self.rng.random() < table.get(key, table["answered"]))

    def recontact_at(self, at: datetime) -> datetime:
        mean = self.cfg["recontact"]["mean_days"] * 86400.0
        return at + timedelta(seconds=600 + float(self.rng.exponential(mean)))

    def retries(self) -> tuple[str, float]:
        """After hanging up: ("retry", delay), ("write", delay) or ("wait", 0)."""
        roll = float(self.rng.random())
        if roll < self.cfg["retry"]:
            return "retry", float(self.rng.exponential(self.cfg["retry_minutes"] * 60.0))
        if roll < self.cfg["retry"] + (1 - self.cfg["retry"]) * self.cfg["write_instead"]:
            return "write", float(self.rng.exponential(1800.0))
        return "wait", 0.0

    def answers_question(self) -> float | None:
        """Seconds until the buyer answers an agent's question, or None."""
        if self.rng.random() < self.cfg["reply_to_question"]:
            return float(self.rng.exponential(6 * 3600.0))
        return None

    def settle(self, experience: Experience) -> tuple[int | None, float | None]:
        """(stars or None, seconds until a claim or None) when the buyer settles."""
        fb, claims = self.cfg["feedback"], self.cfg["claims"]
        had_problem = experience.contacts > 0 or experience.is_late or experience.is_lost
        stars = None
        if self.rng.random() < min(1.0, fb["rate"] * (2.0 if had_problem else 1.0)):
            p = fb["negative"]
            if experience.is_late or experience.is_lost:
                p *= fb["late_factor"]
            if experience.is_unresolved:
                p *= fb["problem_factor"]
            elif experience.contacts:
                p *= fb["resolved_factor"]
            if experience.is_slow:
                p *= fb["slow_factor"]
            stars = (
                int(self.rng.choice([1, 2]))
                if self.rng.random() < min(0.95, p)
                else int(self.rng.choice([3, 4, 5, 5, 5]))
            )
        p_claim = claims["base"]
        if experience.is_lost and not experience.is_refunded:
            p_claim += claims["not_received"]
        elif experience.is_unresolved:
            p_claim += claims["problem"]
        if experience.is_unanswered:
            p_claim += claims["no_reply"]
        if experience.is_slow:
            p_claim += claims["slow_reply"]
        claim = None
        if not experience.is_claimed and self.rng.random() < min(0.95, p_claim):
            claim = lognormal(self.rng, claims["days"]) * 86400.0
        return stars, claim

    def quiet_orders(self, count: int, late: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Ratings of orders nobody contacted about: (stars, 0 for none) and claims (True/False)."""
        fb = self.cfg["feedback"]
        rated = self.rng.random(count) < fb["rate"]
        p_negative = np.minimum(0.95, fb["negative"] * np.where(late, fb["late_factor"], 1.0))
        negative = self.rng.random(count) < p_negative
        stars = np.where(rated, np.where(negative, self.rng.integers(1, 3, count), self.rng.integers(3, 6, count)), 0)
        claims = self.rng.random(count) < self.cfg["claims"]["base"]
        return stars, claims
