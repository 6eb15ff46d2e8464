"""Issue 12, items 1–3: the reward is earned in the month that ended and
applies to the following one; a discounted rate is rounded down to the
currency's minor unit; CPU divides by every seller-fulfilled unit shipped."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from billing.fees import SellerFigures, fee_compute, pricing_load
from billing.models import MonthlyStatement, Promotion
from billing.services import month_close
from sellers.models import FulfillmentChannel
from tests.factories import marketplace

from .helpers import UTC, at, contacts, enrolled_seller, ship

pytestmark = pytest.mark.django_db
D = Decimal


def _statement(seller, month, code="US"):
    return MonthlyStatement.objects.get(seller=seller, marketplace__code=code, month=month)


# --- 1. the reward applies to the month after the one that earned it -------------------------------------------


def test_a_reward_earned_in_september_makes_october_free_and_a_poor_october_bills_november_regularly():
    # given CPU 3% over July–September (tier 1), every September package scanned (VTR 100%),
    # no package of October scanned (VTR 0), and units shipped in October and November
    seller = enrolled_seller()
    ship(seller, 333, at(2026, 7), valid_tracking=False)
    ship(seller, 333, at(2026, 8), valid_tracking=False)
    ship(seller, 334, at(2026, 9), valid_tracking=True)
    contacts(seller, 30, at(2026, 8))
    ship(seller, 100, at(2026, 10), valid_tracking=False)
    ship(seller, 100, at(2026, 11), valid_tracking=True)
    now = datetime(2026, 12, 2, tzinfo=UTC)
    # when September, October and November are closed
    for month in (9, 10, 11):
        month_close(marketplace="US", month=date(2026, month, 1), now=now)
    september, october, november = (_statement(seller, date(2026, m, 1)) for m in (9, 10, 11))
    # then the report of September announced October free, with the reward in it
    announced = september.inputs["next_month"]
    assert announced["month"] == "2026-10" and announced["tier"] == 1
    assert (announced["discount_percent"], announced["effective_rate"]) == ("100", "0.0000")
    assert announced["reward"]["qualifies"] is True and announced["reward"]["assessed_month"] == "2026-09"
    # and October is billed as announced: free, the reward earned in September
    assert (october.tier, october.discount_percent, october.effective_rate, october.fee) == (
        1,
        D("100"),
        D("0"),
        D("0"),
    )
    assert "reward" in october.flags and october.inputs["reward"]["assessed_month"] == "2026-09"
    # and October's VTR of 0 earned nothing: November at the regular tier-1 rate, as October's report said
    assert october.vtr == D("0")
    assert october.inputs["next_month"]["effective_rate"] == "0.1000"
    assert october.inputs["next_month"]["reward"]["qualifies"] is False
    assert (november.tier, november.discount_percent, november.effective_rate, november.fee) == (
        1,
        D("0"),
        D("0.1000"),
        D("10.00"),
    )
    assert "reward" not in november.flags


def test_the_billed_months_own_tracking_does_not_decide_its_reward():
    # given a September without any scanned package and a perfect October
    seller = enrolled_seller()
    for month in (7, 8, 9):
        ship(seller, 100, at(2026, month), valid_tracking=False)
    ship(seller, 100, at(2026, 10), valid_tracking=True)
    # when October is closed
    month_close(marketplace="US", month=date(2026, 10, 1), now=datetime(2026, 11, 2, tzinfo=UTC))
    # then October pays its tier in full; its perfect tracking earns November's reward
    october = _statement(seller, date(2026, 10, 1))
    assert (october.discount_percent, october.fee) == (D("0"), D("10.00"))
    assert october.inputs["next_month"]["reward"]["qualifies"] is True
    assert october.inputs["next_month"]["effective_rate"] == "0.0000"


# --- 2. a discounted rate is rounded down to the minor unit ------------------------------------------------------


def _rewarded(code: str, *, window_units: int, window_contacts: int) -> SellerFigures:
    return SellerFigures(
        units=1000,
        window_units=window_units,
        window_contacts=window_contacts,
        vtr=D("1"),
        aprl_rate=D("1"),
    )


def test_cpu_10_percent_with_the_reward_is_12_cents_not_12_and_a_half():
    # seed 004's worked example: CPU 10% → tier 2 ($0.25), 50% off → $0.12
    pricing = pricing_load(marketplace=marketplace("US"), day=date(2026, 10, 1))
    result = fee_compute(pricing, _rewarded("US", window_units=1000, window_contacts=100))
    assert (result.tier, result.discount_percent) == (2, D("50"))
    assert result.effective_rate == D("0.12")
    assert result.fee == D("120.00")


def test_a_30_percent_discount_on_1_09_euro_is_76_cents():
    # DE tier 3 (€1.09) with the reward's 30% → 0.763 → €0.76
    pricing = pricing_load(marketplace=marketplace("DE"), day=date(2026, 10, 1))
    result = fee_compute(pricing, _rewarded("DE", window_units=1000, window_contacts=200))
    assert (result.tier, result.effective_rate, result.fee) == (3, D("0.76"), D("760.00"))


def test_yen_rates_round_down_to_whole_yen():
    # given a JP reward of 50% (JP has none seeded) on tier 2 (25 JPY)
    jp = marketplace("JP")
    Promotion.objects.create(
        marketplace=jp,
        kind="reward",
        name="JP reward",
        effective_from=date(2026, 1, 1),
        rules={"min_vtr": "0.95", "min_aprl": None, "discount_percent_by_tier": {"2": 50}},
    )
    pricing = pricing_load(marketplace=jp, day=date(2026, 10, 1))
    result = fee_compute(pricing, _rewarded("JP", window_units=1000, window_contacts=70))
    # then 12.5 JPY becomes 12 JPY
    assert (result.tier, result.effective_rate, result.fee) == (2, D("12"), D("12000"))


def test_an_undiscounted_rate_keeps_the_cards_own_places():
    pricing = pricing_load(marketplace=marketplace("US"), day=date(2026, 10, 1))
    figures = SellerFigures(units=10, window_units=1000, window_contacts=100)  # no reward assessed
    assert fee_compute(pricing, figures).effective_rate == D("0.2500")


# --- 3. CPU divides by every seller-fulfilled unit shipped, covered or not ---------------------------------------


def _enrolled_mid_september():
    """The issue's example: 2,000 FBM units shipped in July–September, 1,980 of
    them ordered before the seller enrolled on 15 September, 20 covered; 4 contacts."""
    seller = enrolled_seller(since=at(2026, 9, 15, 0))
    ship(seller, 990, at(2026, 7), valid_tracking=False, orders=10)
    ship(seller, 700, at(2026, 8), valid_tracking=False, orders=10)
    ship(seller, 290, at(2026, 9, 10), valid_tracking=False, orders=5, placed_at=at(2026, 9, 8))
    covered = ship(seller, 20, at(2026, 9, 25), valid_tracking=False, orders=2, placed_at=at(2026, 9, 20))
    ship(seller, 500, at(2026, 9, 25), channel=FulfillmentChannel.FBA)  # never counted
    ship(seller, 50, at(2026, 9, 25), channel=FulfillmentChannel.SFP)  # not seller-fulfilled in CSBA's sense
    contacts(seller, 4, at(2026, 9, 26), order=covered[0].order)
    ship(seller, 50, at(2026, 10, 10), valid_tracking=False, placed_at=at(2026, 10, 5))
    return seller


def test_cpu_counts_every_seller_fulfilled_unit_of_the_window_and_the_fee_only_covered_units():
    # given the example
    seller = _enrolled_mid_september()
    # when October is closed
    month_close(marketplace="US", month=date(2026, 10, 1), now=datetime(2026, 11, 2, tzinfo=UTC))
    # then CPU is 4 / 2,000 = 0.2%: tier 1, not the standard rate of "20 units, 20% CPU"
    october = _statement(seller, date(2026, 10, 1))
    assert (october.window_units, october.window_contacts) == (2000, 4)
    assert october.cpu == D("0.002000") and october.tier == 1 and october.is_standard_rate is False
    assert october.inputs["seller_fulfilled_units_by_month"] == {
        "2026-07": 990,
        "2026-08": 700,
        "2026-09": 310,
        "2026-10": 50,
    }
    assert october.inputs["units_by_month"]["2026-09"] == 20
    # and the fee is charged on October's covered units at tier 1
    assert (october.units, october.seller_fulfilled_units, october.fee) == (50, 50, D("5.00"))


@pytest.mark.parametrize("listed", [500, 0], ids=["gaps-by-id", "gaps-with-everyone"])
def test_closed_months_without_a_statement_of_the_seller_are_read_from_the_data(listed, monkeypatch):
    # (many sellers missing from closed months are read with the marketplace's others, not by id)
    monkeypatch.setattr("billing.metrics.window.MAX_IDS_LISTED", listed)
    # given the same seller, and July–September closed before October (the monthly job's order):
    # July and August have no statement of this seller (not enrolled yet), September has one
    seller = _enrolled_mid_september()
    now = datetime(2026, 11, 2, tzinfo=UTC)
    for month in (7, 8, 9):
        month_close(marketplace="US", month=date(2026, month, 1), now=now)
    assert not MonthlyStatement.objects.filter(seller=seller, month__lt=date(2026, 9, 1)).exists()
    assert _statement(seller, date(2026, 9, 1)).seller_fulfilled_units == 310
    # when October is closed
    month_close(marketplace="US", month=date(2026, 10, 1), now=now)
    # then the window is the same 2,000 units, September's from its statement
    october = _statement(seller, date(2026, 10, 1))
    assert (october.window_units, october.cpu, october.tier) == (2000, D("0.002000"), 1)
    assert october.inputs["units_from_statements"] == ["2026-09"]
    # and September's report announced exactly that tier
    assert _statement(seller, date(2026, 9, 1)).inputs["next_month"]["tier"] == 1


def test_the_portal_shows_the_tier_with_every_seller_fulfilled_unit(client, clock):
    from tests.factories import UserFactory

    seller = _enrolled_mid_september()
    seller.user = UserFactory(username="mid-september", roles=["sellers"])
    seller.save(update_fields=["user"])
    clock.set(datetime(2026, 10, 20, tzinfo=UTC))
    client.force_login(seller.user)
    [overview] = client.get("/seller/billing/").context["overviews"]
    assert (overview.window_units, overview.window_contacts, overview.tier) == (2000, 4, 1)
    assert overview.rate == D("0.1000") and overview.is_standard_rate is False
