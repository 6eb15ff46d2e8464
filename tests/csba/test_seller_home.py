"""The seller's home says what needs doing: cases awaiting its reply with
their countdowns, new statements and buyer messages, warnings about its
coverage and reward; every seller page is in the menu."""

from datetime import timedelta

import pytest

from inquiries.reasons import Route
from inquiries.states import TicketStatus
from sellers.models import AccountStanding
from tests.factories import T0, CaseFactory, EnrollmentFactory, TicketFactory, marketplace, seller_with_user

pytestmark = pytest.mark.django_db
NOW = T0 + timedelta(days=40)


@pytest.fixture
def seller(clock):
    clock.set(NOW)
    seller = seller_with_user("kim", time_zone="America/New_York")
    EnrollmentFactory(seller=seller, requested_at=T0, effective_at=T0, trial_ends_at=NOW + timedelta(days=5))
    return seller


def home(client, seller):
    client.force_login(seller.user)
    response = client.get("/seller/")
    assert response.status_code == 200
    return response.content.decode()


def test_cases_awaiting_the_reply_come_first_with_their_deadlines(client, seller):
    soon = CaseFactory(seller=seller, opened_at=NOW - timedelta(hours=20), deadline_at=NOW + timedelta(hours=4))
    CaseFactory(seller=seller, status="seller_replied", deadline_at=NOW + timedelta(hours=9))
    page = home(client, seller)
    assert "Cases awaiting your reply" in page
    assert f'href="/seller/cases/{soon.pk}/"' in page and 'class="count">1<' in page
    assert f'data-deadline="{soon.deadline_at.isoformat()}"' in page


def test_nothing_to_answer_is_said_plainly(client, seller):
    page = home(client, seller)
    assert "Nothing to answer" in page


def test_warnings_for_the_trial_the_standing_and_the_store_information(client, seller):
    seller.standing = AccountStanding.AT_RISK
    seller.save(update_fields=["standing"])
    EnrollmentFactory(seller=seller, marketplace=marketplace("JP"), requested_at=T0, effective_at=T0)
    page = home(client, seller)
    assert "Your free trial in US ends on Feb 14, 2026; fees apply from then on." in page
    assert "Your account is not in good standing" in page
    assert "Your store information for JP is incomplete" in page and 'href="/seller/store/"' in page


def test_new_buyer_messages_and_statements(client, seller):
    from datetime import date

    from billing.services import month_close

    TicketFactory(
        seller=seller, route=Route.SELLER_MESSAGING, status=TicketStatus.TRANSFERRED, opened_at=NOW - timedelta(days=2)
    )
    month_close(marketplace="US", month=date(2026, 1, 1), now=NOW - timedelta(days=8))
    page = home(client, seller)
    assert "Buyer messages for you in the last 7 days: 1" in page
    assert "Statement for Jan 2026 (US)" in page


def test_the_menu_reaches_every_seller_page(client, seller):
    page = home(client, seller)
    for href in (
        "/seller/",
        "/seller/search/",
        "/seller/cases/",
        "/seller/templates/",
        "/seller/messages/",
        "/seller/transfer/",
        "/seller/billing/",
        "/seller/billing/insights/",
        "/seller/billing/estimator/",
        "/seller/enrollment/",
        "/seller/invitations/",
        "/seller/store/",
    ):
        assert f'href="{href}"' in page, href
        assert client.get(href).status_code == 200, href


def test_the_home_runs_a_fixed_number_of_queries(client, seller, django_assert_max_num_queries):
    for n in range(15):
        CaseFactory(seller=seller, deadline_at=NOW + timedelta(hours=n + 1))
    client.force_login(seller.user)
    with django_assert_max_num_queries(16):
        client.get("/seller/")
