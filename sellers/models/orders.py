from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import choices_check


class Buyer(models.Model):
    marketplace = models.ForeignKey("sellers.Marketplace", on_delete=models.PROTECT, related_name="buyers")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    language = models.CharField(max_length=8, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["marketplace", "email"], name="buyer_email_per_marketplace")]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class OrderStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class Order(models.Model):
    marketplace = models.ForeignKey("sellers.Marketplace", on_delete=models.PROTECT, related_name="orders")
    seller = models.ForeignKey("sellers.SellerAccount", on_delete=models.PROTECT, related_name="orders")
    buyer = models.ForeignKey(Buyer, on_delete=models.PROTECT, related_name="orders")
    order_number = models.CharField(max_length=32, unique=True)
    placed_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=OrderStatus.choices, default=OrderStatus.PENDING)
    ship_to_country = models.CharField(max_length=2, blank=True)
    # The other two parts of the Order Defect Rate (A-to-z claims are refunds and tickets).
    feedback_rating = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("The buyer's seller-feedback rating, 1–5 (1 and 2 are negative).")
    )
    feedback_at = models.DateTimeField(null=True, blank=True)
    chargeback_at = models.DateTimeField(null=True, blank=True, help_text=_("When the buyer's bank charged back."))

    class Meta:
        ordering = ["-placed_at"]
        constraints = [
            choices_check("status", OrderStatus, "order_status_valid"),
            models.CheckConstraint(
                condition=models.Q(feedback_rating__isnull=True)
                | models.Q(feedback_rating__gte=1, feedback_rating__lte=5),
                name="order_feedback_rating_range",
            ),
        ]
        indexes = [models.Index(fields=["seller", "placed_at"], name="order_seller_placed")]

    def __str__(self) -> str:
        return self.order_number


class FulfillmentChannel(models.TextChoices):
    FBM = "FBM", _("Fulfilled by merchant")
    FBA = "FBA", _("Fulfilled by Amazon")
    SFP = "SFP", _("Seller-Fulfilled Prime")


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey("sellers.Product", on_delete=models.PROTECT, related_name="order_items")
    quantity = models.PositiveIntegerField(default=1)
    unit_price = models.DecimalField(max_digits=12, decimal_places=2)
    fulfillment_channel = models.CharField(max_length=3, choices=FulfillmentChannel.choices)
    shipment = models.ForeignKey(
        "sellers.Shipment", null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            choices_check("fulfillment_channel", FulfillmentChannel, "order_item_channel_valid"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="order_item_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.order.order_number} × {self.quantity} {self.product.asin} ({self.fulfillment_channel})"

    @property
    def is_seller_fulfilled(self) -> bool:
        """Seller-fulfilled in CSBA's sense: merchant-fulfilled, neither FBA nor
        Seller-Fulfilled Prime."""
        return self.fulfillment_channel == FulfillmentChannel.FBM


class Shipment(models.Model):
    """A package. ``has_valid_tracking``: the tracking number had at least one
    carrier scan (the Valid Tracking Rate's numerator)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="shipments")
    carrier = models.CharField(max_length=64)
    tracking_number = models.CharField(max_length=64, blank=True)
    tracking_url = models.URLField(blank=True)
    shipped_at = models.DateTimeField()
    estimated_delivery_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    first_scan_at = models.DateTimeField(null=True, blank=True)
    has_valid_tracking = models.BooleanField(default=False)
    is_signed_for = models.BooleanField(default=False)

    class Meta:
        ordering = ["shipped_at"]
        indexes = [models.Index(fields=["shipped_at"], name="shipment_shipped_at")]

    def __str__(self) -> str:
        return f"{self.carrier} {self.tracking_number or '(no tracking)'}"


class ReturnStatus(models.TextChoices):
    AUTHORIZED = "authorized", _("Authorized")
    IN_TRANSIT = "in_transit", _("In transit")
    RECEIVED = "received", _("Received")
    CLOSED = "closed", _("Closed")


class ReturnCondition(models.TextChoices):
    UNKNOWN = "unknown", _("Not inspected")
    AS_SOLD = "as_sold", _("As sold")
    DAMAGED = "damaged", _("Damaged")
    INCOMPLETE = "incomplete", _("Incomplete")
    DIFFERENT = "different", _("Materially different")


class Return(models.Model):
    order_item = models.ForeignKey(OrderItem, on_delete=models.CASCADE, related_name="returns")
    ticket = models.ForeignKey(
        "inquiries.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="returns"
    )
    quantity = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=16, choices=ReturnStatus.choices, default=ReturnStatus.AUTHORIZED)
    reason = models.CharField(max_length=200, blank=True)
    authorized_at = models.DateTimeField()
    rma_number = models.CharField(max_length=32, unique=True)
    has_prepaid_label = models.BooleanField(default=True)
    is_amazon_label = models.BooleanField(default=True, help_text="Amazon Prepaid Return Label (APRL).")
    first_scan_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    condition = models.CharField(max_length=16, choices=ReturnCondition.choices, default=ReturnCondition.UNKNOWN)

    class Meta:
        ordering = ["-authorized_at"]
        constraints = [
            choices_check("status", ReturnStatus, "return_status_valid"),
            choices_check("condition", ReturnCondition, "return_condition_valid"),
        ]
        indexes = [models.Index(fields=["authorized_at"], name="return_authorized_at")]

    def __str__(self) -> str:
        return f"Return {self.rma_number} ({self.status})"


class RefundKind(models.TextChoices):
    FULL = "full", _("Full refund")
    PARTIAL = "partial", _("Partial refund")


class Refund(models.Model):
    """A refund decided by Amazon (agent or CSBA's automatic judgment). The
    seller's account is debited; a full refund may be disputed (SAFE-T)."""

    order_item = models.ForeignKey(OrderItem, on_delete=models.CASCADE, related_name="refunds")
    ticket = models.ForeignKey(
        "inquiries.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="refunds"
    )
    kind = models.CharField(max_length=8, choices=RefundKind.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    reason = models.CharField(max_length=200, blank=True)
    issued_at = models.DateTimeField()
    is_automatic = models.BooleanField(default=False, help_text="Issued by CSBA's automatic resolution.")
    is_a_to_z = models.BooleanField(default=False, help_text="Under the A-to-z Guarantee.")

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            choices_check("kind", RefundKind, "refund_kind_valid"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="refund_amount_positive"),
        ]
        indexes = [models.Index(fields=["issued_at"], name="refund_issued_at")]

    def __str__(self) -> str:
        return f"{self.kind} refund {self.amount} {self.currency}"
