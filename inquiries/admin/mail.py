"""Admin (mail): rejected inbound messages, read-only, with the raw message
to download and an action to take them in again (after a fix, or once the
reason is gone); a message taken in replaces its rejection record."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from csba import clock
from csba.admin import OperatorAdmin

from ..models import RejectedMessage


@admin.register(RejectedMessage)
class RejectedMessageAdmin(OperatorAdmin):
    list_display = ("received_at", "reason", "source_name", "message_id", "short_detail", "raw_link")
    list_filter = ("reason", "channel")
    search_fields = ("message_id", "source_name", "detail")
    date_hierarchy = "received_at"
    fields = ("received_at", "channel", "reason", "detail", "source_name", "message_id", "raw_link")
    readonly_fields = fields
    actions = ["take_in_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Detail"))
    def short_detail(self, obj: RejectedMessage) -> str:
        return obj.detail if len(obj.detail) <= 120 else obj.detail[:119] + "…"

    @admin.display(description=_("Raw message"))
    def raw_link(self, obj: RejectedMessage) -> str:
        url = reverse("admin:inquiries_rejectedmessage_raw", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download (.eml)"))

    def get_urls(self):
        return [
            path("<int:pk>/raw/", self.admin_site.admin_view(self.raw_view), name="inquiries_rejectedmessage_raw"),
            *super().get_urls(),
        ]

    def raw_view(self, request, pk: int):
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        rejected = get_object_or_404(RejectedMessage, pk=pk)
        response = HttpResponse(bytes(rejected.raw), content_type="message/rfc822")
        response["Content-Disposition"] = f'attachment; filename="rejected-{rejected.pk}.eml"'
        return response

    @admin.action(description=_("Take the selected messages in again"))
    def take_in_again(self, request, queryset):
        from ..intake.services.mail import mail_receive

        taken = refused = 0
        for rejected in queryset.filter(channel="email"):
            outcome = mail_receive(
                raw=bytes(rejected.raw), now=clock.now(), source_name=rejected.source_name or "admin"
            )
            if outcome.status == "rejected":  # mail_receive kept a fresh record; drop the old one
                refused += 1
            else:
                taken += 1
            rejected.delete()
        self.message_user(
            request,
            _("%(taken)d taken in, %(refused)d rejected again.") % {"taken": taken, "refused": refused},
            messages.SUCCESS if not refused else messages.WARNING,
        )
