"""Operator admin for every sellers model. Enrollment windows and return-policy
decisions change only through the services (admin actions call them)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from csba import clock
from csba.admin import OperatorAdmin, OperatorInline, run_each

from .models import (
    Buyer,
    Enrollment,
    Invitation,
    InvitationStatus,
    Marketplace,
    Order,
    OrderItem,
    Product,
    Refund,
    Return,
    ReturnPolicy,
    ReturnPolicyStatus,
    SellerAccount,
    Shipment,
    StaffProfile,
)
from .services import enrollment_activate_due, enrollment_opt_out, return_policy_approve, return_policy_reject

WINDOW_FIELDS = (
    "marketplace",
    "status",
    "source",
    "requested_at",
    "effective_at",
    "ended_at",
    "terms_accepted_at",
    "trial_ends_at",
    "activation_notified_at",
)


@admin.register(Marketplace)
class MarketplaceAdmin(OperatorAdmin):
    list_display = (
        "code",
        "name",
        "currency",
        "time_zone",
        "default_enrollment",
        "is_invitation_only",
        "requires_store_info",
        "opt_in_delay_minutes",
        "trial_days",
        "seller_reply_hours",
        "return_window_days",
    )
    search_fields = ("code", "name")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "code",
                    "name",
                    "currency",
                    "currency_decimal_places",
                    "time_zone",
                    "buyer_languages",
                    "seller_languages",
                )
            },
        ),
        (
            _("Enrollment"),
            {
                "fields": (
                    "business_countries",
                    "default_enrollment",
                    "is_invitation_only",
                    "requires_store_info",
                    "opt_in_delay_minutes",
                    "trial_days",
                    "trial_max_registration_age_days",
                )
            },
        ),
        (_("Service"), {"fields": ("seller_reply_hours", "commitment_hours", "handles_a_to_z_claims")}),
        (
            _("Standard return policy"),
            {"fields": ("return_window_days", "has_prepaid_return_labels", "restocking_fee_percent")},
        ),
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


@admin.register(Product)
class ProductAdmin(OperatorAdmin):
    list_display = ("asin", "title", "seller", "marketplace", "sku", "language", "is_customizable", "updated_at")
    list_filter = ("marketplace", "language", "is_customizable")
    search_fields = ("asin", "sku", "title", "seller__name")
    list_select_related = ("seller", "marketplace")
    raw_id_fields = ("seller",)


@admin.register(Buyer)
class BuyerAdmin(OperatorAdmin):
    list_display = ("name", "email", "marketplace", "language")
    list_filter = ("marketplace", "language")
    search_fields = ("name", "email")


class OrderItemInline(OperatorInline, admin.TabularInline):
    model = OrderItem
    fields = ("product", "quantity", "unit_price", "fulfillment_channel", "shipment")
    raw_id_fields = ("product", "shipment")
    extra = 0


class ShipmentInline(OperatorInline, admin.TabularInline):
    model = Shipment
    fields = (
        "carrier",
        "tracking_number",
        "shipped_at",
        "first_scan_at",
        "delivered_at",
        "has_valid_tracking",
        "is_signed_for",
    )
    extra = 0


@admin.register(Order)
class OrderAdmin(OperatorAdmin):
    list_display = (
        "order_number",
        "seller",
        "marketplace",
        "buyer",
        "placed_at",
        "status",
        "ship_to_country",
        "feedback_rating",
        "chargeback_at",
    )
    list_filter = ("status", "marketplace", "feedback_rating")
    search_fields = ("order_number", "seller__name", "buyer__email")
    list_select_related = ("seller", "marketplace", "buyer")
    raw_id_fields = ("seller", "buyer")
    date_hierarchy = "placed_at"
    inlines = [OrderItemInline, ShipmentInline]


@admin.register(OrderItem)
class OrderItemAdmin(OperatorAdmin):
    list_display = ("order", "product", "quantity", "unit_price", "fulfillment_channel")
    list_filter = ("fulfillment_channel", "order__marketplace")
    search_fields = ("order__order_number", "product__asin", "product__sku")
    list_select_related = ("order", "product")
    raw_id_fields = ("order", "product", "shipment")


@admin.register(Shipment)
class ShipmentAdmin(OperatorAdmin):
    list_display = (
        "order",
        "carrier",
        "tracking_number",
        "shipped_at",
        "first_scan_at",
        "delivered_at",
        "has_valid_tracking",
        "is_signed_for",
    )
    list_filter = ("carrier", "has_valid_tracking", "is_signed_for")
    search_fields = ("tracking_number", "order__order_number")
    list_select_related = ("order",)
    raw_id_fields = ("order",)
    date_hierarchy = "shipped_at"


@admin.register(Return)
class ReturnAdmin(OperatorAdmin):
    list_display = (
        "rma_number",
        "order_item",
        "status",
        "condition",
        "quantity",
        "authorized_at",
        "received_at",
        "is_amazon_label",
    )
    list_filter = ("status", "condition", "is_amazon_label", "has_prepaid_label")
    search_fields = ("rma_number", "order_item__order__order_number")
    list_select_related = ("order_item__order", "order_item__product")
    raw_id_fields = ("order_item", "ticket")
    date_hierarchy = "authorized_at"


@admin.register(Refund)
class RefundAdmin(OperatorAdmin):
    list_display = ("order_item", "kind", "amount", "currency", "issued_at", "is_automatic", "is_a_to_z")
    list_filter = ("kind", "currency", "is_automatic", "is_a_to_z")
    search_fields = ("order_item__order__order_number", "reason")
    list_select_related = ("order_item__order", "order_item__product")
    raw_id_fields = ("order_item", "ticket")
    date_hierarchy = "issued_at"
