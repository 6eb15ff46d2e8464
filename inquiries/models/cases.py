from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sellers.models.base import choices_check

from ..states import CaseStatus


class Case(models.Model):
    """A case-log entry: CSBA asks the seller; the seller must answer by
    ``deadline_at`` (UTC, calendar hours) or CSBA resolves by its own judgment."""

    ticket = models.ForeignKey("inquiries.Ticket", on_delete=models.CASCADE, related_name="cases")
    seller = models.ForeignKey("sellers.SellerAccount", on_delete=models.PROTECT, related_name="cases")
    marketplace = models.ForeignKey("sellers.Marketplace", on_delete=models.PROTECT, related_name="cases")
    question = models.TextField()
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    opened_at = models.DateTimeField()
    deadline_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=24, choices=CaseStatus.choices, default=CaseStatus.AWAITING_SELLER)
    seller_replied_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.JSONField(default=dict, blank=True, help_text="The decision and its grounds.")
    resolution_notified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the seller was emailed CSBA's decision (alone or in a digest)."
    )

    class Meta:
        ordering = ["deadline_at", "pk"]
        constraints = [
            choices_check("status", CaseStatus, "case_status_valid"),
            models.CheckConstraint(
                condition=models.Q(deadline_at__gt=models.F("opened_at")), name="case_deadline_after_open"
            ),
        ]
        indexes = [
            # The sweep: overdue cases in (deadline, id) order, a batch at a time from where the last one ended
            # (keyset: the index hands the next batch out in order and stops; no sort of the whole backlog).
            models.Index(fields=["status", "deadline_at", "id"], name="case_sweep_keyset"),
            models.Index(fields=["seller", "status", "deadline_at"], name="case_seller_log"),
            # Decisions not yet emailed to their sellers (the digest job): small, read after every sweep.
            models.Index(
                # status and the null column first: SQLite's planner takes this index only when they lead.
                fields=["status", "resolution_notified_at", "seller", "id"],
                condition=models.Q(status="auto_resolved", resolution_notified_at__isnull=True),
                name="case_decision_unnotified",
            ),
        ]

    def __str__(self) -> str:
        return f"Case {self.pk} for CSBA-{self.ticket_id}"


class CaseMessage(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author_kind = models.CharField(max_length=16)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    body = models.TextField()
    sent_at = models.DateTimeField()
    is_late = models.BooleanField(default=False, help_text="Arrived after the case was resolved.")

    class Meta:
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author_kind} on case {self.case_id}"


class SafeTGround(models.TextChoices):
    DELIVERED_PER_CARRIER = "delivered_per_carrier", _("Label shows delivered or signed for")
    NEVER_RETURNED = "never_returned", _("Item never returned (no first carrier scan)")
    RETURNED_DAMAGED = "returned_damaged", _("Returned damaged, incomplete or materially different")
    OTHER = "other", _("Other")


class SafeTStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    GRANTED = "granted", _("Reimbursed")
    DENIED = "denied", _("Denied")


class SafeTClaim(models.Model):
    """A seller's reimbursement claim against a full refund issued by Amazon."""

    refund = models.OneToOneField("sellers.Refund", on_delete=models.PROTECT, related_name="safet_claim")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="safet_claims")
    seller = models.ForeignKey("sellers.SellerAccount", on_delete=models.PROTECT, related_name="safet_claims")
    ground = models.CharField(max_length=32, choices=SafeTGround.choices)
    explanation = models.TextField()
    filed_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=SafeTStatus.choices, default=SafeTStatus.SUBMITTED)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-filed_at"]
        constraints = [
            choices_check("ground", SafeTGround, "safet_ground_valid"),
            choices_check("status", SafeTStatus, "safet_status_valid"),
        ]

    def __str__(self) -> str:
        return f"SAFE-T claim {self.pk} ({self.status})"


class SellerReplyTemplate(models.Model):
    """A seller's own canned answer for the case log: picked in the reply
    form and edited before it is sent. ``{order_number}`` and
    ``{ticket_reference}`` are filled in from the case."""

    seller = models.ForeignKey("sellers.SellerAccount", on_delete=models.CASCADE, related_name="reply_templates")
    name = models.CharField(max_length=100)
    body = models.TextField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["seller", "name"], name="seller_reply_template_name")]

    def __str__(self) -> str:
        return self.name
