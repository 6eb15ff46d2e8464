"""Concurrent month closes on PostgreSQL: the MonthClose claim makes one of them do the work."""

import threading
from datetime import date, datetime

import pytest
from django.db import connection, connections

from billing.models import MonthClose, MonthlyStatement
from billing.services import month_close

from .helpers import UTC, at, enrolled_seller, ship


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_closes_of_one_month_create_each_statement_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    # given
    for _ in range(3):
        ship(enrolled_seller(), 5, at(2026, 10), valid_tracking=False)
    outcomes, barrier = [], threading.Barrier(4)

    def close():
        try:
            barrier.wait()
            result = month_close(marketplace="US", month=date(2026, 10, 1), now=datetime(2026, 11, 2, tzinfo=UTC))
            outcomes.append("closed" if not result.already_closed else "skipped")
        finally:
            connections.close_all()

    # when four workers run the close at once
    threads = [threading.Thread(target=close) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then
    assert sorted(outcomes) == ["closed", "skipped", "skipped", "skipped"]
    assert MonthClose.objects.count() == 1 and MonthlyStatement.objects.count() == 3
