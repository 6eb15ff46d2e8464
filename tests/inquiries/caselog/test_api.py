"""The case API: seller list/detail/reply/claim scoped to the seller, and the
agent's open-case endpoint."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inquiries.caselog.services import case_sweep_overdue
from inquiries.models import Case, CaseMessage, SafeTClaim
from inquiries.reasons import Reason
from inquiries.states import CaseStatus
from sellers.models import Refund
from tests.factories import agent_user

from .conftest import escalate, ticket_for

pytestmark = pytest.mark.django_db


def test_an_agent_opens_a_case_through_the_api(client, clock):
    ticket = ticket_for(code="JP", now=clock.now)
    client.force_login(agent_user())
    response = client.post(
        "/api/v1/cases/", {"ticket": ticket.pk, "question": "発送日を教えてください。"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "awaiting_seller" and body["seconds_left"] == 6 * 3600
    assert Case.objects.get().deadline_at == clock.now + timedelta(hours=6)


def test_the_api_refuses_bad_openings_with_400_and_sellers_with_403(client, clock, seller):
    ticket = ticket_for(code="JP", now=clock.now, reason=Reason.A_TO_Z_CLAIM)
    client.force_login(agent_user())
    response = client.post("/api/v1/cases/", {"ticket": ticket.pk, "question": "?"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "a_to_z_handled_by_csba"
    response = client.post("/api/v1/cases/", {"ticket": ticket.pk, "question": ""}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "empty_question"
    client.force_login(seller.user)
    assert (
        client.post(
            "/api/v1/cases/", {"ticket": ticket.pk, "question": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert not Case.objects.exists()


def test_a_seller_lists_and_reads_its_cases_without_buyer_contact_data(client, clock, seller, other_seller):
    mine = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    escalate(ticket_for(seller=other_seller, now=clock.now), now=clock.now)
    client.force_login(seller.user)
    listing = client.get("/api/v1/seller/cases/?state=open").json()
    assert [c["id"] for c in listing["results"]] == [mine.pk]
    detail = client.get(f"/api/v1/seller/cases/{mine.pk}/")
    assert detail.status_code == 200
    text = detail.content.decode()
    assert mine.ticket.buyer.email not in text and "[email removed]" in text
    assert detail.json()["order"]["order_number"] == mine.ticket.order.order_number


def test_a_seller_replies_through_the_api_with_an_attachment(client, clock, seller, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    client.force_login(seller.user)
    response = client.post(
        f"/api/v1/seller/cases/{case.pk}/replies/",
        {"body": "Shipped Monday.", "attachments": [SimpleUploadedFile("proof.png", b"png", content_type="image/png")]},
    )
    assert response.status_code == 201, response.content
    [attachment] = response.json()["attachments"]
    assert attachment == {
        "filename": "proof.png",
        "content_type": "image/png",
        "size": 3,
        "url": f"/attachments/{case.messages.get().attachments.get().pk}/",
    }
    case.refresh_from_db()
    assert case.status == CaseStatus.SELLER_REPLIED


def test_another_sellers_case_is_404_through_the_api_and_nothing_is_written(client, clock, seller, other_seller):
    theirs = escalate(ticket_for(seller=other_seller, now=clock.now), now=clock.now)
    client.force_login(seller.user)
    assert client.get(f"/api/v1/seller/cases/{theirs.pk}/").status_code == 404
    for payload in ({"body": "Hi"}, {"body": ""}):
        response = client.post(f"/api/v1/seller/cases/{theirs.pk}/replies/", payload, content_type="application/json")
        assert response.status_code == 404
    assert not CaseMessage.objects.exists()


def test_an_empty_reply_through_the_api_is_a_400_with_the_field(client, clock, seller):
    case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    client.force_login(seller.user)
    response = client.post(f"/api/v1/seller/cases/{case.pk}/replies/", {"body": ""}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"body": ["The reply is empty."]}


def test_a_seller_files_a_safet_claim_through_the_api(client, clock, seller):
    case = escalate(ticket_for(seller=seller, now=clock.now, valid_tracking=False), now=clock.now)
    clock.advance(timedelta(hours=25))
    case_sweep_overdue(now=clock.now)
    client.force_login(seller.user)
    refund = Refund.objects.get()
    assert client.get(f"/api/v1/seller/cases/{case.pk}/").json()["claimable_refunds"] == [refund.pk]
    response = client.post(
        f"/api/v1/seller/cases/{case.pk}/safet-claims/",
        {"refund": refund.pk, "ground": "delivered_per_carrier", "explanation": "Signed for."},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert SafeTClaim.objects.get().status == "submitted"


def test_the_openapi_schema_describes_the_case_endpoints(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="reader"))
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/v1/cases/", "/api/v1/seller/cases/{id}/replies/", "/api/v1/seller/cases/{id}/safet-claims/"):
        assert path in schema
