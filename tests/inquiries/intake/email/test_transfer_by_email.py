"""Issue 12 item 10: a seller forwards a buyer's mail to the CSBA transfer
address of its marketplace and origin; it becomes a seller-transfer contact
on the buyer's order, the original sender and Message-ID preserved,
duplicates suppressed. Real RFC 5322 fixtures: forwarded as an attachment
(message/rfc822) and inline (Gmail's English and Japanese forms)."""

from datetime import UTC, datetime, timedelta

import pytest

from inquiries.intake.services import mail_receive
from inquiries.models import Message, RejectedMessage, Ticket, TicketEvent
from inquiries.reasons import Route
from sellers.models import FulfillmentChannel, TransferAddress
from tests.factories import BuyerFactory, EnrollmentFactory, OrderFactory, OrderItemFactory, SellerFactory, marketplace

from .conftest import eml

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 11, 6, tzinfo=UTC)
ORDER = "111-2223334-4445556"


def _seller(
    code="US",
    *,
    country="CN",
    email="orders@shenzhen-gadget.example.cn",
    order=ORDER,
    buyer_email=None,
    channel=FulfillmentChannel.FBM,
):
    mp = marketplace(code)
    seller = SellerFactory(business_country=country, notification_email=email)
    EnrollmentFactory(seller=seller, marketplace=mp, requested_at=NOW - timedelta(days=60))
    buyer = BuyerFactory(marketplace=mp, email=buyer_email or "jane.buyer@mail.example.net", name="Jane Buyer")
    placed = OrderFactory(
        seller=seller, marketplace=mp, buyer=buyer, order_number=order, placed_at=NOW - timedelta(days=9)
    )
    OrderItemFactory(order=placed, fulfillment_channel=channel)
    return seller, placed


def _opened(ticket):
    return TicketEvent.objects.get(ticket=ticket, kind="opened").data


def test_a_buyers_mail_forwarded_as_an_attachment_becomes_a_transfer_on_the_buyers_order():
    seller, order = _seller()
    outcome = mail_receive(raw=eml("transfer_forward_attached.eml"), now=NOW)
    assert outcome.status == "created", outcome
    ticket = Ticket.objects.get(pk=outcome.ticket_id)
    assert (ticket.channel, ticket.route, ticket.order, ticket.seller) == ("seller_transfer", Route.CSBA, order, seller)
    assert ticket.buyer == order.buyer and ticket.reason == "where_is_my_order"
    message = Message.objects.get(ticket=ticket)
    # the buyer's words, not the seller's note; the original Message-ID kept
    assert message.body.startswith("Hi, I ordered a desk lamp") and "please handle" not in message.body
    assert message.external_message_id == "CAjane.4451@mail.example.net"
    transfer = _opened(ticket)["transfer"]
    assert transfer["original_from"] == "jane.buyer@mail.example.net"
    assert transfer["original_message_id"] == "CAjane.4451@mail.example.net"
    assert transfer["forwarded_as"] == "attachment" and transfer["original_sender_is_the_buyer"] is True
    assert transfer["forwarded_by"] == "orders@shenzhen-gadget.example.cn"
    assert transfer["forward_message_id"] == "fwd-7781@mail.shenzhen-gadget.example.cn"
    assert "please handle" in transfer["seller_note"]


def test_the_same_forward_read_twice_and_a_buyer_mail_that_also_reached_csba_are_one_contact():
    seller, order = _seller()
    first = mail_receive(raw=eml("transfer_forward_attached.eml"), now=NOW)
    again = mail_receive(raw=eml("transfer_forward_attached.eml"), now=NOW + timedelta(minutes=5))
    assert (first.status, again.status, again.ticket_id) == ("created", "duplicate", first.ticket_id)
    assert Ticket.objects.count() == 1 and Message.objects.count() == 1


