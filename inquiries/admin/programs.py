"""Admin (programs): a CSBA program's scope is data an operator edits here —
the sellers it serves, the contact reasons and fulfilment channels CSBA
handles for them, whether it is free and whether CSBA is the buyer's only
interface. Registered from inquiries because the reasons are its registry."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from csba.admin import OperatorAdmin
from sellers.models import Program

from ..reasons import Reason


class ProgramForm(forms.ModelForm):
    reasons = forms.MultipleChoiceField(
        choices=Reason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Contact reasons CSBA handles"),
        help_text=_("None ticked: the standard scope (post-order questions; not invoice, customization, pre-order)."),
    )
    business_countries = forms.CharField(
        required=False,
        label=_("Business countries it serves"),
        help_text=_("ISO codes separated by commas, e.g. CN; empty: every seller (the standard program)."),
    )

    class Meta:
        model = Program
        fields = (
            "marketplace",
            "code",
            "name",
            "business_countries",
            "reasons",
            "covers_fbm",
            "covers_fba",
            "covers_sfp",
            "is_free",
            "is_only_interface",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["business_countries"] = ", ".join(self.instance.business_countries or [])

    def clean_business_countries(self):
        codes = [code.strip().upper() for code in self.cleaned_data["business_countries"].split(",") if code.strip()]
        bad = [code for code in codes if len(code) != 2 or not code.isalpha()]
        if bad:
            raise forms.ValidationError(_("Two-letter ISO codes, e.g. CN."))
        return codes

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("covers_fbm", "covers_fba", "covers_sfp")):
            self.add_error("covers_fbm", _("A program covers at least one fulfilment channel."))
        return data


@admin.register(Program)
class ProgramAdmin(OperatorAdmin):
    form = ProgramForm
    list_display = (
        "marketplace",
        "name",
        "code",
        "covers_fbm",
        "covers_fba",
        "covers_sfp",
        "is_free",
        "is_only_interface",
    )
    list_filter = ("marketplace", "is_free")
    search_fields = ("name", "code")
    ordering = ("marketplace__code", "code")
