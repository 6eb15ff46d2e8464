"""Every key a scenario file may set, with its default and what it means.

A scenario file (TOML, ``scenarios/*.toml``) only states what differs from
these defaults; ``scenario_schema(...).default_value()`` is the whole world
with nothing overridden. docs/simulation.md lists the same table (a test
keeps the two in step). Times are in the marketplace's local time where they
shape a day (day and week shapes), UTC elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .constants import BUYER_CHANNELS, country_problem, language_problem
from .sections import (
    agents_section,
    buyers_section,
    contacts_section,
    orders_section,
    sellers_section,
    shipping_section,
)
from .spec import Day, Each, Flag, Lognormal, Number, Rows, Share, Shares, Table, Text, Whole

__all__ = ["BUYER_CHANNELS", "marketplace_schema", "scenario_schema"]


def _marketplace_check(known: Sequence[str]):
    def check(code: str) -> str | None:
        return None if code in known else f"unknown marketplace (expected one of {', '.join(known)})"

    return check


def marketplace_schema() -> Table:
    return Table(
        fields={
            "sellers": Whole(100, "sellers selling in this marketplace"),
            "origins": Shares({"US": 1.0}, "business country of the sellers (shares)", key_check=country_problem),
            "buyer_languages": Shares(
                {},
                "languages buyers write in (shares); empty: the marketplace's first buyer language",
                key_check=language_problem,
            ),
            "unit_price": Lognormal(25.0, 0.7, "price of a unit", unit="marketplace currency"),
            "orders_factor": Number(default=1.0, doc="multiplies every seller's orders per day in this marketplace"),
            "seller_reply_hours": Whole(0, "case deadline in hours (0: the marketplace's own)"),
            "commitment_hours": Whole(0, "first reply to the buyer due within (0: the marketplace's own)"),
        },
    )


def scenario_schema(marketplaces: Sequence[str] = ("DE", "JP", "US")) -> Table:
    """The schema, with the marketplace codes the database knows."""
    known = tuple(sorted(marketplaces))
    return Table(
        fields={
            "scenario": Table(
                fields={
                    "name": Text(doc="name shown in the report"),
                    "description": Text(doc="what the scenario asks"),
                    "question": Text(doc="the planner's question, shown on the report's first line"),
                }
            ),
            "simulation": Table(
                fields={
                    "start": Day(date(2026, 9, 1), "first simulated day (00:00 UTC)"),
                    "days": Whole(90, "simulated days", low=1, high=400),
                    "tick_minutes": Whole(
                        5, "step of the world's clock (intake batches, periodic jobs)", low=1, high=60
                    ),
                    "interval_minutes": Whole(60, "width of the queue statistics' intervals", low=15, high=1440),
                    "close_last_month": Flag(True, "close the month the run ends in, so its fees are reported"),
                }
            ),
            "marketplaces": Each(
                item=marketplace_schema(),
                default={"US": {"sellers": 100}},
                key_check=_marketplace_check(known),
                placeholder="<code>",
                doc=f"the marketplaces simulated, by code ({', '.join(known)})",
            ),
            "sellers": sellers_section(),
            "orders": orders_section(),
            "shipping": shipping_section(),
            "returns": Table(
                fields={
                    "ship_back_days": Lognormal(3.0, 0.5, "authorization to the first carrier scan", unit="days"),
                    "never_shipped": Share(0.15, "returns authorized that the buyer never sends"),
                    "transit_days": Lognormal(3.0, 0.4, "first scan to received", unit="days"),
                    "own_label": Share(0.03, "returns sent with the buyer's own label (not an Amazon label)"),
                }
            ),
            "contacts": contacts_section(),
            "agents": agents_section(),
            "buyers": buyers_section(),
            "billing": Table(
                fields={
                    "rate_cards": Rows(
                        item=Table(
                            fields={
                                "marketplace": Text(doc="marketplace code", choices=known),
                                "name": Text("What-if card", doc="name of the card"),
                                "effective_from": Day(date(2026, 9, 1), "first day the card applies"),
                                "standard_rate": Number(default=None, low=0.0, doc="rate when CPU is unknown"),
                                "tiers": Rows(
                                    item=Table(
                                        fields={
                                            "cpu_up_to": Number(
                                                default=None, low=0.0, doc="upper CPU bound (share); last tier: omit"
                                            ),
                                            "fee": Number(default=0.0, doc="fee per unit"),
                                        }
                                    ),
                                    doc="tiers from the lowest CPU up",
                                ),
                            }
                        ),
                        doc="rate cards added before the run (a what-if of fees), in force from their date",
                    ),
                }
            ),
        }
    )
