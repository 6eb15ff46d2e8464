"""The main knobs of a scenario a planner may turn on the planner page.

A knob is a scenario key, named by the same path the scenario checker uses in
its problems (``simulation.days``, ``agents.teams.de.agents``,
``orders.peaks[1].factor``, ``billing.rate_cards[1].tiers[2].fee``), so the
checker's problems land on the knob's field. The knobs of a scenario are read
from the scenario itself: its marketplaces' sellers (the scale), its teams'
agents, its peaks' factors, its rate cards' rates. Changed knobs are written
into the scenario's TOML data and the whole scenario is checked again
(``knobs_apply``); nothing runs when the checker finds a problem.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from csba.simulation.scenario import ScenarioError, scenario_check, scenario_parse, scenario_path

INTEGER, DECIMAL = "integer", "decimal"
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class Knob:
    path: str
    label: str
    kind: str
    value: Any
    group: str


def scenario_raw(name: str) -> dict:
    """The scenario file's own data (only what it states), as TOML reads it."""
    path = scenario_path(name)
    return scenario_parse(path.read_text(encoding="utf-8"), str(path))


def scenario_base(name: str, *, marketplaces) -> dict:
    """A shipped scenario as it stands (checked, every default filled in)."""
    return scenario_check(scenario_raw(name), marketplaces=marketplaces, source=name)


def scenario_knobs(scenario: Mapping) -> list[Knob]:
    """The knobs of a checked scenario (every default filled in), with its values."""
    knobs = [Knob("simulation.days", str(_("Days simulated")), INTEGER, scenario["simulation"]["days"], "run")]
    for code, market in sorted(scenario["marketplaces"].items()):
        knobs.append(
            Knob(
                f"marketplaces.{code}.sellers",
                str(_("Sellers in %(code)s") % {"code": code}),
                INTEGER,
                market["sellers"],
                "scale",
            )
        )
    knobs.append(
        Knob(
            "sellers.orders_per_day.median",
            str(_("Orders per seller and day (median)")),
            DECIMAL,
            scenario["sellers"]["orders_per_day"]["median"],
            "scale",
        )
    )
    for language, team in sorted(scenario["agents"]["teams"].items()):
        knobs.append(
            Knob(
                f"agents.teams.{language}.agents",
                str(_("Agents on duty, %(language)s (FTE)") % {"language": language}),
                DECIMAL,
                team["agents"],
                "agents",
            )
        )
    knobs.append(
        Knob(
            "agents.peak_staffing",
            str(_("Agents on peak days (times usual)")),
            DECIMAL,
            scenario["agents"]["peak_staffing"],
            "agents",
        )
    )
    for number, peak in enumerate(scenario["orders"]["peaks"], 1):
        knobs.append(
            Knob(
                f"orders.peaks[{number}].factor",
                str(_("Peak from %(start)s: orders times") % {"start": peak["start"]}),
                DECIMAL,
                peak["factor"],
                "peaks",
            )
        )
    for number, card in enumerate(scenario["billing"]["rate_cards"], 1):
        prefix = f"billing.rate_cards[{number}]"
        market = card["marketplace"]
        for tier_number, tier in enumerate(card["tiers"], 1):
            knobs.append(
                Knob(
                    f"{prefix}.tiers[{tier_number}].fee",
                    str(
                        _("%(market)s rate card, tier %(tier)s: fee per unit") % {"market": market, "tier": tier_number}
                    ),
                    DECIMAL,
                    tier["fee"],
                    "fees",
                )
            )
        if card["standard_rate"] is not None:
            knobs.append(
                Knob(
                    f"{prefix}.standard_rate",
                    str(_("%(market)s rate card: standard rate") % {"market": market}),
                    DECIMAL,
                    card["standard_rate"],
                    "fees",
                )
            )
    return knobs


def _steps(path: str) -> list[str | int]:
    return [name if name else int(index) - 1 for name, index in _STEP.findall(path)]


def _set(data: dict, path: str, value: Any) -> None:
    steps = _steps(path)
    node: Any = data
    for step, following in zip(steps, steps[1:]):
        if isinstance(step, int):
            node = node[step]
        else:
            node = node.setdefault(step, [] if isinstance(following, int) else {})
    node[steps[-1]] = value


def knobs_apply(name: str, changes: Mapping[str, Any], *, marketplaces) -> dict:
    """The scenario ``name`` with ``changes`` (knob path -> value) written in
    and checked: the scenario with every default, or ``ScenarioError`` with
    each problem on its key path. Only paths among the scenario's knobs are
    accepted (an unknown one is a problem of its own)."""
    base = scenario_base(name, marketplaces=marketplaces)
    allowed = {knob.path for knob in scenario_knobs(base)}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ScenarioError(name, [f"{path}: not a knob of this scenario" for path in unknown])
    data = scenario_raw(name)
    for path, value in changes.items():
        _set(data, path, value)
    return scenario_check(data, marketplaces=marketplaces, source=name)


def problems_by_path(error: ScenarioError) -> dict[str, list[str]]:
    """The checker's problems grouped by key path ("" for those without one)."""
    grouped: dict[str, list[str]] = {}
    for problem in error.problems:
        path, separator, message = problem.partition(": ")
        if not separator or " " in path:
            path, message = "", problem
        grouped.setdefault(path, []).append(message)
    return grouped
