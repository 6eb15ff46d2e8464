"""Opt-in, opt-out, re-enrollment, activation and default enrollment."""

from datetime import timedelta

import pytest

from csba.errors import DomainError
from sellers.models import Enrollment, EnrollmentSource, EnrollmentStatus, InvitationStatus, SellingPlan
from sellers.services import (
    enrollment_activate_due,
    enrollment_opt_in,
    enrollment_opt_out,
    seller_register,
)
from sellers.tasks import enrollment_activate_due_task
from tests.factories import T0, SellerFactory

from .factories import invite, jp_seller

pytestmark = pytest.mark.django_db

NOW = T0 + timedelta(days=30)


def us_seller(**fields):
    """A seller invited to the US program (its opt-in is invitation-only)."""
    seller = SellerFactory(**fields)
    invite(seller, "US", now=NOW, expires_in=None)
    return seller


def test_opt_in_records_a_pending_window_effective_after_the_marketplaces_delay():
    # given
    seller = us_seller(registered_at=NOW - timedelta(days=3))
    # when
    result = enrollment_opt_in(seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=NOW)
    # then
    window = Enrollment.objects.get(seller=seller)
    assert result.created is True and result.enrollment == window
    assert (window.status, window.source) == (EnrollmentStatus.PENDING, EnrollmentSource.INVITATION)
    assert (window.requested_at, window.effective_at, window.ended_at) == (NOW, NOW + timedelta(minutes=60), None)
    assert window.terms_accepted_at == NOW
    assert window.trial_ends_at == NOW + timedelta(minutes=60) + timedelta(days=90)


def test_opt_in_while_ineligible_lists_every_unmet_requirement_and_stores_nothing():
    # given
    seller = SellerFactory(plan=SellingPlan.INDIVIDUAL, standing="suspended", business_country="BR")
    # when
    with pytest.raises(DomainError) as raised:
        enrollment_opt_in(seller_id=seller.pk, marketplace_code="US", terms_accepted=False, now=NOW)
    # then
    assert raised.value.code == "not_eligible"
    assert sorted(raised.value.field_errors) == ["business_country", "invitation", "plan", "standing", "terms_accepted"]
    assert Enrollment.objects.count() == 0


def test_jp_opt_in_without_store_information_lists_each_missing_item():
    # given
    seller = jp_seller(
        store_courier="", store_courier_tracking_url="", store_contact_person="", store_sample_tracking_number="12-34"
    )
    # when
    with pytest.raises(DomainError) as raised:
        enrollment_opt_in(seller_id=seller.pk, marketplace_code="JP", terms_accepted=True, now=NOW)
    # then
    assert sorted(raised.value.field_errors) == [
        "store_contact_person",
        "store_courier",
        "store_courier_tracking_url",
        "store_sample_tracking_number",
    ]
    assert Enrollment.objects.count() == 0


def test_jp_opt_in_with_store_information_is_an_application():
    seller = jp_seller(registered_at=NOW - timedelta(days=100))
    window = enrollment_opt_in(seller_id=seller.pk, marketplace_code="JP", terms_accepted=True, now=NOW).enrollment
    assert window.source == EnrollmentSource.APPLICATION
    assert window.trial_ends_at == window.effective_at + timedelta(days=90)


def test_jp_trial_only_for_sellers_registered_within_a_year():
    seller = jp_seller(registered_at=NOW - timedelta(days=366))
    window = enrollment_opt_in(seller_id=seller.pk, marketplace_code="JP", terms_accepted=True, now=NOW).enrollment
    assert window.trial_ends_at is None


def test_invitation_only_marketplace_needs_an_open_unexpired_invitation():
    # given
    seller = SellerFactory(business_country="DE")
    invite(seller, "DE", now=NOW, expires_in=timedelta(days=-1))
    invite(seller, "DE", now=NOW, status=InvitationStatus.REVOKED)
    # when
    with pytest.raises(DomainError) as raised:
        enrollment_opt_in(seller_id=seller.pk, marketplace_code="DE", terms_accepted=True, now=NOW)
    # then
    assert list(raised.value.field_errors) == ["invitation"]
    assert Enrollment.objects.count() == 0


def test_opt_in_by_invitation_accepts_the_invitation():
    seller = SellerFactory(business_country="DE")
    invitation = invite(seller, "DE", now=NOW)
    window = enrollment_opt_in(seller_id=seller.pk, marketplace_code="DE", terms_accepted=True, now=NOW).enrollment
    invitation.refresh_from_db()
    assert window.source == EnrollmentSource.INVITATION
    assert (invitation.status, invitation.accepted_at) == (InvitationStatus.ACCEPTED, NOW)


def test_double_opt_in_is_refused_with_a_clear_message_and_no_second_window():
    # given
    seller = us_seller()
    enrollment_opt_in(seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=NOW)
    # when
    with pytest.raises(DomainError) as raised:
        enrollment_opt_in(
            seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=NOW + timedelta(minutes=5)
        )
    # then
    assert raised.value.code == "already_enrolled"
    assert "already enrolled" in raised.value.message
    assert Enrollment.objects.filter(seller=seller).count() == 1


def test_a_replayed_opt_in_returns_the_same_window():
    # given
    seller = us_seller()
    first = enrollment_opt_in(
        seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=NOW, request_key="k1"
    )
    # when
    again = enrollment_opt_in(
        seller_id=seller.pk,
        marketplace_code="US",
        terms_accepted=True,
        now=NOW + timedelta(minutes=1),
        request_key="k1",
    )
    # then
    assert (again.created, again.enrollment.pk) == (False, first.enrollment.pk)
    assert Enrollment.objects.filter(seller=seller).count() == 1


