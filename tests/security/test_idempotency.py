"""Idempotency keys are scoped by intake path and caller: nobody reaches
another caller's ticket by reusing its key, a contact is never dropped
because someone else took its key first, and a replay with another body is
409 in the error shape."""

from __future__ import annotations

import importlib

import pytest
from django.test import Client

from inquiries.models import Ticket
from tests.factories import UserFactory

from .conftest import row_counts

pytestmark = pytest.mark.django_db

CONTACT = {"marketplace": "US", "text": "Where is my parcel?", "buyer_email": "ann@example.net"}
FORM = {"marketplace": "US", "buyer_name": "Eve", "buyer_email": "eve@example.net", "text": "Hello there."}


@pytest.fixture
def integrator(client, world):
    client.force_login(world.users["integrator"])
    return client


def post_contact(client, body=None, key="key-1"):
    return client.post(
        "/api/v1/contacts/", body or CONTACT, content_type="application/json", headers={"idempotency-key": key}
    )


def test_an_anonymous_web_form_reusing_an_integrators_key_gets_its_own_ticket(integrator, world):
    # given an integrator's contact under key-1
    ticket_id = post_contact(integrator).json()["id"]
    buyer = Client()
    # when an anonymous buyer submits the web form and the chat with that key, raw and in the old stored form
    for key in ("key-1", f"api:{world.users['integrator'].pk}:key-1", f"api:user:{world.users['integrator'].pk}:key-1"):
        done = buyer.post("/help/contact/", {**FORM, "submission_key": key})
        chat = buyer.post("/help/chat/", {**FORM, "submission_key": key})
        # then each is a new ticket of its own, never the integrator's
        assert done.status_code == 200 and done.context["ticket"].pk != ticket_id
        assert chat.status_code == 302
        chat_page = buyer.get(chat["Location"])
        assert chat_page.context["ticket"].pk != ticket_id
        assert "Where is my parcel?" not in chat_page.content.decode()
    assert Ticket.objects.get(pk=ticket_id).channel == "api"


def test_an_integrators_contact_is_not_dropped_when_a_web_form_took_its_key_first(integrator, world):
    # given a buyer's web form sent with key-2
    Client().post("/help/contact/", {**FORM, "submission_key": "key-2"})
    web_ticket = Ticket.objects.get(channel="web_form")
    # when the integrator sends its contact with key-2
    response = post_contact(integrator, key="key-2")
    # then it is a new ticket (201), not the buyer's
    assert response.status_code == 201
    assert response.json()["id"] != web_ticket.pk
    assert Ticket.objects.filter(channel="api").count() == 1


def test_two_integrators_with_the_same_key_get_two_tickets(integrator, world):
    first = post_contact(integrator, key="shared").json()["id"]
    other = Client()
    other.force_login(UserFactory(username="integrator2", roles=["integrators"]))
    second = post_contact(other, key="shared")
    assert second.status_code == 201 and second.json()["id"] != first


def test_a_replay_with_the_same_body_returns_the_ticket_and_with_another_body_is_409(integrator, world):
    first = post_contact(integrator, key="k")
    again = post_contact(integrator, key="k")
    assert (again.status_code, again.json()["id"]) == (200, first.json()["id"])
    before = row_counts()
    changed = post_contact(integrator, {**CONTACT, "text": "Something else entirely."}, key="k")
    assert changed.status_code == 409
    assert changed.json()["code"] == "idempotency_key_reused" and "idempotency_key" in changed.json()["errors"]
    assert row_counts() == before


def test_a_batch_shares_the_callers_namespace_and_refuses_a_changed_replay_in_place(integrator, world):
    single = post_contact(integrator, key="b-1").json()["id"]
    response = integrator.post(
        "/api/v1/contacts/batch/",
        {
            "contacts": [
                {**CONTACT, "idempotency_key": "b-1"},
                {**CONTACT, "text": "Different text.", "idempotency_key": "b-1"},
                {**CONTACT, "idempotency_key": "b-2"},
                {**CONTACT, "text": "Not the same as b-2.", "idempotency_key": "b-2"},
            ]
        },
        content_type="application/json",
    )
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["existing", "rejected", "created", "rejected"]
    assert results[0]["ticket"] == single
    assert results[1]["code"] == results[3]["code"] == "idempotency_key_reused"


def test_a_key_too_long_or_with_control_characters_is_400(integrator, world):
    before = row_counts()
    for key in ("x" * 129, "a\tb"):
        response = post_contact(integrator, key=key)
        assert response.status_code == 400 and "Idempotency-Key" in response.json()["errors"]
    assert row_counts() == before


def test_a_double_click_on_the_web_form_makes_one_ticket_and_a_changed_resend_is_refused_on_the_form(world):
    buyer = Client()
    key = buyer.get("/help/contact/").context["submission_key"]
    assert buyer.post("/help/contact/", {**FORM, "submission_key": key}).status_code == 200
    assert buyer.post("/help/contact/", {**FORM, "submission_key": key}).status_code == 200
    assert Ticket.objects.filter(channel="web_form").count() == 1
    changed = buyer.post("/help/contact/", {**FORM, "text": "Changed my mind.", "submission_key": key})
    assert "was used before with a different request" in changed.content.decode()
    assert changed.context["submission_key"] != key
    assert Ticket.objects.filter(channel="web_form").count() == 1


@pytest.mark.parametrize(
    ("old", "channel", "new"),
    [
        ("api:7:abc", "api", "api:user:7:abc"),
        ("transfer:{seller}:abc", "seller_transfer", "transfer:user:{user}:abc"),
        ("transfer:999999:abc", "seller_transfer", "transfer:legacy:999999:abc"),
        ("email:123@mail.example", "email", "email:123@mail.example"),
        ("demo:1:2", "chat", "demo:1:2"),
        ("Zx81", "web_form", "web_form:legacy:Zx81"),
        ("Zx81", "chat", "chat:legacy:Zx81"),
        ("Zx81", "phone", "phone:legacy:Zx81"),
        ("Zx81", "seller_transfer", "transfer:legacy:Zx81"),
    ],
)
def test_the_migration_moves_old_keys_out_of_every_new_namespace(world, old, channel, new):
    migration = importlib.import_module("inquiries.migrations.0011_ticket_idempotency_scoped")
    seller_users = {world.seller_a.pk: world.seller_a.user_id}
    fill = {"seller": world.seller_a.pk, "user": world.seller_a.user_id}
    assert migration.scoped(old.format(**fill), channel, seller_users) == new.format(**fill)
    long_key = "k" * 200
    assert len(migration.scoped(long_key, "web_form", seller_users)) <= 200
