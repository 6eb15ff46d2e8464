"""The demo marketplace's history from a simulation (``manage.py seed_history``,
run by ``make run``): a small scenario (``scenarios/demo-90d.toml``) simulated
into the live database, its start moved so that the simulated days end today
(00:00 UTC), through the same services and periodic jobs as a planner's run
(intake, the console, the case log, the sweep, the monthly close). Seeded
once: a ``DemoHistory`` row makes the next call do nothing.

Unlike a planner's run (a child process on its own SQLite file), this one
runs in this process on the live database — SQLite or PostgreSQL — and keeps
the hand-made demo rows (new orders, buyers and packages are numbered after
the rows already there; on PostgreSQL the id sequences are moved past them).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.db import connection
from django.test.utils import override_settings

from billing.models import MonthClose, MonthlyStatement
from billing.services import month_close
from csba import clock
from csba.simulation.scenario import scenario_check
from inquiries.models import Case, Ticket
from sellers.models import Order

from .knobs import scenario_raw
from .models import DemoHistory
from .selectors import marketplace_codes

DEMO_SCENARIO = "demo-90d"


class SeedingError(RuntimeError):
    pass


@dataclass
class SeedPlan:
    scenario: dict
    start: datetime
    end: datetime


def history_plan(
    *, now: datetime, scenario_name: str = DEMO_SCENARIO, days: int | None = None, overrides: dict | None = None
) -> SeedPlan:
    """The scenario with its start moved so that its ``days`` end today at 00:00 UTC."""
    raw = scenario_raw(scenario_name)
    days = days or int(raw.get("simulation", {}).get("days", 90))
    end = datetime.combine(now.astimezone(UTC).date(), time(0), tzinfo=UTC)
    start = end - timedelta(days=days)
    scenario = scenario_check(
        raw,
        marketplaces=marketplace_codes(),
        source=scenario_name,
        overrides={**(overrides or {}), "simulation.start": start.date().isoformat(), "simulation.days": days},
    )
    return SeedPlan(scenario, start, end)


@contextlib.contextmanager
def _in_process():
    """Tasks run here and now (no worker is up yet), mail is counted rather
    than written out, and SQLite does not wait for the disk at every step."""
    from csba.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    logging.disable(logging.INFO)  # thousands of tasks and closes: warnings only
    synchronous = None
    if connection.vendor == "sqlite" and not connection.in_atomic_block:  # (not inside a transaction: a test's)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous")
            synchronous = cursor.fetchone()[0]
            cursor.execute("PRAGMA synchronous=OFF")
    try:
        with override_settings(EMAIL_BACKEND="csba.simulation.run.mail.CountingBackend", CACHES=_local_caches()):
            yield
    finally:
        app.conf.task_always_eager, app.conf.task_eager_propagates = saved
        logging.disable(logging.NOTSET)
        if synchronous is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA synchronous={int(synchronous)}")
        clock.unfreeze()


def _local_caches() -> dict:
    """The agents' presence of the simulated past kept in this process, not in the live Redis."""
    from django.conf import settings

    return {name: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"} for name in settings.CACHES}


def history_seed(
    *,
    now: datetime,
    seed: int = 2026,
    scenario_name: str = DEMO_SCENARIO,
    days: int | None = None,
    overrides: dict | None = None,
    progress: Callable[[dict], None] | None = None,
) -> DemoHistory | None:
    """Simulate the demo's last ``days`` into this database (SQLite or PostgreSQL); None when it was seeded
    before. ``SeedingError`` on another database."""
    if DemoHistory.objects.exists():
        return None
    if connection.vendor not in ("sqlite", "postgresql"):
        raise SeedingError(
            f"the demo history is simulated into SQLite or PostgreSQL only (this database is {connection.vendor}); "
            "run `manage.py simulate` for a report instead"
        )
    from csba.simulation.replications import replication_seeds, seed_state
    from csba.simulation.run.replication import Replication

    plan = history_plan(now=now, scenario_name=scenario_name, days=days, overrides=overrides)
    before, closed = _counts(plan), _closed_already(plan)
    with _in_process():
        replication = Replication(plan.scenario, seed_state(replication_seeds(seed, 1)[0]), progress=progress)
        replication.run()
        clock.unfreeze()
        _close_again(closed, now)
    after = _counts(plan)
    counts = {key: after[key] - before[key] for key in after}
    counts["contacts"] = replication.counts["contacts"]
    return DemoHistory.objects.create(
        seeded_at=now, scenario_name=scenario_name, seed=seed, start=plan.start.date(), end=plan.end, counts=counts
    )


def _counts(plan: SeedPlan) -> dict[str, int]:
    """Rows of the simulated days (the hand-made demo's rows of today not among them)."""
    return {
        "orders": Order.objects.filter(placed_at__gte=plan.start, placed_at__lt=plan.end).count(),
        "tickets": Ticket.objects.filter(opened_at__gte=plan.start, opened_at__lt=plan.end).count(),
        "cases": Case.objects.filter(opened_at__gte=plan.start, opened_at__lt=plan.end).count(),
        "statements": MonthlyStatement.objects.filter(**_months(plan)).count(),
    }


def _months(plan: SeedPlan) -> dict:
    """The months the simulated days close (those begun in them and over by their end)."""
    return {"month__gte": plan.start.date().replace(day=1), "month__lt": plan.end.date().replace(day=1)}


def _closed_already(plan: SeedPlan) -> list[tuple[int, object]]:
    return list(MonthClose.objects.filter(**_months(plan)).values_list("marketplace_id", "month"))


def _close_again(closed: list[tuple[int, object]], now: datetime) -> None:
    """A month the hand-made demo closed before the history was simulated is
    closed again (an operator's recomputation, with its reason), so the
    simulated sellers get their statements too."""
    from sellers.models import Marketplace

    markets = Marketplace.objects.in_bulk([pk for pk, _ in closed])
    for pk, month in closed:
        month_close(
            marketplace=markets[pk], month=month, now=now, recompute=True, reason="demo history simulated afterwards"
        )
