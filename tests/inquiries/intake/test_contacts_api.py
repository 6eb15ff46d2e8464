"""POST /api/v1/contacts/ and friends: clear 400s, never 500, exactly once."""

import json
from datetime import timedelta

import pytest

from inquiries.models import Message, Ticket
from tests.factories import (
    T0,
    EnrollmentFactory,
    OrderFactory,
    OrderItemFactory,
    SellerFactory,
    UserFactory,
    agent_user,
    seller_with_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    client.force_login(UserFactory(username="integration", roles=["integrators"]))
    return client


@pytest.fixture
def covered_order():
    seller = SellerFactory()
    EnrollmentFactory(seller=seller, requested_at=T0, effective_at=T0)
    order = OrderFactory(seller=seller, placed_at=T0 + timedelta(days=3))
    OrderItemFactory(order=order)
    return order


def post(client, payload, **headers):
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    return client.post("/api/v1/contacts/", body, content_type="application/json", headers=headers)


def test_a_contact_creates_a_ticket_and_a_retry_returns_it(api, covered_order, clock):
    payload = {
        "marketplace": "US",
        "text": "Where is my order? It has not arrived.",
        "order_number": covered_order.order_number,
    }
    first = post(api, payload, **{"Idempotency-Key": "abc-1"})
    again = post(api, payload, **{"Idempotency-Key": "abc-1"})
    assert first.status_code == 201
    assert again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["route"] == "csba"
    assert first.json()["reference"] == f"CSBA-{first.json()['id']}"
    assert Ticket.objects.count() == 1


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"marketplace": "US", "text": ""}, "text"),
        ({"marketplace": "US"}, "text"),
        ({"marketplace": "US", "text": "x" * 100_001}, "text"),
        ({"marketplace": "US", "text": "hello", "buyer_email": "not-an-email"}, "buyer_email"),
        ({"marketplace": "US", "text": "Where is it?", "order_number": "000-0000000-0000000"}, "order_number"),
        ({"marketplace": "XX", "text": "Where is it?"}, "marketplace"),
        ({"marketplace": "US", "text": "hi", "channel": "fax"}, "channel"),
    ],
)
def test_bad_contacts_get_400_with_field_errors_and_write_nothing(api, clock, payload, field):
    response = post(api, payload)
    assert response.status_code == 400
    body = response.json()
    assert field in body.get("errors", body), body
    assert Ticket.objects.count() == 0


def test_invalid_json_is_a_400(api):
    response = post(api, '{"marketplace": "US", "text": ')
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


