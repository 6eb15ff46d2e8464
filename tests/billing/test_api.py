"""Statements over the API."""

from datetime import date, datetime

import pytest

from billing.services import month_close
from sellers.models import Enrollment
from tests.factories import UserFactory, marketplace, operator_user, seller_with_user

from .helpers import LONG_AGO, UTC, at, enrolled_seller, ship

pytestmark = pytest.mark.django_db


def test_sellers_read_their_own_statements_and_operators_all(client):
    seller = seller_with_user()
    Enrollment.objects.create(
        seller=seller, marketplace=marketplace("US"), status="active", requested_at=LONG_AGO, effective_at=LONG_AGO
    )
    other = enrolled_seller()
    for who in (seller, other):
        ship(who, 3, at(2026, 10), valid_tracking=False)
    month_close(marketplace="US", month=date(2026, 10, 1), now=datetime(2026, 11, 3, tzinfo=UTC))
    client.force_login(seller.user)
    body = client.get("/api/v1/billing/statements/").json()
    assert [r["seller_id"] for r in body["results"]] == [seller.pk]
    statement = body["results"][0]
    assert (statement["month"], statement["fee"], statement["currency"]) == ("2026-10", "0.75", "USD")
    other_id = other.statements.get().pk
    assert client.get(f"/api/v1/billing/statements/{other_id}/").status_code == 404
    client.force_login(operator_user())
    body = client.get("/api/v1/billing/statements/?marketplace=us&month=2026-10").json()
    assert body["count"] == 2
    refused = client.get("/api/v1/billing/statements/?month=bad")
    assert (refused.status_code, list(refused.json()["errors"])) == (400, ["month"])
    client.force_login(UserFactory(username="nobody"))
    assert client.get("/api/v1/billing/statements/").status_code == 403
