"""Intake: classification, coverage and routing, exactly once."""

from datetime import timedelta

import pytest

from csba.errors import DomainError
from inquiries.intake.services import Contact, contact_receive
from inquiries.models import Message, Ticket, TicketEvent
from inquiries.reasons import Route
from inquiries.states import TicketStatus
from sellers.models import FulfillmentChannel
from tests.factories import T0, EnrollmentFactory, OrderFactory, OrderItemFactory, SellerFactory

pytestmark = pytest.mark.django_db


def enrolled_order(*, channel=FulfillmentChannel.FBM, placed_after_enrollment=True):
    seller = SellerFactory()
    EnrollmentFactory(seller=seller, requested_at=T0, effective_at=T0)
    placed = T0 + timedelta(days=5) if placed_after_enrollment else T0 - timedelta(days=5)
    order = OrderFactory(seller=seller, placed_at=placed)
    OrderItemFactory(order=order, fulfillment_channel=channel)
    return order


def receive(text, *, order=None, key=None, channel="api", marketplace_code="US", now=None, **extra):
    extra.setdefault("buyer_email", order.buyer.email if order else "buyer@example.net")
    contact = Contact(
        channel=channel,
        marketplace_code=marketplace_code,
        body=text,
        order_number=order.order_number if order else None,
        idempotency_key=key,
        **extra,
    )
    return contact_receive(contact=contact, now=now or T0 + timedelta(days=20))


def test_a_covered_post_order_contact_goes_to_the_csba_queue_with_its_reason():
    # given
    order = enrolled_order()
    # when
    result = receive("Where is my package? It has not arrived yet.", order=order)
    # then
    ticket = result.ticket
    assert result.created is True
    assert (ticket.route, ticket.status, ticket.reason) == (Route.CSBA, TicketStatus.OPEN, "where_is_my_order")
    assert "Covered unit" in ticket.route_reason
    assert ticket.order_item == order.items.get()
    assert ticket.seller_id == order.seller_id
    assert ticket.first_response_due_at == ticket.opened_at + timedelta(hours=48)
    opened = TicketEvent.objects.get(ticket=ticket)
    assert opened.kind == "opened"
    assert opened.data["route"] == "csba"
    assert Message.objects.get(ticket=ticket).body.startswith("Where is my package")


@pytest.mark.parametrize(
    "text,reason",
    [
        ("Can you send me an invoice with VAT for my order?", "invoice"),
        ("Can you engrave my name on the bottle before shipping?", "customization"),
        ("Is this available in red before I order?", "pre_order"),
    ],
)
def test_excluded_reasons_go_to_the_sellers_messages_even_on_covered_orders(text, reason):
    order = enrolled_order()
    ticket = receive(text, order=order).ticket
    assert (ticket.reason, ticket.route, ticket.status) == (reason, Route.SELLER_MESSAGING, TicketStatus.TRANSFERRED)
    assert "seller" in ticket.route_reason.lower()


def test_account_questions_go_to_marketplace_support():
    ticket = receive("I cannot log in to my account, password reset does not work").ticket
    assert (ticket.reason, ticket.route) == ("account", Route.MARKETPLACE_SUPPORT)


def test_fba_units_are_not_csba_units():
    order = enrolled_order(channel=FulfillmentChannel.FBA)
    ticket = receive("My package has not arrived, where is it?", order=order).ticket
    assert ticket.route == Route.SELLER_MESSAGING
    assert "Fulfilled by Amazon" in ticket.route_reason


def test_seller_fulfilled_prime_units_are_not_csba_units():
    order = enrolled_order(channel=FulfillmentChannel.SFP)
    ticket = receive("My package has not arrived, where is it?", order=order).ticket
    assert ticket.route == Route.SELLER_MESSAGING
    assert "Seller-Fulfilled Prime" in ticket.route_reason


def test_orders_placed_before_enrollment_are_not_covered():
    order = enrolled_order(placed_after_enrollment=False)
    ticket = receive("Where is my order? Still not delivered.", order=order).ticket
    assert ticket.route == Route.SELLER_MESSAGING
    assert "not enrolled" in ticket.route_reason


def test_in_a_mixed_order_the_covered_unit_is_handled_by_csba():
    order = enrolled_order()
    fba = OrderItemFactory(order=order, fulfillment_channel=FulfillmentChannel.FBA)
    ticket = receive("The blender arrived broken, the glass is cracked.", order=order).ticket
    assert ticket.route == Route.CSBA
    assert "Other items of this order are not covered" in ticket.route_reason
    assert ticket.classification["coverage"][str(fba.pk)]["covered"] is False


