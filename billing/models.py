from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sellers.models.base import choices_check


class RateCard(models.Model):
    """The fee card of a marketplace from ``effective_from`` (a month is billed
    with the card in force on its first day, local time)."""

    marketplace = models.ForeignKey("sellers.Marketplace", on_delete=models.PROTECT, related_name="rate_cards")
    name = models.CharField(max_length=100)
    effective_from = models.DateField()
    currency = models.CharField(max_length=3)
    standard_rate = models.DecimalField(
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Rate when CPU is unknown or unreliable; empty means tier rates always apply.",
    )
    flat_rate = models.DecimalField(
        max_digits=10, decimal_places=4, null=True, blank=True, help_text="A flat fee per unit (JP until 2021-09-05)."
    )
    reliable_min_units = models.PositiveIntegerField(
        default=31, help_text="CPU is unreliable below this many units in the window when it is above the next value."
    )
    unreliable_cpu_above = models.DecimalField(max_digits=6, decimal_places=4, default=Decimal("0.15"))

    class Meta:
        ordering = ["marketplace", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["marketplace", "effective_from"], name="rate_card_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.marketplace.code} {self.name} from {self.effective_from}"


class RateTier(models.Model):
    """CPU in ``(cpu_above, cpu_up_to]``; the last tier has no upper bound."""

    rate_card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="tiers")
    tier = models.PositiveSmallIntegerField()
    cpu_above = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    cpu_up_to = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    fee_per_unit = models.DecimalField(max_digits=10, decimal_places=4)

    class Meta:
        ordering = ["rate_card", "tier"]
        constraints = [
            models.UniqueConstraint(fields=["rate_card", "tier"], name="rate_tier_unique"),
            models.CheckConstraint(condition=models.Q(fee_per_unit__gte=0), name="rate_tier_fee_non_negative"),
        ]

    def __str__(self) -> str:
        return f"tier {self.tier}: {self.fee_per_unit}"


class PromotionKind(models.TextChoices):
    FREE_TRIAL = "free_trial", _("Free trial")
    REWARD = "reward", _("Performance reward")
    FREE_SERVICE = "free_service", _("Free service")


class Promotion(models.Model):
    """A promotion as data. ``rules`` keys by kind:
    reward: {"min_vtr": "0.95", "min_aprl": "0.95" | null, "discount_percent_by_tier": {"1": 100, "2": 50, ...}};
    free_service: {"business_countries": ["CN"], "languages": ["ja"]}; free_trial: {}."""

    marketplace = models.ForeignKey("sellers.Marketplace", on_delete=models.PROTECT, related_name="promotions")
    kind = models.CharField(max_length=16, choices=PromotionKind.choices)
    name = models.CharField(max_length=100)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True, help_text="Last day in force; empty means open-ended.")
    rules = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["marketplace", "kind", "-effective_from"]
        constraints = [
            choices_check("kind", PromotionKind, "promotion_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=models.F("effective_from")),
                name="promotion_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.marketplace.code} {self.name}"


class MonthlyStatement(models.Model):
    """One seller's month in one marketplace, with every input that led to the fee."""

    seller = models.ForeignKey("sellers.SellerAccount", on_delete=models.PROTECT, related_name="statements")
    marketplace = models.ForeignKey("sellers.Marketplace", on_delete=models.PROTECT, related_name="statements")
    month = models.DateField(help_text="First day of the billed month.")
    units = models.PositiveIntegerField(
        help_text="Covered (CSBA) units shipped in the month: seller-fulfilled units of orders placed while enrolled."
    )
    seller_fulfilled_units = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Every seller-fulfilled unit shipped in the month, covered or not (what CPU divides by); "
        "empty on statements closed before that rule.",
    )
    contacts = models.PositiveIntegerField(help_text="Contacts handled by CSBA in the month.")
    window_units = models.PositiveIntegerField(
        default=0, help_text="Seller-fulfilled units shipped over the previous three months (CPU's denominator)."
    )
    window_contacts = models.PositiveIntegerField(default=0)
    cpu = models.DecimalField(max_digits=8, decimal_places=6, null=True, blank=True)
    vtr = models.DecimalField(max_digits=7, decimal_places=6, null=True, blank=True)
    aprl_rate = models.DecimalField(max_digits=7, decimal_places=6, null=True, blank=True)
    odr = models.DecimalField(max_digits=7, decimal_places=6, null=True, blank=True)
    csat = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    fcr = models.DecimalField(
        max_digits=7, decimal_places=6, null=True, blank=True, help_text="First-contact resolution of the month."
    )
    tier = models.PositiveSmallIntegerField(null=True, blank=True)
    is_standard_rate = models.BooleanField(default=False)
    rate_card = models.ForeignKey(RateCard, null=True, blank=True, on_delete=models.PROTECT)
    base_rate = models.DecimalField(max_digits=10, decimal_places=4)
    discount_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    effective_rate = models.DecimalField(max_digits=10, decimal_places=4)
    fee = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    flags = models.JSONField(default=list, blank=True, help_text="e.g. trial, reward, free_service, standard_rate.")
    inputs = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)
    report_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-month", "seller"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "marketplace", "month"], name="statement_one_per_month"),
            models.CheckConstraint(condition=models.Q(fee__gte=0), name="statement_fee_non_negative"),
        ]
        indexes = [models.Index(fields=["marketplace", "month"], name="statement_mp_month")]

    def __str__(self) -> str:
        return f"{self.seller} {self.marketplace.code} {self.month:%Y-%m}: {self.fee} {self.currency}"


class StatementRevision(models.Model):
    """An operator's explicit recomputation of a month: what changed and who did it."""

    statement = models.ForeignKey(MonthlyStatement, on_delete=models.CASCADE, related_name="revisions")
    revised_at = models.DateTimeField()
    revised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    reason = models.CharField(max_length=300, blank=True)
    previous = models.JSONField(default=dict)
    current = models.JSONField(default=dict)
    previous_inputs = models.JSONField(
        default=dict, blank=True, help_text="Every input of the statement before the revision."
    )

    class Meta:
        ordering = ["-revised_at"]

    def __str__(self) -> str:
        return f"Revision of {self.statement_id} at {self.revised_at:%Y-%m-%d %H:%M}"


class MonthClose(models.Model):
    """A month closed for a marketplace (the monthly job's idempotency record)."""

    marketplace = models.ForeignKey("sellers.Marketplace", on_delete=models.PROTECT, related_name="month_closes")
    month = models.DateField()
    closed_at = models.DateTimeField()
    statements = models.PositiveIntegerField(default=0)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The operator who closed it by hand; empty for the monthly job.",
    )
    recomputed_at = models.DateTimeField(null=True, blank=True)
    revisions = models.PositiveIntegerField(default=0, help_text="Statements changed by recomputations.")
    duration_ms = models.PositiveIntegerField(default=0, help_text="Time the last computation took.")

    class Meta:
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["marketplace", "month"], name="month_close_once")]

    def __str__(self) -> str:
        return f"{self.marketplace.code} {self.month:%Y-%m}"


class MonthRecomputation(models.Model):
    """The audit record of an operator's recomputation of a closed month:
    who, when, why and what it changed (each changed statement also keeps its
    previous figures as a StatementRevision)."""

    month_close = models.ForeignKey(MonthClose, on_delete=models.CASCADE, related_name="recomputations")
    recomputed_at = models.DateTimeField()
    recomputed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300)
    created = models.PositiveIntegerField(default=0)
    revised = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-recomputed_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="month_recomputation_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.month_close} recomputed at {self.recomputed_at:%Y-%m-%d %H:%M}"
