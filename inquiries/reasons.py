"""Contact reasons and routes (the codes of ARCHITECTURE.md's classify contract)."""

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


SELLER_REASONS = frozenset({Reason.INVOICE, Reason.CUSTOMIZATION, Reason.PRE_ORDER})
MARKETPLACE_REASONS = frozenset({Reason.ACCOUNT})


def route_for_reason(reason: str) -> str:
    """The route the reason alone implies; coverage can only move a contact away from CSBA."""
    if reason in SELLER_REASONS:
        return Route.SELLER_MESSAGING
    if reason in MARKETPLACE_REASONS:
        return Route.MARKETPLACE_SUPPORT
    return Route.CSBA
