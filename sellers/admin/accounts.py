"""Seller accounts (with their windows and invitations inline), staff
profiles and invitations."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from csba import clock
from csba.admin import OperatorAdmin, OperatorInline

from ..models import Invitation, InvitationStatus, SellerAccount, StaffProfile
from .enrollment import EnrollmentInline


class InvitationInline(OperatorInline, admin.TabularInline):
    model = Invitation
    fields = ("marketplace", "invited_at", "expires_at", "status", "accepted_at", "note")
    readonly_fields = ("accepted_at",)
    extra = 0


@admin.register(SellerAccount)
class SellerAccountAdmin(OperatorAdmin):
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
            {
                "fields": (
                    "store_courier",
                    "store_courier_tracking_url",
                    "store_contact_person",
                    "store_sample_tracking_number",
                )
            },
        ),
    )


@admin.register(StaffProfile)
class StaffProfileAdmin(OperatorAdmin):
    list_display = ("user", "language", "time_zone")
    list_filter = ("language",)
    search_fields = ("user__username", "user__email")
    raw_id_fields = ("user",)


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
