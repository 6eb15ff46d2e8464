"""The operator admin for the sellers models."""

from datetime import timedelta

import pytest
from django.urls import reverse

from sellers.models import Enrollment, Invitation, ReturnPolicy
from sellers.services import enrollment_opt_in, return_policy_submit
from tests.factories import OrderItemFactory, SellerFactory, marketplace, operator_user

from .factories import invite

pytestmark = pytest.mark.django_db

MODELS = [
    "marketplace",
    "selleraccount",
    "staffprofile",
    "invitation",
    "enrollment",
    "returnpolicy",
    "product",
    "buyer",
    "order",
    "orderitem",
    "shipment",
    "return",
    "refund",
]


@pytest.fixture
def operator(client):
    user = operator_user()
    client.force_login(user)
    return user


@pytest.mark.parametrize("model", MODELS)
def test_every_sellers_model_has_a_changelist(client, operator, model):
    OrderItemFactory()
    response = client.get(reverse(f"admin:sellers_{model}_changelist"))
    assert response.status_code == 200


def test_enrollment_changelist_shows_windows_with_filters(client, operator, clock):
    seller = SellerFactory(name="Window Seller")
    invite(seller, "US", now=clock.now, expires_in=None)
    enrollment_opt_in(seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=clock.now)
    page = client.get(reverse("admin:sellers_enrollment_changelist") + "?status__exact=pending&q=Window")
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == list(Enrollment.objects.all())
    seller_page = client.get(reverse("admin:sellers_selleraccount_change", args=[seller.pk]))
    assert "Pending" in seller_page.content.decode()


def test_approve_action_calls_the_service(client, operator, clock):
    seller = SellerFactory()
    policy = return_policy_submit(
        seller_id=seller.pk,
        marketplace_code="US",
        window_days=45,
        has_prepaid_labels=True,
        restocking_fee_percent=0,
        now=clock.now,
    )
    response = client.post(
        reverse("admin:sellers_returnpolicy_changelist"), {"action": "approve", "_selected_action": [policy.pk]}
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.status, policy.decided_by, policy.decided_at) == ("approved", operator, clock.now)


def test_reject_action_calls_the_service(client, operator, clock):
    seller = SellerFactory()
    policy = return_policy_submit(
        seller_id=seller.pk,
        marketplace_code="US",
        window_days=45,
        has_prepaid_labels=True,
        restocking_fee_percent=0,
        now=clock.now,
    )
    client.post(reverse("admin:sellers_returnpolicy_changelist"), {"action": "reject", "_selected_action": [policy.pk]})
    assert ReturnPolicy.objects.get().status == "rejected"


def test_activate_due_action_and_invitation_revoke(client, operator, clock):
    seller = SellerFactory()
    invite(seller, "US", now=clock.now, expires_in=None)
    window = enrollment_opt_in(
        seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=clock.now
    ).enrollment
    invitation = Invitation.objects.create(seller=seller, marketplace=marketplace("DE"), invited_at=clock.now)
    clock.advance(timedelta(hours=1))
    client.post(
        reverse("admin:sellers_enrollment_changelist"), {"action": "activate_due", "_selected_action": [window.pk]}
    )
    client.post(
        reverse("admin:sellers_invitation_changelist"), {"action": "revoke", "_selected_action": [invitation.pk]}
    )
    window.refresh_from_db(), invitation.refresh_from_db()
    assert (window.status, invitation.status) == ("active", "revoked")


def test_an_operator_can_create_an_invitation(client, operator, clock):
    seller = SellerFactory()
    response = client.post(
        reverse("admin:sellers_invitation_add"),
        {
            "seller": seller.pk,
            "marketplace": marketplace("DE").pk,
            "invited_at_0": "2026-03-10",
            "invited_at_1": "09:00",
            "expires_at_0": "2026-04-10",
            "expires_at_1": "09:00",
            "status": "open",
            "note": "",
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.seller, invitation.invited_by) == (seller, operator)
