"""Operator admin for billing: rate cards (with their tiers, validated
together), promotions, statements with their revisions, month closes (close
or recompute a month: actions and a form call ``month_close``), CSAT
invitations, and the fee revenue and tier distribution report."""

from __future__ import annotations

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from csba import clock
from csba.admin import OperatorAdmin, OperatorInline, ReadOnlyInline
from csba.errors import DomainError
from csba.forms import add_domain_errors

from . import selectors
from .forms import MonthCloseForm, PromotionForm, RateCardForm, RateTierFormSet, RecomputeForm
from .models import MonthClose, MonthlyStatement, MonthRecomputation, Promotion, RateCard, RateTier, StatementRevision
from .services import month_close


class RateTierInline(OperatorInline, admin.TabularInline):
    model = RateTier
    formset = RateTierFormSet
    fields = ("tier", "cpu_above", "cpu_up_to", "fee_per_unit")
    extra = 0
    ordering = ("tier",)


@admin.register(RateCard)
class RateCardAdmin(OperatorAdmin):
    form = RateCardForm
    inlines = [RateTierInline]
    list_display = ("marketplace", "name", "effective_from", "currency", "standard_rate", "flat_rate")
    list_filter = ("marketplace",)
    ordering = ("marketplace__code", "-effective_from")
    fieldsets = (
        (
            None,
            {
                "fields": ("marketplace", "name", "effective_from", "currency"),
                "description": _(
                    "A month is billed with the card in force on its first day (marketplace time): "
                    "a card starting mid-month applies from the next month."
                ),
            },
        ),
        (_("Rates"), {"fields": ("flat_rate", "standard_rate", "reliable_min_units", "unreliable_cpu_above")}),
    )

    def get_readonly_fields(self, request, obj=None):
        # A card that has billed a month is history: changing it would rewrite closed statements' inputs.
        if obj is not None and MonthlyStatement.objects.filter(rate_card=obj).exists():
            return ("marketplace", "effective_from", "currency")
        return ()


@admin.register(Promotion)
class PromotionAdmin(OperatorAdmin):
    form = PromotionForm
    list_display = ("marketplace", "kind", "name", "effective_from", "effective_to")
    list_filter = ("marketplace", "kind")
    ordering = ("marketplace__code", "kind", "-effective_from")
    fieldsets = (
        (
            None,
            {
                "fields": ("marketplace", "kind", "name", "effective_from", "effective_to", "rules"),
                "description": _(
                    'Rules by kind — reward: {"min_vtr": "0.95", "min_aprl": "0.95" or null, '
                    '"max_cpu": optional, "discount_percent_by_tier": {"1": 100, "2": 50}}; '
                    'free_service: {"business_countries": ["CN"]}; free_trial: {} (days come '
                    "from the marketplace)."
                ),
            },
        ),
    )


class StatementRevisionInline(ReadOnlyInline):
    model = StatementRevision
    fields = ("revised_at", "revised_by", "reason", "previous", "current", "previous_inputs")
    readonly_fields = fields


class MonthRecomputationInline(ReadOnlyInline):
    model = MonthRecomputation
    fields = ("recomputed_at", "recomputed_by", "reason", "created", "revised", "unchanged")
    readonly_fields = fields


@admin.register(MonthlyStatement)
class MonthlyStatementAdmin(OperatorAdmin):
    list_display = (
        "month",
        "marketplace",
        "seller",
        "units",
        "contacts",
        "cpu",
        "tier",
        "is_standard_rate",
        "effective_rate",
        "fee",
        "currency",
        "version",
        "report_sent_at",
    )
    list_filter = ("marketplace", "month", "tier", "is_standard_rate")
    search_fields = ("seller__name",)
    list_select_related = ("marketplace", "seller")
    date_hierarchy = "month"
    inlines = [StatementRevisionInline]
    readonly_fields = [f.name for f in MonthlyStatement._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Visible, never edited by hand: a month changes only by recomputation.
        return False

    def get_urls(self):
        return [
            path("revenue/", self.admin_site.admin_view(self.revenue_view), name="billing_revenue")
        ] + super().get_urls()

    def revenue_view(self, request):
        if not self.has_view_permission(request):
            return redirect("admin:index")
        marketplace = request.GET.get("marketplace") or None
        rows = selectors.revenue_report(
            marketplace_id=int(marketplace) if marketplace and marketplace.isdigit() else None
        )
        tiers = sorted({label for row in rows for label in row.tiers}, key=lambda t: (not t.isdigit(), t))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Fee revenue and tier distribution"),
            "rows": [(row, [row.tiers.get(t, 0) for t in tiers]) for row in rows],
            "tiers": tiers,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/billing/revenue.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "revenue_url": reverse("admin:billing_revenue")}
        return super().changelist_view(request, extra_context)


@admin.register(MonthClose)
class MonthCloseAdmin(OperatorAdmin):
    list_display = (
        "month",
        "marketplace",
        "closed_at",
        "closed_by",
        "statements",
        "recomputed_at",
        "revisions",
        "duration_ms",
    )
    list_filter = ("marketplace",)
    readonly_fields = [f.name for f in MonthClose._meta.fields]
    inlines = [MonthRecomputationInline]
    actions = ["recompute_months"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Recompute the selected months (changes are recorded as revisions)"))
    def recompute_months(self, request, queryset):
        """Asks for the reason first (kept with every revision), then
        recomputes each selected month under today's rules."""
        closes = list(queryset.select_related("marketplace").order_by("month", "marketplace__code"))
        form = RecomputeForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": _("Recompute closed months"),
                "form": form,
                "closes": closes,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            status = 400 if form.errors else 200
            return TemplateResponse(request, "admin/billing/recompute_months.html", context, status=status)
        now = clock.now()
        for close in closes:
            try:
                result = month_close(
                    marketplace=close.marketplace,
                    month=close.month,
                    now=now,
                    recompute=True,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                self.message_user(request, f"{close}: {error.message}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(close)s: %(revised)s statements changed, %(created)s added.")
                    % {"close": close, "revised": result.revised, "created": result.created},
                    messages.SUCCESS,
                )
        return None

    def get_urls(self):
        return [
            path("close/", self.admin_site.admin_view(self.close_view), name="billing_monthclose_close")
        ] + super().get_urls()

    def close_view(self, request):
        if not self.has_view_permission(request):
            return redirect("admin:index")
        form = MonthCloseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                result = month_close(
                    marketplace=data["marketplace"],
                    month=data["month"],
                    now=clock.now(),
                    recompute=data["recompute"],
                    actor=request.user,
                    reason=data["reason"],
                )
            except DomainError as error:
                add_domain_errors(form, error)
            else:
                if result.already_closed:
                    self.message_user(
                        request,
                        _("%(close)s was already closed; nothing changed (tick 'Recompute' to compute it again).")
                        % {"close": result.close},
                        messages.WARNING,
                    )
                else:
                    self.message_user(
                        request,
                        _("%(close)s: %(created)s statements created, %(revised)s changed.")
                        % {"close": result.close, "created": result.created, "revised": result.revised},
                        messages.SUCCESS,
                    )
                return redirect("admin:billing_monthclose_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Close a month"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/billing/close_month.html", context, status=400 if form.errors else 200)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "close_url": reverse("admin:billing_monthclose_close"),
            "revenue_url": reverse("admin:billing_revenue"),
        }
        return super().changelist_view(request, extra_context)
