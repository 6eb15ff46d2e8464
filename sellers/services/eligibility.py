"""Who may enrol in CSBA in a marketplace: every unmet requirement at once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext_lazy as _

from ..models import (
    AccountStanding,
    Enrollment,
    EnrollmentSource,
    Invitation,
    InvitationStatus,
    Marketplace,
    SellerAccount,
    SellingPlan,
)

# JP sample tracking numbers: 10–20 letters or digits once spaces and hyphens are dropped
# (Yamato and Sagawa use 12 digits, Japan Post 11–13 characters).
TRACKING_NUMBER_PATTERN = re.compile(r"^[A-Za-z0-9]{10,20}$")


class Requirement:
    """Codes of the requirements; each is also the field the error is reported on."""

    PLAN = "plan"
    STANDING = "standing"
    BUSINESS_COUNTRY = "business_country"
    TERMS = "terms_accepted"
    INVITATION = "invitation"
    STORE_COURIER = "store_courier"
    STORE_TRACKING_URL = "store_courier_tracking_url"
    STORE_CONTACT = "store_contact_person"
    STORE_TRACKING_NUMBER = "store_sample_tracking_number"


@dataclass(frozen=True)
class Unmet:
    code: str
    message: str | StrPromise  # translated lazily: shown in the reader's language


@dataclass(frozen=True)
class Eligibility:
    marketplace_code: str
    unmet: list[Unmet] = field(default_factory=list)
    invitation_id: int | None = None

    @property
    def is_eligible(self) -> bool:
        return not self.unmet

    def field_errors(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        for item in self.unmet:
            errors.setdefault(item.code, []).append(str(item.message))
        return errors


def normalized_tracking_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def is_valid_tracking_number(value: str) -> bool:
    return bool(TRACKING_NUMBER_PATTERN.match(normalized_tracking_number(value)))


def open_invitation(*, seller_id: int, marketplace: Marketplace, now: datetime) -> Invitation | None:
    """The seller's open, unexpired invitation to the marketplace (newest first)."""
    return (
        Invitation.objects.filter(seller_id=seller_id, marketplace=marketplace, status=InvitationStatus.OPEN)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .order_by("-invited_at", "-pk")
        .first()
    )


def _was_enrolled_by_default(seller: SellerAccount, marketplace: Marketplace) -> bool:
    """Sellers the marketplace enrolled by default at registration may opt
    back in without an invitation (DOMAIN.md: US opt-in is invitation-only
    except for them)."""
    return Enrollment.objects.filter(
        seller_id=seller.pk, marketplace_id=marketplace.pk, source=EnrollmentSource.DEFAULT
    ).exists()


def store_info_unmet(seller: SellerAccount) -> list[Unmet]:
    unmet = []
    if not seller.store_courier.strip():
        unmet.append(Unmet(Requirement.STORE_COURIER, _("Enter the courier you ship with.")))
    if not seller.store_courier_tracking_url.strip():
        unmet.append(Unmet(Requirement.STORE_TRACKING_URL, _("Enter the courier's tracking link.")))
    if not seller.store_contact_person.strip():
        unmet.append(Unmet(Requirement.STORE_CONTACT, _("Enter a contact person for your store.")))
    if not is_valid_tracking_number(seller.store_sample_tracking_number):
        unmet.append(
            Unmet(Requirement.STORE_TRACKING_NUMBER, _("Enter a valid tracking number: 10 to 20 letters or digits."))
        )
    return unmet


def enrollment_eligibility(
    *,
    seller: SellerAccount,
    marketplace: Marketplace,
    now: datetime,
    terms_accepted: bool | None = None,
    check_invitation: bool = True,
    check_store_info: bool = True,
) -> Eligibility:
    """Every requirement the seller does not meet to enrol in ``marketplace``.

    ``terms_accepted=None`` leaves the Terms & Conditions out (they are accepted
    with the opt-in request itself); ``False`` reports them as unmet. Where the
    marketplace is invitation-only (US, DE) an open invitation is required,
    except for a seller the marketplace once enrolled by default. Default
    enrollment passes ``check_invitation=False, check_store_info=False``: it is
    the marketplace's own decision. Reads only; two queries for the invitation."""
    unmet: list[Unmet] = []
    if seller.plan != SellingPlan.PROFESSIONAL:
        unmet.append(Unmet(Requirement.PLAN, _("A Professional selling plan is required.")))
    if seller.standing != AccountStanding.GOOD:
        unmet.append(Unmet(Requirement.STANDING, _("Your account must be in good standing.")))
    if seller.business_country not in (marketplace.business_countries or []):
        unmet.append(
            Unmet(
                Requirement.BUSINESS_COUNTRY,
                _("The program does not run for businesses in %(country)s in this marketplace.")
                % {"country": seller.business_country},
            )
        )
    if terms_accepted is False:
        unmet.append(Unmet(Requirement.TERMS, _("Accept the CSBA Terms & Conditions.")))
    invitation = None
    if check_invitation and marketplace.is_invitation_only and not _was_enrolled_by_default(seller, marketplace):
        invitation = open_invitation(seller_id=seller.pk, marketplace=marketplace, now=now)
        if invitation is None:
            unmet.append(
                Unmet(Requirement.INVITATION, _("This marketplace is invitation-only and you have no open invitation."))
            )
    if check_store_info and marketplace.requires_store_info:
        unmet.extend(store_info_unmet(seller))
    return Eligibility(marketplace.code, unmet, invitation.pk if invitation else None)
