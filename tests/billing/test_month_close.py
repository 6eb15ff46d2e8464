"""The monthly close on DOMAIN.md's worked examples."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from billing.models import MonthClose, MonthlyStatement, RateCard, RateTier, StatementRevision
from billing.services import month_close
from csba.errors import DomainError
from sellers.models import FulfillmentChannel, Return
from tests.factories import marketplace, operator_user

from .helpers import UTC, at, contacts, enrolled_seller, ship

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 2, 12, tzinfo=UTC)
OCTOBER = date(2026, 10, 1)


def _window(seller, *, units, contacts_count, code="US", valid_tracking=False):
    """Spread the tier window (July–September 2026) evenly. Without valid
    tracking (the default) September earns no reward for October."""
    for month in (7, 8, 9):
        ship(
            seller,
            units // 3 + (units % 3 if month == 9 else 0),
            at(2026, month),
            code=code,
            valid_tracking=valid_tracking,
        )
    if contacts_count:
        contacts(seller, contacts_count, at(2026, 8), code=code)


def _statement(seller, code="US", month=OCTOBER):
    return MonthlyStatement.objects.get(seller=seller, marketplace__code=code, month=month)


def test_40_contacts_on_1000_units_is_4_percent_tier_1_at_ten_cents_in_us():
    # given 1,000 units and 40 contacts in the three months before October, and 200 units in October
    # (without valid tracking, so no reward applies)
    seller = enrolled_seller()
    _window(seller, units=1000, contacts_count=40)
    ship(seller, 200, at(2026, 10), valid_tracking=False)
    # when
    result = month_close(marketplace="US", month=OCTOBER, now=NOW)
    # then
    statement = _statement(seller)
    assert result.created == 1
    assert statement.window_units == 1000 and statement.window_contacts == 40
    assert statement.cpu == Decimal("0.040000")
    assert statement.tier == 1
    assert statement.base_rate == Decimal("0.1000") and statement.effective_rate == Decimal("0.1000")
    assert statement.units == 200
    assert statement.fee == Decimal("20.00") and statement.currency == "USD"


def test_the_same_figures_in_germany_cost_nine_cents_in_euro():
    seller = enrolled_seller("DE", business_country="DE")
    _window(seller, units=1000, contacts_count=40, code="DE")
    ship(seller, 1000, at(2026, 10), code="DE", valid_tracking=False)
    month_close(marketplace="DE", month=OCTOBER, now=NOW)
    statement = _statement(seller, "DE")
    assert (statement.tier, statement.base_rate, statement.fee, statement.currency) == (
        1,
        Decimal("0.0900"),
        Decimal("90.00"),
        "EUR",
    )


def test_cpu_of_10_percent_with_the_reward_earned_in_september_costs_12_cents():
    # given CPU 10% (tier 2, $0.25) over July–September, and September's VTR 100% and APRL met
    # (every package scanned, its one return with an Amazon label)
    seller = enrolled_seller()
    _window(seller, units=1000, contacts_count=100, valid_tracking=True)
    [item] = ship(seller, 1, at(2026, 9, 3), placed_at=at(2026, 6, 1), channel=FulfillmentChannel.FBA)
    Return.objects.create(
        order_item=ship(seller, 1, at(2026, 6, 3), valid_tracking=True)[0],
        quantity=1,
        authorized_at=at(2026, 9, 10),
        rma_number="RMA-1",
        is_amazon_label=True,
    )
    ship(seller, 1000, at(2026, 10), valid_tracking=False)  # October's own tracking does not matter for October
    # when
    month_close(marketplace="US", month=OCTOBER, now=NOW)
    # then the reward halves the rate, rounded down to the cent (seed 004: $0.12, not $0.125)
    statement = _statement(seller)
    assert statement.tier == 2 and statement.cpu == Decimal("0.100000")
    assert statement.inputs["reward"]["assessed_month"] == "2026-09"
    assert statement.inputs["reward"]["vtr"] == "1.000000" and statement.inputs["reward"]["aprl_rate"] == "1.000000"
    assert statement.discount_percent == Decimal("50")
    assert statement.effective_rate == Decimal("0.1200")
    assert statement.fee == Decimal("120.00")
    assert "reward" in statement.flags
    assert statement.vtr == Decimal("0")  # October's own VTR, reported for November's reward


def test_rewards_are_not_given_when_tracking_was_poor_in_the_month_before():
    seller = enrolled_seller()
    _window(seller, units=1000, contacts_count=100)
    ship(seller, 500, at(2026, 9, 20), valid_tracking=False, orders=10, placed_at=at(2026, 5, 1))
    ship(seller, 500, at(2026, 9, 20), orders=10, placed_at=at(2026, 5, 1), channel=FulfillmentChannel.FBA)
    ship(seller, 500, at(2026, 10), orders=10)  # October's tracking is perfect: it counts for November
    month_close(marketplace="US", month=OCTOBER, now=NOW)
    statement = _statement(seller)
    assert statement.inputs["reward"]["vtr"] == "0.000000" and statement.vtr == Decimal("1")
    assert statement.effective_rate == Decimal("0.2500") and statement.fee == Decimal("125.00")
    assert statement.inputs["reward"]["qualifies"] is False


def test_tier_1_with_rewards_met_is_free():
    seller = enrolled_seller()
    _window(seller, units=1000, contacts_count=10, valid_tracking=True)
    ship(seller, 99, at(2026, 10))
    month_close(marketplace="US", month=OCTOBER, now=NOW)
    statement = _statement(seller)
    assert (statement.tier, statement.discount_percent, statement.fee) == (1, Decimal("100"), Decimal("0.00"))


def test_30_units_or_fewer_with_cpu_above_15_percent_pay_the_standard_rate():
    # given 30 units and 6 contacts (20%) in the window
    seller = enrolled_seller()
    _window(seller, units=30, contacts_count=6)
    ship(seller, 10, at(2026, 10), valid_tracking=False)
    month_close(marketplace="US", month=OCTOBER, now=NOW)
    statement = _statement(seller)
    assert statement.is_standard_rate is True and statement.tier is None
    assert statement.base_rate == Decimal("0.2500") and statement.fee == Decimal("2.50")
    assert "standard_rate" in statement.flags


def test_31_units_with_the_same_cpu_are_reliable_and_get_tier_3():
    seller = enrolled_seller()
    _window(seller, units=31, contacts_count=6)
    ship(seller, 10, at(2026, 10), valid_tracking=False)
    month_close(marketplace="US", month=OCTOBER, now=NOW)
    statement = _statement(seller)
    assert (statement.is_standard_rate, statement.tier, statement.fee) == (False, 3, Decimal("5.00"))


def test_no_units_in_the_window_means_unknown_cpu_and_the_standard_rate():
    seller = enrolled_seller(since=at(2026, 9, 20))
    ship(seller, 40, at(2026, 10), valid_tracking=False)
    month_close(marketplace="US", month=OCTOBER, now=NOW)
    statement = _statement(seller)
    assert statement.cpu is None and statement.is_standard_rate and statement.fee == Decimal("10.00")


def test_trial_months_are_free_and_units_after_the_trial_are_billed():
    # given a trial ending on 2026-10-16 (UTC) and units shipped before and after it
    seller = enrolled_seller(since=at(2026, 9, 16), trial_ends_at=at(2026, 10, 16, 0))
    ship(seller, 100, at(2026, 9, 20))
    ship(seller, 70, at(2026, 10, 10), valid_tracking=False)
    ship(seller, 30, at(2026, 10, 20), valid_tracking=False)
    # when September and October are closed
    month_close(marketplace="US", month=date(2026, 9, 1), now=NOW)
    month_close(marketplace="US", month=OCTOBER, now=NOW)
    # then September is free and October bills only the 30 units after the trial
    september, october = _statement(seller, month=date(2026, 9, 1)), _statement(seller)
    assert september.fee == Decimal("0.00") and "trial" in september.flags
    assert september.inputs["trial_units"] == 100
    assert october.units == 100 and october.inputs["trial_units"] == 70 and october.inputs["billable_units"] == 30
    assert october.fee == Decimal("30") * october.effective_rate


def test_a_rate_card_changed_mid_month_applies_from_the_next_month():
    # given a new US card effective 2026-10-15 doubling tier 1
    us = marketplace("US")
    card = RateCard.objects.create(
        marketplace=us,
        name="New card",
        effective_from=date(2026, 10, 15),
        currency="USD",
        standard_rate=Decimal("0.50"),
    )
    for tier, above, up_to, fee in [(1, None, "0.05", "0.20"), (2, "0.05", None, "0.60")]:
        RateTier.objects.create(
            rate_card=card,
            tier=tier,
            cpu_above=above and Decimal(above),
            cpu_up_to=up_to and Decimal(up_to),
            fee_per_unit=Decimal(fee),
        )
    seller = enrolled_seller()
    _window(seller, units=1000, contacts_count=40)
    ship(seller, 300, at(2026, 10), valid_tracking=False)
    ship(seller, 100, at(2026, 11), valid_tracking=False)
    # when October and November are closed
    month_close(marketplace="US", month=OCTOBER, now=datetime(2026, 12, 2, tzinfo=UTC))
    month_close(marketplace="US", month=date(2026, 11, 1), now=datetime(2026, 12, 2, tzinfo=UTC))
    # then October keeps the old card, November uses the new one
    october, november = _statement(seller), _statement(seller, month=date(2026, 11, 1))
    assert october.rate_card.name == "CPU tiers" and october.base_rate == Decimal("0.1000")
    assert november.rate_card_id == card.pk and november.base_rate == Decimal("0.2000")
    # and October's report already announced November's card
    assert october.inputs["next_month"]["rate_card_id"] == card.pk


def test_months_follow_the_marketplace_time_zone_at_the_year_end():
    # given units shipped at 2027-01-01 05:00 UTC: still 31 December in Los Angeles, already January in Berlin/Tokyo
    new_year_utc = datetime(2027, 1, 1, 5, tzinfo=UTC)
    us_seller = enrolled_seller("US")
    de_seller = enrolled_seller("DE", business_country="DE")
    ship(us_seller, 7, new_year_utc, valid_tracking=False)
    ship(de_seller, 9, new_year_utc, code="DE", valid_tracking=False)
    later = datetime(2027, 2, 2, tzinfo=UTC)
    for code in ("US", "DE"):
        month_close(marketplace=code, month=date(2026, 12, 1), now=later)
        month_close(marketplace=code, month=date(2027, 1, 1), now=later)
    # then the US unit belongs to December 2026 and the DE unit to January 2027
    assert _statement(us_seller, month=date(2026, 12, 1)).units == 7
    assert _statement(us_seller, month=date(2027, 1, 1)).units == 0
    assert _statement(de_seller, "DE", month=date(2026, 12, 1)).units == 0
    assert _statement(de_seller, "DE", month=date(2027, 1, 1)).units == 9


def test_the_tier_window_crosses_the_year_end():
    # given January 2027's window is October–December 2026
    seller = enrolled_seller()
    for month in (10, 11, 12):
        ship(seller, 100, at(2026, month))
    contacts(seller, 60, at(2026, 12))  # 20% → tier 3
    contacts(seller, 99, at(2026, 9))  # outside the window
    ship(seller, 10, at(2027, 1), valid_tracking=False)
    month_close(marketplace="US", month=date(2027, 1, 1), now=datetime(2027, 2, 1, 9, tzinfo=UTC))
    statement = _statement(seller, month=date(2027, 1, 1))
    assert statement.inputs["window"] == ["2026-10", "2026-11", "2026-12"]
    assert (statement.window_units, statement.window_contacts, statement.tier) == (300, 60, 3)


def test_a_month_that_is_not_over_locally_cannot_be_closed():
    # 2026-11-01 05:00 UTC is still 31 October in Los Angeles
    with pytest.raises(DomainError) as error:
        month_close(marketplace="US", month=OCTOBER, now=datetime(2026, 11, 1, 5, tzinfo=UTC))
    assert error.value.code == "month_not_over"
    assert not MonthClose.objects.exists()


def test_a_statement_is_unique_per_seller_marketplace_and_month():
    seller = enrolled_seller()
    month_close(marketplace="US", month=OCTOBER, now=NOW)
    statement = _statement(seller)
    statement.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        statement.save()


def test_running_the_close_again_changes_nothing_and_sends_nothing_twice(django_capture_on_commit_callbacks):
    # given a closed month whose reports went out
    seller = enrolled_seller()
    ship(seller, 10, at(2026, 10))
    with django_capture_on_commit_callbacks(execute=True):
        first = month_close(marketplace="US", month=OCTOBER, now=NOW)
    assert first.created == 1 and len(mail.outbox) == 1
    before = _statement(seller)
    # when it runs again (more units arrived meanwhile)
    ship(seller, 10, at(2026, 10))
    with django_capture_on_commit_callbacks(execute=True):
        second = month_close(marketplace="US", month=OCTOBER, now=NOW + timedelta(hours=1))
    # then nothing changed and no email was sent
    assert second.already_closed is True and second.created == 0
    after = _statement(seller)
    assert (after.units, after.version, after.computed_at) == (before.units, 1, before.computed_at)
    assert len(mail.outbox) == 1
    assert MonthlyStatement.objects.count() == 1 and MonthClose.objects.count() == 1


def test_an_operator_recompute_records_the_change_and_sends_no_second_report(django_capture_on_commit_callbacks):
    seller = enrolled_seller()
    other = enrolled_seller()
    ship(seller, 10, at(2026, 10), valid_tracking=False)
    ship(other, 5, at(2026, 10), valid_tracking=False)
    with django_capture_on_commit_callbacks(execute=True):
        month_close(marketplace="US", month=OCTOBER, now=NOW)
    ship(seller, 10, at(2026, 10), valid_tracking=False)  # late data for one seller
    operator = operator_user()
    with django_capture_on_commit_callbacks(execute=True):
        result = month_close(
            marketplace="US",
            month=OCTOBER,
            now=NOW + timedelta(days=1),
            recompute=True,
            actor=operator,
            reason="late shipment data",
        )
    assert (result.revised, result.unchanged, result.created) == (1, 1, 0)
    statement = _statement(seller)
    assert statement.units == 20 and statement.version == 2 and statement.fee == Decimal("5.00")
    [revision] = StatementRevision.objects.all()
    assert revision.statement == statement and revision.revised_by == operator
    assert revision.previous["units"] == 10 and revision.current["units"] == 20
    assert revision.previous["fee"] == "2.5" and revision.current["fee"] == "5"
    assert revision.reason == "late shipment data"
    assert _statement(other).version == 1
    close = MonthClose.objects.get()
    assert close.revisions == 1 and close.recomputed_at == NOW + timedelta(days=1)
    assert len(mail.outbox) == 2  # the first close's two reports, none after the recompute


def test_fba_and_seller_fulfilled_prime_units_and_units_ordered_before_enrollment_are_not_billed():
    seller = enrolled_seller(since=at(2026, 10, 5))
    ship(seller, 5, at(2026, 10, 10), valid_tracking=False)
    ship(seller, 7, at(2026, 10, 10), channel=FulfillmentChannel.FBA)
    ship(seller, 9, at(2026, 10, 10), channel=FulfillmentChannel.SFP)
    ship(seller, 11, at(2026, 10, 10), placed_at=at(2026, 10, 1))  # placed before opt-in
    month_close(marketplace="US", month=OCTOBER, now=NOW)
    assert _statement(seller).units == 5


def test_sellers_opted_out_before_the_month_get_no_statement_unless_they_shipped_covered_units():
    left = enrolled_seller(since=at(2026, 1, 1), until=at(2026, 9, 1))
    left_shipping = enrolled_seller(since=at(2026, 1, 1), until=at(2026, 9, 1))
    ship(left_shipping, 4, at(2026, 10, 2), placed_at=at(2026, 8, 30), valid_tracking=False)
    month_close(marketplace="US", month=OCTOBER, now=NOW)
    assert not MonthlyStatement.objects.filter(seller=left).exists()
    assert _statement(left_shipping).units == 4


def test_jp_china_based_sellers_get_the_japanese_service_free():
    cn = enrolled_seller("JP", business_country="CN")
    jp = enrolled_seller("JP", business_country="JP")
    for seller in (cn, jp):
        _window(seller, units=300, contacts_count=3, code="JP")
        ship(seller, 100, at(2026, 10), code="JP", valid_tracking=False)
    month_close(marketplace="JP", month=OCTOBER, now=NOW)
    assert _statement(cn, "JP").fee == Decimal("0") and "free_service" in _statement(cn, "JP").flags
    jp_statement = _statement(jp, "JP")
    assert (jp_statement.tier, jp_statement.fee, jp_statement.currency) == (1, Decimal("1000"), "JPY")


def test_jp_before_september_2021_pays_the_flat_rate():
    seller = enrolled_seller("JP", business_country="JP", since=datetime(2021, 1, 1, tzinfo=UTC))
    ship(seller, 10, datetime(2021, 8, 10, tzinfo=UTC), code="JP")
    month_close(marketplace="JP", month=date(2021, 8, 1), now=NOW)
    statement = _statement(seller, "JP", month=date(2021, 8, 1))
    assert (statement.tier, statement.base_rate, statement.fee) == (None, Decimal("38"), Decimal("380"))
    assert "flat_rate" in statement.flags


def test_queries_do_not_grow_with_the_number_of_sellers(django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def close_with(sellers: int, month: date) -> int:
        for _ in range(sellers):
            seller = enrolled_seller()
            ship(seller, 3, at(month.year, month.month), orders=2)
            contacts(seller, 1, at(month.year, month.month))
        with CaptureQueriesContext(connection) as queries:
            month_close(marketplace="US", month=month, now=NOW)
        return len(queries)

    few = close_with(2, date(2026, 9, 1))
    many = close_with(20, date(2026, 5, 1))  # no month of either window is closed: same query shape
    assert few == many
    assert many <= 30


def test_closed_months_of_the_window_count_as_their_statements_recorded_them():
    # given September closed with 100 units, then 500 more September units recorded late
    seller = enrolled_seller()
    ship(seller, 100, at(2026, 9), valid_tracking=False)
    contacts(seller, 4, at(2026, 9))
    month_close(marketplace="US", month=date(2026, 9, 1), now=NOW)
    september = _statement(seller, month=date(2026, 9, 1))
    assert september.inputs["next_month"]["tier"] == 1  # 4 / 100 = 4%: tier 1 announced for October
    ship(seller, 500, at(2026, 9, 20), valid_tracking=False)
    ship(seller, 10, at(2026, 10), valid_tracking=False)
    # when October is closed
    month_close(marketplace="US", month=OCTOBER, now=NOW)
    # then October is billed at the tier announced on 1 October, from September's statement
    october = _statement(seller)
    assert october.window_units == 100 and october.tier == 1
    assert october.inputs["units_from_statements"] == ["2026-09"]
    assert october.inputs["units_by_month"]["2026-09"] == 100
    # and a recompute of September (the operator's fix) is what the next close reads
    month_close(marketplace="US", month=date(2026, 9, 1), now=NOW, recompute=True, reason="late shipments")
    month_close(marketplace="US", month=OCTOBER, now=NOW, recompute=True, reason="late shipments")
    assert _statement(seller).window_units == 600


def test_the_statement_counts_tickets_that_missed_the_buyer_commitment():
    # given three CSBA tickets opened in October, one of them flagged for no first reply within two days,
    # and one routed to the seller (not a CSBA ticket)
    seller = enrolled_seller()
    ship(seller, 10, at(2026, 10))
    contacts(seller, 2, at(2026, 10, 5))
    contacts(seller, 1, at(2026, 10, 6), is_commitment_breached=True)
    contacts(seller, 1, at(2026, 10, 7), route="seller_messaging", is_commitment_breached=True)
    # when the month is closed
    month_close(marketplace="US", month=OCTOBER, now=NOW)
    # then the statement keeps the count
    assert _statement(seller).inputs["buyer_commitment"] == {"tickets": 3, "breached": 1}
