"""Building a replication's world in its own database: the operator's
settings the scenario changes (marketplace deadlines, a what-if rate card),
the sellers and their catalog, the answer index, the agents and their roster.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
from django.db import transaction

from billing.models import RateCard, RateTier
from billing.services import rate_card_problems
from csba.simulation.engine import Agent
from csba.simulation.roster import RosterAgent, roster_build
from sellers.models import Marketplace

from ..world.population import (
    ProductInfo,
    SellerInfo,
    agents_create,
    products_create,
    products_draw,
    sellers_draw,
    sellers_register,
)


class SetupError(ValueError):
    """The scenario's data is refused by the application (a rate card)."""


@dataclass
class World:
    sellers: list[SellerInfo]
    products: list[ProductInfo]
    marketplaces: dict[str, dict]
    languages: dict[str, dict[str, float]]
    agents: list[Agent]
    agent_users: dict[str, int]  # roster agent id -> user pk
    return_days: dict[str, int]


def _streams(seed_state: dict) -> dict[str, np.random.Generator]:
    sequence = np.random.SeedSequence(seed_state["entropy"], spawn_key=tuple(seed_state["spawn_key"]))
    names = ("sellers", "orders", "contacts", "agents", "buyers", "engine", "texts", "jobs")
    return dict(zip(names, (np.random.default_rng(s) for s in sequence.spawn(len(names)))))


def streams_for(seed_state: dict) -> tuple[dict[str, np.random.Generator], random.Random, int]:
    """The replication's independent random streams, a text generator and the engine's seed."""
    streams = _streams(seed_state)
    text_rng = random.Random(int(streams.pop("texts").integers(2**62)))
    engine_seed = int(streams.pop("engine").integers(2**62))
    return streams, text_rng, engine_seed


@transaction.atomic
def operator_settings(scenario: dict) -> None:
    """What an operator would change in the admin before the run."""
    for code, market in scenario["marketplaces"].items():
        changes = {k: market[k] for k in ("seller_reply_hours", "commitment_hours") if market[k]}
        if changes:
            Marketplace.objects.filter(code=code).update(**changes)
    for number, card in enumerate(scenario["billing"]["rate_cards"], 1):
        marketplace = Marketplace.objects.get(code=card["marketplace"])
        tiers, above = [], None
        for tier_number, tier in enumerate(card["tiers"], 1):
            up_to = None if tier["cpu_up_to"] is None else Decimal(str(tier["cpu_up_to"]))
            tiers.append(
                {"tier": tier_number, "cpu_above": above, "cpu_up_to": up_to, "fee_per_unit": Decimal(str(tier["fee"]))}
            )
            above = up_to
        standard = None if card["standard_rate"] is None else Decimal(str(card["standard_rate"]))
        problems = rate_card_problems(
            marketplace=marketplace, currency=marketplace.currency, flat_rate=None, standard_rate=standard, tiers=tiers
        )
        if problems:
            raise SetupError(f"billing.rate_cards[{number}]: {problems}")
        rate_card = RateCard.objects.create(
            marketplace=marketplace,
            name=card["name"],
            effective_from=card["effective_from"],
            currency=marketplace.currency,
            standard_rate=standard,
        )
        RateTier.objects.bulk_create([RateTier(rate_card=rate_card, **tier) for tier in tiers])


def marketplace_facts(scenario: dict) -> tuple[dict[str, dict], dict[str, dict[str, float]], dict[str, int]]:
    facts, languages, return_days = {}, {}, {}
    for market in Marketplace.objects.filter(code__in=list(scenario["marketplaces"])).order_by("code"):
        facts[market.code] = {
            "pk": market.pk,
            "time_zone": market.time_zone,
            "currency": market.currency,
            "currency_decimal_places": market.currency_decimal_places,
            "language": market.default_language,
        }
        wanted = scenario["marketplaces"][market.code]["buyer_languages"]
        languages[market.code] = dict(wanted) if wanted else {market.default_language: 1.0}
        return_days[market.code] = market.return_window_days
    return facts, languages, return_days


def roster(scenario: dict, marketplaces: dict[str, dict], languages: dict, *, start: datetime) -> list[RosterAgent]:
    """Shifts for every team: its agents spread over the day like its buyers'
    contacts (the day shape in each marketplace's local time, weighted by
    the language's share there), never fewer than the team's minimum, more on
    peak days; built by the staffing engine's ``roster_build``."""
    simulation, agents = scenario["simulation"], scenario["agents"]
    width = 1800.0
    intervals = int(simulation["days"] * 86400 / width) + 48
    day_shape = np.array(scenario["orders"]["day_shape"]) / np.mean(scenario["orders"]["day_shape"])
    requirement, channels = {}, {}
    for language, team in sorted(agents["teams"].items()):
        shape = np.zeros(intervals)
        for code, shares in languages.items():
            share = shares.get(language, 0.0)
            if not share:
                continue
            zone = ZoneInfo(marketplaces[code]["time_zone"])
            hours = [(start + timedelta(seconds=i * width)).astimezone(zone).hour for i in range(intervals)]
            shape += share * day_shape[hours] * scenario["marketplaces"][code]["sellers"]
        if not shape.any():
            shape[:] = 1.0
        need = team["agents"] * shape / shape.mean()
        for peak in scenario["orders"]["peaks"]:
            first = (datetime.fromisoformat(peak["start"]).replace(tzinfo=start.tzinfo) - start).total_seconds()
            lo, hi = int(max(0, first) // width), int(max(0, first + peak["days"] * 86400) // width)
            need[lo:hi] *= agents["peak_staffing"]
        requirement[language] = np.maximum(need, team["minimum"])
        channels[language] = tuple(team["channels"])
    built = roster_build(
        requirement,
        interval_seconds=width,
        channels=channels,
        shift_hours=agents["shift_hours"],
        break_minutes=agents["break_minutes"],
    )
    for agent in built:
        extra = agents["teams"][agent.languages[0]]["extra_languages"]
        agent.languages = tuple(dict.fromkeys((*agent.languages, *extra)))
    return built


def world_build(scenario: dict, streams: dict, *, start: datetime) -> World:
    operator_settings(scenario)
    marketplaces, languages, return_days = marketplace_facts(scenario)
    sellers = sellers_draw(scenario, streams["sellers"], start)
    products = products_draw(scenario, sellers, streams["sellers"])
    sellers_register(sellers, scenario, streams["sellers"], start=start)
    products_create(products, sellers, now=start)
    from inquiries.answering.services import answer_index_rebuild

    answer_index_rebuild()
    rostered = roster(scenario, marketplaces, languages, start=start)
    counts = {
        language: sum(1 for a in rostered if a.languages[0] == language) for language in scenario["agents"]["teams"]
    }
    users = agents_create(scenario["agents"]["teams"], count_of=counts)
    agent_users, taken = {}, dict.fromkeys(users, 0)
    for agent in rostered:
        language = agent.languages[0]
        agent_users[agent.id] = users[language][taken[language]]
        taken[language] += 1
    return World(sellers, products, marketplaces, languages, [a.agent() for a in rostered], agent_users, return_days)
