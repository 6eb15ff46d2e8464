from .accounts import (
    AccountStanding,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    Invitation,
    InvitationStatus,
    SellerAccount,
    SellingPlan,
    StaffProfile,
)
from .catalog import Product
from .marketplace import DefaultEnrollment, Marketplace
from .orders import (
    Buyer,
    FulfillmentChannel,
    Order,
    OrderItem,
    OrderStatus,
    Refund,
    RefundKind,
    Return,
    ReturnCondition,
    ReturnStatus,
    Shipment,
)
from .policies import ReturnPolicy, ReturnPolicyStatus

__all__ = [
    "AccountStanding", "Buyer", "DefaultEnrollment", "Enrollment", "EnrollmentSource", "EnrollmentStatus",
    "FulfillmentChannel", "Invitation", "InvitationStatus", "Marketplace", "Order", "OrderItem", "OrderStatus",
    "Product", "Refund", "RefundKind", "Return", "ReturnCondition", "ReturnPolicy", "ReturnPolicyStatus",
    "ReturnStatus", "SellerAccount", "SellingPlan", "Shipment", "StaffProfile",
]
