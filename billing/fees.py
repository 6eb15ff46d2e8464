"""The fee rule as pure functions on values already loaded (no queries).

``pricing_load`` reads the rate card and promotions in force on a day (two
queries); ``rate_compute`` turns one seller's figures into the month's rate
(tier, discounts) and ``fee_compute`` into its fee. The monthly close, the
report's announcement of next month's rate, the portal's "current tier" and
the fee estimator all call these, so the rule lives in one place. Every
number comes from the data (rate cards, tiers, promotions, the marketplace's
currency places), none from code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Prefetch, Q

from .models import Promotion, PromotionKind, RateCard, RateTier

RATE_PLACES = Decimal("0.0001")
CPU_PLACES = Decimal("0.000001")
HUNDRED = Decimal(100)


class Flag:
    TRIAL = "trial"
    REWARD = "reward"
    FREE_SERVICE = "free_service"
    STANDARD_RATE = "standard_rate"
    FLAT_RATE = "flat_rate"


@dataclass(frozen=True)
class Tier:
    tier: int
    cpu_above: Decimal | None
    cpu_up_to: Decimal | None
    fee_per_unit: Decimal

    def contains(self, cpu: Decimal) -> bool:
        return (self.cpu_above is None or cpu > self.cpu_above) and (self.cpu_up_to is None or cpu <= self.cpu_up_to)


@dataclass(frozen=True)
class Card:
    id: int | None
    name: str
    effective_from: date
    currency: str
    standard_rate: Decimal | None
    flat_rate: Decimal | None
    reliable_min_units: int
    unreliable_cpu_above: Decimal
    tiers: tuple[Tier, ...] = ()

    @classmethod
    def of(cls, card: RateCard) -> Card:
        tiers = tuple(
            Tier(t.tier, t.cpu_above, t.cpu_up_to, t.fee_per_unit)
            for t in sorted(card.tiers.all(), key=lambda t: t.tier)
        )
        return cls(
            card.pk,
            card.name,
            card.effective_from,
            card.currency,
            card.standard_rate,
            card.flat_rate,
            card.reliable_min_units,
            card.unreliable_cpu_above,
            tiers,
        )

    def tier_for(self, cpu: Decimal) -> Tier | None:
        return next((tier for tier in self.tiers if tier.contains(cpu)), None)

    def tier_number(self, number: int | None) -> Tier | None:
        return next((tier for tier in self.tiers if tier.tier == number), None)


@dataclass(frozen=True)
class PromotionRule:
    id: int | None
    kind: str
    name: str
    rules: dict[str, Any]

    def rule_decimal(self, key: str) -> Decimal | None:
        value = self.rules.get(key)
        return None if value in (None, "") else Decimal(str(value))


@dataclass(frozen=True)
class Pricing:
    """What bills a month: the card and promotions in force on its first day."""

    day: date
    card: Card | None
    promotions: tuple[PromotionRule, ...]
    currency: str
    decimal_places: int

    def promotion(self, kind: str) -> PromotionRule | None:
        return next((p for p in self.promotions if p.kind == kind), None)

    @property
    def minor_unit(self) -> Decimal:
        return Decimal(1).scaleb(-self.decimal_places)

    def round_money(self, amount: Decimal) -> Decimal:
        return amount.quantize(self.minor_unit, rounding=ROUND_HALF_UP)

    def discounted_rate(self, base_rate: Decimal, discount_percent: Decimal) -> Decimal:
        """``base × (100 − discount) / 100``, rounded DOWN to the currency's
        minor unit (seed 004: 50% of $0.25 is $0.12); an undiscounted rate is
        the card's own."""
        if not discount_percent:
            return base_rate.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
        discounted = base_rate * (HUNDRED - discount_percent) / HUNDRED
        return discounted.quantize(self.minor_unit, rounding=ROUND_DOWN).quantize(RATE_PLACES)


