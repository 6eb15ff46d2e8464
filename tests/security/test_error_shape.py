"""Everything under /api/ answers JSON in the one error shape, whoever
answers: DRF, Django's handlers (404, 500) or the body limit (413); pages
elsewhere keep their HTML."""

from __future__ import annotations

import pytest
from django.test import Client

from csba.api.renderers import JSONRenderer

from .conftest import row_counts

pytestmark = pytest.mark.django_db


def test_a_body_over_the_limit_on_a_page_is_a_413_page_and_nothing_is_read(client, world, settings):
    settings.CSBA_MAX_UPLOAD_BYTES = 5_000
    client.force_login(world.users["seller_a"])
    before = row_counts()
    response = client.post(f"/seller/cases/{world.case_a.pk}/reply/", {"body": "x" * 10_000, "attachments": []})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html") and b"Too large" in response.content
    assert row_counts() == before


def test_an_unexpected_failure_under_api_is_a_json_500(world, monkeypatch):
    from inquiries.api import tickets

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(tickets, "ticket_queue", broken)
    client = Client(raise_request_exception=False)
    client.force_login(world.users["agent"])
    response = client.get("/api/v1/agent/tickets/")
    assert response.status_code == 500
    assert response.json() == {
        "detail": "Something went wrong on our side. It has been logged.",
        "code": "server_error",
        "errors": {},
    }


def test_a_stored_lone_surrogate_is_rendered_escaped_not_a_500():
    assert JSONRenderer().render({"text": "a\ud800b"}) == b'{"text":"a\\ud800b"}'


def test_a_page_404_stays_html(client, world):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
