"""API tokens: made, named, listed and revoked by sellers in the portal and
by operators for integrations in the admin; stored hashed, shown once, with
the last-used time; scoped to their seller."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from csba.models import ApiToken
from csba.tokens import token_create
from inquiries.models import Ticket

pytestmark = pytest.mark.django_db


def token_client(raw: str, keyword: str = "Token") -> Client:
    return Client(headers={"authorization": f"{keyword} {raw}"})


def make_in_portal(client, seller, name="Shop integration"):
    client.force_login(seller.user)
    response = client.post("/seller/api-tokens/", {"name": name})
    assert response.status_code == 201
    return response, re.search(r'<code id="new-token">([^<]+)</code>', response.content.decode()).group(1)


def test_a_seller_makes_a_token_shown_once_and_stored_hashed(client, world):
    response, raw = make_in_portal(client, world.seller_a)
    token = ApiToken.objects.get()
    assert raw.startswith(f"csba_{token.prefix}_") and len(raw) > 40
    assert token.seller == world.seller_a and token.user == world.seller_a.user and token.name == "Shop integration"
    assert raw not in str(ApiToken.objects.values().get()) and token.digest != raw
    assert "no-store" in response["Cache-Control"]
    listing = client.get("/seller/api-tokens/").content.decode()
    assert f"csba_{token.prefix}_…" in listing and raw not in listing


def test_a_token_reads_only_its_sellers_data_and_records_its_last_use(client, world):
    _, raw = make_in_portal(client, world.seller_a)
    api = token_client(raw)
    cases = api.get("/api/v1/seller/cases/")
    assert cases.status_code == 200
    assert [c["id"] for c in cases.json()["results"]] == [world.case_a.pk]
    assert api.get(f"/api/v1/seller/cases/{world.case_b.pk}/").status_code == 404
    assert api.get(f"/api/v1/billing/statements/{world.statement_b.pk}/").status_code == 404
    assert token_client(raw, "Bearer").get("/api/v1/seller/cases/").status_code == 200
    assert ApiToken.objects.get().last_used_at == world.now


def test_the_last_use_is_written_at_most_once_a_minute(client, world, clock):
    new = token_create(user=world.seller_a.user, seller=world.seller_a, name="t", now=world.now)
    api = token_client(new.secret)
    api.get("/api/v1/seller/enrollment/")
    with CaptureQueriesContext(connection) as second:
        api.get("/api/v1/seller/enrollment/")
    assert not any(q["sql"].startswith("UPDATE") and "apitoken" in q["sql"].lower() for q in second.captured_queries)
    clock.advance(timedelta(minutes=2))
    api.get("/api/v1/seller/enrollment/")
    assert ApiToken.objects.get().last_used_at == clock.now


def test_a_revoked_or_wrong_token_is_401_and_another_seller_cannot_revoke(client, world):
    _, raw = make_in_portal(client, world.seller_a)
    token = ApiToken.objects.get()
    client.force_login(world.seller_b.user)
    assert client.post(f"/seller/api-tokens/{token.pk}/revoke/").status_code == 404
    assert token_client(raw).get("/api/v1/seller/cases/").status_code == 200
    client.force_login(world.seller_a.user)
    assert client.post(f"/seller/api-tokens/{token.pk}/revoke/").status_code == 302
    for bad in (raw, raw[:-1] + ("A" if raw[-1] != "A" else "B"), "csba_nothing", "x" * 300):
        response = token_client(bad).get("/api/v1/seller/cases/")
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Token")
        assert set(response.json()) == {"detail", "code", "errors"}


def test_an_anonymous_api_call_is_401_asking_for_a_token(client, world):
    response = client.get("/api/v1/seller/cases/")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_a_deactivated_users_token_stops_working(client, world):
    new = token_create(user=world.seller_a.user, seller=world.seller_a, name="t", now=world.now)
    world.seller_a.user.is_active = False
    world.seller_a.user.save()
    assert token_client(new.secret).get("/api/v1/seller/cases/").status_code == 401


def test_an_operator_makes_an_integration_token_in_the_admin_shown_once(client, world):
    client.force_login(world.users["operator"])
    integrator = world.users["integrator"]
    response = client.post(
        "/admin/csba/apitoken/add/", {"user": integrator.pk, "seller": "", "name": "Helpdesk sync"}, follow=True
    )
    raw = re.search(r"(csba_[0-9a-f]{10}_[A-Za-z0-9_\-]+)", response.content.decode()).group(1)
    token = ApiToken.objects.get(name="Helpdesk sync")
    assert token.user == integrator and token.created_by == world.users["operator"]
    created = token_client(raw).post(
        "/api/v1/contacts/", {"marketplace": "US", "text": "Where is it?"}, content_type="application/json"
    )
    assert created.status_code == 201
    page = client.get(f"/admin/csba/apitoken/{token.pk}/change/").content.decode()
    assert raw not in page
    client.post(
        "/admin/csba/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}
    )  # the admin's revoke action
    assert token_client(raw).get("/api/v1/billing/statements/").status_code == 401


def test_an_integration_limited_to_one_seller_reads_only_that_sellers_statements(world):
    new = token_create(user=world.users["integrator"], seller=world.seller_b, name="B's books", now=world.now)
    body = token_client(new.secret).get("/api/v1/billing/statements/").json()
    assert {row["seller_id"] for row in body["results"]} == {world.seller_b.pk}
    other = token_client(new.secret).get(f"/api/v1/billing/statements/{world.statement_a.pk}/")
    assert other.status_code == 404


def test_two_tokens_of_one_integrator_have_their_own_idempotency_keys(world):
    first = token_create(user=world.users["integrator"], name="one", now=world.now)
    second = token_create(user=world.users["integrator"], name="two", now=world.now)
    ids = [
        token_client(t.secret)
        .post(
            "/api/v1/contacts/",
            {"marketplace": "US", "text": "Hello"},
            content_type="application/json",
            headers={"idempotency-key": "same"},
        )
        .json()["id"]
        for t in (first, second)
    ]
    assert ids[0] != ids[1] and Ticket.objects.filter(pk__in=ids).count() == 2


def _sign_in_queries(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and ("apitoken" in q["sql"] or "auth_group" in q["sql"])
    ]


def test_a_token_is_read_once_then_kept_for_the_cache_seconds(world, clock, settings):
    settings.API_TOKEN_CACHE_SECONDS = 10
    new = token_create(user=world.users["integrator"], name="sync", now=world.now)
    api = token_client(new.secret)
    with CaptureQueriesContext(connection) as first:
        assert api.get("/api/v1/billing/statements/").status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert api.get("/api/v1/billing/statements/").status_code == 200
    # the token, its user and the user's roles in one query; then nothing for the kept seconds
    assert len(_sign_in_queries(first)) == 1 and _sign_in_queries(second) == []
    # the whole token is still checked every time: a wrong secret with the kept prefix is refused
    assert (
        token_client(new.secret[:-1] + ("A" if new.secret[-1] != "A" else "B"))
        .get("/api/v1/billing/statements/")
        .status_code
        == 401
    )
    # a change this process did not see (another web process revoked it) counts after the kept seconds
    ApiToken.objects.filter(pk=new.token.pk).update(revoked_at=world.now)
    assert api.get("/api/v1/billing/statements/").status_code == 200
    clock.advance(timedelta(seconds=11))
    assert api.get("/api/v1/billing/statements/").status_code == 401


def test_revoking_a_token_or_taking_a_role_away_counts_at_once_in_the_process_that_did_it(world, clock):
    from django.contrib.auth.models import Group

    from csba.tokens import token_revoke

    integrator = world.users["integrator"]
    one = token_create(user=integrator, name="one", now=world.now)
    two = token_create(user=integrator, name="two", now=world.now)
    payload = {"marketplace": "US", "text": "Where is it?"}
    before = Ticket.objects.count()
    assert (
        token_client(one.secret).post("/api/v1/contacts/", payload, content_type="application/json").status_code == 201
    )
    assert (
        token_client(two.secret).post("/api/v1/contacts/", payload, content_type="application/json").status_code == 201
    )
    token_revoke(token_id=one.token.pk, now=world.now)
    assert token_client(one.secret).get("/api/v1/billing/statements/").status_code == 401
    integrator.groups.remove(Group.objects.get(name="integrators"))
    refused = token_client(two.secret).post("/api/v1/contacts/", payload, content_type="application/json")
    assert refused.status_code == 403
    assert Ticket.objects.count() == before + 2


def test_a_token_call_skips_the_browser_middleware_and_keeps_the_security_headers(world, settings):
    from django.contrib.sessions.models import Session

    settings.API_DOCS_PUBLIC = False
    new = token_create(user=world.users["integrator"], name="sync", now=world.now)
    api = token_client(new.secret)
    with CaptureQueriesContext(connection) as queries:
        response = api.post("/api/v1/contacts/", {"marketplace": "US", "text": "Hi"}, content_type="application/json")
    assert response.status_code == 201
    # no session read or written, no cookie set (no CSRF token either): nothing of the browser's
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]
    assert not response.cookies and not Session.objects.exists()
    assert response["Content-Security-Policy"] and response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    # a page under /api/ that is not DRF's sees nobody signed in (the docs: the login page), never a 500
    assert api.get("/api/docs/").status_code == 302
    # a bad token is still DRF's 401, and a browser session still goes through CSRF
    assert token_client("csba_nothing_x").get("/api/v1/billing/statements/").status_code == 401
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.users["integrator"])
    refused = browser.post("/api/v1/contacts/", {"marketplace": "US", "text": "Hi"}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] in ("permission_denied", "csrf_failed")
