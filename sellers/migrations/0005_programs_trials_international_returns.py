"""Issue 12: programs with their scope as data (the JP Japanese-language
service for China-based sellers), trials and default enrollment as seeded by
the source documents (US 90 days and invitation-only, JP 90 days for sellers
registered in the last 12 months), the marketplace's country (international
returns), the SAFE-T filing window, and the return-policy fields of
international returns."""

import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The reasons CSBA handles for the JP program: pre-sales and post-sales
# questions, everything but account questions (general marketplace support).
JP_CHINA_REASONS = [
    "where_is_my_order", "cancel_order", "change_order", "return_request", "refund", "damaged_or_defective",
    "wrong_or_missing_item", "product_question", "payment", "feedback_complaint", "invoice", "customization",
    "pre_order", "a_to_z_claim", "other",
]
MARKETPLACES = {
    "US": {"country": "US", "trial_days": 90, "is_invitation_only": True},
    "DE": {"country": "DE", "trial_days": 30},
    "JP": {"country": "JP", "trial_days": 90, "default_enrollment_since": datetime.date(2018, 8, 1)},
}
PROGRAMS = [
    # marketplace, code, name, business countries, reasons, FBM, FBA, SFP, free, only interface
    ("US", "standard", "Customer Service by Amazon", [], [], True, False, False, False, False),
    ("DE", "standard", "Customer Service by Amazon", [], [], True, False, False, False, False),
    ("JP", "standard", "Customer Service by Amazon", [], [], True, False, False, False, False),
    ("JP", "china-japanese-service", "Japanese-language service for China-based sellers", ["CN"],
     JP_CHINA_REASONS, True, True, False, True, True),
]


def trial_age_in_months(apps, schema_editor):
    Marketplace = apps.get_model("sellers", "Marketplace")
    for marketplace in Marketplace.objects.exclude(trial_max_registration_age_days=None):
        days = marketplace.trial_max_registration_age_days
        marketplace.trial_max_registration_age_months = 12 if days == 365 else max(1, round(days / 30.44))
        marketplace.save(update_fields=["trial_max_registration_age_months"])


def trial_age_in_days(apps, schema_editor):
    Marketplace = apps.get_model("sellers", "Marketplace")
    for marketplace in Marketplace.objects.exclude(trial_max_registration_age_months=None):
        months = marketplace.trial_max_registration_age_months
        marketplace.trial_max_registration_age_days = 365 if months == 12 else round(months * 30.44)
        marketplace.save(update_fields=["trial_max_registration_age_days"])


def seed(apps, schema_editor):
    Marketplace = apps.get_model("sellers", "Marketplace")
    Program = apps.get_model("sellers", "Program")
    Enrollment = apps.get_model("sellers", "Enrollment")
    for code, values in MARKETPLACES.items():
        Marketplace.objects.filter(code=code).update(**values)
    for code, slug, name, countries, reasons, fbm, fba, sfp, free, only in PROGRAMS:
        marketplace = Marketplace.objects.filter(code=code).first()
        if marketplace is None:
            continue
        Program.objects.update_or_create(
            marketplace=marketplace,
            code=slug,
            defaults={
                "name": name, "business_countries": countries, "reasons": reasons, "covers_fbm": fbm,
                "covers_fba": fba, "covers_sfp": sfp, "is_free": free, "is_only_interface": only,
            },
        )
    # Existing windows join the program that serves their seller.
    for program in Program.objects.exclude(business_countries=[]):
        Enrollment.objects.filter(
            marketplace_id=program.marketplace_id, seller__business_country__in=program.business_countries
        ).update(program=program)
    for program in Program.objects.filter(business_countries=[]):
        Enrollment.objects.filter(marketplace_id=program.marketplace_id, program__isnull=True).update(program=program)


def unseed(apps, schema_editor):
    apps.get_model("sellers", "Enrollment").objects.update(program=None)
    apps.get_model("sellers", "Program").objects.all().delete()
    Marketplace = apps.get_model("sellers", "Marketplace")
    Marketplace.objects.filter(code="US").update(trial_days=30, is_invitation_only=False)


