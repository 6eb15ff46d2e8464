"""Seller accounts (with their windows and invitations inline), staff
profiles and invitations."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from csba import clock
from csba.admin import OperatorAdmin, OperatorInline

from ..models import STORE_FIELDS, Invitation, InvitationStatus, Marketplace, SellerAccount
from ..services import seller_register
from .enrollment import EnrollmentInline


class InvitationInline(OperatorInline, admin.TabularInline):
    model = Invitation
    fields = ("marketplace", "invited_at", "expires_at", "status", "accepted_at", "note")
    readonly_fields = ("accepted_at",)
    extra = 0


class SellerAddForm(forms.ModelForm):
    """ "Add seller": the account's fields and the marketplaces it sells in
    (default enrollment applies there)."""

    sells_in = forms.ModelMultipleChoiceField(
        queryset=Marketplace.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Sells in"),
        help_text=_("Marketplaces that enrol new sellers by default (US; JP for China-based sellers) enrol it now."),
    )
    store_courier_tracking_url = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = SellerAccount
        fields = (
            "name",
            "user",
            "plan",
            "standing",
            "business_country",
            "registered_at",
            "notification_email",
            "preferred_language",
            "time_zone",
            *STORE_FIELDS,
        )


@admin.register(SellerAccount)
class SellerAccountAdmin(OperatorAdmin):
    """A seller added here is registered by ``seller_register`` like every
    other seller: default enrollment and its trial apply."""

    list_display = (
        "name",
        "business_country",
        "plan",
        "standing",
        "preferred_language",
        "time_zone",
        "registered_at",
        "notification_email",
    )
    list_filter = ("plan", "standing", "business_country", "preferred_language")
    search_fields = ("name", "notification_email", "user__username")
    raw_id_fields = ("user",)
    date_hierarchy = "registered_at"
    inlines = [EnrollmentInline, InvitationInline]
    fieldsets = (
        (None, {"fields": ("name", "user", "plan", "standing", "business_country", "registered_at")}),
        (_("Contact"), {"fields": ("notification_email", "preferred_language", "time_zone")}),
        (
            _("JP store information"),
            {"fields": STORE_FIELDS},
        ),
    )
    add_form = SellerAddForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            first, *rest = self.fieldsets
            return ((first[0], {"fields": (*first[1]["fields"], "sells_in")}), *rest)
        return self.fieldsets

    def get_changeform_initial_data(self, request):
        return {"registered_at": clock.now(), **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        seller = seller_register(
            name=obj.name,
            business_country=obj.business_country,
            notification_email=obj.notification_email,
            now=clock.now(),
            plan=obj.plan,
            standing=obj.standing,
            preferred_language=obj.preferred_language,
            time_zone=obj.time_zone,
            user=obj.user,
            marketplace_codes=[m.code for m in data.get("sells_in") or ()],
            registered_at=obj.registered_at,
            **{name: getattr(obj, name) for name in STORE_FIELDS},
        )
        # The admin goes on with the form's instance (inlines, the redirect): it is now that row.
        obj.pk, obj.registered_at = seller.pk, seller.registered_at
        obj._state.adding, obj._state.db = False, seller._state.db


@admin.register(Invitation)
class InvitationAdmin(OperatorAdmin):
    list_display = ("seller", "marketplace", "status", "invited_at", "expires_at", "accepted_at", "invited_by")
    list_filter = ("status", "marketplace")
    search_fields = ("seller__name", "seller__notification_email", "note")
    list_select_related = ("seller", "marketplace", "invited_by")
    raw_id_fields = ("seller",)
    readonly_fields = ("accepted_at", "invited_by")
    actions = ["revoke"]

    def get_changeform_initial_data(self, request):
        return {"invited_at": clock.now(), **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if not change and obj.invited_by_id is None:
            obj.invited_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Revoke the selected open invitations"))
    def revoke(self, request, queryset):
        count = queryset.filter(status=InvitationStatus.OPEN).update(status=InvitationStatus.REVOKED)
        self.message_user(request, _("%(count)s invitation(s) revoked.") % {"count": count}, messages.SUCCESS)
