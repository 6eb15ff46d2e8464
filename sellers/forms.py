"""Forms of the seller portal: they parse input; the services decide."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


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
