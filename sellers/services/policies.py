"""Sellers' own return policies: submit, then an operator approves or rejects."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from csba.db import locked
from csba.errors import DomainError

from ..models import InternationalReturns, Marketplace, ReturnPolicy, ReturnPolicyStatus, SellerAccount
from .enrollment import marketplace_get


def is_international(*, business_country: str, marketplace: Marketplace) -> bool:
    """A seller based outside the marketplace's country (international returns apply)."""
    return bool(marketplace.country and business_country and business_country.upper() != marketplace.country)


def return_policy_problems(
    *,
    marketplace: Marketplace,
    window_days: int,
    has_prepaid_labels: bool,
    restocking_fee_percent: Decimal,
    business_country: str = "",
    international_returns: str = "",
    return_address: str = "",
    return_address_country: str = "",
) -> dict[str, list[str]]:
    """Where the policy is less favourable to buyers than the marketplace's
    standard one (empty when it is at least as favourable). A returnless
    refund stands in for prepaid labels. A seller based outside the
    marketplace's country (``business_country``) must offer one of the
    international returns options: a return address in the marketplace's
    country, a prepaid return label to its address abroad, or a returnless
    refund (seeds 002, 004)."""
    errors: dict[str, list[str]] = {}
    returnless = international_returns == InternationalReturns.RETURNLESS
    if window_days < marketplace.return_window_days:
        errors["window_days"] = [
            _("The return window must be at least %(days)s days.") % {"days": marketplace.return_window_days}
        ]
    if window_days > 365:
        errors["window_days"] = [_("The return window can be at most 365 days.")]
    if marketplace.has_prepaid_return_labels and not has_prepaid_labels and not returnless:
        errors["has_prepaid_labels"] = [_("Prepaid return labels are required: the standard policy has them.")]
    if restocking_fee_percent < 0 or restocking_fee_percent > marketplace.restocking_fee_percent:
        errors["restocking_fee_percent"] = [
            _("The restocking fee can be at most %(fee)s%%.") % {"fee": marketplace.restocking_fee_percent}
        ]
    if international_returns and international_returns not in InternationalReturns.values:
        errors["international_returns"] = [_("Choose one of the listed options.")]
    elif is_international(business_country=business_country, marketplace=marketplace):
        errors.update(
            _international_problems(
                marketplace, international_returns, has_prepaid_labels, return_address, return_address_country
            )
        )
    return errors


def _international_problems(
    marketplace: Marketplace, option: str, has_prepaid_labels: bool, address: str, address_country: str
) -> dict[str, list[str]]:
    country = {"country": marketplace.country}
    if not option:
        return {
            "international_returns": [
                _(
                    "Your business is outside %(country)s: offer a return address in %(country)s, a prepaid return "
                    "label or a returnless refund."
                )
                % country
            ]
        }
    if option == InternationalReturns.DOMESTIC_ADDRESS:
        errors = {}
        if not address.strip():
            errors["return_address"] = [_("Enter the return address in %(country)s.") % country]
        if (address_country or "").upper() != marketplace.country:
            errors["return_address_country"] = [_("The return address must be in %(country)s.") % country]
        return errors
    if option == InternationalReturns.PREPAID_LABEL and not has_prepaid_labels:
        return {"has_prepaid_labels": [_("A prepaid return label was chosen: tick prepaid return labels.")]}
    return {}


