"""Seller accounts: registration (with default enrollment) and JP store information."""

from __future__ import annotations

import re
from datetime import datetime

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from csba.db import locked
from csba.errors import DomainError
from csba.roles import SELLERS

from ..models import STORE_FIELDS, AccountStanding, SellerAccount, SellingPlan
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
    registered_at: datetime | None = None,
    **store_info: str,
) -> SellerAccount:
    """Create a seller account and apply default enrollment in the
    marketplaces that enrol new sellers by default (all of them, or only
    ``marketplace_codes`` — the marketplaces the seller sells in): US every
    new seller, JP China-based ones, each with the marketplace's free trial.

    The one way a seller comes into being: the registration page and API, the
    admin's "add seller", the demo builder and the simulator all call it.
    ``registered_at`` (default ``now``) is when the seller registered with the
    marketplace, for an account brought in from elsewhere; default enrollment
    starts at ``now``. ``store_info`` takes the SellerAccount ``store_*``
    fields. Emails the seller about each default enrollment after commit."""
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("This field is required.")]
    if not re.fullmatch(r"[A-Za-z]{2}", business_country or ""):
        errors["business_country"] = [_("Enter the ISO code of the business address's country, e.g. US.")]
    if not (notification_email or "").strip():
        errors["notification_email"] = [_("This field is required.")]
    if errors:
        raise DomainError(_("The seller was not registered."), code="invalid_seller", field_errors=errors)
    unknown = set(store_info) - set(STORE_FIELDS)
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
        registered_at=registered_at or now,
        **store_info,
    )
    enrollment_default_apply(seller_id=seller.pk, now=now, marketplace_codes=marketplace_codes)
    return seller


@transaction.atomic
def seller_sign_up(
    *,
    username: str,
    email: str,
    password: str,
    name: str,
    business_country: str,
    now: datetime,
    marketplace_codes: list[str],
    plan: str = SellingPlan.PROFESSIONAL,
    preferred_language: str = "en",
    time_zone: str = "UTC",
) -> SellerAccount:
    """The registration page: a login in the sellers role and its seller
    account, registered through ``seller_register`` (default enrollment in
    the marketplaces named, with the trial). DomainError with field errors for
    a taken username or a weak password (nothing stored)."""
    errors: dict[str, list[str]] = {}
    username = (username or "").strip()
    User = get_user_model()
    if not username:
        errors["username"] = [_("This field is required.")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("This username is taken.")]
    candidate = User(username=username, email=email)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as invalid:
        errors["password"] = list(invalid.messages)
    if not marketplace_codes:
        errors["marketplace_codes"] = [_("Choose the marketplaces you sell in.")]
    if errors:
        raise DomainError(_("The account was not created."), code="invalid_registration", field_errors=errors)
    user = User.objects.create_user(username=username, email=email, password=password)
    user.groups.add(Group.objects.get(name=SELLERS))
    return seller_register(
        name=name,
        business_country=business_country,
        notification_email=email,
        now=now,
        plan=plan,
        preferred_language=preferred_language,
        time_zone=time_zone,
        user=user,
        marketplace_codes=marketplace_codes,
    )


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
