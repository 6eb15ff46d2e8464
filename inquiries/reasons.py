"""Contact reasons and routes (the codes of ARCHITECTURE.md's classify contract)."""
from django.db import models


class Reason(models.TextChoices):
    WHERE_IS_MY_ORDER = "where_is_my_order", "Where is my order"
    CANCEL_ORDER = "cancel_order", "Cancel order"
    CHANGE_ORDER = "change_order", "Change order"
    RETURN_REQUEST = "return_request", "Return request"
    REFUND = "refund", "Refund"
    DAMAGED_OR_DEFECTIVE = "damaged_or_defective", "Damaged or defective"
    WRONG_OR_MISSING_ITEM = "wrong_or_missing_item", "Wrong or missing item"
    PRODUCT_QUESTION = "product_question", "Product question"
    PAYMENT = "payment", "Payment"
    FEEDBACK_COMPLAINT = "feedback_complaint", "Feedback or complaint"
    INVOICE = "invoice", "Invoice"
    CUSTOMIZATION = "customization", "Product customization"
    PRE_ORDER = "pre_order", "Pre-order question"
    ACCOUNT = "account", "Account or login"
    A_TO_Z_CLAIM = "a_to_z_claim", "A-to-z Guarantee claim"
    OTHER = "other", "Other"


class Route(models.TextChoices):
    CSBA = "csba", "CSBA agents"
    SELLER_MESSAGING = "seller_messaging", "Seller (buyer-seller messaging)"
    MARKETPLACE_SUPPORT = "marketplace_support", "Marketplace support"


SELLER_REASONS = frozenset({Reason.INVOICE, Reason.CUSTOMIZATION, Reason.PRE_ORDER})
MARKETPLACE_REASONS = frozenset({Reason.ACCOUNT})


def route_for_reason(reason: str) -> str:
    """The route the reason alone implies; coverage can only move a contact away from CSBA."""
    if reason in SELLER_REASONS:
        return Route.SELLER_MESSAGING
    if reason in MARKETPLACE_REASONS:
        return Route.MARKETPLACE_SUPPORT
    return Route.CSBA
