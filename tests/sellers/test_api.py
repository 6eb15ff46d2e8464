"""The seller enrollment API."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from sellers.models import Enrollment, ReturnPolicy
from sellers.services import enrollment_opt_in
from tests.factories import T0, SellerFactory, agent_user, seller_with_user

from .factories import invite

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def seller(api):
    seller = seller_with_user("api-seller")
    invite(seller, "US", now=T0, expires_in=None)  # US opt-in is invitation-only
    api.force_authenticate(seller.user)
    return seller


def test_opt_in_then_status_shows_pending_then_active(api, seller, clock):
    # when
    created = api.post("/api/v1/seller/enrollment/US/opt-in/", {"terms_accepted": True}, format="json")
    pending = api.get("/api/v1/seller/enrollment/US/").json()
    clock.advance(timedelta(hours=1))
    active = api.get("/api/v1/seller/enrollment/US/").json()
    # then
    assert created.status_code == 201
    assert created.json()["status"] == "pending"
    assert (pending["status"], active["status"]) == ("pending", "active")
    assert [w["id"] for w in active["windows"]] == [created.json()["id"]]
    listing = api.get("/api/v1/seller/enrollment/").json()
    assert [(entry["marketplace"], entry["status"]) for entry in listing] == [
        ("DE", "not_enrolled"),
        ("JP", "not_enrolled"),
        ("US", "active"),
    ]


def test_opt_in_replayed_with_the_same_idempotency_key_returns_the_same_window(api, seller, clock):
    first = api.post(
        "/api/v1/seller/enrollment/US/opt-in/", {"terms_accepted": True}, format="json", HTTP_IDEMPOTENCY_KEY="req-1"
    )
    again = api.post(
        "/api/v1/seller/enrollment/US/opt-in/", {"terms_accepted": True}, format="json", HTTP_IDEMPOTENCY_KEY="req-1"
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Enrollment.objects.count() == 1


def test_opt_in_while_ineligible_is_400_with_every_reason(api, clock):
    seller = seller_with_user("weak-seller", plan="individual", business_country="BR")
    api.force_authenticate(seller.user)
    response = api.post("/api/v1/seller/enrollment/DE/opt-in/", {"terms_accepted": False}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "not_eligible"
    assert sorted(body["errors"]) == ["business_country", "invitation", "plan", "terms_accepted"]
    assert Enrollment.objects.count() == 0


def test_opt_in_needs_the_terms_field(api, seller, clock):
    response = api.post("/api/v1/seller/enrollment/US/opt-in/", {}, format="json")
    assert response.status_code == 400
    assert Enrollment.objects.count() == 0


def test_double_opt_in_and_opt_out_when_not_enrolled_are_400(api, seller, clock):
    assert api.post("/api/v1/seller/enrollment/US/opt-out/").json()["code"] == "not_enrolled"
    api.post("/api/v1/seller/enrollment/US/opt-in/", {"terms_accepted": True}, format="json")
    second = api.post("/api/v1/seller/enrollment/US/opt-in/", {"terms_accepted": True}, format="json")
    assert (second.status_code, second.json()["code"]) == (400, "already_enrolled")
    assert Enrollment.objects.count() == 1


def test_opt_out_closes_the_window(api, seller, clock):
    enrollment_opt_in(seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=clock.now)
    clock.advance(timedelta(days=1))
    response = api.post("/api/v1/seller/enrollment/US/opt-out/")
    assert response.status_code == 200
    assert response.json()["status"] == "ended"
    assert Enrollment.objects.get().ended_at == clock.now


def test_eligibility_lists_unmet_requirements(api, clock):
    seller = seller_with_user("cn-seller", business_country="CN")
    api.force_authenticate(seller.user)
    body = api.get("/api/v1/seller/enrollment/JP/eligibility/").json()
    assert body["is_eligible"] is False
    assert [item["code"] for item in body["unmet"]] == [
        "store_courier",
        "store_courier_tracking_url",
        "store_contact_person",
        "store_sample_tracking_number",
    ]


def test_another_sellers_window_is_404_and_nothing_is_written(api, seller, clock):
    other = SellerFactory()
    invite(other, "US", now=T0, expires_in=None)
    foreign = enrollment_opt_in(
        seller_id=other.pk, marketplace_code="US", terms_accepted=True, now=clock.now
    ).enrollment
    assert api.get(f"/api/v1/seller/enrollment/windows/{foreign.pk}/").status_code == 404
    assert api.post("/api/v1/seller/enrollment/US/opt-out/").status_code == 400
    foreign.refresh_from_db()
    assert foreign.ended_at is None


def test_roles_agents_and_anonymous_are_refused(api, clock):
    assert api.get("/api/v1/seller/enrollment/").status_code == 401  # not signed in: asked for a token
    api.force_authenticate(agent_user())
    assert api.get("/api/v1/seller/enrollment/").status_code == 403
    assert api.post("/api/v1/seller/enrollment/US/opt-in/", {"terms_accepted": True}, format="json").status_code == 403
    assert Enrollment.objects.count() == 0


def test_return_policy_submit_and_read(api, seller, clock):
    worse = api.post(
        "/api/v1/seller/enrollment/US/return-policy/",
        {"window_days": 20, "has_prepaid_labels": False, "restocking_fee_percent": "5"},
        format="json",
    )
    assert worse.status_code == 400
    assert sorted(worse.json()["errors"]) == ["has_prepaid_labels", "restocking_fee_percent", "window_days"]
    better = api.post(
        "/api/v1/seller/enrollment/US/return-policy/",
        {"window_days": 45, "has_prepaid_labels": True, "restocking_fee_percent": "0"},
        format="json",
    )
    assert better.status_code == 201
    body = api.get("/api/v1/seller/enrollment/US/return-policy/").json()
    assert body["in_force"]["source"] == "standard"
    assert [(p["window_days"], p["status"]) for p in body["history"]] == [(45, "submitted")]
    assert ReturnPolicy.objects.count() == 1


def test_the_openapi_schema_describes_the_endpoints(api, seller):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/seller/enrollment/{code}/opt-in/" in text
    assert "Idempotency-Key" in text