def test_a_forward_of_a_mail_csba_already_has_is_a_duplicate():
    _seller()
    direct = mail_receive(raw=eml("buyer_mail_also_sent_to_csba.eml"), now=NOW)
    forwarded = mail_receive(raw=eml("transfer_forward_attached.eml"), now=NOW + timedelta(hours=1))
    assert direct.status == "created"
    assert (forwarded.status, forwarded.ticket_id) == ("duplicate", direct.ticket_id)
    assert Ticket.objects.count() == 1


def test_an_inline_forward_keeps_the_original_sender_and_is_suppressed_when_read_again():
    seller, order = _seller()
    outcome = mail_receive(raw=eml("transfer_forward_inline.eml"), now=NOW)
    assert outcome.status == "created", outcome
    ticket = Ticket.objects.get(pk=outcome.ticket_id)
    assert (ticket.order, ticket.buyer, ticket.channel) == (order, order.buyer, "seller_transfer")
    assert ticket.subject == "Package not arrived"
    message = Message.objects.get(ticket=ticket)
    assert message.body.startswith("Hello, my package for order") and "Please take over" not in message.body
    assert message.external_message_id.startswith("fwd:")  # no Message-ID inline: a digest of the original
    transfer = _opened(ticket)["transfer"]
    assert (transfer["forwarded_as"], transfer["original_from"]) == ("inline", "jane.buyer@mail.example.net")
    assert transfer["original_date"] == "Tue, Mar 10, 2026 at 7:02 PM"
    assert mail_receive(raw=eml("transfer_forward_inline.eml"), now=NOW).status == "duplicate"
    assert Ticket.objects.count() == 1


def test_a_japanese_inline_forward_to_the_jp_address_for_china_based_sellers():
    seller, order = _seller(
        "JP",
        email="shop@dragon-trade.example.cn",
        order="250-1112223-3334445",
        buyer_email="hanako.sato@mail.example.jp",
    )
    outcome = mail_receive(raw=eml("transfer_forward_inline_ja.eml"), now=NOW)
    assert outcome.status == "created", outcome
    ticket = Ticket.objects.get(pk=outcome.ticket_id)
    assert (ticket.marketplace.code, ticket.order, ticket.language) == ("JP", order, "ja")
    assert ticket.subject.startswith("注文 250-1112223-3334445")
    assert Message.objects.get(ticket=ticket).body.startswith("注文した商品がまだ届きません")
    assert _opened(ticket)["transfer"]["original_from_name"] == "佐藤 花子"


@pytest.mark.parametrize(
    "setup,code",
    [
        ({"country": "US"}, "unknown_transfer_sender"),  # a US-based seller writing to the address for China-based ones
        ({"email": "someone@else.example"}, "unknown_transfer_sender"),
        ({"order": "111-0000000-0000000", "buyer_email": "other@mail.example.net"}, "transfer_order_not_found"),
        ({"channel": FulfillmentChannel.FBA}, "transfer_not_covered"),
    ],
)
def test_a_transfer_that_cannot_be_taken_is_kept_as_rejected_and_makes_no_ticket(setup, code):
    _seller(**setup)
    outcome = mail_receive(raw=eml("transfer_forward_attached.eml"), now=NOW)
    assert (outcome.status, outcome.reason) == ("rejected", code)
    assert not Ticket.objects.exists()
    rejected = RejectedMessage.objects.get()
    assert rejected.reason == code and rejected.message_id == "fwd-7781@mail.shenzhen-gadget.example.cn"


def test_transfer_addresses_are_data_per_marketplace_and_origin():
    rows = set(TransferAddress.objects.values_list("marketplace__code", "origin"))
    assert {("US", "CN"), ("US", ""), ("DE", "DE"), ("DE", "CN"), ("JP", "CN")} <= rows
    # an operator moves the US address for China-based sellers: mail to the old one is buyer mail again
    TransferAddress.objects.filter(marketplace__code="US", origin="CN").update(address="transfers-cn@csba.example")
    _seller()
    outcome = mail_receive(raw=eml("transfer_forward_attached.eml"), now=NOW)
    assert Ticket.objects.get(pk=outcome.ticket_id).channel == "email"
