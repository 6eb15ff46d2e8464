"""The hourly beat job closes each marketplace's previous month once its local 1st has begun."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from billing.models import MonthClose, MonthlyStatement, StatementRevision
from billing.tasks import monthly_cycle_task

from .helpers import UTC, at, enrolled_seller, ship

pytestmark = pytest.mark.django_db


def _closed():
    return sorted(f"{c.marketplace.code} {c.month:%Y-%m}" for c in MonthClose.objects.select_related("marketplace"))


def test_each_marketplace_closes_when_its_own_first_of_the_month_begins(clock, django_capture_on_commit_callbacks):
    # given sellers in US, DE and JP
    for code in ("US", "DE", "JP"):
        seller = enrolled_seller(code, business_country={"US": "US", "DE": "DE", "JP": "JP"}[code])
        ship(seller, 3, at(2026, 12, 10), code=code, valid_tracking=False)
    # 2026-12-31 14:55 UTC is still December everywhere: November closes in all three
    clock.set(datetime(2026, 12, 31, 14, 55, tzinfo=UTC))
    with django_capture_on_commit_callbacks(execute=True):
        assert monthly_cycle_task() == ["DE 2026-11", "JP 2026-11", "US 2026-11"]
    # 2026-12-31 15:00 UTC = 2027-01-01 00:00 in Tokyo: only JP's December is over
    clock.set(datetime(2026, 12, 31, 15, 5, tzinfo=UTC))
    with django_capture_on_commit_callbacks(execute=True):
        assert monthly_cycle_task() == ["JP 2026-12"]
    # 23:05 UTC: Berlin has reached the new year
    clock.set(datetime(2026, 12, 31, 23, 5, tzinfo=UTC))
    with django_capture_on_commit_callbacks(execute=True):
        assert monthly_cycle_task() == ["DE 2026-12"]
    # 2027-01-01 07:59 UTC is still 23:59 on 31 December in Los Angeles
    clock.set(datetime(2027, 1, 1, 7, 59, tzinfo=UTC))
    with django_capture_on_commit_callbacks(execute=True):
        assert monthly_cycle_task() == []
    clock.set(datetime(2027, 1, 1, 8, 5, tzinfo=UTC))
    with django_capture_on_commit_callbacks(execute=True):
        assert monthly_cycle_task() == ["US 2026-12"]
    assert _closed() == ["DE 2026-11", "DE 2026-12", "JP 2026-11", "JP 2026-12", "US 2026-11", "US 2026-12"]
    assert MonthlyStatement.objects.filter(month=date(2026, 12, 1), units=3).count() == 3
    assert len(mail.outbox) == 6


def test_hourly_reruns_close_nothing_again_and_send_nothing_twice(clock, django_capture_on_commit_callbacks):
    seller = enrolled_seller()
    ship(seller, 3, at(2026, 10, 10), valid_tracking=False)
    clock.set(datetime(2026, 11, 1, 8, 5, tzinfo=UTC))
    for _hour in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            monthly_cycle_task()
        clock.advance(timedelta(hours=1))
    assert [m.to for m in mail.outbox if "report" in m.subject.lower()] == [[seller.notification_email]]
    assert MonthlyStatement.objects.filter(month=date(2026, 10, 1)).count() == 1
    assert MonthClose.objects.filter(month=date(2026, 10, 1)).count() == 3  # US, DE and JP (no sellers there)


def test_the_report_is_in_the_sellers_language_with_html_and_text(clock, django_capture_on_commit_callbacks):
    seller = enrolled_seller("DE", business_country="DE", preferred_language="de", time_zone="Europe/Berlin")
    ship(seller, 3, at(2026, 10, 10), code="DE", valid_tracking=False)
    clock.set(datetime(2026, 11, 1, 1, tzinfo=UTC))
    with django_capture_on_commit_callbacks(execute=True):
        monthly_cycle_task()
    [message] = mail.outbox
    assert message.to == [seller.notification_email]
    html = message.alternatives[0][0]
    assert message.subject == "Ihr CSBA-Bericht für Oktober 2026 (DE)"
    assert "Von CSBA bearbeitete Kontakte: 0" in message.body
    assert "Ihre Stufe für 2026-11" in message.body and "Ihre Stufe für 2026-11" in html
    assert "Oktober 2026" in message.body and "Oktober 2026" in html
    assert "€2" in message.body or "2,55" in message.body or "€" in message.body
    assert "/seller/billing/statements/" in message.body


def test_close_month_command_closes_and_recomputes(clock, capsys):
    clock.set(datetime(2026, 11, 5, tzinfo=UTC))
    seller = enrolled_seller()
    ship(seller, 4, at(2026, 10, 10), valid_tracking=False)
    call_command("close_month", "--marketplace", "US", "--month", "2026-10")
    assert "1 statements created" in capsys.readouterr().out
    call_command("close_month", "--marketplace", "us", "--month", "2026-10")
    assert "already closed" in capsys.readouterr().out
    ship(seller, 4, at(2026, 10, 12), valid_tracking=False)
    call_command("close_month", "--marketplace", "US", "--month", "2026-10", "--recompute", "--reason", "late data")
    assert "1 changed" in capsys.readouterr().out
    assert StatementRevision.objects.get().reason == "late data"


def test_close_month_command_rejects_bad_input(clock):
    clock.set(datetime(2026, 11, 5, tzinfo=UTC))
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("close_month", "--marketplace", "US", "--month", "October")
    with pytest.raises(CommandError, match="not over"):
        call_command("close_month", "--marketplace", "US", "--month", "2026-11")
    with pytest.raises(CommandError, match="No marketplace"):
        call_command("close_month", "--marketplace", "XX", "--month", "2026-10")
    with pytest.raises(CommandError, match="--reason"):
        call_command("close_month", "--marketplace", "US", "--month", "2026-10", "--recompute")
