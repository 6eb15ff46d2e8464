"""Coverage windows. Read-only: windows change only through the enrollment
services (opt-in, opt-out, activation), which the actions call."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from csba import clock
from csba.admin import OperatorAdmin, OperatorInline, run_each

from ..models import Enrollment
from ..services import enrollment_activate_due, enrollment_opt_out

WINDOW_FIELDS = (
    "marketplace",
    "program",
    "status",
    "source",
    "requested_at",
    "effective_at",
    "ended_at",
    "terms_accepted_at",
    "trial_ends_at",
    "activation_notified_at",
)


class EnrollmentInline(OperatorInline, admin.TabularInline):
    model = Enrollment
    fields = WINDOW_FIELDS
    readonly_fields = WINDOW_FIELDS
    extra = 0
    can_delete = False
    ordering = ("-requested_at",)
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Enrollment)
class EnrollmentAdmin(OperatorAdmin):
    """Coverage windows. Read-only: windows change through opt-in / opt-out."""

    list_display = (
        "seller",
        "marketplace",
        "status",
        "source",
        "requested_at",
        "effective_at",
        "ended_at",
        "trial_ends_at",
    )
    list_filter = ("status", "source", "marketplace")
    search_fields = ("seller__name", "seller__notification_email", "request_key")
    list_select_related = ("seller", "marketplace")
    date_hierarchy = "effective_at"
    readonly_fields = ("seller",) + WINDOW_FIELDS + ("request_key",)
    actions = ["activate_due", "opt_out_now"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Activate every window that is due now"))
    def activate_due(self, request, queryset):
        activated = enrollment_activate_due(now=clock.now())
        self.message_user(request, _("%(count)s window(s) activated.") % {"count": len(activated)}, messages.SUCCESS)

    @admin.action(description=_("Opt the selected sellers out now (closes their open window)"))
    def opt_out_now(self, request, queryset):
        now = clock.now()
        run_each(
            self,
            request,
            queryset.filter(ended_at__isnull=True).select_related("marketplace"),
            lambda window: enrollment_opt_out(
                seller_id=window.seller_id, marketplace_code=window.marketplace.code, now=now
            ),
            _("%(count)s window(s) closed."),
        )
