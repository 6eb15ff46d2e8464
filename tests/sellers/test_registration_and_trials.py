"""Issue 12, items 4–6: every way a seller comes into being goes through
``seller_register`` (default enrollment with the trial: US every new seller,
JP China-based sellers); US opt-in is invitation-only; trials are US 90,
DE 30, JP 90 for sellers registered in the last 12 months, all data on the
marketplace."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from rest_framework.test import APIClient

from csba.errors import DomainError
from sellers.models import Enrollment, EnrollmentSource, Marketplace, SellerAccount
from sellers.services import enrollment_opt_in, enrollment_opt_out, seller_register
from tests.factories import SellerFactory, UserFactory, operator_user

from .factories import JP_STORE, invite

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 10, 9, tzinfo=UTC)


def _windows(seller):
    return sorted(
        (w.marketplace.code, w.source, w.trial_ends_at - w.effective_at if w.trial_ends_at else None)
        for w in Enrollment.objects.filter(seller=seller).select_related("marketplace")
    )


# --- 4. every way in goes through seller_register ------------------------------------------------------------


def test_the_registration_page_creates_the_login_and_enrols_by_default_with_the_trial(client, clock, mailoutbox):
    # given a China-based seller registering for the US and Japanese stores
    clock.set(NOW)
    data = {
        "name": "Shenzhen Lamps",
        "business_country": "cn",
        "marketplace_codes": ["US", "JP"],
        "email": "lamps@example.cn",
        "username": "shenzhen-lamps",
        "password": "a-long-passphrase-42",
        "preferred_language": "zh-hans",
        "time_zone": "Asia/Shanghai",
    }
    # when
    with_callbacks = client.post(reverse("seller:register"), data)
    # then the seller is signed in, in the sellers role, and enrolled by default in both, each with 90 days free
    assert with_callbacks.status_code == 302 and with_callbacks["Location"] == reverse("seller:home")
    seller = SellerAccount.objects.get(name="Shenzhen Lamps")
    assert seller.user.username == "shenzhen-lamps" and seller.user.groups.filter(name="sellers").exists()
    assert (seller.business_country, seller.registered_at, seller.notification_email) == ("CN", NOW, "lamps@example.cn")
    assert _windows(seller) == [("JP", "default", timedelta(days=90)), ("US", "default", timedelta(days=90))]
    assert client.get(reverse("seller:home")).status_code == 200


def test_a_german_seller_registering_for_germany_only_is_not_enrolled(client, clock):
    clock.set(NOW)
    data = {
        "name": "Hamburg Tools",
        "business_country": "DE",
        "marketplace_codes": ["DE"],
        "email": "tools@example.de",
        "username": "hamburg",
        "password": "a-long-passphrase-42",
        "preferred_language": "de",
        "time_zone": "Europe/Berlin",
    }
    assert client.post(reverse("seller:register"), data).status_code == 302
    assert _windows(SellerAccount.objects.get(name="Hamburg Tools")) == []


def test_a_taken_username_or_a_weak_password_stores_nothing(client, clock):
    clock.set(NOW)
    UserFactory(username="taken")
    data = {
        "name": "Weak",
        "business_country": "US",
        "marketplace_codes": ["US"],
        "email": "weak@example.com",
        "username": "taken",
        "password": "123",
        "preferred_language": "en",
        "time_zone": "UTC",
    }
    response = client.post(reverse("seller:register"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "username" in errors and "password" in errors
    assert not SellerAccount.objects.exists() and User.objects.count() == 1 and not Enrollment.objects.exists()


def test_integrators_register_sellers_through_the_api():
    api = APIClient()
    api.force_authenticate(UserFactory(username="onboarding", roles=["integrators"]))
    response = api.post(
        "/api/v1/sellers/",
        {
            "name": "Austin Audio",
            "business_country": "US",
            "notification_email": "audio@example.com",
            "marketplaces": ["us", "DE"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [(w["marketplace"], w["source"], w["program"]) for w in body["enrollments"]] == [
        ("US", "default", "Customer Service by Amazon")
    ]
    seller = SellerAccount.objects.get(pk=body["id"])
    assert _windows(seller) == [("US", "default", timedelta(days=90))]


def test_the_registration_api_refuses_bad_input_and_other_roles():
    api = APIClient()
    api.force_authenticate(UserFactory(username="onboarding", roles=["integrators"]))
    response = api.post(
        "/api/v1/sellers/",
        {"name": "", "business_country": "USA", "notification_email": "x", "marketplaces": ["XX"]},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) >= {"name", "business_country", "notification_email", "marketplaces"}
    api.force_authenticate(UserFactory(username="a-seller", roles=["sellers"]))
    refused = api.post(
        "/api/v1/sellers/",
        {"name": "X", "business_country": "US", "notification_email": "x@example.com", "marketplaces": ["US"]},
        format="json",
    )
    assert refused.status_code == 403
    assert not SellerAccount.objects.exists()


def test_the_admins_add_seller_registers_through_the_same_service(client, clock):
    clock.set(NOW)
    client.force_login(operator_user())
    us = Marketplace.objects.get(code="US")
    response = client.post(
        reverse("admin:sellers_selleraccount_add"),
        {
            "name": "Denver Bikes",
            "plan": "professional",
            "standing": "good",
            "business_country": "US",
            "registered_at_0": "2026-03-01",
            "registered_at_1": "10:00:00",
            "notification_email": "bikes@example.com",
            "preferred_language": "en",
            "time_zone": "America/Denver",
            "sells_in": [us.pk],
            "enrollments-TOTAL_FORMS": "0",
            "enrollments-INITIAL_FORMS": "0",
            "invitations-TOTAL_FORMS": "0",
            "invitations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    seller = SellerAccount.objects.get(name="Denver Bikes")
    assert _windows(seller) == [("US", "default", timedelta(days=90))]
    assert Enrollment.objects.get(seller=seller).requested_at == NOW
    assert SellerAccount.objects.count() == 1


def test_the_demo_registers_its_sellers_through_the_service(clock, settings):
    from django.core.management import call_command

    settings.DEBUG = True
    clock.set(datetime(2026, 6, 15, 12, tzinfo=UTC))
    call_command("seed_demo")
    defaults = set(
        Enrollment.objects.filter(source=EnrollmentSource.DEFAULT).values_list("seller__name", "marketplace__code")
    )
    assert {("Acme Outdoor", "US"), ("Shenzhen Gadget Co", "US"), ("Dragon Trade JP", "JP")} <= defaults
    assert not any(code == "DE" for _, code in defaults)


# --- 5. US opt-in is invitation-only -------------------------------------------------------------------------


def test_an_uninvited_eligible_us_seller_cannot_opt_in_by_itself():
    seller = SellerFactory()
    with pytest.raises(DomainError) as refused:
        enrollment_opt_in(seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=NOW)
    assert refused.value.code == "not_eligible" and list(refused.value.field_errors) == ["invitation"]
    assert not Enrollment.objects.exists()
    # with an invitation it can
    invite(seller, "US", now=NOW)
    window = enrollment_opt_in(seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=NOW).enrollment
    assert window.source == EnrollmentSource.INVITATION


def test_a_seller_enrolled_by_default_may_opt_back_in_without_an_invitation():
    seller = seller_register(name="Back Again", business_country="US", notification_email="b@example.com", now=NOW)
    enrollment_opt_out(seller_id=seller.pk, marketplace_code="US", now=NOW + timedelta(days=10))
    again = enrollment_opt_in(
        seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=NOW + timedelta(days=20)
    ).enrollment
    assert again.source == EnrollmentSource.OPT_IN and again.trial_ends_at is None  # the trial was given once


# --- 6. trials as data: US 90, DE 30, JP 90 for sellers registered in the last 12 months ------------------------


def test_trials_are_90_days_in_the_us_30_in_germany_and_90_in_japan():
    us = seller_register(name="US Seller", business_country="US", notification_email="us@example.com", now=NOW)
    de = SellerFactory(business_country="DE", registered_at=NOW - timedelta(days=30))
    invite(de, "DE", now=NOW)
    de_window = enrollment_opt_in(seller_id=de.pk, marketplace_code="DE", terms_accepted=True, now=NOW).enrollment
    jp = seller_register(
        name="JP Seller", business_country="CN", notification_email="jp@example.com", now=NOW, **JP_STORE
    )
    assert _windows(us) == [("US", "default", timedelta(days=90))]
    assert de_window.trial_ends_at - de_window.effective_at == timedelta(days=30)
    assert ("JP", "default", timedelta(days=90)) in _windows(jp)


@pytest.mark.parametrize(
    "registered,gets_trial",
    [
        (datetime(2025, 3, 10, 9, tzinfo=UTC), True),  # exactly 12 months before
        (datetime(2025, 3, 10, 8, 59, tzinfo=UTC), False),  # a minute earlier
        (datetime(2025, 4, 30, tzinfo=UTC), True),
        (datetime(2024, 12, 1, tzinfo=UTC), False),
    ],
)
def test_the_jp_trial_is_for_sellers_registered_in_the_last_12_months(registered, gets_trial):
    seller = SellerFactory(business_country="JP", registered_at=registered, **JP_STORE)
    window = enrollment_opt_in(seller_id=seller.pk, marketplace_code="JP", terms_accepted=True, now=NOW).enrollment
    assert (window.trial_ends_at is not None) is gets_trial


def test_twelve_months_are_calendar_months():
    from sellers.services import registered_within

    # 2024 is a leap year: 365 days before 29 February 2024 is 1 March 2023, 12 months before is 28 February 2023
    now = datetime(2024, 2, 29, 12, tzinfo=UTC)
    assert registered_within(datetime(2023, 3, 1, tzinfo=UTC), months=12, now=now)
    assert registered_within(datetime(2023, 2, 28, 12, tzinfo=UTC), months=12, now=now)
    assert not registered_within(datetime(2023, 2, 28, 11, tzinfo=UTC), months=12, now=now)


def test_the_trial_and_default_enrollment_follow_the_marketplace_data():
    Marketplace.objects.filter(code="US").update(trial_days=45)
    Marketplace.objects.filter(code="JP").update(default_enrollment_since=NOW.date() + timedelta(days=1))
    seller = seller_register(
        name="Data Driven", business_country="CN", notification_email="d@example.com", now=NOW, **JP_STORE
    )
    assert _windows(seller) == [("US", "default", timedelta(days=45))]  # JP enrols only sellers registered later


def test_every_marketplace_setting_of_issue_12_is_edited_in_the_admin(client):
    from django.forms.models import model_to_dict

    client.force_login(operator_user())
    us = Marketplace.objects.get(code="US")
    url = reverse("admin:sellers_marketplace_change", args=[us.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    for name in (
        "country",
        "default_enrollment_since",
        "is_invitation_only",
        "trial_days",
        "trial_max_registration_age_months",
        "fcr_window_days",
        "safet_claim_days",
    ):
        assert name in form.fields, name
    data = {
        key: value
        for key, value in model_to_dict(us).items()
        if key in form.fields and value is not None and key != "default_enrollment_since"
    }
    data.update(
        {
            "buyer_languages": '["en"]',
            "seller_languages": '["en", "zh-hans"]',
            "business_countries": '["US", "CN"]',
            "trial_days": 60,
            "trial_max_registration_age_months": 6,
            "fcr_window_days": 10,
            "safet_claim_days": 90,
            "default_enrollment_since": "2020-01-01",
            "transfer_addresses-TOTAL_FORMS": "0",
            "transfer_addresses-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    us.refresh_from_db()
    assert (us.trial_days, us.trial_max_registration_age_months, us.fcr_window_days, us.safet_claim_days) == (
        60,
        6,
        10,
        90,
    )
