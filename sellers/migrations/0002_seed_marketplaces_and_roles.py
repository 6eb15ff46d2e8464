"""Seeds the three marketplaces with DOMAIN.md's values, and the role groups."""
from decimal import Decimal

from django.db import migrations

MARKETPLACES = [
    {
        "code": "US", "name": "Amazon.com", "currency": "USD", "currency_decimal_places": 2,
        "buyer_languages": ["en"], "seller_languages": ["en", "zh-hans"], "time_zone": "America/Los_Angeles",
        "business_countries": ["US", "CN", "CA", "MX", "GB", "DE", "JP", "IN"], "seller_reply_hours": 24,
        "default_enrollment": "all", "is_invitation_only": False, "requires_store_info": False,
        "opt_in_delay_minutes": 60, "trial_days": 30, "trial_max_registration_age_days": None,
        "return_window_days": 30, "has_prepaid_return_labels": True, "restocking_fee_percent": Decimal("0"),
        "handles_a_to_z_claims": False, "commitment_hours": 48,
    },
    {
        "code": "DE", "name": "Amazon.de", "currency": "EUR", "currency_decimal_places": 2,
        "buyer_languages": ["de", "en"], "seller_languages": ["de", "zh-hans"], "time_zone": "Europe/Berlin",
        "business_countries": ["DE", "AT", "FR", "IT", "ES", "NL", "PL", "GB", "CN"], "seller_reply_hours": 24,
        "default_enrollment": "none", "is_invitation_only": True, "requires_store_info": False,
        "opt_in_delay_minutes": 60, "trial_days": 30, "trial_max_registration_age_days": None,
        "return_window_days": 30, "has_prepaid_return_labels": True, "restocking_fee_percent": Decimal("0"),
        "handles_a_to_z_claims": False, "commitment_hours": 48,
    },
    {
        "code": "JP", "name": "Amazon.co.jp", "currency": "JPY", "currency_decimal_places": 0,
        "buyer_languages": ["ja"], "seller_languages": ["ja", "zh-hans"], "time_zone": "Asia/Tokyo",
        "business_countries": ["JP", "CN"], "seller_reply_hours": 6,
        "default_enrollment": "china_based", "is_invitation_only": False, "requires_store_info": True,
        "opt_in_delay_minutes": 60, "trial_days": 90, "trial_max_registration_age_days": 365,
        "return_window_days": 30, "has_prepaid_return_labels": True, "restocking_fee_percent": Decimal("0"),
        "handles_a_to_z_claims": True, "commitment_hours": 48,
    },
]

ROLES = ["agents", "sellers", "operators", "integrators"]


def seed(apps, schema_editor):
    Marketplace = apps.get_model("sellers", "Marketplace")
    Group = apps.get_model("auth", "Group")
    for values in MARKETPLACES:
        Marketplace.objects.update_or_create(code=values["code"], defaults=values)
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def unseed(apps, schema_editor):
    apps.get_model("sellers", "Marketplace").objects.filter(code__in=[m["code"] for m in MARKETPLACES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sellers", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
