"""What pages and emails show of a statement: labels and explanations built
from the statement's own recorded inputs (no queries)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from csba.formatting import percent
from inquiries.reasons import Reason

from .fees import Flag


def reason_label(code: str) -> str:
    try:
        return _(Reason(code).label)
    except ValueError:
        return code


def flag_label(flag: str) -> str:
    return {
        Flag.TRIAL: _("Free trial"),
        Flag.REWARD: _("Performance reward"),
        Flag.FREE_SERVICE: _("Free service"),
        Flag.STANDARD_RATE: _("Standard rate"),
        Flag.FLAT_RATE: _("Flat rate"),
    }.get(flag, flag)


@dataclass
class StatementView:
    """``reward``: the reward applied to this month (earned in the month
    before, ``reward["assessed_month"]``); ``next_reward``: the one this month
    earned for the next, whose conditions ``qualify`` lists; ``next_rate``:
    the rate announced for next month, that reward included."""

    reasons: list[tuple[str, int]]
    flags: list[str]
    trial_units: int
    billable_units: int
    next_month: dict[str, Any] | None
    reward: dict[str, Any] | None
    qualify: list[tuple[str, bool]] = field(default_factory=list)
    tier_label: str = ""
    next_tier_label: str = ""
    next_reward: dict[str, Any] | None = None
    next_rate: str | None = None
    next_discount: str | None = None
    fcr: dict[str, Any] | None = None


def tier_label(tier: int | None, is_standard_rate: bool) -> str:
    if is_standard_rate:
        return _("Standard rate (CPU unknown or unreliable)")
    if tier is None:
        return _("Flat rate")
    return _("Tier %(tier)s") % {"tier": tier}


def reward_conditions(reward: dict[str, Any] | None) -> list[tuple[str, bool]]:
    """How to qualify for the reward, each condition with whether it was met."""
    if not reward:
        return []
    lines = []
    if reward.get("min_vtr"):
        lines.append(
            (
                _("Valid Tracking Rate at least %(target)s (yours: %(value)s)")
                % {"target": percent(reward["min_vtr"], 0), "value": percent(reward.get("vtr"))},
                bool(reward.get("vtr_met")),
            )
        )
    if reward.get("min_aprl"):
        lines.append(
            (
                _("Amazon Prepaid Return Label rate at least %(target)s (yours: %(value)s)")
                % {"target": percent(reward["min_aprl"], 0), "value": percent(reward.get("aprl_rate"))},
                bool(reward.get("aprl_met")),
            )
        )
    if reward.get("max_cpu"):
        lines.append(
            (_("CPU at most %(target)s") % {"target": percent(reward["max_cpu"], 0)}, bool(reward.get("cpu_met")))
        )
    return lines


def statement_view(statement) -> StatementView:
    inputs = statement.inputs or {}
    next_month = inputs.get("next_month") or None
    reward = inputs.get("reward")
    # Statements closed before the reward moved to the following month carry
    # no announced reward: they show the base rate announced then.
    next_reward = next_month.get("reward") if next_month else None
    discount = decimal_or_none(next_month.get("discount_percent")) if next_month else None
    return StatementView(
        reasons=[(reason_label(code), count) for code, count in inputs.get("top_reasons", [])],
        flags=[flag_label(flag) for flag in statement.flags or []],
        trial_units=int(inputs.get("trial_units") or 0),
        billable_units=int(inputs.get("billable_units", statement.units) or 0),
        next_month=next_month,
        reward=reward,
        qualify=reward_conditions(next_reward if next_month and "reward" in next_month else reward),
        tier_label=tier_label(statement.tier, statement.is_standard_rate),
        next_tier_label=tier_label(next_month.get("tier"), next_month.get("is_standard_rate")) if next_month else "",
        next_reward=next_reward,
        next_rate=(next_month.get("effective_rate") or next_month.get("rate")) if next_month else None,
        next_discount=format(discount.normalize(), "f") if discount else None,
        fcr=inputs.get("fcr"),
    )


def decimal_or_none(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))