def test_an_order_of_another_marketplace_is_a_400(api, covered_order, clock):
    response = post(
        api, {"marketplace": "DE", "text": "Wo ist meine Bestellung?", "order_number": covered_order.order_number}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "order_in_other_marketplace"


def test_sellers_cannot_push_contacts_and_anonymous_users_are_refused(client, clock):
    assert post(client, {"marketplace": "US", "text": "hi"}).status_code in (401, 403)
    client.force_login(seller_with_user().user)
    assert post(client, {"marketplace": "US", "text": "hi"}).status_code == 403
    assert Ticket.objects.count() == 0


def test_a_seller_transfers_a_buyer_message_about_its_covered_order(client, covered_order, clock):
    user = UserFactory(username="s1", roles=["sellers"])
    covered_order.seller.user = user
    covered_order.seller.save()
    client.force_login(user)
    response = client.post(
        "/api/v1/seller/transfers/",
        {"order_number": covered_order.order_number, "text": "The buyer says the parcel never arrived."},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["channel"] == "seller_transfer"
    assert response.json()["route"] == "csba"


def test_the_buyer_web_form_creates_one_ticket_per_submission(client, covered_order, clock):
    data = {
        "marketplace": "US",
        "buyer_name": "Ann",
        "buyer_email": "ann@example.net",
        "order_number": covered_order.order_number,
        "subject": "Late",
        "text": "My order is late, where is it?",
        "submission_key": "form-1",
    }
    assert client.post("/help/contact/", data).status_code == 200
    assert client.post("/help/contact/", data).status_code == 200
    assert Ticket.objects.count() == 1
    assert Ticket.objects.get().channel == "web_form"


def test_the_web_form_shows_errors_instead_of_failing(client, clock):
    response = client.post(
        "/help/contact/",
        {"marketplace": "US", "buyer_name": "Ann", "buyer_email": "not-an-address", "text": "Where is it?"},
    )
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    assert Ticket.objects.count() == 0


def test_an_agent_logs_a_phone_call(client, covered_order, clock):
    client.force_login(agent_user())
    response = client.post(
        "/intake/phone/",
        {
            "marketplace": "US",
            "order_number": covered_order.order_number,
            "language": "en",
            "text": "Caller asks where the parcel is.",
        },
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.route) == ("phone", "csba")


def test_a_chat_continues_on_the_same_ticket(client, covered_order, clock):
    response = client.post(
        "/help/chat/",
        {
            "marketplace": "US",
            "buyer_name": "Ann",
            "buyer_email": "ann@example.net",
            "order_number": covered_order.order_number,
            "text": "Hi, where is my order?",
        },
    )
    assert response.status_code == 302
    chat_url = response["Location"]
    assert client.post(chat_url, {"text": "Hello? Anyone?"}).status_code == 302
    ticket = Ticket.objects.get()
    assert list(ticket.messages.values_list("body", flat=True)) == ["Hi, where is my order?", "Hello? Anyone?"]
    assert chat_url.startswith("/help/conversation/")
    forged = client.get(chat_url.replace("/help/conversation/", "/help/conversation/x"))
    assert forged.status_code == 400 and "not valid" in forged.content.decode()


def test_sellers_see_messages_routed_to_them_with_the_reason(client, covered_order, clock):
    user = UserFactory(username="s2", roles=["sellers"])
    covered_order.seller.user = user
    covered_order.seller.save()
    post_client = client
    post_client.force_login(UserFactory(username="int2", roles=["integrators"]))
    post(
        post_client,
        {
            "marketplace": "US",
            "text": "Please send me an invoice for my order.",
            "order_number": covered_order.order_number,
        },
    )
    client.force_login(user)
    page = client.get("/seller/messages/").content.decode()
    assert "Please send me an invoice" in page
    assert "answered by the seller" in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_submissions_create_one_ticket(covered_order):
    """Ten threads post the same contact with the same key at once: one ticket."""
    import threading

    from django.db import connection
    from django.test import Client

    UserFactory(username="int-c", roles=["integrators"])
    results, barrier = [], threading.Barrier(10)

    def submit():
        client = Client()
        client.login(username="int-c", password="pw-123456")
        barrier.wait()
        response = post(
            client,
            {"marketplace": "US", "text": "Where is my order?", "order_number": covered_order.order_number},
            **{"Idempotency-Key": "same-key"},
        )
        results.append((response.status_code, response.json()["id"]))
        connection.close()

    threads = [threading.Thread(target=submit) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Ticket.objects.count() == 1
    assert sorted(code for code, _ in results).count(201) == 1
    assert {ticket_id for _, ticket_id in results} == {Ticket.objects.get().pk}
    assert Message.objects.count() == 1


def test_every_400_has_one_shape(api, covered_order):
    # serializer errors, domain errors and unparsable JSON alike: detail, code and field errors
    responses = [
        post(api, {"marketplace": "US"}),
        post(api, {"marketplace": "US", "text": "Where is it?", "order_number": "999-0000000-0000000"}),
        post(api, "{not json"),
    ]
    for response in responses:
        assert response.status_code == 400
        body = response.json()
        assert {"detail", "code", "errors"} <= set(body), body
    assert "text" in responses[0].json()["errors"]
    assert responses[1].json()["code"] == "unknown_order"


def test_the_contact_response_is_the_ticket_serializer_s_output(covered_order, clock):
    from inquiries.api.contacts import TicketOutputSerializer, ticket_output
    from tests.factories import TicketFactory

    ticket = TicketFactory(order=covered_order, seller=covered_order.seller)
    assert ticket_output(ticket) == TicketOutputSerializer(ticket).data


def test_a_new_contact_through_a_token_costs_at_most_seven_statements(
    covered_order, clock, django_assert_max_num_queries
):
    # the token, its user and roles are read once and kept (csba.tokens); then per contact: the order with its
    # items and the enrollment window; BEGIN (a savepoint here), ticket, event, message, COMMIT (a release here)
    from django.test import Client

    from csba.tokens import token_create

    user = UserFactory(username="integration", roles=["integrators"])
    api = Client(headers={"Authorization": f"Token {token_create(user=user, name='t', now=clock.now).secret}"})
    post(api, {"marketplace": "US", "text": "warm-up", "order_number": covered_order.order_number})
    payload = {"marketplace": "US", "text": "Where is my order?", "order_number": covered_order.order_number}
    with django_assert_max_num_queries(7):
        assert post(api, payload, **{"Idempotency-Key": "q-1"}).status_code == 201


def test_a_new_contact_costs_the_api_at_most_nine_statements(api, covered_order, clock, django_assert_max_num_queries):
    # session, user with roles, order with items, enrollment window; BEGIN, ticket, event, message, COMMIT
    post(api, {"marketplace": "US", "text": "warm-up", "order_number": covered_order.order_number})
    payload = {"marketplace": "US", "text": "Where is my order?", "order_number": covered_order.order_number}
    with django_assert_max_num_queries(9):
        assert post(api, payload, **{"Idempotency-Key": "q-1"}).status_code == 201


@pytest.mark.parametrize(
    "data",
    [
        {"marketplace": "US", "text": "Where is it?", "buyer_email": "a@example.net", "language": "de"},
        {"marketplace": "USA", "text": "", "channel": "fax", "buyer_email": "not-an-email", "language": "fr"},
        {"marketplace": 1, "text": ["x"], "claim": "other", "order_number": "9" * 40},
        {"text": "   "},
        {},
    ],
)
def test_the_contact_input_validates_as_drf_s_own_serializer_would(data):
    # the input serializer copies its declared fields instead of re-making them (csba.api.fields.PrototypeSerializer)
    from rest_framework import serializers

    from inquiries.api.contacts import ContactCreateApi

    lean = ContactCreateApi.InputSerializer
    plain = type("Plain", (serializers.Serializer,), {**lean._declared_fields, "validate_text": lean.validate_text})
    for _ in range(2):  # the second time too: nothing of the first validation stays on the declared fields
        mine, theirs = lean(data=data), plain(data=data)
        assert mine.is_valid() == theirs.is_valid()
        assert mine.errors == theirs.errors
        assert (mine.validated_data if not mine.errors else None) == (
            theirs.validated_data if not theirs.errors else None
        )