@transaction.atomic
def return_policy_submit(
    *,
    seller_id: int,
    marketplace_code: str,
    window_days: int,
    has_prepaid_labels: bool,
    restocking_fee_percent: Decimal,
    now: datetime,
    description: str = "",
    international_returns: str = "",
    return_address: str = "",
    return_address_country: str = "",
) -> ReturnPolicy:
    """Submit a policy for operator approval. It must be at least as favourable
    as the marketplace's standard one and, for a seller based outside the
    marketplace's country, offer one of the international returns options
    (DomainError with field errors, nothing stored). A policy still awaiting
    approval is superseded by the new one; the approved one stays in force
    until the new one is approved."""
    seller = locked(SellerAccount.objects.filter(pk=seller_id))
    if seller is None:
        raise DomainError(_("There is no such seller account."), code="unknown_seller")
    marketplace = marketplace_get(marketplace_code)
    fee = Decimal(restocking_fee_percent)
    international = {
        "international_returns": international_returns or "",
        "return_address": (return_address or "").strip(),
        "return_address_country": (return_address_country or "").strip().upper(),
    }
    errors = return_policy_problems(
        marketplace=marketplace,
        window_days=window_days,
        has_prepaid_labels=has_prepaid_labels,
        restocking_fee_percent=fee,
        business_country=seller.business_country,
        **international,
    )
    if errors:
        raise DomainError(
            _("The return policy must be at least as favourable as the marketplace's standard policy."),
            code="policy_less_favourable",
            field_errors=errors,
        )
    ReturnPolicy.objects.filter(seller=seller, marketplace=marketplace, status=ReturnPolicyStatus.SUBMITTED).update(
        status=ReturnPolicyStatus.SUPERSEDED, decided_at=now, decision_note="Replaced by a newer submission."
    )
    return ReturnPolicy.objects.create(
        seller=seller,
        marketplace=marketplace,
        window_days=window_days,
        has_prepaid_labels=has_prepaid_labels,
        restocking_fee_percent=fee,
        description=description.strip(),
        status=ReturnPolicyStatus.SUBMITTED,
        submitted_at=now,
        **international,
    )


def _locked_submitted(policy_id: int) -> ReturnPolicy:
    policy = ReturnPolicy.objects.filter(pk=policy_id).select_related("marketplace").first()
    if policy is None:
        raise DomainError(_("There is no such return policy."), code="unknown_policy")
    # Lock the seller first (the same order as submit), then re-read the policy.
    locked(SellerAccount.objects.filter(pk=policy.seller_id))
    policy = locked(ReturnPolicy.objects.filter(pk=policy_id))
    if policy.status != ReturnPolicyStatus.SUBMITTED:
        raise DomainError(
            _("Only a submitted policy can be decided; this one is %(status)s.")
            % {"status": policy.get_status_display()},
            code="policy_not_submitted",
        )
    return policy


@transaction.atomic
def return_policy_approve(*, policy_id: int, now: datetime, actor=None, note: str = "") -> ReturnPolicy:
    """Approve a submitted policy: agents apply it from now on
    (sellers/return_policy.py). The previously approved policy of the seller
    and marketplace becomes superseded. Re-checks the policy against the
    current standard (DomainError if the standard has become more generous)."""
    policy = _locked_submitted(policy_id)
    errors = return_policy_problems(
        marketplace=policy.marketplace,
        window_days=policy.window_days,
        has_prepaid_labels=policy.has_prepaid_labels,
        restocking_fee_percent=policy.restocking_fee_percent,
        business_country=policy.seller.business_country,
        international_returns=policy.international_returns,
        return_address=policy.return_address,
        return_address_country=policy.return_address_country,
    )
    if errors:
        raise DomainError(
            _("The policy is no longer at least as favourable as the standard policy."),
            code="policy_less_favourable",
            field_errors=errors,
        )
    ReturnPolicy.objects.filter(
        seller_id=policy.seller_id, marketplace_id=policy.marketplace_id, status=ReturnPolicyStatus.APPROVED
    ).update(status=ReturnPolicyStatus.SUPERSEDED)
    policy.status = ReturnPolicyStatus.APPROVED
    policy.decided_at = now
    policy.decided_by = actor
    policy.decision_note = note[:500]
    policy.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    return policy


@transaction.atomic
def return_policy_reject(*, policy_id: int, now: datetime, actor=None, note: str = "") -> ReturnPolicy:
    """Reject a submitted policy; the approved one (or the standard) stays in force."""
    policy = _locked_submitted(policy_id)
    policy.status = ReturnPolicyStatus.REJECTED
    policy.decided_at = now
    policy.decided_by = actor
    policy.decision_note = note[:500]
    policy.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    return policy
