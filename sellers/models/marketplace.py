from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import choices_check

# The buyers' language of a marketplace by its code, for callers that hold
# only a code (the batch commands judge a line without the database; a mail
# is matched to a marketplace by its language). A marketplace row says the
# same with its data (``buyer_languages``), which wins where there is a row.
# The home marketplace of each language comes first (``code_for_language``).
BUYER_LANGUAGE_BY_CODE = {
    "US": "en",
    "DE": "de",
    "JP": "ja",
    "UK": "en",
    "GB": "en",
    "CA": "en",
    "AU": "en",
    "IN": "en",
    "AT": "de",
    "CH": "de",
}
DEFAULT_LANGUAGE = "en"
DEFAULT_CODE = "US"


class DefaultEnrollment(models.TextChoices):
    NONE = "none", _("No default enrollment")
    ALL_NEW_SELLERS = "all", _("All newly registered sellers")
    CHINA_BASED = "china_based", _("Newly registered China-based sellers")


class Marketplace(models.Model):
    """A marketplace where the program runs. Every number here is data an
    operator can change; DOMAIN.md gives the seeded values."""

    code = models.CharField(max_length=2, unique=True)
    name = models.CharField(max_length=64)
    country = models.CharField(
        max_length=2,
        blank=True,
        help_text="ISO code of the marketplace's country: sellers based elsewhere follow the international returns "
        "rules.",
    )
    currency = models.CharField(max_length=3)
    currency_decimal_places = models.PositiveSmallIntegerField(default=2)
    buyer_languages = models.JSONField(default=list, help_text="Languages buyers write in, first is the default.")
    seller_languages = models.JSONField(default=list, help_text="Languages CSBA writes to sellers in.")
    time_zone = models.CharField(max_length=64, help_text="Time zone of the monthly cycle.")
    business_countries = models.JSONField(
        default=list, help_text="ISO country codes of business addresses where the program runs."
    )
    seller_reply_hours = models.PositiveSmallIntegerField(help_text="Hours a seller has to answer a case.")
    default_enrollment = models.CharField(
        max_length=16,
        choices=DefaultEnrollment.choices,
        default=DefaultEnrollment.NONE,
        help_text="Who is enrolled when registering (the registration page and API, the admin, the demo).",
    )
    default_enrollment_since = models.DateField(
        null=True,
        blank=True,
        help_text="Default enrollment only for sellers registered on or after this day (JP: 2018-08-01).",
    )
    is_invitation_only = models.BooleanField(
        default=False,
        help_text="Opt-in needs an open invitation (sellers once enrolled by default may opt back in without one).",
    )
    requires_store_info = models.BooleanField(default=False, help_text="JP: courier, tracking link, contact person.")
    opt_in_delay_minutes = models.PositiveIntegerField(default=60)
    trial_days = models.PositiveIntegerField(default=30, help_text="Free trial on a seller's first enrollment.")
    trial_max_registration_age_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Trial only for sellers registered within this many months (JP: 12); empty: every seller.",
    )
    return_window_days = models.PositiveSmallIntegerField(default=30)
    has_prepaid_return_labels = models.BooleanField(default=True)
    restocking_fee_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    handles_a_to_z_claims = models.BooleanField(default=False, help_text="JP: CSBA handles A-to-z claims.")
    commitment_hours = models.PositiveSmallIntegerField(default=48, help_text="First reply to the buyer within.")
    safet_claim_days = models.PositiveSmallIntegerField(
        default=60, help_text="A SAFE-T claim is accepted up to this many days after the refund it disputes."
    )
    fcr_window_days = models.PositiveSmallIntegerField(
        default=7,
        help_text="First-contact resolution: a resolved ticket counts if the buyer does not contact again about "
        "the same order within this many days.",
    )

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seller_reply_hours__gt=0), name="marketplace_reply_hours_positive"
            ),
            choices_check("default_enrollment", DefaultEnrollment, "marketplace_default_enrollment_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.name})"

    @property
    def default_language(self) -> str:
        """The language buyers of this marketplace write in by default."""
        return Marketplace.default_language_of(self.buyer_languages, self.code)

    @staticmethod
    def default_language_of(buyer_languages: list[str] | None, code: str | None) -> str:
        """``default_language`` from the two columns (for code that reads plain rows)."""
        return buyer_languages[0] if buyer_languages else Marketplace.language_for_code(code)

    @staticmethod
    def language_for_code(code: str | None) -> str:
        """The buyers' language of the marketplace ``code`` (English for an unknown one)."""
        return BUYER_LANGUAGE_BY_CODE.get((code or DEFAULT_CODE).upper(), DEFAULT_LANGUAGE)

    @staticmethod
    def code_for_language(language: str | None) -> str:
        """The home marketplace of buyers writing ``language`` (US for any other)."""
        wanted = (language or "")[:2].lower()
        return next((code for code, lang in BUYER_LANGUAGE_BY_CODE.items() if lang == wanted), DEFAULT_CODE)
