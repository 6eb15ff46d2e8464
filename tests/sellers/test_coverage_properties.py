"""Property-based tests of sellers/coverage.py against a reference model.

Random sequences of opt-in / opt-out / re-enrollment / activation go through
the real services with a moving clock; orders (FBM, FBA, SFP, mixed) are placed
at random times, many on window edges. The reference model is a plain list of
windows ``[effective_at, ended_at)``; an FBM unit is covered iff its order was
placed inside one of them, FBA and SFP units never are.
"""

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csba.errors import DomainError
from sellers.coverage import coverage_for_item, coverage_for_order, covered_item_condition
from sellers.models import Enrollment, FulfillmentChannel, OrderItem
from sellers.services import enrollment_activate_due, enrollment_opt_in, enrollment_opt_out
from tests.factories import T0, OrderFactory, OrderItemFactory, ProductFactory, SellerFactory, marketplace

from .factories import invite

pytestmark = pytest.mark.django_db

DELAY = timedelta(minutes=60)  # US opt_in_delay_minutes (seeded)

operations = st.lists(
    st.tuples(st.sampled_from(["opt_in", "opt_out", "activate"]), st.integers(min_value=0, max_value=3 * 24 * 60)),
    min_size=1,
    max_size=8,
)
channels = st.sampled_from([FulfillmentChannel.FBM, FulfillmentChannel.FBA, FulfillmentChannel.SFP])
orders = st.lists(
    st.tuples(
        st.one_of(st.integers(min_value=-120, max_value=30 * 24 * 60), st.sampled_from(["edge"])),
        st.integers(min_value=0, max_value=1000),
        st.lists(channels, min_size=1, max_size=3),
    ),
    min_size=1,
    max_size=6,
)


class ReferenceModel:
    def __init__(self):
        self.windows: list[list] = []  # [effective_at, ended_at or None]

    def open_window(self):
        return next((w for w in self.windows if w[1] is None), None)

    def opt_in(self, now):
        if self.open_window() is not None:
            return False
        self.windows.append([now + DELAY, None])
        return True

    def opt_out(self, now):
        window = self.open_window()
        if window is None:
            return False
        window[1] = max(now, window[0])
        return True

    def covers(self, moment, channel):
        return channel == FulfillmentChannel.FBM and any(
            start <= moment and (end is None or moment < end) for start, end in self.windows
        )

    def edges(self):
        return [t for w in self.windows for t in w if t is not None]


def run_operations(seller, ops):
    model = ReferenceModel()
    now = T0
    for kind, gap_minutes in ops:
        now = now + timedelta(minutes=gap_minutes)
        if kind == "activate":
            enrollment_activate_due(now=now)
            continue
        try:
            if kind == "opt_in":
                invite(seller, "US", now=now, expires_in=None)  # US opt-in is invitation-only
                enrollment_opt_in(seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=now)
                assert model.opt_in(now) is True
            else:
                enrollment_opt_out(seller_id=seller.pk, marketplace_code="US", now=now)
                assert model.opt_out(now) is True
        except DomainError as refused:
            assert refused.code in ("already_enrolled", "not_enrolled")
            assert (model.opt_in(now) if kind == "opt_in" else model.opt_out(now)) is False
    return model


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations, placed=orders)
def test_coverage_matches_a_list_of_windows(ops, placed):
    # given: a fresh seller with a random history of windows
    seller = SellerFactory()
    product = ProductFactory(seller=seller)
    model = run_operations(seller, ops)
    windows = list(
        Enrollment.objects.filter(seller=seller).order_by("requested_at").values_list("effective_at", "ended_at")
    )
    assert [tuple(w) for w in model.windows] == windows
    edges = model.edges()
    # when: orders are placed at random times, many exactly on a window edge or just before one
    expected = {}
    for moment, pick, order_channels in placed:
        if moment == "edge":
            placed_at = (edges[pick % len(edges)] - timedelta(microseconds=pick % 2)) if edges else T0
        else:
            placed_at = T0 + timedelta(minutes=moment)
        order = OrderFactory(seller=seller, placed_at=placed_at)
        for channel in order_channels:
            item = OrderItemFactory(order=order, product=product, fulfillment_channel=channel)
            expected[item.pk] = model.covers(placed_at, channel)
    # then: the per-item service, the per-order service and the set-based filter all agree with the model
    items = OrderItem.objects.filter(order__seller=seller).select_related("order")
    assert {item.pk: coverage_for_item(item).is_covered for item in items} == expected
    by_order = {}
    for order in {item.order for item in items}:
        by_order.update({pk: c.is_covered for pk, c in coverage_for_order(order).items()})
    assert by_order == expected
    covered = set(
        OrderItem.objects.filter(order__seller=seller).filter(covered_item_condition()).values_list("pk", flat=True)
    )
    assert covered == {pk for pk, is_covered in expected.items() if is_covered}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_windows_never_overlap_and_at_most_one_is_open(ops):
    seller = SellerFactory()
    run_operations(seller, ops)
    windows = list(
        Enrollment.objects.filter(seller=seller, marketplace=marketplace("US")).order_by("effective_at", "pk")
    )
    assert sum(1 for w in windows if w.ended_at is None) <= 1
    for earlier, later in zip(windows, windows[1:]):
        assert earlier.ended_at is not None and earlier.ended_at <= later.effective_at
    assert sum(1 for w in windows if w.trial_ends_at is not None) <= 1


def test_coverage_reasons_for_a_mixed_order_in_a_window():
    # given
    seller = SellerFactory()
    invite(seller, "US", now=T0, expires_in=None)
    enrollment_opt_in(seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=T0)
    order = OrderFactory(seller=seller, placed_at=T0 + DELAY)
    fbm, fba, sfp = (OrderItemFactory(order=order, fulfillment_channel=c) for c in ("FBM", "FBA", "SFP"))
    early = OrderItemFactory(order=OrderFactory(seller=seller, placed_at=T0 + DELAY - timedelta(seconds=1)))
    # then
    assert [coverage_for_item(i).reason for i in (fbm, fba, sfp, early)] == [
        "covered",
        "fulfilled_by_amazon",
        "seller_fulfilled_prime",
        "seller_not_enrolled_when_ordered",
    ]
