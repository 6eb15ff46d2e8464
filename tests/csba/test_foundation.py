from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from billing.models import MonthlyStatement, RateCard
from sellers.models import Marketplace
from tests.factories import SellerFactory, TicketFactory, marketplace


@pytest.mark.django_db
def test_data_migration_seeds_the_three_marketplaces_with_domain_values():
    # when
    rows = {m.code: m for m in Marketplace.objects.all()}
    # then
    assert set(rows) == {"US", "DE", "JP"}
    assert (rows["US"].currency, rows["DE"].currency, rows["JP"].currency) == ("USD", "EUR", "JPY")
    assert (rows["US"].seller_reply_hours, rows["DE"].seller_reply_hours, rows["JP"].seller_reply_hours) == (24, 24, 6)
    assert rows["US"].time_zone == "America/Los_Angeles"
    assert rows["DE"].time_zone == "Europe/Berlin"
    assert rows["JP"].time_zone == "Asia/Tokyo"
    assert rows["US"].default_enrollment == "all"
    assert rows["JP"].default_enrollment == "china_based"
    assert rows["DE"].is_invitation_only is True and rows["US"].is_invitation_only is True
    assert (rows["US"].trial_days, rows["DE"].trial_days, rows["JP"].trial_days) == (90, 30, 90)
    assert rows["JP"].trial_max_registration_age_months == 12 and rows["US"].trial_max_registration_age_months is None
    assert (rows["US"].country, rows["DE"].country, rows["JP"].country) == ("US", "DE", "JP")
    assert rows["JP"].requires_store_info is True


@pytest.mark.django_db
def test_rate_cards_are_seeded_with_the_published_tiers():
    us = RateCard.objects.get(marketplace__code="US")
    fees = {t.tier: str(t.fee_per_unit) for t in us.tiers.all()}
    assert fees == {1: "0.1000", 2: "0.2500", 3: "0.5000", 4: "0.7000"}
    assert str(us.standard_rate) == "0.2500"
    de = RateCard.objects.get(marketplace__code="DE")
    assert [str(t.fee_per_unit) for t in de.tiers.order_by("tier")] == ["0.0900", "0.4100", "1.0900", "2.5500"]
    jp_cards = list(RateCard.objects.filter(marketplace__code="JP").order_by("effective_from"))
    assert [c.flat_rate for c in jp_cards][0] == 38


@pytest.mark.django_db
def test_a_second_statement_for_the_same_month_is_refused():
    # given
    seller = SellerFactory()
    values = dict(
        seller=seller,
        marketplace=marketplace("US"),
        month="2026-01-01",
        units=10,
        contacts=1,
        base_rate="0.10",
        effective_rate="0.10",
        fee="1.00",
        currency="USD",
        computed_at="2026-02-01T08:00Z",
    )
    MonthlyStatement.objects.create(**values)
    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyStatement.objects.create(**values)
    assert MonthlyStatement.objects.count() == 1


@pytest.mark.django_db
def test_an_invalid_ticket_status_is_refused_by_the_database():
    ticket = TicketFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(ticket).objects.filter(pk=ticket.pk).update(status="bogus")
    ticket.refresh_from_db()
    assert ticket.status == "open"


@pytest.mark.django_db
def test_a_case_deadline_must_be_after_its_opening():
    from tests.factories import CaseFactory

    case = CaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(case).objects.filter(pk=case.pk).update(deadline_at=case.opened_at - timedelta(hours=1))


def test_the_openapi_schema_builds_without_warnings(capsys):
    # Every endpoint documented, no two components under one name.
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
