"""Admin (CSAT): the rating invitations, read-only."""

from django.contrib import admin

from csba.admin import OperatorAdmin

from ..models import CsatInvitation


@admin.register(CsatInvitation)
class CsatInvitationAdmin(OperatorAdmin):
    list_display = ("ticket", "email", "sent_at", "expires_at", "rated_at", "score")
    list_filter = ("score",)
    readonly_fields = [f.name for f in CsatInvitation._meta.fields]
    raw_id_fields = ("ticket",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
