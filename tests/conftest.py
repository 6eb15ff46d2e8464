"""Project-wide fixtures: a controlled clock, users in each role, and factories."""

from __future__ import annotations

from datetime import UTC, datetime

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
    csba_clock.freeze(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    yield ControlledClock()
    csba_clock.unfreeze()


@pytest.fixture(autouse=True)
def _wall_clock_after_each_test():
    yield
    csba_clock.unfreeze()


@pytest.fixture(autouse=True)
def _no_memory_of_other_tests_tickets():
    """A rolled-back test gives its ticket ids out again: the after-intake
    task's memory of tickets done in this process must not outlive the test."""
    from inquiries.console.services.after_intake import forget_done

    yield
    forget_done()


@pytest.fixture(scope="session", autouse=True)
def _serialized_data_on_every_connection(django_db_setup, django_db_blocker):
    """Serialized rollback restores the seeded data only through a connection
    object that carries the serialized copy. Playwright's sync API runs an
    event loop in the test thread, after which Django hands out a new
    connection object (connections are per context) without it; putting the
    copy on the class gives every connection object of the test database it."""
    from django.db import connections

    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            type(connection)._test_serialized_contents = contents
    yield


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


def pytest_collection_modifyitems(config, items):
    """Transactional tests (threads, live server) end with a flush of the
    database, which would take the data seeded by migrations (marketplaces,
    role groups, rate cards) from the tests after them: they restore it from
    the serialised copy instead (Django's serialized rollback).

    PostgreSQL-only tests (row locks, SKIP LOCKED, concurrent requests) run
    in the PostgreSQL pass of `make test` and are skipped on SQLite."""
    from django.db import connection

    for item in items:
        fixtures = getattr(item, "fixturenames", None)
        if fixtures is None or not _is_transactional(item):
            continue
        marker = item.get_closest_marker("django_db")
        if marker is not None:
            # pytest-django reads serialized_rollback from the marker when there is one.
            if not marker.kwargs.get("serialized_rollback"):
                item.add_marker(
                    pytest.mark.django_db(*marker.args, **{**marker.kwargs, "serialized_rollback": True}), append=False
                )
        elif "django_db_serialized_rollback" not in fixtures:
            fixtures.append("django_db_serialized_rollback")

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: runs in the PostgreSQL pass of `make test`")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _nobody_present_between_tests():
    """Presence (who views or types on a ticket) lives in a cache: start each test with nobody there."""
    from django.core.cache import caches

    caches["presence"].clear()
    yield


@pytest.fixture(autouse=True)
def _default_language_and_zone_after_each_test():
    """A page's middleware activates the viewer's language and zone for the
    thread; the next test starts from the defaults again."""
    yield
    from django.utils import timezone, translation

    translation.activate("en")
    timezone.deactivate()
