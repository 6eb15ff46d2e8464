"""Enrollment windows: opt-in, opt-out, re-enrollment, activation, default enrollment.

A window is ``[effective_at, ended_at)``; coverage (sellers/coverage.py) is
computed from those two times only. Every write locks the SellerAccount row
first (csba.db.locked), so two requests of one seller never interleave and the
windows of one seller and marketplace never overlap.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from csba.db import locked, locked_batch
from csba.dispatch import Task, enqueue_on_commit
from csba.errors import DomainError

from ..coverage import program_for
from ..models import (
    DefaultEnrollment,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    InvitationStatus,
    Marketplace,
    SellerAccount,
)
from .eligibility import enrollment_eligibility


@dataclass(frozen=True)
class OptInResult:
    enrollment: Enrollment
    created: bool


def marketplace_get(code: str) -> Marketplace:
    marketplace = Marketplace.objects.filter(code=(code or "").upper()).first()
    if marketplace is None:
        raise DomainError(
            _("There is no marketplace %(code)s.") % {"code": code},
            code="unknown_marketplace",
            field_errors={"marketplace": [_("Unknown marketplace.")]},
        )
    return marketplace


def _locked_seller(seller_id: int) -> SellerAccount:
    seller = locked(SellerAccount.objects.filter(pk=seller_id))
    if seller is None:
        raise DomainError(_("There is no such seller account."), code="unknown_seller")
    return seller


def _open_window(seller: SellerAccount, marketplace: Marketplace) -> Enrollment | None:
    return Enrollment.objects.filter(seller=seller, marketplace=marketplace, ended_at__isnull=True).first()


def _took_effect(window: Enrollment) -> bool:
    return window.ended_at is None or window.ended_at > window.effective_at


def registered_within(registered_at: datetime, *, months: int, now: datetime) -> bool:
    """Whether ``registered_at`` lies within the ``months`` calendar months
    before ``now`` (the last 12 months: since the same day and time a year
    ago; a day missing in the earlier month, e.g. 31 February, is its last)."""
    index = now.year * 12 + now.month - 1 - months
    year, month = divmod(index, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return registered_at >= now.replace(year=year, month=month + 1, day=day)


def trial_ends_at(
    *, seller: SellerAccount, marketplace: Marketplace, effective_at: datetime, now: datetime
) -> datetime | None:
    """The free trial's end for a new window, or None: ``trial_days`` after
    the window takes effect (US 90, DE 30, JP 90). The trial is given once per
    seller and marketplace, on the first window that takes effect (a pending
    window cancelled before it started does not use it up); where the
    marketplace sets ``trial_max_registration_age_months`` (JP: 12) only to
    sellers registered within that many months."""
    if not marketplace.trial_days:
        return None
    earlier = Enrollment.objects.filter(seller=seller, marketplace=marketplace)
    if any(_took_effect(window) for window in earlier):
        return None
    max_age = marketplace.trial_max_registration_age_months
    if max_age is not None and not registered_within(seller.registered_at, months=max_age, now=now):
        return None
    return effective_at + timedelta(days=marketplace.trial_days)


def _new_window(*, seller, marketplace, source, now, terms_accepted_at, request_key="") -> Enrollment:
    effective_at = now + timedelta(minutes=marketplace.opt_in_delay_minutes)
    enrollment = Enrollment.objects.create(
        seller=seller,
        marketplace=marketplace,
        program=program_for(business_country=seller.business_country, marketplace=marketplace),
        status=EnrollmentStatus.ACTIVE if effective_at <= now else EnrollmentStatus.PENDING,
        source=source,
        requested_at=now,
        effective_at=effective_at,
        terms_accepted_at=terms_accepted_at,
        trial_ends_at=trial_ends_at(seller=seller, marketplace=marketplace, effective_at=effective_at, now=now),
        request_key=request_key,
    )
    if enrollment.status == EnrollmentStatus.ACTIVE:
        _notify_on_commit(enrollment.pk, "activated")
    return enrollment


def _notify_on_commit(enrollment_id: int, kind: str) -> None:
    enqueue_on_commit(Task.ENROLLMENT_NOTIFY, enrollment_id, kind)


@transaction.atomic
def enrollment_opt_in(
    *, seller_id: int, marketplace_code: str, terms_accepted: bool, now: datetime, request_key: str = ""
) -> OptInResult:
    """Record an opt-in request; the window takes effect ``opt_in_delay_minutes``
    later (pending until ``enrollment_activate_due`` activates it).

    A replay with the same ``request_key`` returns the window it created
    (``created=False``). Raises DomainError ``not_eligible`` with one field
    error per unmet requirement (nothing stored), or ``already_enrolled`` when
    a window is pending or active. Uses the seller's open invitation where the
    marketplace is invitation-only (marks it accepted). Locks the seller row."""
    seller = _locked_seller(seller_id)
    marketplace = marketplace_get(marketplace_code)
    request_key = (request_key or "")[:100]
    if request_key:
        replayed = Enrollment.objects.filter(seller=seller, marketplace=marketplace, request_key=request_key).first()
        if replayed is not None:
            return OptInResult(replayed, created=False)
    current = _open_window(seller, marketplace)
    if current is not None:
        raise DomainError(
            _("You are already enrolled in %(marketplace)s (%(status)s); nothing was changed.")
            % {"marketplace": marketplace.code, "status": current.get_status_display()},
            code="already_enrolled",
            field_errors={"marketplace": [_("Already enrolled.")]},
        )
    eligibility = enrollment_eligibility(
        seller=seller, marketplace=marketplace, now=now, terms_accepted=bool(terms_accepted)
    )
    if not eligibility.is_eligible:
        raise DomainError(
            _("You cannot enrol in %(marketplace)s yet: %(count)s requirement(s) are not met.")
            % {"marketplace": marketplace.code, "count": len(eligibility.unmet)},
            code="not_eligible",
            field_errors=eligibility.field_errors(),
        )
    if eligibility.invitation_id is not None:
        source = EnrollmentSource.INVITATION
        seller.invitations.filter(pk=eligibility.invitation_id).update(
            status=InvitationStatus.ACCEPTED, accepted_at=now
        )
    elif marketplace.requires_store_info:
        source = EnrollmentSource.APPLICATION
    else:
        source = EnrollmentSource.OPT_IN
    enrollment = _new_window(
        seller=seller, marketplace=marketplace, source=source, now=now, terms_accepted_at=now, request_key=request_key
    )
    return OptInResult(enrollment, created=True)


@transaction.atomic
def enrollment_opt_out(*, seller_id: int, marketplace_code: str, now: datetime) -> Enrollment:
    """Close the seller's open window: orders placed from ``now`` on are not
    covered, orders placed while enrolled stay covered. A window still pending
    is cancelled (it ends where it would have started: it never covered
    anything, and the trial it carried is not used up). Raises DomainError
    ``not_enrolled`` when there is no open window (nothing written)."""
    seller = _locked_seller(seller_id)
    marketplace = marketplace_get(marketplace_code)
    window = _open_window(seller, marketplace)
    if window is None:
        raise DomainError(
            _("You are not enrolled in %(marketplace)s; there is nothing to opt out of.")
            % {"marketplace": marketplace.code},
            code="not_enrolled",
            field_errors={"marketplace": [_("Not enrolled.")]},
        )
    fields = ["ended_at", "status"]
    if window.effective_at > now:
        window.ended_at = window.effective_at
        window.trial_ends_at = None
        fields.append("trial_ends_at")
    else:
        window.ended_at = now
    window.status = EnrollmentStatus.ENDED
    window.save(update_fields=fields)
    return window


def enrollment_activate_due(*, now: datetime, batch_size: int = 500) -> list[int]:
    """Activate every pending window whose ``effective_at`` has come (pending →
    active) and email each seller after commit. Safe to run twice or in
    parallel workers: rows are taken with SKIP LOCKED and re-checked."""
    activated: list[int] = []
    while True:
        with transaction.atomic():
            batch = locked_batch(
                Enrollment.objects.filter(
                    status=EnrollmentStatus.PENDING, effective_at__lte=now, ended_at__isnull=True
                ),
                size=batch_size,
                order_by=("effective_at", "pk"),
            )
            ids = [window.pk for window in batch]
            if ids:
                Enrollment.objects.filter(pk__in=ids, status=EnrollmentStatus.PENDING).update(
                    status=EnrollmentStatus.ACTIVE
                )
                for enrollment_id in ids:
                    _notify_on_commit(enrollment_id, "activated")
        activated.extend(ids)
        if len(ids) < batch_size:
            return activated


def default_enrollment_applies(*, seller: SellerAccount, marketplace: Marketplace) -> bool:
    """The marketplace's rule (data): every new seller (US), or China-based
    ones (JP), registered on or after ``default_enrollment_since`` if set
    (JP: after 2018-07-31)."""
    since = marketplace.default_enrollment_since
    if since is not None and seller.registered_at.date() < since:
        return False
    rule = marketplace.default_enrollment
    if rule == DefaultEnrollment.ALL_NEW_SELLERS:
        return True
    return rule == DefaultEnrollment.CHINA_BASED and seller.business_country == "CN"


def enrollment_default_apply(
    *, seller_id: int, now: datetime, marketplace_codes: list[str] | None = None
) -> list[Enrollment]:
    """Enrol a newly registered seller where the marketplace enrols new sellers
    by default (US: all; JP: China-based) and the seller meets the basic
    requirements (plan, standing, business country). Invitation, store
    information and the terms are not asked for: the marketplace decided.
    Emails the seller how to opt out, after commit. Skips marketplaces where a
    window exists already (safe to run twice)."""
    with transaction.atomic():
        seller = _locked_seller(seller_id)
        marketplaces = Marketplace.objects.exclude(default_enrollment=DefaultEnrollment.NONE)
        if marketplace_codes is not None:
            marketplaces = marketplaces.filter(code__in=[code.upper() for code in marketplace_codes])
        created = []
        for marketplace in marketplaces.order_by("code"):
            if not default_enrollment_applies(seller=seller, marketplace=marketplace):
                continue
            if Enrollment.objects.filter(seller=seller, marketplace=marketplace).exists():
                continue
            eligibility = enrollment_eligibility(
                seller=seller, marketplace=marketplace, now=now, check_invitation=False, check_store_info=False
            )
            if not eligibility.is_eligible:
                continue
            window = _new_window(
                seller=seller, marketplace=marketplace, source=EnrollmentSource.DEFAULT, now=now, terms_accepted_at=None
            )
            _notify_on_commit(window.pk, "default")
            created.append(window)
        return created
