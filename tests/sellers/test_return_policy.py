"""Sellers' return policies: submit, approve (supersedes), reject."""

from datetime import timedelta
from decimal import Decimal

import pytest

from csba.errors import DomainError
from sellers.models import ReturnPolicy, ReturnPolicyStatus
from sellers.return_policy import applicable_policy
from sellers.services import return_policy_approve, return_policy_reject, return_policy_submit
from tests.factories import T0, SellerFactory, marketplace, operator_user

pytestmark = pytest.mark.django_db


def submit(seller, days=45, labels=True, fee="0", now=T0):
    return return_policy_submit(
        seller_id=seller.pk,
        marketplace_code="US",
        window_days=days,
        has_prepaid_labels=labels,
        restocking_fee_percent=Decimal(fee),
        now=now,
    )


def test_a_less_favourable_policy_is_refused_with_each_problem_and_not_stored():
    seller = SellerFactory()
    with pytest.raises(DomainError) as raised:
        submit(seller, days=29, labels=False, fee="0.01")
    assert raised.value.code == "policy_less_favourable"
    assert sorted(raised.value.field_errors) == ["has_prepaid_labels", "restocking_fee_percent", "window_days"]
    assert ReturnPolicy.objects.count() == 0


def test_a_policy_equal_to_the_standard_is_accepted_for_approval():
    policy = submit(SellerFactory(), days=30)
    assert (policy.status, policy.submitted_at) == (ReturnPolicyStatus.SUBMITTED, T0)


def test_approval_makes_agents_apply_it_and_supersedes_the_previous_one():
    # given
    seller, operator = SellerFactory(), operator_user()
    first = submit(seller, days=45)
    return_policy_approve(policy_id=first.pk, now=T0 + timedelta(hours=1), actor=operator)
    second = submit(seller, days=60, now=T0 + timedelta(days=1))
    assert applicable_policy(seller_id=seller.pk, marketplace=marketplace("US")).window_days == 45
    # when
    approved = return_policy_approve(policy_id=second.pk, now=T0 + timedelta(days=2), actor=operator, note="ok")
    # then
    first.refresh_from_db()
    assert (approved.status, approved.decided_by, approved.decision_note) == ("approved", operator, "ok")
    assert first.status == ReturnPolicyStatus.SUPERSEDED
    policy = applicable_policy(seller_id=seller.pk, marketplace=marketplace("US"))
    assert (policy.source, policy.window_days, policy.policy_id) == ("seller", 60, second.pk)


def test_a_new_submission_supersedes_the_one_still_awaiting_approval():
    seller = SellerFactory()
    old = submit(seller, days=40)
    new = submit(seller, days=50, now=T0 + timedelta(hours=2))
    old.refresh_from_db()
    assert (old.status, new.status) == (ReturnPolicyStatus.SUPERSEDED, ReturnPolicyStatus.SUBMITTED)


def test_rejection_keeps_the_standard_in_force_and_a_decided_policy_cannot_be_decided_again():
    seller = SellerFactory()
    policy = submit(seller)
    rejected = return_policy_reject(policy_id=policy.pk, now=T0, note="Unclear text")
    assert (rejected.status, rejected.decision_note) == ("rejected", "Unclear text")
    assert applicable_policy(seller_id=seller.pk, marketplace=marketplace("US")).source == "standard"
    with pytest.raises(DomainError) as raised:
        return_policy_approve(policy_id=policy.pk, now=T0)
    assert raised.value.code == "policy_not_submitted"
    assert ReturnPolicy.objects.get().status == "rejected"


# --- the two rules every remedy rests on (pure functions on loaded values) -------------------------------------


class _Shipment:
    def __init__(self, shipped_at, estimated=None, delivered=None):
        self.shipped_at, self.estimated_delivery_at, self.delivered_at = shipped_at, estimated, delivered


def test_the_return_window_starts_at_delivery_else_estimate_else_shipping_of_the_items_shipment():
    from sellers.return_policy import return_window_start

    day = timedelta(days=1)
    delivered = _Shipment(T0, estimated=T0 + 3 * day, delivered=T0 + 2 * day)
    estimated = _Shipment(T0, estimated=T0 + 3 * day)
    shipped = _Shipment(T0)
    assert return_window_start(placed_at=T0 - day, item_shipment=delivered) == T0 + 2 * day
    assert return_window_start(placed_at=T0 - day, item_shipment=estimated) == T0 + 3 * day
    assert return_window_start(placed_at=T0 - day, item_shipment=shipped) == T0


def test_without_its_own_shipment_an_item_follows_the_orders_first_shipment_or_else_the_order_date():
    from sellers.return_policy import return_window_start

    day = timedelta(days=1)
    later, first = _Shipment(T0 + 5 * day, delivered=T0 + 6 * day), _Shipment(T0 + day, delivered=T0 + 2 * day)
    assert return_window_start(placed_at=T0, item_shipment=None, order_shipments=[later, first]) == T0 + 2 * day
    assert return_window_start(placed_at=T0, item_shipment=None, order_shipments=[]) == T0


def test_the_refundable_amount_is_the_items_total_less_what_was_refunded_or_planned():
    from sellers.return_policy import refundable_amount

    assert refundable_amount(unit_price=Decimal("19.99"), quantity=2) == Decimal("39.98")
    assert refundable_amount(
        unit_price=Decimal("19.99"), quantity=2, refunded=[Decimal("10.00"), Decimal("9.99")]
    ) == Decimal("19.99")
    assert refundable_amount(unit_price=Decimal("5"), quantity=1, refunded=[Decimal("5")]) == Decimal("0")
