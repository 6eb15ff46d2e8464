"""Live mode (``manage.py simulate_live --rate N/min``): simulated buyers
contact the running system, one at a time at Poisson moments, through the
real intake service (``contact_receive``: classification, coverage, routing,
the after-intake task on the workers), about real recent orders of this
database. The reason and channel mix and the text are the simulator's own
(the demo scenario's ``contacts`` keys, ``world.texts``), so intake reads
them for real."""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from csba.errors import DomainError
from csba.simulation.scenario import scenario_check
from csba.simulation.world.texts import contact_text
from inquiries.intake.contacts import Contact
from inquiries.intake.services import contact_receive
from sellers.models import Marketplace, OrderItem

from .knobs import scenario_raw
from .seeding import DEMO_SCENARIO

RECENT_DAYS = 60
LIVE_CHANNELS = ("phone", "chat")
_RATE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:/\s*(min|m|minute|h|hour))?\s*$")


def rate_per_minute(text: str) -> float:
    """``"6/min"``, ``"90/h"`` or ``"6"`` (per minute) as contacts per minute; ValueError otherwise."""
    match = _RATE.match(text or "")
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"expected a positive rate such as 6/min or 90/h, got {text!r}")
    value = float(match.group(1))
    return value / 60.0 if (match.group(2) or "min").startswith("h") else value


class LiveBuyers:
    """Draws contacts about recent orders of the given marketplaces."""

    def __init__(self, *, marketplaces: Sequence[str], seed: int | None = None, scenario_name: str = DEMO_SCENARIO):
        known = set(Marketplace.objects.values_list("code", flat=True))
        unknown = sorted(set(marketplaces) - known)
        if unknown:
            raise ValueError(f"unknown marketplace {', '.join(unknown)} (expected one of {', '.join(sorted(known))})")
        self.marketplaces = list(marketplaces) or sorted(known)
        scenario = scenario_check(scenario_raw(scenario_name), marketplaces=sorted(known), source=scenario_name)
        contacts = scenario["contacts"]
        self.reasons, self.reason_weights = zip(*sorted(contacts["reasons"].items()))
        self.channels, self.channel_weights = zip(*sorted(contacts["channels"].items()))
        self.order_number_in_text = contacts["order_number_in_text"]
        self.rng = random.Random(seed)

    def items(self, now: datetime) -> list[tuple]:
        return list(
            OrderItem.objects.filter(
                order__marketplace__code__in=self.marketplaces, order__placed_at__gte=now - timedelta(days=RECENT_DAYS)
            )
            .exclude(order__placed_at__gt=now)
            .values_list(
                "order__marketplace__code",
                "order__order_number",
                "order__buyer__email",
                "order__buyer__name",
                "product__title",
                "product__asin",
            )[:5000]
        )

    def contact(self, now: datetime, items: list[tuple] | None = None) -> Contact | None:
        """One buyer's contact, or None when the marketplaces have no recent order."""
        items = items if items is not None else self.items(now)
        if not items:
            return None
        rng = self.rng
        code, number, email, name, title, asin = items[rng.randrange(len(items))]
        language = Marketplace.language_for_code(code)
        reason = rng.choices(self.reasons, weights=self.reason_weights)[0]
        channel = rng.choices(self.channels, weights=self.channel_weights)[0]
        body = contact_text(
            rng,
            reason=reason,
            language=language,
            order_number=number,
            product=title,
            quote_order=rng.random() < self.order_number_in_text,
        )
        return Contact(
            channel=channel,
            marketplace_code=code,
            body=body,
            buyer_email=email,
            buyer_name=name,
            order_number=number,
            asin=asin,
            language=language if channel in LIVE_CHANNELS else None,
            idempotency_key=f"live-{uuid.uuid4().hex}",
        )


def live_trickle(
    buyers: LiveBuyers,
    *,
    per_minute: float,
    now: Callable[[], datetime],
    sleep: Callable[[float], None],
    limit: int | None = None,
    on_contact: Callable[[Contact, object], None] | None = None,
) -> int:
    """Send contacts at Poisson moments (mean gap 60/``per_minute`` s) until
    ``limit`` were sent (or forever; Ctrl-C stops it). Returns how many;
    ``on_contact`` sees each with intake's result (or its refusal)."""
    sent, items, refreshed = 0, None, None
    while limit is None or sent < limit:
        sleep(buyers.rng.expovariate(per_minute / 60.0))
        moment = now()
        if items is None or refreshed is None or moment - refreshed > timedelta(minutes=10):
            items, refreshed = buyers.items(moment), moment
        contact = buyers.contact(moment, items)
        if contact is None:
            raise ValueError("no order placed in the last 60 days in these marketplaces: seed the demo first")
        try:
            result: object = contact_receive(contact=contact, now=moment)
        except DomainError as refused:  # intake's own refusal (a rule, not a fault): shown, and go on
            result = refused
        sent += 1
        if on_contact is not None:
            on_contact(contact, result)
    return sent
