"""Forms of the seller portal: they parse input; the services decide."""

import zoneinfo
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import InternationalReturns


class OptInForm(forms.Form):
    # Not required here: the service reports unaccepted terms with every other unmet requirement.
    terms_accepted = forms.BooleanField(required=False, label=_("I accept the CSBA Terms & Conditions."))
    request_key = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)


class OptOutForm(forms.Form):
    confirm = forms.BooleanField(required=True, label=_("I understand: new orders will no longer be handled by CSBA."))


class ReturnPolicyForm(forms.Form):
    window_days = forms.IntegerField(min_value=1, max_value=365, label=_("Return window (days)"))
    has_prepaid_labels = forms.BooleanField(required=False, label=_("Prepaid return labels"))
    restocking_fee_percent = forms.DecimalField(
        min_value=Decimal("0"), max_value=Decimal("100"), decimal_places=2, max_digits=5, label=_("Restocking fee (%)")
    )
    description = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Policy text shown to buyers"),
    )
    international_returns = forms.ChoiceField(
        required=False,
        choices=InternationalReturns.choices,
        label=_("International returns"),
        help_text=_("Required when your business is outside the marketplace's country."),
    )
    return_address = forms.CharField(
        required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}), label=_("Return address")
    )
    return_address_country = forms.CharField(
        required=False, max_length=2, label=_("Country of the return address (ISO code, e.g. US)")
    )


class StoreInfoForm(forms.Form):
    courier = forms.CharField(max_length=100, required=False, label=_("Courier"))
    courier_tracking_url = forms.URLField(required=False, assume_scheme="https", label=_("Courier tracking link"))
    contact_person = forms.CharField(max_length=100, required=False, label=_("Contact person"))
    sample_tracking_number = forms.CharField(
        max_length=64, required=False, label=_("A recent tracking number"), help_text=_("10 to 20 letters or digits.")
    )

    # Form field → the SellerAccount / service error field it maps to.
    FIELD_FOR_ERROR = {
        "store_courier": "courier",
        "store_courier_tracking_url": "courier_tracking_url",
        "store_contact_person": "contact_person",
        "store_sample_tracking_number": "sample_tracking_number",
    }


class RegisterForm(forms.Form):
    """The seller registration page: a login and the seller account."""

    name = forms.CharField(max_length=200, label=_("Business name"))
    business_country = forms.CharField(
        max_length=2, label=_("Country of the business address (ISO code, e.g. US)"), initial="US"
    )
    marketplace_codes = forms.MultipleChoiceField(
        choices=[], widget=forms.CheckboxSelectMultiple, label=_("Marketplaces you sell in")
    )
    email = forms.EmailField(label=_("Email"))
    username = forms.CharField(max_length=150, label=_("Username"))
    password = forms.CharField(widget=forms.PasswordInput, label=_("Password"))
    preferred_language = forms.ChoiceField(choices=settings.LANGUAGES, label=_("Language"))
    time_zone = forms.ChoiceField(choices=[], label=_("Time zone"))

    # Form field → the service's error field.
    FIELD_FOR_ERROR = {"notification_email": "email"}

    def __init__(self, *args, marketplaces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["marketplace_codes"].choices = [(m.code, f"{m.code} · {m.name}") for m in marketplaces]
        self.fields["time_zone"].choices = [(zone, zone) for zone in sorted(zoneinfo.available_timezones())]
        self.fields["time_zone"].initial = "UTC"

    def clean_business_country(self):
        return self.cleaned_data["business_country"].strip().upper()
