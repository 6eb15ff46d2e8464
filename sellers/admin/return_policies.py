"""Sellers' return policies: operators approve or reject them with actions
that call the services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from csba import clock
from csba.admin import OperatorAdmin, run_each

from ..models import ReturnPolicy, ReturnPolicyStatus
from ..services import return_policy_approve, return_policy_reject


@admin.register(ReturnPolicy)
class ReturnPolicyAdmin(OperatorAdmin):
    """Sellers submit policies; operators approve or reject them with the actions."""

    list_display = (
        "seller",
        "marketplace",
        "status",
        "window_days",
        "has_prepaid_labels",
        "restocking_fee_percent",
        "submitted_at",
        "decided_at",
        "decided_by",
    )
    list_filter = ("status", "marketplace", "has_prepaid_labels")
    search_fields = ("seller__name", "description", "decision_note")
    list_select_related = ("seller", "marketplace", "decided_by")
    date_hierarchy = "submitted_at"
    readonly_fields = (
        "seller",
        "marketplace",
        "window_days",
        "has_prepaid_labels",
        "restocking_fee_percent",
        "description",
        "status",
        "submitted_at",
        "decided_at",
        "decided_by",
    )
    fields = readonly_fields + ("decision_note",)
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Approve the selected submitted policies"))
    def approve(self, request, queryset):
        now = clock.now()
        run_each(
            self,
            request,
            queryset.filter(status=ReturnPolicyStatus.SUBMITTED),
            lambda policy: return_policy_approve(
                policy_id=policy.pk, now=now, actor=request.user, note=policy.decision_note
            ),
            _("%(count)s policy(ies) approved."),
        )

    @admin.action(description=_("Reject the selected submitted policies"))
    def reject(self, request, queryset):
        now = clock.now()
        run_each(
            self,
            request,
            queryset.filter(status=ReturnPolicyStatus.SUBMITTED),
            lambda policy: return_policy_reject(
                policy_id=policy.pk,
                now=now,
                actor=request.user,
                note=policy.decision_note or "Rejected by an operator.",
            ),
            _("%(count)s policy(ies) rejected."),
        )
