"""Project-wide fixtures: a controlled clock, users in each role, and factories."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from csba import clock as csba_clock


class ControlledClock:
    """The test's handle on ``csba.clock``: ``clock.now``, ``clock.set(dt)``, ``clock.advance(td)``."""

    def set(self, moment: datetime) -> datetime:
        csba_clock.freeze(moment)
        return moment

    def advance(self, delta) -> datetime:
        return csba_clock.advance(delta)

    @property
    def now(self) -> datetime:
        return csba_clock.now()


@pytest.fixture
def clock():
    csba_clock.freeze(datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc))
    yield ControlledClock()
    csba_clock.unfreeze()


@pytest.fixture(autouse=True)
def _wall_clock_after_each_test():
    yield
    csba_clock.unfreeze()


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests (row locks, SKIP LOCKED, concurrent requests) run
    in the PostgreSQL pass of `make test` and are skipped on SQLite."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: runs in the PostgreSQL pass of `make test`")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
