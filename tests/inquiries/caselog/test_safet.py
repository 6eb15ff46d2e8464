"""SAFE-T claims: a seller disputes a full refund from the case page, an
operator decides in the admin, the seller is told."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail

from csba.errors import DomainError, NotFound
from inquiries.caselog.services import case_sweep_overdue, safet_claim_decide, safet_claim_file
from inquiries.events import EventKind
from inquiries.models import SafeTClaim, SafeTStatus, TicketEvent
from sellers.models import Refund
from tests.factories import operator_user

from .conftest import escalate, ticket_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def refunded_case(clock, seller):
    case = escalate(ticket_for(seller=seller, now=clock.now, valid_tracking=False), now=clock.now)
    clock.advance(timedelta(hours=25))
    case_sweep_overdue(now=clock.now)
    case.refresh_from_db()
    return case


def test_a_seller_files_a_claim_on_an_automatic_full_refund(clock, seller, refunded_case):
    refund = Refund.objects.get()
    claim = safet_claim_file(
        refund_id=refund.pk,
        seller=seller,
        ground="delivered_per_carrier",
        explanation="UPS shows it delivered and signed for.",
        now=clock.now,
    )
    assert (claim.case, claim.seller, claim.status, claim.filed_at) == (
        refunded_case,
        seller,
        SafeTStatus.SUBMITTED,
        clock.now,
    )
    assert TicketEvent.objects.filter(kind=EventKind.SAFET_FILED, case=refunded_case).count() == 1


def test_a_claim_is_refused_twice_for_partial_refunds_and_without_an_explanation(clock, seller, refunded_case):
    refund = Refund.objects.get()
    with pytest.raises(DomainError) as error:
        safet_claim_file(refund_id=refund.pk, seller=seller, ground="nonsense", explanation="", now=clock.now)
    assert set(error.value.field_errors) == {"ground", "explanation"}
    safet_claim_file(refund_id=refund.pk, seller=seller, ground="other", explanation="Not my fault.", now=clock.now)
    with pytest.raises(DomainError) as error:
        safet_claim_file(refund_id=refund.pk, seller=seller, ground="other", explanation="Again.", now=clock.now)
    assert error.value.code == "already_claimed"
    partial = Refund.objects.create(
        order_item=refund.order_item,
        ticket=refund.ticket,
        kind="partial",
        amount=Decimal("1.00"),
        currency="USD",
        issued_at=clock.now,
    )
    with pytest.raises(DomainError) as error:
        safet_claim_file(refund_id=partial.pk, seller=seller, ground="other", explanation="Partial.", now=clock.now)
    assert error.value.code == "not_full_refund"
    assert SafeTClaim.objects.count() == 1


def test_another_seller_cannot_claim_the_refund(clock, other_seller, refunded_case):
    with pytest.raises(NotFound):
        safet_claim_file(
            refund_id=Refund.objects.get().pk, seller=other_seller, ground="other", explanation="Mine", now=clock.now
        )
    assert not SafeTClaim.objects.exists()


def test_an_operator_grants_a_claim_and_the_seller_is_told(
    clock, seller, refunded_case, django_capture_on_commit_callbacks
):
    claim = safet_claim_file(
        refund_id=Refund.objects.get().pk,
        seller=seller,
        ground="delivered_per_carrier",
        explanation="Signed for.",
        now=clock.now,
    )
    operator = operator_user()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        safet_claim_decide(claim_id=claim.pk, granted=True, note="", operator=operator, now=clock.now)
    claim.refresh_from_db()
    assert (claim.status, claim.decided_by, claim.decided_at) == (SafeTStatus.GRANTED, operator, clock.now)
    [message] = mail.outbox
    assert message.subject == "Your SAFE-T claim was granted" and message.to == [seller.notification_email]
    with pytest.raises(DomainError) as error:
        safet_claim_decide(claim_id=claim.pk, granted=False, note="No", operator=operator, now=clock.now)
    assert error.value.code == "already_decided"


def test_a_denial_needs_a_note(clock, seller, refunded_case):
    claim = safet_claim_file(
        refund_id=Refund.objects.get().pk, seller=seller, ground="other", explanation="x", now=clock.now
    )
    with pytest.raises(DomainError) as error:
        safet_claim_decide(claim_id=claim.pk, granted=False, note=" ", operator=operator_user(), now=clock.now)
    assert error.value.code == "note_required"
    claim.refresh_from_db()
    assert claim.status == SafeTStatus.SUBMITTED


def test_operators_decide_claims_with_the_admin_actions(client, clock, seller, refunded_case):
    claim = safet_claim_file(
        refund_id=Refund.objects.get().pk, seller=seller, ground="other", explanation="x", now=clock.now
    )
    client.force_login(operator_user())
    assert client.get("/admin/inquiries/safetclaim/").status_code == 200
    assert client.get(f"/admin/inquiries/safetclaim/{claim.pk}/change/").status_code == 200
    # deny without a note: refused, shown as an error
    response = client.post(
        "/admin/inquiries/safetclaim/", {"action": "deny", "_selected_action": [claim.pk]}, follow=True
    )
    assert "Say why the claim is denied." in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == SafeTStatus.SUBMITTED
    # write the note, then deny
    SafeTClaim.objects.filter(pk=claim.pk).update(decision_note="The label shows no delivery scan.")
    client.post("/admin/inquiries/safetclaim/", {"action": "deny", "_selected_action": [claim.pk]})
    claim.refresh_from_db()
    assert (claim.status, claim.decision_note) == (SafeTStatus.DENIED, "The label shows no delivery scan.")


def test_the_claim_form_on_the_case_page(client, clock, seller, refunded_case):
    client.force_login(seller.user)
    refund = Refund.objects.get()
    response = client.post(
        f"/seller/cases/{refunded_case.pk}/safet/",
        {"refund": refund.pk, "ground": "delivered_per_carrier", "explanation": "Signed for by the buyer."},
    )
    assert response.status_code == 302
    page = client.get(f"/seller/cases/{refunded_case.pk}/").content.decode()
    assert "Submitted" in page and "File a SAFE-T claim" not in page
    assert SafeTClaim.objects.get().refund == refund


def test_the_admin_lists_cases_and_resolves_overdue_ones_on_demand(client, clock, seller):
    case = escalate(ticket_for(seller=seller, now=clock.now, valid_tracking=False), now=clock.now)
    client.force_login(operator_user())
    assert client.get("/admin/inquiries/case/").status_code == 200
    assert client.get(f"/admin/inquiries/case/{case.pk}/change/").status_code == 200
    client.post("/admin/inquiries/case/", {"action": "auto_resolve_now", "_selected_action": [case.pk]})
    case.refresh_from_db()
    assert case.status == "awaiting_seller"  # not yet overdue
    clock.advance(timedelta(hours=24))
    client.post("/admin/inquiries/case/", {"action": "auto_resolve_now", "_selected_action": [case.pk]})
    case.refresh_from_db()
    assert case.status == "auto_resolved"


# --- issue 12 item 14: the filing window ------------------------------------------------------------------------


def test_a_claim_is_accepted_up_to_60_days_after_the_refund_and_refused_after(clock, seller, refunded_case):
    refund = Refund.objects.get()
    last = refund.issued_at + timedelta(days=60)
    # a minute after the window closed: refused, nothing written
    with pytest.raises(DomainError) as error:
        safet_claim_file(
            refund_id=refund.pk,
            seller=seller,
            ground="delivered_per_carrier",
            explanation="Signed for.",
            now=last + timedelta(minutes=1),
        )
    assert error.value.code == "claim_window_closed" and "refund" in error.value.field_errors
    assert not SafeTClaim.objects.exists()
    assert not TicketEvent.objects.filter(kind=EventKind.SAFET_FILED).exists()
    # on the last moment of the window: accepted
    claim = safet_claim_file(
        refund_id=refund.pk, seller=seller, ground="delivered_per_carrier", explanation="Signed for.", now=last
    )
    assert claim.filed_at == last


def test_the_window_is_the_marketplaces_setting(clock, seller, refunded_case):
    from sellers.models import Marketplace

    refund = Refund.objects.get()
    Marketplace.objects.filter(code=refund.order_item.order.marketplace.code).update(safet_claim_days=90)
    claim = safet_claim_file(
        refund_id=refund.pk,
        seller=seller,
        ground="other",
        explanation="Late but within 90 days.",
        now=refund.issued_at + timedelta(days=75),
    )
    assert claim.status == SafeTStatus.SUBMITTED


def test_the_case_page_and_the_api_show_the_last_day_to_file_beside_each_refund(client, clock, seller, refunded_case):
    from rest_framework.test import APIClient

    refund = Refund.objects.get()
    client.force_login(seller.user)
    deadline = refund.issued_at + timedelta(days=60)
    page = client.get(f"/seller/cases/{refunded_case.pk}/").content.decode()
    assert f"SAFE-T claim: last day to file {deadline:%b} {deadline.day}, {deadline.year}" in page
    assert "file by" in page  # the claim form's choice says it too
    api = APIClient()
    api.force_authenticate(seller.user)
    body = api.get(f"/api/v1/seller/cases/{refunded_case.pk}/").json()
    [listed] = body["order"]["refunds"]
    assert listed["safet_claim_deadline"].startswith(deadline.isoformat()[:16])
    assert body["claimable_refunds"] == [refund.pk]
    # after the window the refund is no longer offered, and the page says the window closed
    clock.set(deadline + timedelta(days=1))
    page = client.get(f"/seller/cases/{refunded_case.pk}/").content.decode()
    assert "SAFE-T claim: the window closed on" in page and "File a SAFE-T claim" not in page
    assert api.get(f"/api/v1/seller/cases/{refunded_case.pk}/").json()["claimable_refunds"] == []
