"""Admin (tickets): tickets are read-mostly here (their state changes only
through the services the console and API call), with their messages and
audit events inline; macros are managed here per language."""

from __future__ import annotations

import string

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from csba.admin import OperatorAdmin, ReadOnlyInline

from ..models import Macro, Message, Ticket, TicketEvent

MACRO_PLACEHOLDERS = ("buyer_name", "order_number", "ticket_reference")


class MessageInline(ReadOnlyInline):
    model = Message
    fields = ("sent_at", "direction", "author_kind", "author", "channel", "body")
    readonly_fields = fields
    ordering = ("sent_at", "pk")


class TicketEventInline(ReadOnlyInline):
    model = TicketEvent
    fk_name = "ticket"
    fields = ("at", "kind", "actor_kind", "actor", "case", "data")
    readonly_fields = fields
    ordering = ("at", "pk")


@admin.register(Ticket)
class TicketAdmin(OperatorAdmin):
    """Every field is read-only: statuses, claims and resolutions change in
    the agent console (or the agent API), which writes the audit events."""

    list_display = (
        "reference",
        "marketplace",
        "status",
        "reason",
        "route",
        "channel",
        "language",
        "assigned_to",
        "first_response_due_at",
        "resolution",
    )
    list_filter = ("status", "route", "marketplace", "channel", "reason", "is_commitment_breached")
    list_select_related = ("marketplace", "assigned_to")
    search_fields = ("=id", "subject", "buyer__email", "order__order_number")
    ordering = ("-opened_at",)
    date_hierarchy = None
    show_full_result_count = False  # no COUNT(*) over every ticket on each page
    list_per_page = 50
    inlines = [MessageInline, TicketEventInline]
    raw_id_fields = ("buyer", "order", "order_item", "seller", "assigned_to", "merged_into")

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Ticket._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Ticket"), ordering="pk")
    def reference(self, obj):
        return obj.reference


class MacroForm(forms.ModelForm):
    class Meta:
        model = Macro
        fields = ("name", "language", "reason", "body", "is_active")

    def clean_body(self):
        body = self.cleaned_data["body"]
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(body) if name is not None}
        except ValueError:
            raise forms.ValidationError(_("Unbalanced braces: write placeholders as {buyer_name}.")) from None
        unknown = sorted(names - set(MACRO_PLACEHOLDERS))
        if unknown:
            raise forms.ValidationError(
                _("Unknown placeholders: %(unknown)s. Available: %(known)s.")
                % {
                    "unknown": ", ".join(f"{{{n}}}" for n in unknown),
                    "known": ", ".join(f"{{{n}}}" for n in MACRO_PLACEHOLDERS),
                }
            )
        return body


@admin.register(Macro)
class MacroAdmin(OperatorAdmin):
    form = MacroForm
    list_display = ("name", "language", "reason", "is_active")
    list_filter = ("language", "reason", "is_active")
    list_editable = ("is_active",)
    search_fields = ("name", "body")