def pricing_load(*, marketplace, day: date) -> Pricing:
    """The rate card (with tiers) and promotions in force on ``day``: two queries."""
    card = (
        RateCard.objects.filter(marketplace_id=marketplace.pk, effective_from__lte=day)
        .prefetch_related(Prefetch("tiers", queryset=RateTier.objects.order_by("tier")))
        .order_by("-effective_from")
        .first()
    )
    promotions = (
        Promotion.objects.filter(marketplace_id=marketplace.pk, effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("kind", "-effective_from", "pk")
    )
    latest: dict[str, PromotionRule] = {}
    for promotion in promotions:
        latest.setdefault(
            promotion.kind, PromotionRule(promotion.pk, promotion.kind, promotion.name, promotion.rules or {})
        )
    return Pricing(
        day,
        Card.of(card) if card else None,
        tuple(latest.values()),
        marketplace.currency,
        marketplace.currency_decimal_places,
    )


def cpu_of(contacts: int, units: int) -> Decimal | None:
    """Contacts per unit; None when there were no units (unknown)."""
    if units <= 0:
        return None
    return Decimal(contacts) / Decimal(units)


@dataclass
class SellerFigures:
    """One seller's inputs for one month.

    ``units``: covered units shipped in the month (what the fee is charged
    on). ``window_units``: every seller-fulfilled unit shipped in the three
    months before it, covered or not, and ``window_contacts`` the contacts of
    those months (CPU = contacts ÷ units, which sets the tier). ``vtr`` and
    ``aprl_rate``: the figures the reward is assessed on, those of the month
    that ended before the billed one (``assessed_month``): a reward earned in
    September applies to October."""

    units: int = 0
    trial_units: int = 0
    window_units: int = 0
    window_contacts: int = 0
    vtr: Decimal | None = None
    aprl_rate: Decimal | None = None
    business_country: str = ""
    preferred_language: str = ""
    assessed_month: str = ""
    free_program: str = ""  # the name of the seller's program when it is free (JP's service for China-based sellers)


@dataclass
class Rate:
    """A month's rate for one seller: tier and discounts, before units."""

    cpu: Decimal | None
    tier: int | None
    is_standard_rate: bool
    base_rate: Decimal
    discount_percent: Decimal
    effective_rate: Decimal
    currency: str
    flags: list[str] = field(default_factory=list)
    reward: dict[str, Any] | None = None
    explanation: list[str] = field(default_factory=list)

    @property
    def cpu_rounded(self) -> Decimal | None:
        return round_cpu(self.cpu)


@dataclass
class FeeResult(Rate):
    billable_units: int = 0
    fee: Decimal = Decimal(0)


def round_cpu(cpu: Decimal | None) -> Decimal | None:
    """CPU as stored (six places); tiers are decided on the exact value."""
    return None if cpu is None else cpu.quantize(CPU_PLACES, rounding=ROUND_HALF_UP)


def rate_for(
    card: Card, *, window_units: int, window_contacts: int
) -> tuple[Decimal, int | None, bool, Decimal | None]:
    """(base rate, tier, is standard rate, CPU) for the window's figures."""
    cpu = cpu_of(window_contacts, window_units)
    if card.flat_rate is not None and not card.tiers:
        return card.flat_rate, None, False, cpu
    unreliable = cpu is None or (window_units < card.reliable_min_units and cpu > card.unreliable_cpu_above)
    if unreliable and card.standard_rate is not None:
        return card.standard_rate, None, True, cpu
    if cpu is None:
        # No standard rate on this card: no contacts means the lowest tier,
        # contacts without units the highest.
        tier = card.tiers[0] if window_contacts == 0 else card.tiers[-1]
    else:
        tier = card.tier_for(cpu) or card.tiers[-1]
    return tier.fee_per_unit, tier.tier, False, cpu


def reward_check(
    rule: PromotionRule, *, vtr: Decimal | None, aprl_rate: Decimal | None, cpu: Decimal | None, tier: int | None
) -> dict[str, Any]:
    """Whether the month qualifies for the reward and at which discount. A
    month without returns has no non-prepaid label, so APRL counts as met."""
    min_vtr, min_aprl, max_cpu = (
        rule.rule_decimal("min_vtr"),
        rule.rule_decimal("min_aprl"),
        rule.rule_decimal("max_cpu"),
    )
    vtr_met = min_vtr is None or (vtr is not None and vtr >= min_vtr)
    aprl_met = min_aprl is None or aprl_rate is None or aprl_rate >= min_aprl
    cpu_met = max_cpu is None or (cpu is not None and cpu <= max_cpu)
    by_tier = {str(k): v for k, v in (rule.rules.get("discount_percent_by_tier") or {}).items()}
    discount = Decimal(str(by_tier.get(str(tier), 0))) if tier is not None else Decimal(0)
    return {
        "promotion_id": rule.id,
        "name": rule.name,
        "min_vtr": None if min_vtr is None else str(min_vtr),
        "vtr": None if vtr is None else str(vtr),
        "vtr_met": vtr_met,
        "min_aprl": None if min_aprl is None else str(min_aprl),
        "aprl_rate": None if aprl_rate is None else str(aprl_rate),
        "aprl_met": aprl_met,
        "max_cpu": None if max_cpu is None else str(max_cpu),
        "cpu_met": cpu_met,
        "tier": tier,
        "discount_percent": str(discount),
        "qualifies": bool(vtr_met and aprl_met and cpu_met and tier is not None and discount > 0),
    }


def rate_compute(pricing: Pricing, figures: SellerFigures) -> Rate:
    """The month's rate: the tier (or standard or flat rate) from the window's
    CPU, then the largest applicable discount (free service 100%, the reward
    by tier when the assessed month qualified), rounded down to the minor
    unit. ValueError without a rate card."""
    card = pricing.card
    if card is None:
        raise ValueError(f"no rate card in force on {pricing.day}")
    base_rate, tier, is_standard, cpu = rate_for(
        card, window_units=figures.window_units, window_contacts=figures.window_contacts
    )
    flags: list[str] = []
    explanation: list[str] = []
    if is_standard:
        flags.append(Flag.STANDARD_RATE)
        explanation.append("standard rate: CPU unknown or unreliable")
    elif tier is None:
        flags.append(Flag.FLAT_RATE)
    discount = Decimal(0)
    free_service = pricing.promotion(PromotionKind.FREE_SERVICE)
    if figures.free_program:
        discount = HUNDRED
        flags.append(Flag.FREE_SERVICE)
        explanation.append(f"free program: {figures.free_program}")
    elif free_service and _free_service_applies(free_service, figures):
        discount = HUNDRED
        flags.append(Flag.FREE_SERVICE)
        explanation.append(f"free service: {free_service.name}")
    reward = None
    reward_rule = pricing.promotion(PromotionKind.REWARD)
    if reward_rule is not None:
        reward = reward_check(reward_rule, vtr=figures.vtr, aprl_rate=figures.aprl_rate, cpu=cpu, tier=tier)
        reward["assessed_month"] = figures.assessed_month or None
        if reward["qualifies"] and Decimal(reward["discount_percent"]) > discount:
            discount = Decimal(reward["discount_percent"])
            flags.append(Flag.REWARD)
            assessed = f", earned in {figures.assessed_month}" if figures.assessed_month else ""
            explanation.append(f"reward: {reward['discount_percent']}% off ({reward_rule.name}{assessed})")
    return Rate(
        cpu=cpu,
        tier=tier,
        is_standard_rate=is_standard,
        base_rate=base_rate,
        discount_percent=discount,
        effective_rate=pricing.discounted_rate(base_rate, discount),
        currency=pricing.currency,
        flags=flags,
        reward=reward,
        explanation=explanation,
    )


def fee_compute(pricing: Pricing, figures: SellerFigures) -> FeeResult:
    """The fee of one seller's month: covered units × the month's rate. Trial
    units are free while a free-trial promotion is in force."""
    rate = rate_compute(pricing, figures)
    flags, explanation = list(rate.flags), list(rate.explanation)
    trial_units = min(figures.trial_units, figures.units) if pricing.promotion(PromotionKind.FREE_TRIAL) else 0
    if trial_units:
        flags.append(Flag.TRIAL)
        explanation.append(f"free trial: {trial_units} units free")
    billable = figures.units - trial_units
    return FeeResult(
        cpu=rate.cpu,
        tier=rate.tier,
        is_standard_rate=rate.is_standard_rate,
        base_rate=rate.base_rate,
        discount_percent=rate.discount_percent,
        effective_rate=rate.effective_rate,
        currency=rate.currency,
        flags=flags,
        reward=rate.reward,
        explanation=explanation,
        billable_units=billable,
        fee=pricing.round_money(Decimal(billable) * rate.effective_rate),
    )


def _free_service_applies(rule: PromotionRule, figures: SellerFigures) -> bool:
    countries = rule.rules.get("business_countries") or []
    languages = rule.rules.get("languages") or []
    if countries and figures.business_country not in countries:
        return False
    if languages and figures.preferred_language not in languages:
        return False
    return bool(countries or languages)


@dataclass(frozen=True)
class NextTier:
    """What it takes to reach the next better tier from the current window."""

    tier: int
    fee_per_unit: Decimal
    cpu_up_to: Decimal
    max_contacts: int  # at the current units
    fewer_contacts: int  # contacts to avoid
    more_units: int | None  # or units to ship at the current contacts


def next_tier(card: Card | None, *, tier: int | None, window_units: int, window_contacts: int) -> NextTier | None:
    if card is None or tier is None:
        return None
    better = [t for t in card.tiers if t.tier < tier and t.cpu_up_to is not None]
    if not better:
        return None
    target = max(better, key=lambda t: t.tier)
    max_contacts = math.floor(target.cpu_up_to * window_units)
    needed_units = None
    if target.cpu_up_to > 0:
        needed_units = max(0, math.ceil(Decimal(window_contacts) / target.cpu_up_to) - window_units)
    return NextTier(
        target.tier,
        target.fee_per_unit,
        target.cpu_up_to,
        max_contacts,
        max(0, window_contacts - max_contacts),
        needed_units,
    )
