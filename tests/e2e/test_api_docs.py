"""The API docs in headless Chromium: Swagger UI renders every group of
operations from the project's own assets, under the site's strict
Content-Security-Policy, with no request leaving the site and no policy
violation; signed-in users try an operation from the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def watch(page, live_server):
    """Console errors (CSP violations are reported there) and requests to other hosts."""
    seen = {"errors": [], "foreign": []}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on(
        "request", lambda r: seen["foreign"].append(r.url) if not r.url.startswith((live_server.url, "data:")) else None
    )
    return seen


def test_swagger_ui_renders_offline_under_the_policy(page, live_server):
    seen = watch(page, live_server)
    response = page.goto(f"{live_server.url}/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("CSBA simulator API")
    expect(page.get_by_text("Submit a buyer contact")).to_be_visible()
    assert page.locator(".opblock").count() >= 20
    assert seen["foreign"] == []
    assert not [e for e in seen["errors"] if "Content Security Policy" in e or "Refused" in e], seen["errors"]


def test_a_signed_in_user_tries_the_index_from_the_docs(page, live_server):
    UserFactory(username="integrator1", roles=["integrators"])
    log_in(page, live_server, "integrator1", next_url="/api/docs/")
    seen = watch(page, live_server)
    page.get_by_text("The API's index", exact=False).first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    assert not [e for e in seen["errors"] if "Content Security Policy" in e or "Refused" in e], seen["errors"]
