from django import forms
from django.utils.translation import gettext_lazy as _

from .contacts import MAX_BODY_CHARS

MARKETPLACES = [("US", "Amazon.com"), ("DE", "Amazon.de"), ("JP", "Amazon.co.jp")]


class BuyerContactForm(forms.Form):
    """The buyer web form (and the chat start form)."""

    marketplace = forms.ChoiceField(label=_("Marketplace"), choices=MARKETPLACES)
    buyer_name = forms.CharField(label=_("Your name"), max_length=200)
    buyer_email = forms.EmailField(label=_("Your email"))
    order_number = forms.CharField(label=_("Order number (if you have one)"), max_length=32, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=300, required=False)
    text = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 6}), max_length=MAX_BODY_CHARS)


class PhoneLogForm(forms.Form):
    """An agent logs a phone call."""

    marketplace = forms.ChoiceField(label=_("Marketplace"), choices=MARKETPLACES)
    buyer_name = forms.CharField(label=_("Caller's name"), max_length=200, required=False)
    buyer_email = forms.EmailField(label=_("Caller's email"), required=False)
    order_number = forms.CharField(label=_("Order number"), max_length=32, required=False)
    language = forms.ChoiceField(
        label=_("Language of the call"), choices=[("en", "English"), ("de", "Deutsch"), ("ja", "日本語")]
    )
    text = forms.CharField(
        label=_("What the caller asked"), widget=forms.Textarea(attrs={"rows": 5}), max_length=MAX_BODY_CHARS
    )


class SellerTransferForm(forms.Form):
    order_number = forms.CharField(label=_("Order number"), max_length=32)
    text = forms.CharField(
        label=_("The buyer's message"), widget=forms.Textarea(attrs={"rows": 6}), max_length=MAX_BODY_CHARS
    )


class BuyerReplyForm(forms.Form):
    """The buyer's answer on its conversation page (and in the chat window).
    ``submission_key`` is new for each message: a double click sends it once."""

    text = forms.CharField(label=_("Your message"), max_length=MAX_BODY_CHARS, widget=forms.Textarea(attrs={"rows": 3}))
    submission_key = forms.CharField(max_length=40, required=False, widget=forms.HiddenInput)