def test_opt_out_closes_the_window_at_now_and_keeps_its_start():
    # given
    seller = us_seller()
    window = enrollment_opt_in(seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=NOW).enrollment
    enrollment_activate_due(now=NOW + timedelta(hours=1))
    later = NOW + timedelta(days=3)
    # when
    ended = enrollment_opt_out(seller_id=seller.pk, marketplace_code="US", now=later)
    # then
    window.refresh_from_db()
    assert ended.pk == window.pk
    assert (window.status, window.effective_at, window.ended_at) == (
        EnrollmentStatus.ENDED,
        NOW + timedelta(hours=1),
        later,
    )


def test_opt_out_of_a_pending_window_cancels_it_and_keeps_the_trial_for_later():
    # given
    seller = us_seller()
    enrollment_opt_in(seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=NOW)
    # when
    cancelled = enrollment_opt_out(seller_id=seller.pk, marketplace_code="US", now=NOW + timedelta(minutes=10))
    invite(seller, "US", now=NOW, expires_in=None)
    again = enrollment_opt_in(
        seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=NOW + timedelta(minutes=20)
    ).enrollment
    # then
    assert cancelled.ended_at == cancelled.effective_at and cancelled.trial_ends_at is None
    assert again.trial_ends_at == again.effective_at + timedelta(days=90)


def test_opt_out_when_not_enrolled_is_refused_and_writes_nothing():
    seller = SellerFactory()
    with pytest.raises(DomainError) as raised:
        enrollment_opt_out(seller_id=seller.pk, marketplace_code="US", now=NOW)
    assert raised.value.code == "not_enrolled"
    assert Enrollment.objects.count() == 0


def test_re_enrollment_opens_a_new_window_without_a_second_trial():
    # given
    seller = us_seller()
    first = enrollment_opt_in(seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=NOW).enrollment
    enrollment_opt_out(seller_id=seller.pk, marketplace_code="US", now=NOW + timedelta(days=2))
    invite(seller, "US", now=NOW, expires_in=None)
    # when
    second = enrollment_opt_in(
        seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=NOW + timedelta(days=5)
    ).enrollment
    # then
    first.refresh_from_db()
    assert second.pk != first.pk
    assert second.effective_at == NOW + timedelta(days=5, hours=1)
    assert first.trial_ends_at is not None and second.trial_ends_at is None
    assert Enrollment.objects.filter(seller=seller, ended_at__isnull=True).get() == second


def test_activation_makes_due_windows_active_once_and_emails_the_seller(django_capture_on_commit_callbacks, mailoutbox):
    # given
    seller = us_seller(preferred_language="de", time_zone="Europe/Berlin")
    due = enrollment_opt_in(seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=NOW).enrollment
    other = enrollment_opt_in(
        seller_id=us_seller().pk, marketplace_code="US", terms_accepted=True, now=NOW + timedelta(minutes=30)
    ).enrollment
    # when
    with django_capture_on_commit_callbacks(execute=True):
        activated = enrollment_activate_due(now=NOW + timedelta(minutes=60))
    with django_capture_on_commit_callbacks(execute=True):
        again = enrollment_activate_due(now=NOW + timedelta(minutes=61))
    # then
    due.refresh_from_db(), other.refresh_from_db()
    assert (activated, again) == ([due.pk], [])
    assert (due.status, other.status) == (EnrollmentStatus.ACTIVE, EnrollmentStatus.PENDING)
    assert due.activation_notified_at is not None
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [seller.notification_email]
    assert "US" in mail.subject
    assert mail.alternatives[0][1] == "text/html"
    assert "CET" in mail.body or "CEST" in mail.body or "+01" in mail.body


def test_the_periodic_task_activates_due_windows(clock):
    seller = SellerFactory()
    invite(seller, "US", now=clock.now, expires_in=None)
    window = enrollment_opt_in(
        seller_id=seller.pk, marketplace_code="US", terms_accepted=True, now=clock.now
    ).enrollment
    assert enrollment_activate_due_task() == 0
    clock.advance(timedelta(minutes=60))
    assert enrollment_activate_due_task() == 1
    window.refresh_from_db()
    assert window.status == EnrollmentStatus.ACTIVE


def test_seller_register_enrols_new_sellers_by_default_where_the_marketplace_says_so(
    django_capture_on_commit_callbacks, mailoutbox
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        cn = seller_register(
            name="Shenzhen Gadgets",
            business_country="CN",
            notification_email="cn@example.com",
            preferred_language="zh-hans",
            now=NOW,
        )
        us = seller_register(name="Portland Goods", business_country="US", notification_email="us@example.com", now=NOW)
    # then
    assert cn.registered_at == NOW
    assert sorted(cn.enrollments.values_list("marketplace__code", "source", "status")) == [
        ("JP", "default", "pending"),
        ("US", "default", "pending"),
    ]
    assert list(us.enrollments.values_list("marketplace__code", flat=True)) == ["US"]
    assert sorted(m.to[0] for m in mailoutbox) == ["cn@example.com", "cn@example.com", "us@example.com"]
    assert all("/opt-out/" in m.body for m in mailoutbox)


def test_seller_register_only_in_the_marketplaces_named():
    seller = seller_register(
        name="Berlin Books",
        business_country="DE",
        notification_email="de@example.com",
        now=NOW,
        marketplace_codes=["DE"],
    )
    assert seller.enrollments.count() == 0
