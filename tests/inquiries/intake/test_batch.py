"""Batch intake (POST /api/v1/contacts/batch/): the single-contact rules with a
constant number of queries per batch; bad contacts reported in their place."""

import json
from datetime import timedelta

import pytest

from inquiries.intake.services import Contact, contact_receive, contacts_receive_batch
from inquiries.models import Message, Ticket, TicketEvent
from sellers.models import FulfillmentChannel
from tests.factories import T0, EnrollmentFactory, OrderFactory, OrderItemFactory, SellerFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = T0 + timedelta(days=20)


def order_of(*, channel=FulfillmentChannel.FBM, enrolled=True, marketplace_code="US"):
    from tests.factories import marketplace

    seller = SellerFactory()
    mp = marketplace(marketplace_code)
    if enrolled:
        EnrollmentFactory(seller=seller, marketplace=mp, requested_at=T0, effective_at=T0)
    order = OrderFactory(seller=seller, marketplace=mp, placed_at=T0 + timedelta(days=3))
    OrderItemFactory(order=order, fulfillment_channel=channel)
    return order


def contacts_for(orders):
    texts = [
        "Where is my order? It has not arrived.",
        "Please send me an invoice with VAT.",
        "The lamp arrived broken.",
        "I forgot my password.",
    ]
    return [
        Contact(
            channel="api",
            marketplace_code=o.marketplace.code,
            body=texts[i % len(texts)],
            order_number=o.order_number,
            idempotency_key=f"k-{i}",
        )
        for i, o in enumerate(orders)
    ]


def test_the_batch_decides_exactly_as_the_single_path():
    orders = [order_of(), order_of(channel=FulfillmentChannel.FBA), order_of(enrolled=False), order_of()] * 2
    contacts = contacts_for(orders)
    batch = contacts_receive_batch(contacts=contacts[:4], now=NOW)
    single = [contact_receive(contact=c, now=NOW).ticket for c in contacts[4:]]
    fields = ("reason", "route", "route_reason", "status", "order_item_id", "language", "first_response_due_at")
    for outcome, ticket in zip(batch, single):
        assert outcome.result.created is True
        assert [getattr(outcome.result.ticket, f) for f in fields] == [getattr(ticket, f) for f in fields]
        assert outcome.result.ticket.classification == ticket.classification


def test_every_ticket_gets_its_opened_event_message_and_after_commit_task(django_capture_on_commit_callbacks):
    contacts = contacts_for([order_of() for _ in range(3)])
    with django_capture_on_commit_callbacks() as callbacks:
        outcomes = contacts_receive_batch(contacts=contacts, now=NOW)
    ids = [o.result.ticket.pk for o in outcomes]
    assert TicketEvent.objects.filter(ticket_id__in=ids, kind="opened").count() == 3
    assert Message.objects.filter(ticket_id__in=ids, direction="inbound").count() == 3
    assert len(callbacks) == 1  # one callback enqueues the task of every ticket


def test_bad_contacts_are_reported_in_their_place_and_the_rest_is_taken():
    good = order_of()
    other_market = order_of(marketplace_code="DE")
    contacts = [
        Contact(channel="api", marketplace_code="US", body="Where is it?", order_number=good.order_number),
        Contact(channel="api", marketplace_code="US", body="   "),
        Contact(channel="api", marketplace_code="US", body="Where is it?", order_number="999-0000000-0000000"),
        Contact(channel="api", marketplace_code="US", body="Where is it?", order_number=other_market.order_number),
        Contact(channel="api", marketplace_code="XX", body="Where is it?"),
        Contact(channel="api", marketplace_code="US", body="Where is my parcel?", buyer_email="new@example.org"),
    ]
    outcomes = contacts_receive_batch(contacts=contacts, now=NOW)
    assert [o.error.code if o.error else "ok" for o in outcomes] == [
        "ok",
        "invalid_contact",
        "unknown_order",
        "order_in_other_marketplace",
        "unknown_marketplace",
        "ok",
    ]
    assert Ticket.objects.count() == 2
    assert outcomes[5].result.ticket.buyer.email == "new@example.org"


def test_a_resubmitted_batch_returns_the_same_tickets_and_repeats_inside_a_batch_share_one():
    contacts = contacts_for([order_of(), order_of()])
    contacts.append(contacts[0])  # the same key twice in one batch
    first = contacts_receive_batch(contacts=contacts, now=NOW)
    again = contacts_receive_batch(contacts=contacts, now=NOW)
    assert first[2].result.ticket.pk == first[0].result.ticket.pk and first[2].result.created is False
    assert [o.result.ticket.pk for o in again] == [o.result.ticket.pk for o in first]
    assert all(o.result.created is False for o in again)
    assert Ticket.objects.count() == 2


@pytest.mark.parametrize("size", [5, 60])
def test_the_number_of_queries_does_not_grow_with_the_batch(size, django_assert_max_num_queries):
    orders = [order_of() for _ in range(size)]
    contacts = contacts_for(orders)
    with django_assert_max_num_queries(10):
        outcomes = contacts_receive_batch(contacts=contacts, now=NOW)
    assert all(o.result and o.result.created for o in outcomes)


@pytest.fixture
def api(client):
    client.force_login(UserFactory(username="importer", roles=["integrators"]))
    return client


def post(client, payload):
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post("/api/v1/contacts/batch/", body, content_type="application/json")


def test_the_api_reports_each_contact(api):
    order = order_of()
    response = post(
        api,
        {
            "contacts": [
                {
                    "marketplace": "US",
                    "text": "Where is my order?",
                    "order_number": order.order_number,
                    "idempotency_key": "a",
                },
                {"marketplace": "US", "text": ""},
                "not an object",
                {"marketplace": "US", "text": "Wo ist mein Paket?", "order_number": "nope"},
            ]
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["existing"], body["rejected"]) == (1, 0, 3)
    assert [r["status"] for r in body["results"]] == ["created", "rejected", "rejected", "rejected"]
    assert body["results"][0]["route"] == "csba"
    assert "text" in body["results"][1]["errors"]
    assert body["results"][3]["code"] == "unknown_order"
    again = post(
        api,
        {
            "contacts": [
                {
                    "marketplace": "US",
                    "text": "Where is my order?",
                    "order_number": order.order_number,
                    "idempotency_key": "a",
                }
            ]
        },
    ).json()
    assert again["results"][0]["status"] == "existing"
    assert again["results"][0]["ticket"] == body["results"][0]["ticket"]


@pytest.mark.parametrize(
    "payload",
    ['{"contacts": 5}', '{"contacts": []}', "[1, 2]", "{not json", '"text"', json.dumps({"contacts": [{}] * 1001})],
)
def test_a_malformed_batch_is_a_clear_400(api, payload):
    response = post(api, payload)
    assert response.status_code == 400
    assert Ticket.objects.count() == 0
