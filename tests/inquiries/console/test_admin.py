"""The admin: tickets read-mostly with their events, macros managed per language."""

import pytest

from inquiries.console.services import ticket_claim
from inquiries.models import Macro
from tests.factories import operator_user

from .conftest import NOW, covered_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client(client):
    client.force_login(operator_user())
    return client


def test_the_ticket_admin_shows_the_ticket_with_its_events_and_cannot_change_it(operator_client, agent):
    ticket = covered_ticket()
    ticket_claim(ticket_id=ticket.pk, agent=agent, now=NOW)
    listing = operator_client.get("/admin/inquiries/ticket/")
    page = operator_client.get(f"/admin/inquiries/ticket/{ticket.pk}/change/")
    assert listing.status_code == 200 and ticket.reference in listing.content.decode()
    assert page.status_code == 200
    content = page.content.decode()
    assert "claimed" in content and "How long does it keep drinks cold?" in content
    assert 'name="status"' not in content
    assert operator_client.get("/admin/inquiries/ticket/add/").status_code == 403


def test_macros_are_added_with_known_placeholders_only(operator_client):
    bad = operator_client.post(
        "/admin/inquiries/macro/add/",
        {"name": "Bad", "language": "en", "reason": "", "body": "Hi {buyer_nam}", "is_active": "on"},
    )
    assert bad.status_code == 200
    assert "Unknown placeholders: {buyer_nam}" in bad.content.decode()
    good = operator_client.post(
        "/admin/inquiries/macro/add/",
        {
            "name": "Good",
            "language": "en",
            "reason": "refund",
            "body": "Hi {buyer_name}, re {order_number}",
            "is_active": "on",
        },
    )
    assert good.status_code == 302
    assert Macro.objects.get().name == "Good"
