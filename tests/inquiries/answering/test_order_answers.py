"""Order questions: where is my order, return requests, refund status."""

from datetime import timedelta
from decimal import Decimal

import pytest

from inquiries.answering.orders import answer_refund_status, answer_return_request, answer_where_is_my_order
from sellers.models import Refund
from tests.factories import T0, OrderFactory, OrderItemFactory, ShipmentFactory

pytestmark = pytest.mark.django_db


def test_wismo_in_transit_gives_status_carrier_link_and_estimated_delivery():
    order = OrderFactory()
    shipment = ShipmentFactory(order=order, carrier="UPS", tracking_number="1Z999AA10123456784")
    result = answer_where_is_my_order(order, language="en", buyer_name="Ana", now=T0 + timedelta(days=12)).as_dict()
    assert result["decision"] == "answer" and result["reason"] == "in_transit"
    assert "shipped on 2026-01-12 with UPS" in result["reply"]
    assert shipment.tracking_url in result["reply"]
    assert f"Estimated delivery: {shipment.estimated_delivery_at:%Y-%m-%d}" in result["reply"]
    assert result["reply"].startswith("Hello Ana,")
    assert result["evidence"][0]["source"] == "shipment"


def test_wismo_delivered_says_when_and_in_german():
    order = OrderFactory()
    ShipmentFactory(order=order, delivered_at=T0 + timedelta(days=13))
    result = answer_where_is_my_order(order, language="de", buyer_name="Jan", now=T0 + timedelta(days=14)).as_dict()
    assert result["decision"] == "answer" and result["reason"] == "delivered"
    assert "wurde am 2026-01-14 von UPS zugestellt" in result["reply"]


@pytest.mark.parametrize("tracking, valid", [("", True), ("NOT-A-NUMBER", False)])
def test_wismo_with_missing_or_invalid_tracking_escalates_to_the_seller(tracking, valid):
    order = OrderFactory()
    ShipmentFactory(order=order, tracking_number=tracking, has_valid_tracking=valid)
    result = answer_where_is_my_order(order, language="en", buyer_name="Ana", now=T0 + timedelta(days=12)).as_dict()
    assert result["decision"] == "escalate"
    assert result["reason"] == "missing_or_invalid_tracking"
    assert "checking the shipping status" in result["reply"]


def test_wismo_without_shipment_escalates_as_not_shipped_in_japanese():
    order = OrderFactory()
    result = answer_where_is_my_order(order, language="ja", buyer_name="佐藤", now=T0 + timedelta(days=12)).as_dict()
    assert result["decision"] == "escalate" and result["reason"] == "not_shipped"
    assert result["reply"].startswith("佐藤 様")
    assert "まだ発送されていません" in result["reply"]


def test_return_request_inside_the_window_gives_days_left_and_the_prepaid_label():
    item = OrderItemFactory()
    ShipmentFactory(order=item.order, delivered_at=T0 + timedelta(days=13))
    # US standard policy: 30 days from delivery, prepaid labels
    result = answer_return_request(item, language="en", buyer_name="Ana", now=T0 + timedelta(days=23)).as_dict()
    assert result["decision"] == "answer" and result["reason"] == "return_window_open"
    assert "until 2026-02-13 (20 days left under the standard return policy)" in result["reply"]
    assert "prepaid return label is included" in result["reply"]


def test_return_request_after_the_window_escalates():
    item = OrderItemFactory()
    ShipmentFactory(order=item.order, delivered_at=T0 + timedelta(days=13))
    result = answer_return_request(item, language="en", buyer_name="Ana", now=T0 + timedelta(days=60)).as_dict()
    assert result["decision"] == "escalate" and result["reason"] == "return_window_closed"
    assert "30-day return window" in result["reply"]


def test_refund_status_lists_issued_refunds_and_escalates_when_there_is_none():
    item = OrderItemFactory()
    none = answer_refund_status(item.order, language="en", buyer_name="Ana", now=T0 + timedelta(days=20)).as_dict()
    assert none["decision"] == "escalate" and none["reason"] == "no_refund"
    Refund.objects.create(
        order_item=item, kind="partial", amount=Decimal("5.00"), currency="USD", issued_at=T0 + timedelta(days=18)
    )
    result = answer_refund_status(item.order, language="en", buyer_name="Ana", now=T0 + timedelta(days=20)).as_dict()
    assert result["decision"] == "answer" and result["reason"] == "refund_issued"
    assert "A partial refund of 5.00 USD" in result["reply"] and "issued on 2026-01-19" in result["reply"]
    assert result["evidence"] == [{"source": "refund", "score": 1.0, "text": "partial refund 5.00 USD on 2026-01-19"}]


def test_order_answers_highlight_the_facts_in_their_evidence():
    order = OrderFactory()
    ShipmentFactory(order=order, tracking_number="1Z999AA10123456784")
    result = answer_where_is_my_order(order, language="en", buyer_name="Ana", now=T0 + timedelta(days=12)).as_dict()
    text = result["evidence"][0]["text"]
    terms = [text[s["start"] : s["end"]] for s in result["highlights"][0]["spans"]]
    assert terms == ["1Z999AA10123456784", "2026-01-12"]
