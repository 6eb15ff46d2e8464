from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import choices_check


class ReturnPolicyStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Superseded")


class InternationalReturns(models.TextChoices):
    """How a seller based outside the marketplace's country takes returns
    (seeds 002, 004): one of them is required."""

    NONE = "", _("None (a seller based in the marketplace's country)")
    DOMESTIC_ADDRESS = "domestic_address", _("A return address in the marketplace's country")
    PREPAID_LABEL = "prepaid_label", _("A prepaid return label to the seller's address abroad")
    RETURNLESS = "returnless", _("A returnless refund (the buyer keeps the item)")


class ReturnPolicy(models.Model):
    """A seller's own return policy. Must be at least as favourable as the
    marketplace's standard one; applied by agents once an operator approved it."""

    seller = models.ForeignKey("sellers.SellerAccount", on_delete=models.CASCADE, related_name="return_policies")
    marketplace = models.ForeignKey("sellers.Marketplace", on_delete=models.PROTECT, related_name="return_policies")
    window_days = models.PositiveSmallIntegerField()
    has_prepaid_labels = models.BooleanField(default=True)
    restocking_fee_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    description = models.TextField(blank=True)
    international_returns = models.CharField(
        max_length=20, choices=InternationalReturns.choices, blank=True, default=InternationalReturns.NONE
    )
    return_address = models.TextField(blank=True, help_text="Where buyers send returns.")
    return_address_country = models.CharField(max_length=2, blank=True, help_text="ISO code of the return address.")
    status = models.CharField(max_length=16, choices=ReturnPolicyStatus.choices, default=ReturnPolicyStatus.SUBMITTED)
    submitted_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decision_note = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name_plural = "return policies"
        ordering = ["-submitted_at"]
        constraints = [
            choices_check("status", ReturnPolicyStatus, "return_policy_status_valid"),
            choices_check("international_returns", InternationalReturns, "return_policy_international_valid"),
            models.UniqueConstraint(
                fields=["seller", "marketplace"],
                condition=models.Q(status="approved"),
                name="return_policy_one_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seller} {self.marketplace.code}: {self.window_days} days ({self.status})"
