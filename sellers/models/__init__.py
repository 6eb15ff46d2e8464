from .accounts import (
    STORE_FIELDS,
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
from .policies import InternationalReturns, ReturnPolicy, ReturnPolicyStatus
from .programs import Program
from .transfers import TransferAddress

__all__ = [
    "STORE_FIELDS",
    "AccountStanding",
    "Buyer",
    "DefaultEnrollment",
    "Enrollment",
    "EnrollmentSource",
    "EnrollmentStatus",
    "FulfillmentChannel",
    "InternationalReturns",
    "Invitation",
    "InvitationStatus",
    "Marketplace",
    "Order",
    "OrderItem",
    "OrderStatus",
    "Product",
    "Program",
    "Refund",
    "RefundKind",
    "Return",
    "ReturnCondition",
    "ReturnPolicy",
    "ReturnPolicyStatus",
    "ReturnStatus",
    "SellerAccount",
    "SellingPlan",
    "Shipment",
    "StaffProfile",
    "TransferAddress",
]
