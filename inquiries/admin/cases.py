"""Admin (cases): the case log for operators, and SAFE-T claim decisions.
Case states and claim decisions change only through the services (the admin
actions call them); everything else here is read-only."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from csba import clock
from csba.admin import OperatorAdmin, OperatorInline, run_each

from ..caselog.services import case_auto_resolve, safet_claim_decide
from ..models import Case, CaseMessage, SafeTClaim, SafeTStatus

CASE_FIELDS = (
    "ticket",
    "seller",
    "marketplace",
    "question",
    "opened_by",
    "opened_at",
    "deadline_at",
    "reminded_at",
    "status",
    "seller_replied_at",
    "resolved_at",
    "resolution",
)


class CaseMessageInline(OperatorInline, admin.TabularInline):
    model = CaseMessage
    fields = ("sent_at", "author_kind", "author", "body", "is_late")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(OperatorAdmin):
    list_display = (
        "__str__",
        "seller",
        "marketplace",
        "status",
        "opened_at",
        "deadline_at",
        "reminded_at",
        "resolved_at",
    )
    list_filter = ("status", "marketplace")
    search_fields = ("=ticket__id", "seller__name", "question")
    list_select_related = ("seller", "marketplace")
    date_hierarchy = "deadline_at"
    readonly_fields = CASE_FIELDS
    fields = CASE_FIELDS
    inlines = [CaseMessageInline]
    actions = ["auto_resolve_now"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Resolve the selected overdue cases now by CSBA policy"))
    def auto_resolve_now(self, request, queryset):
        now = clock.now()
        done = [case for case in queryset if case_auto_resolve(case_id=case.pk, now=now) is not None]
        self.message_user(
            request,
            _("%(count)s case(s) resolved; cases not yet overdue were left alone.") % {"count": len(done)},
            messages.SUCCESS,
        )


@admin.register(SafeTClaim)
class SafeTClaimAdmin(OperatorAdmin):
    """Sellers file claims from the case page; operators grant or deny them
    with the actions (write the note on the claim first to explain a denial)."""

    list_display = ("__str__", "seller", "refund", "ground", "status", "filed_at", "decided_at", "decided_by")
    list_filter = ("status", "ground")
    search_fields = ("seller__name", "explanation", "refund__order_item__order__order_number")
    list_select_related = ("seller", "refund", "decided_by")
    date_hierarchy = "filed_at"
    readonly_fields = (
        "refund",
        "case",
        "seller",
        "ground",
        "explanation",
        "filed_at",
        "status",
        "decided_at",
        "decided_by",
    )
    fields = readonly_fields + ("decision_note",)
    actions = ["grant", "deny"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != SafeTStatus.SUBMITTED:
            return self.readonly_fields + ("decision_note",)
        return self.readonly_fields

    @admin.action(description=_("Grant the selected claims (reimburse the seller)"))
    def grant(self, request, queryset):
        now = clock.now()
        run_each(
            self,
            request,
            queryset.filter(status=SafeTStatus.SUBMITTED),
            lambda claim: safet_claim_decide(
                claim_id=claim.pk, granted=True, note=claim.decision_note, operator=request.user, now=now
            ),
            _("%(count)s claim(s) granted."),
        )

    @admin.action(description=_("Deny the selected claims (the note on each claim is sent to the seller)"))
    def deny(self, request, queryset):
        now = clock.now()
        run_each(
            self,
            request,
            queryset.filter(status=SafeTStatus.SUBMITTED),
            lambda claim: safet_claim_decide(
                claim_id=claim.pk, granted=False, note=claim.decision_note, operator=request.user, now=now
            ),
            _("%(count)s claim(s) denied."),
        )
