"""The agent API: queue, ticket, claim, reply, resolve."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from inquiries.models import TicketEvent
from inquiries.states import TicketStatus
from tests.factories import TicketFactory, UserFactory

from .conftest import NOW, SUGGESTION, covered_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(clock):
    clock.set(NOW)


@pytest.fixture
def api(agent):
    client = APIClient()
    client.force_authenticate(agent)
    return client


def test_the_queue_lists_tickets_by_due_time_with_counts(api, agent):
    # given
    late = TicketFactory(first_response_due_at=NOW - timedelta(hours=1), assigned_to=agent)
    early = TicketFactory(first_response_due_at=NOW + timedelta(hours=5))
    TicketFactory(status=TicketStatus.RESOLVED)
    # when
    body = api.get("/api/v1/agent/tickets/").json()
    mine = api.get("/api/v1/agent/tickets/?assignee=mine").json()
    # then
    assert [row["id"] for row in body["results"]] == [late.pk, early.pk]
    assert body["count"] == {"value": 2, "is_capped": False}
    assert body["counts"]["due"]["overdue"] == {"value": 1, "is_capped": False}
    assert body["results"][0]["assigned_to"] == "agent1"
    assert [row["reference"] for row in mine["results"]] == [late.reference]


def test_bad_filters_are_a_400_with_the_field(api):
    response = api.get("/api/v1/agent/tickets/?status=everything&page_size=5000")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"status", "page_size"}


def test_the_ticket_detail_has_order_coverage_and_suggestion(api):
    ticket = covered_ticket(suggestion=SUGGESTION)
    body = api.get(f"/api/v1/agent/tickets/{ticket.pk}/").json()
    assert body["reference"] == ticket.reference
    assert body["order"]["items"][0]["is_covered"] is True
    assert body["order"]["items"][0]["fulfillment_channel"] == "FBM"
    assert body["order"]["shipments"][0]["tracking_number"] == ticket.order.shipments.get().tracking_number
    assert body["suggestion"]["evidence"][0]["text"] == "Keeps drinks cold for 24 hours"
    assert body["messages"][0]["body"] == "How long does it keep drinks cold?"
    assert api.get("/api/v1/agent/tickets/999999/").status_code == 404


def test_claim_collision_and_take_over(api, agent2):
    # given agent1 holds the ticket
    ticket = covered_ticket()
    assert api.post(f"/api/v1/agent/tickets/{ticket.pk}/claim/").json()["assigned_to"] == "agent1"
    other = APIClient()
    other.force_authenticate(agent2)
    # when agent2 claims, then takes over
    refused = other.post(f"/api/v1/agent/tickets/{ticket.pk}/claim/")
    taken = other.post(
        f"/api/v1/agent/tickets/{ticket.pk}/claim/", {"take_over": True, "reason": "shift"}, format="json"
    )
    # then
    assert (refused.status_code, refused.json()["code"]) == (400, "claimed_by_other")
    assert (taken.status_code, taken.json()["assigned_to"]) == (200, "agent2")
    assert TicketEvent.objects.filter(ticket=ticket, kind="taken_over").count() == 1


def test_reply_then_resolve(api):
    ticket = covered_ticket(suggestion=SUGGESTION)
    reply = api.post(
        f"/api/v1/agent/tickets/{ticket.pk}/reply/",
        {"body": SUGGESTION["reply"], "from_suggestion": True},
        format="json",
    )
    assert reply.status_code == 201
    assert reply.json()["ticket"]["status"] == TicketStatus.PENDING_BUYER
    resolved = api.post(f"/api/v1/agent/tickets/{ticket.pk}/resolve/", {"resolution": "answered"}, format="json")
    assert (resolved.status_code, resolved.json()["status"], resolved.json()["resolution"]) == (
        200,
        "resolved",
        "answered",
    )
    again = api.post(f"/api/v1/agent/tickets/{ticket.pk}/resolve/", {"resolution": "answered"}, format="json")
    assert (again.status_code, again.json()["code"]) == (400, "ticket_resolved")


def test_only_agents_use_the_agent_api(client):
    integrator = UserFactory(username="integrator", roles=["integrators"])
    api = APIClient()
    api.force_authenticate(integrator)
    assert api.get("/api/v1/agent/tickets/").status_code == 403
    assert APIClient().get("/api/v1/agent/tickets/").status_code in (401, 403)


def test_the_schema_describes_the_agent_api(api):
    schema = api.get("/api/schema/?format=json").json()
    assert "/api/v1/agent/tickets/{id}/claim/" in schema["paths"]
