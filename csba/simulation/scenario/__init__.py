"""Scenarios: TOML files in ``scenarios/`` read and checked against the
schema (``schema.py``) before anything runs.

``scenario_load(name_or_path, marketplaces=..., overrides=..., days=...)``
returns the whole scenario as plain data (a dict of dicts, JSON-ready, every
default filled in) or raises ``ScenarioError`` listing every problem with its
key path and what was expected.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sellers.models import Marketplace

from .schema import BUYER_CHANNELS, scenario_schema
from .spec import Problems

SCENARIO_DIR = Path(__file__).resolve().parents[3] / "scenarios"


class ScenarioError(ValueError):
    """A scenario that cannot run: ``problems`` are lines ``key.path: what was expected``."""

    def __init__(self, source: str, problems: Sequence[str]):
        self.source = source
        self.problems = list(problems)
        super().__init__(f"{source}: " + "; ".join(self.problems))


def scenario_names() -> list[str]:
    """The shipped scenarios (file names without .toml)."""
    return sorted(path.stem for path in SCENARIO_DIR.glob("*.toml"))


def scenario_path(name_or_path: str | Path) -> Path:
    """A file path as given, or a shipped scenario by its name."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        return path
    return SCENARIO_DIR / f"{name_or_path}.toml"


def _set_path(data: dict, dotted: str, value: Any, problems: Problems) -> None:
    keys = dotted.split(".")
    node = data
    for key in keys[:-1]:
        node = node.setdefault(key, {})
        if not isinstance(node, dict):
            problems.add(dotted, "cannot be set: a part of its path is not a table")
            return
    node[keys[-1]] = value


def scenario_parse(text: str, source: str = "scenario") -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(source, [f"not valid TOML: {error}"]) from None


def scenario_check(
    data: Mapping,
    *,
    marketplaces: Sequence[str],
    source: str = "scenario",
    overrides: Mapping[str, Any] | None = None,
    days: int | None = None,
) -> dict:
    """The scenario with every default filled in, or ScenarioError."""
    problems = Problems()
    data = _copy(data)
    for dotted, value in (overrides or {}).items():
        _set_path(data, dotted, value, problems)
    if days is not None:
        _set_path(data, "simulation.days", days, problems)
    scenario = scenario_schema(marketplaces).check(data, "", problems)
    if not problems:
        _cross_checks(scenario, problems)
    if problems:
        raise ScenarioError(source, problems)
    scenario["scenario"]["name"] = scenario["scenario"]["name"] or Path(source).stem
    return scenario


def scenario_load(
    name_or_path: str | Path,
    *,
    marketplaces: Sequence[str],
    overrides: Mapping[str, Any] | None = None,
    days: int | None = None,
) -> dict:
    path = scenario_path(name_or_path)
    source = str(path)
    if not path.is_file():
        names = ", ".join(scenario_names())
        raise ScenarioError(source, [f"no such scenario file (shipped scenarios: {names})"])
    data = scenario_parse(path.read_text(encoding="utf-8"), source)
    return scenario_check(data, marketplaces=marketplaces, source=source, overrides=overrides, days=days)


def _copy(data):
    if isinstance(data, Mapping):
        return {key: _copy(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_copy(value) for value in data]
    return data


def _cross_checks(scenario: dict, problems: Problems) -> None:
    """What no single key can say: every buyer language has a team, rate
    cards are well formed, sellers' ages are in order, peaks name simulated
    marketplaces."""
    spoken = set()
    for language, team in scenario["agents"]["teams"].items():
        spoken.update([language, *team["extra_languages"]])
    if not scenario["marketplaces"]:
        problems.add("marketplaces", "expected at least one marketplace")
    for code, market in scenario["marketplaces"].items():
        languages = market["buyer_languages"] or {Marketplace.language_for_code(code): 1.0}
        for language in languages:
            if languages[language] > 0 and language not in spoken:
                problems.add(
                    f"marketplaces.{code}.buyer_languages.{language}",
                    f"no team speaks {language} (add agents.teams.{language})",
                )
    ages = scenario["sellers"]["registered_days"]
    if ages["min"] > ages["max"]:
        problems.add("sellers.registered_days", "expected min ≤ max")
    for number, peak in enumerate(scenario["orders"]["peaks"], 1):
        for code in peak["marketplaces"]:
            if code not in scenario["marketplaces"]:
                problems.add(f"orders.peaks[{number}].marketplaces", f"{code} is not simulated")
    for number, card in enumerate(scenario["billing"]["rate_cards"], 1):
        path = f"billing.rate_cards[{number}]"
        if not card["marketplace"]:
            problems.add(f"{path}.marketplace", "expected a marketplace code")
        tiers = card["tiers"]
        if not tiers:
            problems.add(f"{path}.tiers", "expected at least one tier")
            continue
        bounds = [tier["cpu_up_to"] for tier in tiers]
        if bounds[-1] is not None:
            problems.add(f"{path}.tiers[{len(tiers)}].cpu_up_to", "the last tier has no upper bound: leave it out")
        inner = bounds[:-1]
        if any(bound is None for bound in inner) or inner != sorted(inner) or len(set(inner)) != len(inner):
            problems.add(f"{path}.tiers", "expected increasing cpu_up_to bounds, every tier but the last")
    for team in scenario["agents"]["teams"].values():
        if not set(team["channels"]) & set(BUYER_CHANNELS):
            problems.add("agents.teams", "every team needs a channel")


def scenario_reference(marketplaces: Sequence[str] = ("DE", "JP", "US")) -> str:
    """The table of every scenario key, its default and meaning (docs/simulation.md holds it; a test keeps it true)."""
    lines = ["| key | default | meaning |", "|---|---|---|"]
    for path, default, doc in scenario_schema(marketplaces).rows(""):
        lines.append(f"| `{path}` | {default.replace('|', '/').strip(chr(39))} | {doc} |")
    return "\n".join(lines) + "\n"
