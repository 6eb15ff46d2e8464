"""Agents work the marketplaces (and languages) an operator assigned them:
the queue, the ticket page, the console's actions and the agent API see
nothing else; operators see everything."""

from __future__ import annotations

import pytest

from inquiries.models import Ticket
from sellers.models import StaffProfile
from tests.factories import UserFactory, agent_user, marketplace
from tests.inquiries.caselog.conftest import ticket_for

from .conftest import row_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def jp_ticket(world):
    return ticket_for(code="JP", now=world.now, subject="配達はいつですか")


def queue_ids(client) -> set[int]:
    return {row["id"] for row in client.get("/api/v1/agent/tickets/?status=awaiting_seller").json()["results"]} | {
        row["id"] for row in client.get("/api/v1/agent/tickets/").json()["results"]
    }


def test_an_agent_of_another_marketplace_sees_none_of_its_tickets(client, world, jp_ticket):
    client.force_login(world.users["agent_other"])
    assert queue_ids(client) == {jp_ticket.pk}
    page = client.get("/agent/").content.decode()
    assert f">{jp_ticket.reference}<" in page and f">{world.ticket_a.reference}<" not in page
    assert client.get(f"/agent/tickets/{world.ticket_a.pk}/").status_code == 404
    assert client.get(f"/api/v1/agent/tickets/{world.ticket_a.pk}/").status_code == 404
    assert client.get(f"/agent/tickets/{jp_ticket.pk}/").status_code == 200


def test_the_agent_of_the_marketplace_sees_its_tickets(client, world, jp_ticket):
    client.force_login(world.users["agent"])
    assert {world.ticket_a.pk, world.ticket_b.pk} <= queue_ids(client)
    assert jp_ticket.pk not in queue_ids(client)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/agent/tickets/{pk}/claim/", {}),
        ("/api/v1/agent/tickets/{pk}/reply/", {"body": "Hello"}),
        ("/api/v1/agent/tickets/{pk}/resolve/", {"resolution": "answered"}),
        ("/api/v1/cases/", {"ticket": "{pk}", "question": "Tracking?"}),
        ("/agent/tickets/{pk}/claim/", None),
        ("/agent/tickets/{pk}/note/", {"note-body": "x"}),
        ("/agent/tickets/{pk}/resolve/", {"resolve-resolution": "answered"}),
    ],
)
def test_an_agent_cannot_act_on_a_ticket_outside_its_marketplaces(client, world, path, body):
    client.force_login(world.users["agent_other"])
    pk = world.ticket_a.pk
    before = row_counts()
    if path.startswith("/api/"):
        data = {k: (pk if v == "{pk}" else v) for k, v in (body or {}).items()}
        response = client.post(path.format(pk=pk), data, content_type="application/json")
    else:
        response = client.post(path.format(pk=pk), body or {})
    assert response.status_code == 404
    assert row_counts() == before
    assert Ticket.objects.get(pk=pk).assigned_to_id is None


def test_the_next_ticket_link_never_leads_outside_the_agents_marketplaces(client, world, jp_ticket):
    client.force_login(world.users["agent_other"])
    client.get("/agent/?status=awaiting_seller")
    response = client.get("/agent/next/")
    assert response.status_code == 302 and f"/tickets/{world.ticket_a.pk}/" not in response["Location"]


def test_languages_narrow_an_agents_marketplaces(client, world):
    german = agent_user("agent_de", marketplaces=["US"], languages=["de"])
    Ticket.objects.filter(pk=world.ticket_b.pk).update(language="de")
    client.force_login(german)
    assert queue_ids(client) == {world.ticket_b.pk}
    assert client.get(f"/agent/tickets/{world.ticket_a.pk}/").status_code == 404


def test_an_agent_without_a_scope_sees_nothing_and_an_operator_agent_sees_everything(client, world, jp_ticket):
    client.force_login(UserFactory(username="new_agent", roles=["agents"]))
    assert queue_ids(client) == set()
    client.force_login(UserFactory(username="supervisor", roles=["agents", "operators"]))
    assert {world.ticket_a.pk, world.ticket_b.pk, jp_ticket.pk} <= queue_ids(client)


def test_an_operator_assigns_marketplaces_and_languages_in_the_admin(client, world):
    agent = world.users["agent_other"]
    profile = StaffProfile.objects.get(user=agent)
    client.force_login(world.users["operator"])
    response = client.post(
        f"/admin/sellers/staffprofile/{profile.pk}/change/",
        {
            "user": agent.pk,
            "language": "en",
            "time_zone": "UTC",
            "marketplaces": [marketplace("US").pk, marketplace("DE").pk],
            "languages": ["en"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    profile.refresh_from_db()
    assert {m.code for m in profile.marketplaces.all()} == {"US", "DE"} and profile.languages == ["en"]
    client.force_login(agent)
    assert client.get(f"/agent/tickets/{world.ticket_a.pk}/").status_code == 200
