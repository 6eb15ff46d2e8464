"""Seeds DOMAIN.md's rate cards and promotions (all effective-dated data)."""
from datetime import date
from decimal import Decimal as D

from django.db import migrations

CARDS = [
    # marketplace, name, from, currency, standard, flat, tiers [(tier, above, up_to, fee)]
    ("US", "CPU tiers", date(2021, 1, 1), "USD", D("0.25"), None,
     [(1, None, D("0.05"), D("0.10")), (2, D("0.05"), D("0.15"), D("0.25")),
      (3, D("0.15"), D("0.30"), D("0.50")), (4, D("0.30"), None, D("0.70"))]),
    ("DE", "CPU tiers", date(2021, 1, 1), "EUR", D("0.41"), None,
     [(1, None, D("0.05"), D("0.09")), (2, D("0.05"), D("0.15"), D("0.41")),
      (3, D("0.15"), D("0.30"), D("1.09")), (4, D("0.30"), None, D("2.55"))]),
    ("JP", "Flat rate", date(2020, 1, 1), "JPY", None, D("38"), []),
    ("JP", "CPU tiers (amounts assumed)", date(2021, 9, 6), "JPY", None, None,
     [(1, None, D("0.05"), D("10")), (2, D("0.05"), D("0.10"), D("25")),
      (3, D("0.10"), D("0.20"), D("50")), (4, D("0.20"), None, D("70"))]),
]

PROMOTIONS = [
    ("US", "free_trial", "Free trial on first enrollment", date(2021, 1, 1), {}),
    ("DE", "free_trial", "Free trial on first enrollment", date(2021, 1, 1), {}),
    ("JP", "free_trial", "Free trial for newly registered sellers", date(2020, 1, 1), {}),
    ("US", "reward", "Rewards: VTR and APRL", date(2021, 11, 16),
     {"min_vtr": "0.95", "min_aprl": "0.95", "discount_percent_by_tier": {"1": 100, "2": 50, "3": 30, "4": 15}}),
    ("DE", "reward", "Rewards: VTR", date(2021, 11, 16),
     {"min_vtr": "0.95", "min_aprl": None, "discount_percent_by_tier": {"1": 100, "2": 50, "3": 30, "4": 15}}),
    ("JP", "free_service", "Japanese-language service for China-based sellers", date(2020, 1, 1),
     {"business_countries": ["CN"]}),
]


def seed(apps, schema_editor):
    Marketplace = apps.get_model("sellers", "Marketplace")
    RateCard = apps.get_model("billing", "RateCard")
    RateTier = apps.get_model("billing", "RateTier")
    Promotion = apps.get_model("billing", "Promotion")
    for code, name, effective_from, currency, standard, flat, tiers in CARDS:
        marketplace = Marketplace.objects.get(code=code)
        card, _ = RateCard.objects.update_or_create(
            marketplace=marketplace, effective_from=effective_from,
            defaults={"name": name, "currency": currency, "standard_rate": standard, "flat_rate": flat},
        )
        for tier, above, up_to, fee in tiers:
            RateTier.objects.update_or_create(
                rate_card=card, tier=tier, defaults={"cpu_above": above, "cpu_up_to": up_to, "fee_per_unit": fee}
            )
    for code, kind, name, effective_from, rules in PROMOTIONS:
        Promotion.objects.update_or_create(
            marketplace=Marketplace.objects.get(code=code), kind=kind, effective_from=effective_from,
            defaults={"name": name, "rules": rules},
        )


class Migration(migrations.Migration):
    dependencies = [("billing", "0002_initial"), ("sellers", "0002_seed_marketplaces_and_roles")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
