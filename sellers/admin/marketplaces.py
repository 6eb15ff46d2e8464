"""Marketplaces: every number of the program in a marketplace is data here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from csba.admin import OperatorAdmin, OperatorInline

from ..models import Marketplace, TransferAddress


class TransferAddressInline(OperatorInline, admin.TabularInline):
    """Where sellers forward buyers' mail to transfer it to CSBA, per origin."""

    model = TransferAddress
    fields = ("origin", "address")
    extra = 0


@admin.register(Marketplace)
class MarketplaceAdmin(OperatorAdmin):
    inlines = [TransferAddressInline]
    list_display = (
        "code",
        "name",
        "currency",
        "time_zone",
        "default_enrollment",
        "is_invitation_only",
        "requires_store_info",
        "opt_in_delay_minutes",
        "trial_days",
        "seller_reply_hours",
        "return_window_days",
    )
    search_fields = ("code", "name")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "code",
                    "name",
                    "country",
                    "currency",
                    "currency_decimal_places",
                    "time_zone",
                    "buyer_languages",
                    "seller_languages",
                )
            },
        ),
        (
            _("Enrollment"),
            {
                "fields": (
                    "business_countries",
                    "default_enrollment",
                    "default_enrollment_since",
                    "is_invitation_only",
                    "requires_store_info",
                    "opt_in_delay_minutes",
                    "trial_days",
                    "trial_max_registration_age_months",
                )
            },
        ),
        (
            _("Service"),
            {
                "fields": (
                    "seller_reply_hours",
                    "commitment_hours",
                    "fcr_window_days",
                    "safet_claim_days",
                    "handles_a_to_z_claims",
                )
            },
        ),
        (
            _("Standard return policy"),
            {"fields": ("return_window_days", "has_prepaid_return_labels", "restocking_fee_percent")},
        ),
    )
