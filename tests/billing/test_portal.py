"""Seller billing pages: statements, tier outlook, insights dashboard, CSV."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest

from billing.services import month_close
from sellers.models import Enrollment
from tests.factories import agent_user, marketplace, seller_with_user

from .helpers import LONG_AGO, UTC, at, contacts, ship

pytestmark = pytest.mark.django_db


def _seller_in_us(username="seller1", **fields):
    seller = seller_with_user(username, **fields)
    Enrollment.objects.create(
        seller=seller,
        marketplace=marketplace("US"),
        status="active",
        requested_at=LONG_AGO,
        effective_at=LONG_AGO,
        terms_accepted_at=LONG_AGO,
    )
    return seller


def _history(seller):
    for month in range(4, 11):
        ship(seller, 100, at(2026, month), valid_tracking=False)
        contacts(seller, 3 if month < 9 else 8, at(2026, month))
    for month in range(7, 11):
        month_close(marketplace="US", month=date(2026, month, 1), now=datetime(2026, 11, 2, tzinfo=UTC))


def test_the_billing_page_shows_tier_outlook_and_statements(client, clock):
    clock.set(datetime(2026, 11, 20, tzinfo=UTC))
    seller = _seller_in_us()
    _history(seller)
    ship(seller, 50, at(2026, 11, 10), valid_tracking=False)
    client.force_login(seller.user)
    response = client.get("/seller/billing/")
    assert response.status_code == 200
    body = response.content.decode()
    # November's tier comes from Aug–Oct: 19 contacts / 300 units = 6.3% → tier 2
    overview = response.context["overviews"][0]
    assert (overview.window_units, overview.window_contacts, overview.tier) == (300, 19, 2)
    assert overview.rate == Decimal("0.25")
    # next month: Sep–Nov so far, 16 contacts on 250 units = 6.4%: tier 1 needs at most 12 contacts (4 fewer) or 70 units more
    assert overview.to_improve.tier == 1 and overview.to_improve.fewer_contacts == 4
    assert overview.to_improve.more_units == 70
    assert "To reach tier 1" in body
    assert body.count('href="/seller/billing/statements/') == 4


def test_a_statement_page_is_printable_and_only_for_its_seller(client, clock):
    seller = _seller_in_us()
    _history(seller)
    statement = seller.statements.get(month=date(2026, 10, 1))
    client.force_login(seller.user)
    response = client.get(f"/seller/billing/statements/{statement.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "data-print" in body and "October 2026" in body
    assert "Where is my order" in body
    other = seller_with_user("seller2")
    client.force_login(other.user)
    assert client.get(f"/seller/billing/statements/{statement.pk}/").status_code == 404


def test_statements_export_as_csv(client, clock):
    seller = _seller_in_us()
    _history(seller)
    client.force_login(seller.user)
    response = client.get("/seller/billing/statements.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["month"] for r in rows] == ["2026-10", "2026-09", "2026-08", "2026-07"]
    october = rows[0]
    assert (october["units"], october["contacts"], october["tier"], october["fee"]) == (
        "100",
        "8",
        "1",
        "10.00",
    )  # Jul–Sep: 14 / 300 = 4.7%


def test_the_insights_dashboard_draws_its_charts_without_growing_queries(client, clock, django_assert_max_num_queries):
    clock.set(datetime(2026, 11, 20, tzinfo=UTC))
    seller = _seller_in_us()
    _history(seller)
    tickets = contacts(seller, 2, at(2026, 10, 5))
    from inquiries.models import Ticket

    Ticket.objects.filter(pk__in=[t.pk for t in tickets]).update(csat_score=4, csat_at=at(2026, 10, 6))
    client.force_login(seller.user)
    with django_assert_max_num_queries(15):
        response = client.get("/seller/billing/insights/")
    assert response.status_code == 200
    body = response.content.decode()
    # four charts drawn; first-contact resolution has nothing yet (no ticket resolved) and says so
    assert body.count("<svg") == 4
    assert "Quarterly fee rate" in body and "CPU trend" in body and "CSAT trend" in body
    assert "First-contact resolution" in body and "No inquiries resolved in these months yet." in body
    assert "Q3 2026" in body and "Q4 2026" in body
    data = response.context["data"]
    assert data.csat[-2] == (Decimal("4.00"), 2)
    assert data.reasons[0] == ("Where is my order", 18)
    # Q3: July–September, 300 units; fees at tier 1 (July: window Apr–Jun 9/300 = 3%) and tier 1/2 after
    assert data.quarters[0][0] == "2026-Q3" and data.quarters[0][1] == 300
    # the monthly CPU line: October 10 contacts on 100 units
    assert data.cpu_monthly[-2] == Decimal("0.100000")


def test_the_dashboard_is_only_for_marketplaces_of_the_seller(client):
    seller = _seller_in_us()
    client.force_login(seller.user)
    assert client.get("/seller/billing/insights/?marketplace=JP").status_code == 404
    assert client.get("/seller/billing/insights/?marketplace=US").status_code == 200


def test_a_seller_not_enrolled_anywhere_sees_the_estimator_link(client):
    seller = seller_with_user("newcomer")
    client.force_login(seller.user)
    body = client.get("/seller/billing/").content.decode()
    assert "not enrolled" in body and "/seller/billing/estimator/" in body
    assert client.get("/seller/billing/insights/").status_code == 200


def test_billing_pages_are_for_sellers_only(client):
    for url in (
        "/seller/billing/",
        "/seller/billing/insights/",
        "/seller/billing/estimator/",
        "/seller/billing/statements.csv",
    ):
        assert client.get(url).status_code == 302
    client.force_login(agent_user())
    for url in ("/seller/billing/", "/seller/billing/insights/", "/seller/billing/estimator/"):
        assert client.get(url).status_code == 403
