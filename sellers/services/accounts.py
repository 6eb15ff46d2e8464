"""Seller accounts: registration (with default enrollment) and JP store information."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from csba.db import locked
from csba.errors import DomainError

from ..models import AccountStanding, SellerAccount, SellingPlan
from .eligibility import is_valid_tracking_number, normalized_tracking_number
from .enrollment import enrollment_default_apply


@transaction.atomic
def seller_register(
    *,
    name: str,
    business_country: str,
    notification_email: str,
    now: datetime,
    plan: str = SellingPlan.PROFESSIONAL,
    standing: str = AccountStanding.GOOD,
    preferred_language: str = "en",
    time_zone: str = "UTC",
    user=None,
    marketplace_codes: list[str] | None = None,
    **store_info: str,
) -> SellerAccount:
    """Create a seller account registered at ``now`` and apply default
    enrollment in the marketplaces that enrol new sellers by default (all of
    them, or only ``marketplace_codes`` — the marketplaces the seller sells in).
    ``store_info`` takes the SellerAccount ``store_*`` fields. Emails the seller
    about each default enrollment after commit."""
    if not name.strip():
        raise DomainError(_("Enter the seller's name."), field_errors={"name": [_("This field is required.")]})
    unknown = set(store_info) - {
        "store_courier",
        "store_courier_tracking_url",
        "store_contact_person",
        "store_sample_tracking_number",
    }
    if unknown:
        raise TypeError(f"seller_register() got unexpected keyword arguments {sorted(unknown)}")
    seller = SellerAccount.objects.create(
        user=user,
        name=name.strip(),
        plan=plan,
        standing=standing,
        business_country=business_country.upper(),
        preferred_language=preferred_language,
        time_zone=time_zone,
        notification_email=notification_email,
        registered_at=now,
        **store_info,
    )
    enrollment_default_apply(seller_id=seller.pk, now=now, marketplace_codes=marketplace_codes)
    return seller


@transaction.atomic
def seller_store_info_update(
    *,
    seller_id: int,
    courier: str,
    courier_tracking_url: str,
    contact_person: str,
    sample_tracking_number: str,
    now: datetime,
) -> SellerAccount:
    """Save the JP store information. Raises DomainError with a field error
    for each missing value or a malformed tracking number (nothing saved)."""
    seller = locked(SellerAccount.objects.filter(pk=seller_id))
    if seller is None:
        raise DomainError(_("There is no such seller account."), code="unknown_seller")
    values = {
        "store_courier": courier.strip(),
        "store_courier_tracking_url": courier_tracking_url.strip(),
        "store_contact_person": contact_person.strip(),
        "store_sample_tracking_number": normalized_tracking_number(sample_tracking_number),
    }
    errors = {field: [_("This field is required.")] for field, value in values.items() if not value}
    if values["store_sample_tracking_number"] and not is_valid_tracking_number(values["store_sample_tracking_number"]):
        errors["store_sample_tracking_number"] = [_("Enter a valid tracking number: 10 to 20 letters or digits.")]
    if errors:
        raise DomainError(_("The store information is incomplete."), code="invalid_store_info", field_errors=errors)
    for field, value in values.items():
        setattr(seller, field, value)
    seller.save(update_fields=list(values))
    return seller
