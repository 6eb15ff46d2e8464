"""Admin of staff profiles: an agent's UI language, time zone and scope
(marketplaces and buyer languages). One module of the ``sellers.admin`` package."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from csba.admin import OperatorAdmin

from ..models import StaffProfile

BUYER_LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("ja", "日本語"), ("zh", "中文")]


class StaffProfileForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        choices=BUYER_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Buyer languages"),
        help_text=_("None ticked: every language of the agent's marketplaces."),
    )

    class Meta:
        model = StaffProfile
        fields = ["user", "language", "time_zone", "marketplaces", "languages"]
        widgets = {"marketplaces": forms.CheckboxSelectMultiple}


@admin.register(StaffProfile)
class StaffProfileAdmin(OperatorAdmin):
    """Agents' scope: an agent sees and works the tickets of its marketplaces
    (and languages, if any are ticked) only; operators see everything."""

    form = StaffProfileForm
    list_display = ("user", "language", "time_zone", "marketplace_codes", "languages")
    list_filter = ("language", "marketplaces")
    search_fields = ("user__username", "user__email")
    raw_id_fields = ("user",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").prefetch_related("marketplaces")

    @admin.display(description=_("Marketplaces"))
    def marketplace_codes(self, profile):
        return ", ".join(sorted(m.code for m in profile.marketplaces.all())) or "—"
