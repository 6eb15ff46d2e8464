from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import choices_check


class SellingPlan(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    PROFESSIONAL = "professional", _("Professional")


class AccountStanding(models.TextChoices):
    GOOD = "good", _("Good standing")
    AT_RISK = "at_risk", _("At risk")
    SUSPENDED = "suspended", _("Suspended")


class StaffProfile(models.Model):
    """Agents' and operators' preferences (UI language and time zone) and an
    agent's scope: the marketplaces (and, optionally, the buyer languages)
    whose tickets it works. An agent sees no ticket outside its scope;
    operators see all (``sellers.selectors.agent_scope``)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    language = models.CharField(max_length=8, default="en", choices=settings.LANGUAGES)
    time_zone = models.CharField(max_length=64, default="UTC")
    marketplaces = models.ManyToManyField(
        "sellers.Marketplace",
        blank=True,
        related_name="staff_profiles",
        help_text="An agent works the tickets of these marketplaces only (none: no tickets).",
    )
    languages = models.JSONField(
        default=list,
        blank=True,
        help_text="Buyer languages the agent works (e.g. en, de, ja); empty: every language of its marketplaces.",
    )

    def __str__(self) -> str:
        return f"{self.user} ({self.language}, {self.time_zone})"


# The JP store information fields of a seller account (required to enrol in JP).
STORE_FIELDS = ("store_courier", "store_courier_tracking_url", "store_contact_person", "store_sample_tracking_number")


class SellerAccount(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="seller_account"
    )
    name = models.CharField(max_length=200)
    plan = models.CharField(max_length=16, choices=SellingPlan.choices, default=SellingPlan.PROFESSIONAL)
    standing = models.CharField(max_length=16, choices=AccountStanding.choices, default=AccountStanding.GOOD)
    business_country = models.CharField(max_length=2, help_text="ISO country code of the business address.")
    preferred_language = models.CharField(max_length=8, default="en", choices=settings.LANGUAGES)
    time_zone = models.CharField(max_length=64, default="UTC")
    notification_email = models.EmailField()
    registered_at = models.DateTimeField()
    # JP store information (required to enrol in JP).
    store_courier = models.CharField(max_length=100, blank=True)
    store_courier_tracking_url = models.URLField(blank=True)
    store_contact_person = models.CharField(max_length=100, blank=True)
    store_sample_tracking_number = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            choices_check("plan", SellingPlan, "seller_plan_valid"),
            choices_check("standing", AccountStanding, "seller_standing_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class InvitationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")


class Invitation(models.Model):
    seller = models.ForeignKey(SellerAccount, on_delete=models.CASCADE, related_name="invitations")
    marketplace = models.ForeignKey("sellers.Marketplace", on_delete=models.PROTECT, related_name="invitations")
    invited_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.OPEN)
    accepted_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-invited_at"]
        constraints = [choices_check("status", InvitationStatus, "invitation_status_valid")]
        indexes = [models.Index(fields=["seller", "marketplace", "status"], name="invitation_seller_mp")]

    def __str__(self) -> str:
        return f"Invitation {self.seller} → {self.marketplace.code} ({self.status})"


class EnrollmentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class EnrollmentSource(models.TextChoices):
    OPT_IN = "opt_in", _("Opt-in")
    INVITATION = "invitation", _("Invitation")
    DEFAULT = "default", _("Default enrollment")
    APPLICATION = "application", _("Application with store information")


class Enrollment(models.Model):
    """One coverage window ``[effective_at, ended_at)`` of a seller in a
    marketplace. At most one window per seller and marketplace is open
    (``ended_at`` null); the enrollment service locks the seller row, so
    windows never overlap."""

    seller = models.ForeignKey(SellerAccount, on_delete=models.CASCADE, related_name="enrollments")
    marketplace = models.ForeignKey("sellers.Marketplace", on_delete=models.PROTECT, related_name="enrollments")
    program = models.ForeignKey(
        "sellers.Program",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrollments",
        help_text="The program the window belongs to; empty: the marketplace's standard scope.",
    )
    status = models.CharField(max_length=16, choices=EnrollmentStatus.choices, default=EnrollmentStatus.PENDING)
    source = models.CharField(max_length=16, choices=EnrollmentSource.choices, default=EnrollmentSource.OPT_IN)
    requested_at = models.DateTimeField()
    effective_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    terms_accepted_at = models.DateTimeField(null=True, blank=True)
    trial_ends_at = models.DateTimeField(null=True, blank=True)
    activation_notified_at = models.DateTimeField(null=True, blank=True)
    request_key = models.CharField(max_length=100, blank=True, help_text="Idempotency key of the request.")

    class Meta:
        ordering = ["-effective_at"]
        constraints = [
            choices_check("status", EnrollmentStatus, "enrollment_status_valid"),
            choices_check("source", EnrollmentSource, "enrollment_source_valid"),
            models.UniqueConstraint(
                fields=["seller", "marketplace"],
                condition=models.Q(ended_at__isnull=True),
                name="enrollment_one_open_window",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True) | models.Q(ended_at__gte=models.F("effective_at")),
                name="enrollment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(effective_at__gte=models.F("requested_at")),
                name="enrollment_effective_after_request",
            ),
        ]
        indexes = [
            models.Index(fields=["seller", "marketplace", "effective_at"], name="enrollment_window"),
            models.Index(fields=["status", "effective_at"], name="enrollment_due"),
        ]

    def __str__(self) -> str:
        return f"{self.seller} in {self.marketplace.code}: {self.status}"

    def covers(self, moment) -> bool:
        return self.effective_at <= moment and (self.ended_at is None or moment < self.ended_at)
