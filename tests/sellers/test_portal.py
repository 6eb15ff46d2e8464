"""The seller portal pages: roles, scoping, forms and query budgets."""

from datetime import timedelta

import pytest
from django.urls import reverse

from sellers.models import Enrollment, EnrollmentStatus, ReturnPolicy
from sellers.services import enrollment_opt_in
from tests.factories import T0, SellerFactory, UserFactory, agent_user, seller_with_user

from .factories import invite, jp_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller(client):
    seller = seller_with_user("portal-seller", time_zone="Asia/Tokyo")
    invite(seller, "US", now=T0, expires_in=None)  # US opt-in is invitation-only
    client.force_login(seller.user)
    return seller


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("seller:home"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/seller/")


@pytest.mark.parametrize(
    "name,args",
    [
        ("seller:home", []),
        ("seller:enrollment", ["US"]),
        ("seller:opt_in", ["US"]),
        ("seller:invitations", []),
        ("seller:store_info", []),
    ],
)
def test_an_agent_is_refused(client, name, args):
    client.force_login(agent_user())
    assert client.get(reverse(name, args=args)).status_code == 403


def test_home_shows_pending_then_active_in_the_sellers_time_zone(client, seller, clock):
    # given
    enrollment_opt_in(seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=clock.now)
    # when
    pending = client.get(reverse("seller:home")).content.decode()
    clock.advance(timedelta(minutes=60))
    active = client.get(reverse("seller:home")).content.decode()
    # then
    assert "Pending" in pending and "Active" not in pending
    assert "Active" in active
    assert "Mar 10, 2026, 7:00 PM JST" in active  # 09:00 UTC + 60 min in Tokyo
    assert "/seller/cases/" in active and "/seller/billing/" in active


def test_opt_in_page_lists_every_unmet_requirement(client, clock):
    # given
    seller = jp_seller(
        store_courier="",
        store_sample_tracking_number="x",
        plan="individual",
        user=UserFactory(username="jp-seller", roles=["sellers"]),
    )
    client.force_login(seller.user)
    # when
    page = client.get(reverse("seller:opt_in", args=["JP"]))
    # then
    codes = [item.code for item in page.context["eligibility"].unmet]
    assert codes == ["plan", "store_courier", "store_sample_tracking_number"]
    assert page.content.decode().count("data-code=") == 3


def test_opt_in_without_terms_shows_the_reasons_and_stores_nothing(client, seller, clock):
    response = client.post(reverse("seller:opt_in", args=["US"]), {"request_key": "abc"})
    assert response.status_code == 400
    assert "Accept the CSBA Terms &amp; Conditions." in response.content.decode()
    assert Enrollment.objects.count() == 0


def test_opt_in_with_terms_records_the_window_and_a_double_submit_does_not_duplicate(client, seller, clock):
    # when
    first = client.post(reverse("seller:opt_in", args=["US"]), {"terms_accepted": "on", "request_key": "abc"})
    again = client.post(reverse("seller:opt_in", args=["US"]), {"terms_accepted": "on", "request_key": "abc"})
    other = client.post(reverse("seller:opt_in", args=["US"]), {"terms_accepted": "on", "request_key": "def"})
    # then
    assert (first.status_code, again.status_code) == (302, 302)
    assert other.status_code == 400 and "already enrolled" in other.content.decode()
    window = Enrollment.objects.get(seller=seller)
    assert (window.status, window.effective_at) == (EnrollmentStatus.PENDING, clock.now + timedelta(minutes=60))


def test_opt_out_confirmation_explains_existing_orders_then_closes_the_window(client, seller, clock):
    # given
    enrollment_opt_in(seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=clock.now)
    clock.advance(timedelta(days=2))
    # when
    page = client.get(reverse("seller:opt_out", args=["US"]))
    unconfirmed = client.post(reverse("seller:opt_out", args=["US"]), {})
    done = client.post(reverse("seller:opt_out", args=["US"]), {"confirm": "on"})
    # then
    assert "stay with CSBA" in page.content.decode()
    assert unconfirmed.status_code == 400
    assert done.status_code == 302
    assert Enrollment.objects.get(seller=seller).ended_at == clock.now


def test_opt_out_when_not_enrolled_says_so_and_writes_nothing(client, seller, clock):
    response = client.post(reverse("seller:opt_out", args=["US"]), {"confirm": "on"})
    assert response.status_code == 400
    assert "nothing to opt out of" in response.content.decode()
    assert Enrollment.objects.count() == 0


def test_another_sellers_window_is_not_found(client, seller, clock):
    # given
    other = SellerFactory()
    invite(other, "US", now=T0, expires_in=None)
    foreign = enrollment_opt_in(
        seller_id=other.pk, marketplace_code="US", terms_accepted=True, now=clock.now
    ).enrollment
    own = enrollment_opt_in(seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=clock.now).enrollment
    # then
    assert client.get(reverse("seller:enrollment_window", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("seller:enrollment_window", args=[own.pk])).status_code == 200


def test_unknown_marketplace_is_not_found(client, seller):
    assert client.get(reverse("seller:enrollment", args=["XX"])).status_code == 404


def test_return_policy_form_refuses_a_less_favourable_policy_and_accepts_a_better_one(client, seller, clock):
    url = reverse("seller:return_policy", args=["US"])
    worse = client.post(url, {"window_days": 14, "restocking_fee_percent": "10"})
    assert worse.status_code == 400
    assert ReturnPolicy.objects.count() == 0
    better = client.post(url, {"window_days": 60, "has_prepaid_labels": "on", "restocking_fee_percent": "0"})
    assert better.status_code == 302
    assert ReturnPolicy.objects.get(seller=seller).status == "submitted"
    assert "Awaiting approval" in client.get(url).content.decode()


def test_store_information_form_validates_the_tracking_number(client, seller):
    url = reverse("seller:store_info")
    data = {
        "courier": "Sagawa",
        "courier_tracking_url": "https://k2k.sagawa-exp.co.jp/p/",
        "contact_person": "Li",
        "sample_tracking_number": "12-34",
    }
    assert client.post(url, data).status_code == 400
    assert client.post(url, {**data, "sample_tracking_number": "3600-1234-5678"}).status_code == 302
    seller.refresh_from_db()
    assert seller.store_sample_tracking_number == "360012345678"


def test_portal_list_pages_stay_within_a_query_budget(client, seller, clock, django_assert_max_num_queries):
    # given: history in every marketplace and many invitations
    for code in ("US", "DE", "JP"):
        for _day in range(5):
            Enrollment.objects.create(
                seller=seller,
                marketplace_id=_mp(code),
                status="ended",
                requested_at=clock.now,
                effective_at=clock.now,
                ended_at=clock.now,
            )
        invite(seller, code, now=clock.now)
    # then
    for name, args in (("seller:home", []), ("seller:enrollment", ["US"]), ("seller:invitations", [])):
        with django_assert_max_num_queries(8):
            assert client.get(reverse(name, args=args)).status_code == 200


def test_the_portal_speaks_the_sellers_language(client, clock):
    seller = seller_with_user("de-seller", preferred_language="de")
    client.force_login(seller.user)
    page = client.get(reverse("seller:home"))
    assert page.wsgi_request.LANGUAGE_CODE == "de"


def _mp(code):
    from tests.factories import marketplace

    return marketplace(code).pk
