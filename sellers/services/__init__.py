"""Every write of the sellers app (enrollment, eligibility, accounts, return policies)."""

from .accounts import seller_register, seller_sign_up, seller_store_info_update
from .eligibility import Eligibility, enrollment_eligibility, is_valid_tracking_number
from .enrollment import (
    OptInResult,
    enrollment_activate_due,
    enrollment_default_apply,
    enrollment_opt_in,
    enrollment_opt_out,
    marketplace_get,
    registered_within,
    trial_ends_at,
)
from .notifications import enrollment_notify
from .policies import (
    is_international,
    return_policy_approve,
    return_policy_problems,
    return_policy_reject,
    return_policy_submit,
)

__all__ = [
    "Eligibility",
    "OptInResult",
    "enrollment_activate_due",
    "enrollment_default_apply",
    "enrollment_eligibility",
    "enrollment_notify",
    "enrollment_opt_in",
    "enrollment_opt_out",
    "is_international",
    "is_valid_tracking_number",
    "marketplace_get",
    "registered_within",
    "return_policy_approve",
    "return_policy_problems",
    "return_policy_reject",
    "return_policy_submit",
    "seller_register",
    "seller_sign_up",
    "seller_store_info_update",
    "trial_ends_at",
]
