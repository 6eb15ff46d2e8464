"""Scenario files: every shipped one is valid; bad ones are refused with the
key path and what was expected; the documentation lists every key."""

from __future__ import annotations

from pathlib import Path

import pytest

from csba.simulation.scenario import (
    ScenarioError,
    scenario_check,
    scenario_load,
    scenario_names,
    scenario_parse,
    scenario_reference,
)

MARKETPLACES = ["DE", "JP", "US"]
SHIPPED = {"small", "baseline-90d", "holiday-peak", "jp-6h-deadline", "staffing-what-if", "fee-what-if"}


def problems_of(data: dict) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        scenario_check(data, marketplaces=MARKETPLACES)
    return caught.value.problems


def test_every_shipped_scenario_is_valid():
    # given the files in scenarios/
    names = set(scenario_names())
    # then the issue's scenarios are there, and each reads without a problem
    assert SHIPPED <= names
    for name in names:
        scenario = scenario_load(name, marketplaces=MARKETPLACES)
        assert scenario["scenario"]["name"] == name
        assert scenario["marketplaces"]


def test_defaults_fill_what_a_file_leaves_out():
    scenario = scenario_check({"contacts": {"per_unit": 0.05}}, marketplaces=MARKETPLACES)
    assert scenario["contacts"]["per_unit"] == 0.05
    assert scenario["simulation"]["days"] == 90
    assert abs(sum(scenario["contacts"]["reasons"].values()) - 1) < 1e-9


def test_an_unknown_key_is_named_with_what_was_expected():
    problems = problems_of({"contacts": {"per_unitt": 0.05}})
    assert len(problems) == 1
    assert problems[0].startswith("contacts.per_unitt: unknown key (expected one of per_unit, reasons")


def test_a_negative_rate_is_refused():
    assert problems_of({"contacts": {"per_unit": -0.01}}) == ["contacts.per_unit: expected a number ≥ 0, got -0.01"]


def test_an_unknown_marketplace_is_refused():
    problems = problems_of({"marketplaces": {"FR": {"sellers": 3}}})
    assert problems == ["marketplaces.FR: unknown marketplace (expected one of DE, JP, US)"]


def test_shares_that_do_not_sum_to_one_are_refused():
    problems = problems_of({"contacts": {"channels": {"email": 0.5, "phone": 0.3}}})
    assert problems == ["contacts.channels: shares must sum to 1, they sum to 0.8"]


def test_every_problem_is_reported_at_once():
    problems = problems_of({"contacts": {"per_unit": "many", "reasons": {"teleport": 1.0}}, "simulation": {"days": 0}})
    assert "contacts.per_unit: expected a number ≥ 0, got 'many'" in problems
    assert any(p.startswith("contacts.reasons.teleport: unknown key") for p in problems)
    assert "simulation.days: expected a number ≥ 1 and ≤ 400, got 0" in problems


def test_a_language_without_a_team_is_refused():
    problems = problems_of({"marketplaces": {"JP": {"sellers": 2}}, "agents": {"teams": {"en": {"agents": 2}}}})
    assert problems == ["marketplaces.JP.buyer_languages.ja: no team speaks ja (add agents.teams.ja)"]


def test_a_rate_card_with_unordered_tiers_is_refused():
    card = {"marketplace": "US", "tiers": [{"cpu_up_to": 0.2, "fee": 0.1}, {"cpu_up_to": 0.1, "fee": 0.2}, {"fee": 1}]}
    problems = problems_of({"billing": {"rate_cards": [card]}})
    assert problems == ["billing.rate_cards[1].tiers: expected increasing cpu_up_to bounds, every tier but the last"]


def test_bad_toml_names_the_line():
    with pytest.raises(ScenarioError) as caught:
        scenario_parse("[contacts]\nper_unit = \n", "broken.toml")
    assert "line 2" in caught.value.problems[0]


def test_a_missing_file_lists_the_shipped_scenarios(tmp_path):
    with pytest.raises(ScenarioError) as caught:
        scenario_load(tmp_path / "nope.toml", marketplaces=MARKETPLACES)
    assert "shipped scenarios: " in caught.value.problems[0]


def test_overrides_are_checked_like_the_file():
    scenario = scenario_load("small", marketplaces=MARKETPLACES, overrides={"agents.teams.en.agents": 7}, days=3)
    assert scenario["agents"]["teams"]["en"]["agents"] == 7
    assert scenario["simulation"]["days"] == 3
    with pytest.raises(ScenarioError) as caught:
        scenario_load("small", marketplaces=MARKETPLACES, overrides={"agents.teams.en.agents": -1})
    assert caught.value.problems == ["agents.teams.en.agents: expected a number ≥ 0, got -1"]


def test_the_documentation_lists_every_key_with_its_default():
    # docs/simulation.md holds the table scenario_reference() writes (regenerate it after changing a default:
    # python -c "import django; django.setup(); from csba.simulation.scenario import scenario_reference as r; print(r())")
    text = (Path(__file__).resolve().parents[3] / "docs" / "simulation.md").read_text(encoding="utf-8")
    missing = [row for row in scenario_reference(MARKETPLACES).splitlines() if row not in text]
    assert missing == []
