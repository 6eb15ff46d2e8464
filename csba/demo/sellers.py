"""The demo's sellers: each registered through ``seller_register`` like every
seller (default enrollment and its trial apply: US sellers, China-based JP
sellers); the rest of its history is made through the services where it
reads as one (opt-out) and as rows where it is the past."""

from __future__ import annotations

from datetime import datetime, timedelta

from sellers.coverage import program_for
from sellers.models import STORE_FIELDS, Enrollment, EnrollmentSource, EnrollmentStatus, Invitation, SellerAccount
from sellers.services import enrollment_opt_out, seller_register

JP_STORE = ("Yamato", "https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number=", "Tanaka Ken", "123456789012")


def demo_seller_register(
    *, name, marketplace, country, language, tz, state, user, registered: datetime, now: datetime
) -> tuple[SellerAccount, int]:
    """The seller and how many coverage windows it got. ``state``: enrolled,
    trial, opted_out, invited or anything else (never enrolled)."""
    store = dict(zip(STORE_FIELDS, JP_STORE if marketplace.code == "JP" else ("",) * 4))
    seller = seller_register(
        name=name,
        business_country=country,
        notification_email=f"{name.split()[0].lower()}@seller.example.com",
        now=registered,
        preferred_language=language,
        time_zone=tz,
        user=user,
        marketplace_codes=[marketplace.code],
        **store,
    )
    windows = seller.enrollments.filter(marketplace=marketplace).count()
    by_default = windows > 0
    if state == "opted_out":
        if not by_default:
            windows += _window(seller, marketplace, start=now - timedelta(days=300))
        enrollment_opt_out(seller_id=seller.pk, marketplace_code=marketplace.code, now=now - timedelta(days=30))
    elif state in ("enrolled", "trial") and not by_default:
        windows += _window(seller, marketplace, start=now - timedelta(days=20 if state == "trial" else 200))
    elif state == "invited":
        Invitation.objects.create(
            seller=seller,
            marketplace=marketplace,
            invited_at=now - timedelta(days=3),
            expires_at=now + timedelta(days=27),
            note="Demo invitation",
        )
    return seller, windows


def _window(seller, marketplace, *, start: datetime) -> int:
    """A coverage window opened in the past (by invitation or application)."""
    Enrollment.objects.create(
        seller=seller,
        marketplace=marketplace,
        program=program_for(business_country=seller.business_country, marketplace=marketplace),
        status=EnrollmentStatus.ACTIVE,
        source=EnrollmentSource.INVITATION if marketplace.is_invitation_only else EnrollmentSource.APPLICATION,
        requested_at=start,
        effective_at=start + timedelta(minutes=marketplace.opt_in_delay_minutes),
        terms_accepted_at=start,
        trial_ends_at=start + timedelta(days=marketplace.trial_days),
    )
    return 1