class Migration(migrations.Migration):

    dependencies = [
        ('sellers', '0004_marketplace_fcr_window'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Program',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40)),
                ('name', models.CharField(max_length=100)),
                ('business_countries', models.JSONField(blank=True, default=list, help_text='Sellers it serves by business country, e.g. ["CN"]; empty: every seller.')),
                ('reasons', models.JSONField(blank=True, default=list, help_text='Contact reasons CSBA handles for these sellers (codes); empty: the post-order reasons (every reason but invoice, customization, pre-order and account).')),
                ('covers_fbm', models.BooleanField(default=True, help_text='Seller-fulfilled units (FBM).')),
                ('covers_fba', models.BooleanField(default=False, help_text='Fulfilled by Amazon units.')),
                ('covers_sfp', models.BooleanField(default=False, help_text='Seller-Fulfilled Prime units.')),
                ('is_free', models.BooleanField(default=False, help_text='No fee is charged.')),
                ('is_only_interface', models.BooleanField(default=False, help_text="CSBA is the buyer's only interface: the seller handles no buyer messages.")),
            ],
            options={
                'ordering': ['marketplace', 'code'],
            },
        ),
        migrations.AddField(
            model_name='marketplace',
            name='country',
            field=models.CharField(blank=True, help_text="ISO code of the marketplace's country: sellers based elsewhere follow the international returns rules.", max_length=2),
        ),
        migrations.AddField(
            model_name='marketplace',
            name='default_enrollment_since',
            field=models.DateField(blank=True, help_text='Default enrollment only for sellers registered on or after this day (JP: 2018-08-01).', null=True),
        ),
        migrations.AddField(
            model_name='marketplace',
            name='safet_claim_days',
            field=models.PositiveSmallIntegerField(default=60, help_text='A SAFE-T claim is accepted up to this many days after the refund it disputes.'),
        ),
        migrations.AddField(
            model_name='marketplace',
            name='trial_max_registration_age_months',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Trial only for sellers registered within this many months (JP: 12); empty: every seller.', null=True),
        ),
        migrations.AddField(
            model_name='returnpolicy',
            name='international_returns',
            field=models.CharField(blank=True, choices=[('', "None (a seller based in the marketplace's country)"), ('domestic_address', "A return address in the marketplace's country"), ('prepaid_label', "A prepaid return label to the seller's address abroad"), ('returnless', 'A returnless refund (the buyer keeps the item)')], default='', max_length=20),
        ),
        migrations.AddField(
            model_name='returnpolicy',
            name='return_address',
            field=models.TextField(blank=True, help_text='Where buyers send returns.'),
        ),
        migrations.AddField(
            model_name='returnpolicy',
            name='return_address_country',
            field=models.CharField(blank=True, help_text='ISO code of the return address.', max_length=2),
        ),
        migrations.AlterField(
            model_name='marketplace',
            name='default_enrollment',
            field=models.CharField(choices=[('none', 'No default enrollment'), ('all', 'All newly registered sellers'), ('china_based', 'Newly registered China-based sellers')], default='none', help_text='Who is enrolled when registering (the registration page and API, the admin, the demo).', max_length=16),
        ),
        migrations.AlterField(
            model_name='marketplace',
            name='is_invitation_only',
            field=models.BooleanField(default=False, help_text='Opt-in needs an open invitation (sellers once enrolled by default may opt back in without one).'),
        ),
        migrations.AlterField(
            model_name='marketplace',
            name='trial_days',
            field=models.PositiveIntegerField(default=30, help_text="Free trial on a seller's first enrollment."),
        ),
        migrations.AddConstraint(
            model_name='returnpolicy',
            constraint=models.CheckConstraint(condition=models.Q(('international_returns__in', ['', 'domestic_address', 'prepaid_label', 'returnless'])), name='return_policy_international_valid'),
        ),
        migrations.AddField(
            model_name='program',
            name='marketplace',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='programs', to='sellers.marketplace'),
        ),
        migrations.AddField(
            model_name='enrollment',
            name='program',
            field=models.ForeignKey(blank=True, help_text="The program the window belongs to; empty: the marketplace's standard scope.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='enrollments', to='sellers.program'),
        ),
        migrations.AddConstraint(
            model_name='program',
            constraint=models.UniqueConstraint(fields=('marketplace', 'code'), name='program_code_per_marketplace'),
        ),
        migrations.RunPython(trial_age_in_months, trial_age_in_days),
        migrations.RemoveField(
            model_name='marketplace',
            name='trial_max_registration_age_days',
        ),
        migrations.RunPython(seed, unseed),
    ]
