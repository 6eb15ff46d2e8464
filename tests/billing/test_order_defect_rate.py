"""Order Defect Rate with its three parts: A-to-z claims, negative feedback,
chargebacks; an order with several defects counts once."""

from datetime import date
from decimal import Decimal

import pytest

from billing.metrics import order_defect_rate
from sellers.models import Order, Refund
from tests.factories import marketplace

from .helpers import at, enrolled_seller, ship

pytestmark = pytest.mark.django_db


def test_each_part_counts_and_an_order_with_two_defects_counts_once():
    seller = enrolled_seller()
    items = ship(seller, 10, at(2026, 10, 10), orders=10)
    orders = [item.order for item in items]
    Order.objects.filter(pk=orders[0].pk).update(feedback_rating=1, feedback_at=at(2026, 10, 12))
    Order.objects.filter(pk=orders[1].pk).update(feedback_rating=2, chargeback_at=at(2026, 10, 13))
    Order.objects.filter(pk=orders[2].pk).update(chargeback_at=at(2026, 10, 14))
    Order.objects.filter(pk=orders[3].pk).update(feedback_rating=3)  # neutral: no defect
    Refund.objects.create(
        order_item=items[4], amount=Decimal("10.00"), kind="full", is_a_to_z=True, issued_at=at(2026, 10, 15)
    )
    counts = order_defect_rate(marketplace=marketplace("US"), month=date(2026, 10, 1))[seller.pk]
    assert (counts.orders, counts.negative_feedback, counts.chargebacks, counts.a_to_z_claims) == (10, 2, 2, 1)
    assert counts.defects == 4  # order 1 has negative feedback and a chargeback
    assert counts.rate == Decimal("0.4")


def test_a_feedback_rating_outside_one_to_five_is_refused():
    from django.db import IntegrityError, transaction

    seller = enrolled_seller()
    order = ship(seller, 1, at(2026, 10, 10))[0].order
    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.filter(pk=order.pk).update(feedback_rating=6)
