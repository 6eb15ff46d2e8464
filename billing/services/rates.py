"""Validation of rate cards and promotions (the admin's forms call these, so
every way of editing them obeys the same rules)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from ..models import PromotionKind


def rate_card_problems(
    *,
    marketplace,
    currency: str,
    flat_rate: Decimal | None,
    standard_rate: Decimal | None,
    tiers: Iterable[dict[str, Any]],
) -> dict[str, list[str]]:
    """Everything wrong with a card and its tiers (empty when valid):
    currency of the marketplace; a flat rate or tiers; tiers numbered 1..n,
    contiguous in CPU (the first from 0, each starting where the previous
    ended, the last open-ended), no gaps or overlaps, non-negative fees."""
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if marketplace is not None and currency != marketplace.currency:
        add(
            "currency", _("The currency must be the marketplace's (%(currency)s).") % {"currency": marketplace.currency}
        )
    for field, value in (("flat_rate", flat_rate), ("standard_rate", standard_rate)):
        if value is not None and value < 0:
            add(field, _("A rate cannot be negative."))
    tiers = sorted(tiers, key=lambda t: t["tier"])
    if not tiers and flat_rate is None:
        add("tiers", _("Give either a flat rate or CPU tiers."))
    if tiers and flat_rate is not None:
        add("flat_rate", _("A card with CPU tiers has no flat rate."))
    if not tiers:
        return problems
    numbers = [t["tier"] for t in tiers]
    if numbers != list(range(1, len(tiers) + 1)):
        add("tiers", _("Tiers must be numbered 1, 2, 3… without gaps."))
    for index, tier in enumerate(tiers):
        above, up_to = tier.get("cpu_above"), tier.get("cpu_up_to")
        label = {"tier": tier["tier"]}
        if tier.get("fee_per_unit") is None or tier["fee_per_unit"] < 0:
            add("tiers", _("Tier %(tier)s: the fee per unit must be zero or more.") % label)
        if index == 0:
            if above not in (None, Decimal(0)):
                add(
                    "tiers",
                    _("Tier %(tier)s: the first tier must start at a CPU of 0 (leave 'CPU above' empty).") % label,
                )
        else:
            previous = tiers[index - 1].get("cpu_up_to")
            if above is None or previous is None or above != previous:
                add(
                    "tiers",
                    _("Tier %(tier)s must start exactly where the previous tier ends (no gap, no overlap).") % label,
                )
        if index == len(tiers) - 1:
            if up_to is not None:
                add("tiers", _("Tier %(tier)s: the last tier must be open-ended (leave 'CPU up to' empty).") % label)
        elif up_to is None:
            add("tiers", _("Tier %(tier)s: only the last tier may be open-ended.") % label)
        if above is not None and up_to is not None and up_to <= above:
            add("tiers", _("Tier %(tier)s: 'CPU up to' must be above 'CPU above'.") % label)
    return problems


def promotion_rule_problems(*, kind: str, rules: Any) -> dict[str, list[str]]:
    """The shape ``Promotion.rules`` must have for its kind."""
    problems: dict[str, list[str]] = {}
    if not isinstance(rules, dict):
        return {"rules": [_("Rules must be a JSON object.")]}
    if kind == PromotionKind.REWARD:
        for key in ("min_vtr", "min_aprl", "max_cpu"):
            value = rules.get(key)
            if value in (None, ""):
                continue
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                number = None
            if number is None or not (0 <= number <= 1):
                problems.setdefault("rules", []).append(
                    _('%(key)s must be a fraction between 0 and 1 (e.g. "0.95").') % {"key": key}
                )
        discounts = rules.get("discount_percent_by_tier")
        if not isinstance(discounts, dict) or not discounts:
            problems.setdefault("rules", []).append(
                _('discount_percent_by_tier must map tiers to percentages, e.g. {"1": 100, "2": 50}.')
            )
        else:
            for tier, percent in discounts.items():
                try:
                    ok = str(tier).isdigit() and 0 <= Decimal(str(percent)) <= 100
                except InvalidOperation:
                    ok = False
                if not ok:
                    problems.setdefault("rules", []).append(
                        _("Discount for tier %(tier)s must be a percentage from 0 to 100.") % {"tier": tier}
                    )
    elif kind == PromotionKind.FREE_SERVICE:
        countries, languages = rules.get("business_countries", []), rules.get("languages", [])
        if not isinstance(countries, list) or not isinstance(languages, list) or not (countries or languages):
            problems.setdefault("rules", []).append(
                _('A free service names business_countries (e.g. ["CN"]) and/or languages.')
            )
    return problems