def test_the_same_idempotency_key_returns_the_same_ticket():
    order = enrolled_order()
    first = receive("Where is my order?", order=order, key="k-1")
    second = receive("Where is my order?", order=order, key="k-1")
    assert first.created is True and second.created is False
    assert first.ticket.pk == second.ticket.pk
    assert Ticket.objects.count() == 1
    assert Message.objects.count() == 1


@pytest.mark.parametrize(
    "field,value,code",
    [
        ("body", "", "invalid_contact"),
        ("body", "   \n ", "invalid_contact"),
        ("body", "x" * 100_001, "invalid_contact"),
        ("order_number", "999-0000000-0000000", "unknown_order"),
        ("marketplace_code", "FR", "unknown_marketplace"),
    ],
)
def test_bad_contacts_are_refused_and_nothing_is_written(field, value, code):
    values = {"channel": "api", "marketplace_code": "US", "body": "Where is my order?"}
    values[field] = value
    with pytest.raises(DomainError) as error:
        contact_receive(contact=Contact(**values), now=T0)
    assert error.value.code == code
    assert Ticket.objects.count() == 0
    assert Message.objects.count() == 0


def test_an_order_of_another_marketplace_is_refused():
    order = enrolled_order()
    with pytest.raises(DomainError) as error:
        receive("Wo ist meine Bestellung?", order=order, marketplace_code="DE")
    assert error.value.code == "order_in_other_marketplace"
    assert Ticket.objects.count() == 0


def test_a_seller_can_transfer_a_covered_buyer_message_but_not_an_uncovered_one():
    covered = enrolled_order()
    ticket = receive(
        "Buyer asks: my parcel never arrived",
        order=covered,
        channel="seller_transfer",
        transferred_by_seller_id=covered.seller_id,
    ).ticket
    assert (ticket.route, ticket.channel) == (Route.CSBA, "seller_transfer")
    fba = enrolled_order(channel=FulfillmentChannel.FBA)
    with pytest.raises(DomainError) as error:
        receive(
            "Buyer asks: my parcel never arrived",
            order=fba,
            channel="seller_transfer",
            transferred_by_seller_id=fba.seller_id,
        )
    assert error.value.code == "transfer_not_covered"
    assert Ticket.objects.count() == 1


def test_a_seller_cannot_transfer_another_sellers_order():
    order = enrolled_order()
    other = SellerFactory()
    with pytest.raises(DomainError):
        receive("Buyer asks: where is it", order=order, channel="seller_transfer", transferred_by_seller_id=other.pk)
    assert Ticket.objects.count() == 0


def test_the_buyer_writing_again_reopens_a_ticket_waiting_for_the_buyer():
    order = enrolled_order()
    ticket = receive("Where is my order?", order=order).ticket
    from inquiries.transitions import ticket_transition

    ticket_transition(ticket, TicketStatus.PENDING_BUYER, now=T0 + timedelta(days=21))
    result = receive(
        "Still nothing!", ticket_reference=ticket.pk, buyer_email=order.buyer.email, now=T0 + timedelta(days=22)
    )
    assert result.threaded is True
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN
    assert ticket.messages.count() == 2


def test_a_ticket_reference_from_another_sender_opens_a_new_ticket():
    # given a ticket of one buyer
    order = enrolled_order()
    ticket = receive("Where is my order?", order=order).ticket
    # when someone else writes quoting its reference
    result = receive("Where is my order?", ticket_reference=ticket.pk, buyer_email="stranger@example.org")
    # then the message does not land on the buyer's ticket
    assert result.threaded is False and result.ticket.pk != ticket.pk
    assert ticket.messages.count() == 1


def test_intake_stays_within_ten_queries_per_contact(django_assert_max_num_queries):
    order = enrolled_order()
    receive("warm-up: where is my order", order=order, key="warm")  # caches the marketplace
    with django_assert_max_num_queries(10):
        receive("Where is my parcel? It is late.", order=order, key="k-2")


def test_suggestion_and_notification_tasks_run_only_after_commit(django_capture_on_commit_callbacks):
    order = enrolled_order()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        receive("Where is my order?", order=order)
    assert len(callbacks) == 1
    assert Ticket.objects.get().suggestion is None
    callbacks[0]()
    ticket = Ticket.objects.get()
    assert ticket.suggestion is not None
    assert ticket.suggestion["evidence"][0]["source"] in {"order", "shipment"}
