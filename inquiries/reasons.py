"""Contact reasons and routes (the codes of ARCHITECTURE.md's classify contract),
and the registry of what the code decides per reason (``REASONS``)."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    WHERE_IS_MY_ORDER = "where_is_my_order", _("Where is my order")
    CANCEL_ORDER = "cancel_order", _("Cancel order")
    CHANGE_ORDER = "change_order", _("Change order")
    RETURN_REQUEST = "return_request", _("Return request")
    REFUND = "refund", _("Refund")
    DAMAGED_OR_DEFECTIVE = "damaged_or_defective", _("Damaged or defective")
    WRONG_OR_MISSING_ITEM = "wrong_or_missing_item", _("Wrong or missing item")
    PRODUCT_QUESTION = "product_question", _("Product question")
    PAYMENT = "payment", _("Payment")
    FEEDBACK_COMPLAINT = "feedback_complaint", _("Feedback or complaint")
    INVOICE = "invoice", _("Invoice")
    CUSTOMIZATION = "customization", _("Product customization")
    PRE_ORDER = "pre_order", _("Pre-order question")
    ACCOUNT = "account", _("Account or login")
    A_TO_Z_CLAIM = "a_to_z_claim", _("A-to-z Guarantee claim")
    OTHER = "other", _("Other")


class Route(models.TextChoices):
    CSBA = "csba", _("CSBA agents")
    SELLER_MESSAGING = "seller_messaging", _("Seller (buyer-seller messaging)")
    MARKETPLACE_SUPPORT = "marketplace_support", _("Marketplace support")


class Policy:
    """CSBA's decision on a case the seller left unanswered (the handlers are
    ``inquiries.caselog.auto_resolution.policies.POLICIES``)."""

    RETURN = "return"
    DEFECT = "defect"
    REFUND = "refund"
    WHERE_IS_MY_ORDER = "where_is_my_order"
    CANCEL = "cancel"
    A_TO_Z_CLAIM = "a_to_z_claim"
    PRODUCT_QUESTION = "product_question"
    APOLOGY = "apology"


class Suggestion:
    """Which suggested answer an agent gets (``inquiries.console.services.suggestions``)."""

    NONE = ""
    PRODUCT = "product"  # from the product detail page
    WHERE_IS_MY_ORDER = "where_is_my_order"  # from shipments and tracking
    REFUND_STATUS = "refund_status"  # from the refunds issued
    RETURN_WINDOW = "return_window"  # from the applicable return policy


@dataclass(frozen=True)
class ReasonSpec:
    """Everything the code decides per reason, in one place."""

    route: str  # where the reason alone sends a contact (coverage can only move it away from CSBA)
    policy: str = Policy.APOLOGY  # CSBA's decision when the seller does not answer a case in time
    suggestion: str = Suggestion.NONE  # the suggested answer shown to the agent


# The registry: a new contact reason is a Reason member (its code and label,
# translated in locale/src) and one entry here; tests/inquiries/test_reasons.py
# fails when a reason lacks one or names a policy or suggestion nobody handles.
REASONS: dict[str, ReasonSpec] = {
    Reason.WHERE_IS_MY_ORDER: ReasonSpec(Route.CSBA, Policy.WHERE_IS_MY_ORDER, Suggestion.WHERE_IS_MY_ORDER),
    Reason.CANCEL_ORDER: ReasonSpec(Route.CSBA, Policy.CANCEL),
    Reason.CHANGE_ORDER: ReasonSpec(Route.CSBA),
    Reason.RETURN_REQUEST: ReasonSpec(Route.CSBA, Policy.RETURN, Suggestion.RETURN_WINDOW),
    Reason.REFUND: ReasonSpec(Route.CSBA, Policy.REFUND, Suggestion.REFUND_STATUS),
    Reason.DAMAGED_OR_DEFECTIVE: ReasonSpec(Route.CSBA, Policy.DEFECT),
    Reason.WRONG_OR_MISSING_ITEM: ReasonSpec(Route.CSBA, Policy.DEFECT),
    Reason.PRODUCT_QUESTION: ReasonSpec(Route.CSBA, Policy.PRODUCT_QUESTION, Suggestion.PRODUCT),
    Reason.PAYMENT: ReasonSpec(Route.CSBA),
    Reason.FEEDBACK_COMPLAINT: ReasonSpec(Route.CSBA),
    Reason.INVOICE: ReasonSpec(Route.SELLER_MESSAGING),
    Reason.CUSTOMIZATION: ReasonSpec(Route.SELLER_MESSAGING),
    Reason.PRE_ORDER: ReasonSpec(Route.SELLER_MESSAGING),
    Reason.ACCOUNT: ReasonSpec(Route.MARKETPLACE_SUPPORT),
    Reason.A_TO_Z_CLAIM: ReasonSpec(Route.CSBA, Policy.A_TO_Z_CLAIM),
    Reason.OTHER: ReasonSpec(Route.CSBA),
}
_DEFAULT = ReasonSpec(Route.CSBA)


def reason_spec(reason: str) -> ReasonSpec:
    """The registry entry of ``reason`` (an unknown code is handled as "other")."""
    return REASONS.get(reason, _DEFAULT)


def route_for_reason(reason: str) -> str:
    """The route the reason alone implies; coverage can only move a contact away from CSBA."""
    return reason_spec(reason).route
