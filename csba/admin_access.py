"""Admin of sign-in records: API tokens for integrations (made here by
operators, shown once) and login throttles (an operator lifts a lockout).
Imported by ``csba.admin``."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from . import clock
from .admin import OperatorAdmin
from .login_throttle import login_lift
from .models import ApiToken, LoginThrottle
from .roles import INTEGRATORS, SELLERS
from .tokens import token_fill, token_revoke


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "seller", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields:
            self.fields["user"].queryset = (
                get_user_model().objects.filter(groups__name__in=[INTEGRATORS, SELLERS]).distinct().order_by("username")
            )
            self.fields["user"].help_text = _("An integrator (or a seller) the token acts as.")


@admin.register(ApiToken)
class ApiTokenAdmin(OperatorAdmin):
    form = ApiTokenForm
    list_display = ("name", "user", "seller", "shown_prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix", "seller__name")
    list_select_related = ("user", "seller")
    raw_id_fields = ("seller",)
    readonly_fields = ("shown_prefix", "created_at", "created_by", "last_used_at", "revoked_at")
    actions = ["revoke"]

    @admin.display(description=_("Token"))
    def shown_prefix(self, token):
        return f"csba_{token.prefix}_…" if token.prefix else "—"

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "user", "seller") if obj is not None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the record of who had access stays

    def save_model(self, request, obj, form, change):
        if not change:
            raw = token_fill(obj, now=clock.now(), created_by=request.user)
            messages.warning(
                request, _("Copy the token now, it is not shown again: %(token)s") % {"token": raw}, extra_tags="token"
            )
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        now = clock.now()
        for token in queryset:
            token_revoke(token_id=token.pk, now=now)
        self.message_user(request, _("%(count)s token(s) revoked.") % {"count": queryset.count()}, messages.SUCCESS)


@admin.register(LoginThrottle)
class LoginThrottleAdmin(OperatorAdmin):
    list_display = ("scope", "key", "failures", "first_failure_at", "last_failure_at", "locked_until")
    list_filter = ("scope",)
    search_fields = ("key",)
    readonly_fields = ("scope", "key", "failures", "first_failure_at", "last_failure_at", "locked_until")
    actions = ["lift"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Lift the selected lockouts and delays"))
    def lift(self, request, queryset):
        count = login_lift(queryset)
        self.message_user(request, _("%(count)s lifted.") % {"count": count}, messages.SUCCESS)
