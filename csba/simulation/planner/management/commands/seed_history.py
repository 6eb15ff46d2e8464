"""`manage.py seed_history [--days 90] [--scenario demo-90d] [--seed N]`: the
demo marketplace's last days simulated into this database (SQLite or PostgreSQL), ending
today; does nothing when it was seeded before (see docs/simulation.md,
"Demo and live mode")."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from csba import clock
from csba.simulation.planner.seeding import DEMO_SCENARIO, SeedingError, history_seed
from csba.simulation.scenario import ScenarioError


class Command(BaseCommand):
    help = "Seed the demo's history by simulating its last days into this database (once)."

    def add_arguments(self, parser):
        parser.add_argument("--scenario", default=DEMO_SCENARIO, help="a scenario in scenarios/ (default demo-90d)")
        parser.add_argument("--days", type=int, default=None, help="days of history (default: the scenario's)")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, scenario: str, days: int | None, seed: int, **options):
        if days is not None and days < 1:
            raise CommandError("--days: expected at least 1")
        began = time.monotonic()
        shown = {"tenth": -1}

        def progress(status: dict) -> None:
            tenth = int(status["fraction"] * 10)
            if tenth != shown["tenth"]:
                shown["tenth"] = tenth
                sys.stdout.write(
                    f"  history {status['fraction']:4.0%}  {status['at'][:10]}  contacts {status['contacts']}\n"
                )
                sys.stdout.flush()

        try:
            history = history_seed(now=clock.now(), seed=seed, scenario_name=scenario, days=days, progress=progress)
        except (SeedingError, ScenarioError) as error:
            raise CommandError(str(error)) from None
        if history is None:
            self.stdout.write("Demo history: seeded before; nothing simulated.")
            return
        counts = ", ".join(f"{value} {key}" for key, value in history.counts.items())
        self.stdout.write(
            f"Demo history ({history.scenario_name}, seed {seed}): {history.start} to {history.end:%Y-%m-%d}, "
            f"{counts}; {time.monotonic() - began:.0f} s"
        )
