"""The case-log portal: the seller's cases with countdowns in its time zone,
filters, the case page without buyer contact details, the reply form; 404 for
another seller's case; a fixed number of queries."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from inquiries.caselog.services import case_seller_reply, case_sweep_overdue
from inquiries.models import CaseMessage
from inquiries.reasons import Reason
from inquiries.states import CaseStatus, TicketStatus

from .conftest import escalate, ticket_for

pytestmark = pytest.mark.django_db


def test_the_list_shows_deadlines_and_countdowns_in_the_sellers_time_zone(client, clock, seller):
    # given a seller in New York and a case opened 09:00 UTC (04:00 EST... 05:00 EDT after 8 March)
    case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    clock.advance(timedelta(hours=2, minutes=30))
    client.force_login(seller.user)
    # when
    body = client.get("/seller/cases/").content.decode()
    # then: deadline 2026-03-11 09:00 UTC is 05:00 EDT, 21 h 30 min left
    assert case.ticket.reference in body
    assert "Mar 11, 2026, 5:00 AM EDT" in body
    assert "21 h 30 min left" in body
    assert f'data-deadline="{case.deadline_at:%Y-%m-%dT%H:%M:%S}' in body


def test_filters_by_state_and_reason(client, clock, seller):
    open_case = escalate(ticket_for(seller=seller, now=clock.now, reason=Reason.RETURN_REQUEST), now=clock.now)
    answered = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    case_seller_reply(case_id=answered.pk, seller=seller, body="Shipped.", now=clock.now)
    resolved = escalate(
        ticket_for(seller=seller, now=clock.now - timedelta(days=2), valid_tracking=False),
        now=clock.now - timedelta(days=2),
    )
    case_sweep_overdue(now=clock.now)
    client.force_login(seller.user)

    def shown(query):
        page = client.get(f"/seller/cases/?{query}").content.decode()
        return {c.pk for c in (open_case, answered, resolved) if f"/seller/cases/{c.pk}/" in page}

    assert shown("") == {open_case.pk, answered.pk, resolved.pk}
    assert shown("state=open") == {open_case.pk}
    assert shown("state=answered") == {answered.pk}
    assert shown("state=auto_resolved") == {resolved.pk}
    assert shown("reason=return_request") == {open_case.pk}
    assert shown("state=nonsense") == {open_case.pk, answered.pk, resolved.pk}


def test_a_seller_sees_only_its_own_cases(client, clock, seller, other_seller):
    mine = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    theirs = escalate(ticket_for(seller=other_seller, now=clock.now), now=clock.now)
    client.force_login(seller.user)
    body = client.get("/seller/cases/").content.decode()
    assert f"/seller/cases/{mine.pk}/" in body and f"/seller/cases/{theirs.pk}/" not in body
    assert client.get(f"/seller/cases/{theirs.pk}/").status_code == 404
    response = client.post(f"/seller/cases/{theirs.pk}/reply/", {"body": "Mine now"})
    assert response.status_code == 404
    assert (
        client.post(
            f"/seller/cases/{theirs.pk}/safet/", {"refund": 1, "ground": "other", "explanation": "x"}
        ).status_code
        == 404
    )
    assert not CaseMessage.objects.exists()


def test_the_case_page_shows_question_and_order_but_no_buyer_contact_details(client, clock, seller):
    ticket = ticket_for(seller=seller, now=clock.now)
    case = escalate(ticket, now=clock.now, question="Please confirm the carrier.")
    client.force_login(seller.user)
    body = client.get(f"/seller/cases/{case.pk}/").content.decode()
    assert "Please confirm the carrier." in body
    assert ticket.order.order_number in body and ticket.order_item.product.asin in body
    assert "1Z999AA10123456784" in body  # tracking stays visible
    assert "where is my parcel" in body
    assert ticket.buyer.email not in body and "555 010 9999" not in body
    assert "[email removed]" in body and "[phone removed]" in body


def test_replying_from_the_page_moves_the_case_and_shows_the_history(client, clock, seller, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    client.force_login(seller.user)
    response = client.post(
        f"/seller/cases/{case.pk}/reply/",
        {
            "body": "Handed to UPS on Monday.",
            "attachments": [
                SimpleUploadedFile("a.jpg", b"jpg", content_type="image/jpeg"),
                SimpleUploadedFile("b.pdf", b"pdf", content_type="application/pdf"),
            ],
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/seller/cases/{case.pk}/"
    case.refresh_from_db()
    assert case.status == CaseStatus.SELLER_REPLIED and case.ticket.status == TicketStatus.SELLER_REPLIED
    page = client.get(response["Location"]).content.decode()
    assert "Handed to UPS on Monday." in page and "a.jpg" in page and "b.pdf" in page
    assert "Your reply was sent to CSBA" in page


def test_an_empty_reply_shows_the_error_on_the_form(client, clock, seller):
    case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    client.force_login(seller.user)
    response = client.post(f"/seller/cases/{case.pk}/reply/", {"body": "   "})
    assert response.status_code == 400
    assert "The reply is empty." in response.content.decode()
    assert not CaseMessage.objects.exists()


@override_settings(CSBA_MAX_ATTACHMENT_BYTES=10)
def test_an_oversized_attachment_shows_the_error_on_the_form(client, clock, seller):
    case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    client.force_login(seller.user)
    response = client.post(
        f"/seller/cases/{case.pk}/reply/",
        {"body": "See file", "attachments": [SimpleUploadedFile("big.png", b"x" * 11, content_type="image/png")]},
    )
    assert response.status_code == 400
    assert "big.png" in response.content.decode()
    assert not CaseMessage.objects.exists()


def test_an_auto_resolved_case_shows_the_decision_and_takes_a_late_note(client, clock, seller):
    case = escalate(ticket_for(seller=seller, now=clock.now, valid_tracking=False), now=clock.now)
    clock.advance(timedelta(hours=25))
    case_sweep_overdue(now=clock.now)
    client.force_login(seller.user)
    page = client.get(f"/seller/cases/{case.pk}/").content.decode()
    assert "Refund issued: $19.99" in page
    assert "The shipment has no valid tracking" in page
    assert "File a SAFE-T claim" in page
    client.post(f"/seller/cases/{case.pk}/reply/", {"body": "It shipped!"})
    page = client.get(f"/seller/cases/{case.pk}/").content.decode()
    assert "Late: after the deadline" in page
    case.refresh_from_db()
    assert case.status == CaseStatus.AUTO_RESOLVED


def test_past_the_deadline_the_page_says_a_reply_is_a_late_note_before_the_sweep_has_run(client, clock, seller):
    case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    clock.advance(timedelta(hours=24, minutes=1))
    client.force_login(seller.user)
    page = client.get(f"/seller/cases/{case.pk}/").content.decode()
    assert "The deadline has passed: CSBA decides the case." in page and "Add a late note" in page
    response = client.post(f"/seller/cases/{case.pk}/reply/", {"body": "Shipped!"}, follow=True)
    assert "Your reply came after the deadline" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_SELLER


def test_the_pages_are_in_the_sellers_language(client, clock):
    from tests.factories import seller_with_user

    seller = seller_with_user("de-seller", preferred_language="de", time_zone="Europe/Berlin")
    escalate(ticket_for(code="DE", seller=seller, now=clock.now), now=clock.now)
    client.force_login(seller.user)
    body = client.get("/seller/cases/").content.decode()
    assert "Fallprotokoll" in body


def test_the_list_and_page_queries_do_not_grow_with_the_cases(client, clock, seller, django_assert_max_num_queries):
    for _ in range(3):
        escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    client.force_login(seller.user)
    client.get("/seller/cases/")
    with django_assert_max_num_queries(8):
        client.get("/seller/cases/")
    for _ in range(20):
        case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
        case_seller_reply(case_id=case.pk, seller=seller, body="Answer", now=clock.now)
    with django_assert_max_num_queries(8):
        assert client.get("/seller/cases/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(f"/seller/cases/{case.pk}/").status_code == 200
