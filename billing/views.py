"""Seller billing pages under /seller/billing/ (sellers role; every query is
scoped to ``request.user.seller_account``)."""

from __future__ import annotations

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from csba import clock
from csba.formatting import month
from csba.roles import SELLERS, role_required
from sellers.models import Marketplace
from sellers.selectors import marketplace_get, seller_for_user

from . import charts, selectors
from .estimator import estimate, parse_order_report
from .forms import EstimatorForm
from .periods import add_months, local_month
from .presentation import statement_view, tier_label


def quarter_label(label: str) -> str:
    """ "2026-Q4" as the page's language writes a quarter."""
    year, _sep, quarter = label.partition("-Q")
    if not (year.isdigit() and quarter.isdigit()):
        return label
    return _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year}


def _marketplace_choice(request, marketplaces: list[Marketplace]) -> Marketplace | None:
    code = (request.GET.get("marketplace") or "").upper()
    if code:
        chosen = next((m for m in marketplaces if m.code == code), None)
        if chosen is None:
            raise Http404("No billing in this marketplace.")
        return chosen
    return marketplaces[0] if marketplaces else None


@role_required(SELLERS)
def index(request):
    seller = seller_for_user(request.user)
    now = clock.now()
    marketplaces = selectors.seller_marketplaces(seller_id=seller.pk)
    overviews = [selectors.tier_overview(seller=seller, marketplace=m, now=now) for m in marketplaces]
    for overview in overviews:
        overview.tier_text = tier_label(overview.tier, overview.is_standard_rate) if overview.card else "—"
        overview.next_tier_text = (
            tier_label(overview.next_tier, overview.next_is_standard_rate) if overview.card else "—"
        )
    statements = list(selectors.statement_list(seller_id=seller.pk)[:36])
    return render(request, "billing/index.html", {"seller": seller, "overviews": overviews, "statements": statements})


@role_required(SELLERS)
def statement_detail(request, pk: int):
    seller = seller_for_user(request.user)
    statement = selectors.statement_get(seller_id=seller.pk, statement_id=pk)
    return render(
        request,
        "billing/statement_detail.html",
        {
            "seller": seller,
            "statement": statement,
            "view": statement_view(statement),
            "revisions": list(statement.revisions.select_related("revised_by")),
        },
    )


CSV_COLUMNS = (
    "month",
    "marketplace",
    "currency",
    "units",
    "billable_units",
    "contacts",
    "window_units",
    "window_contacts",
    "cpu",
    "tier",
    "standard_rate",
    "base_rate",
    "discount_percent",
    "effective_rate",
    "fee",
    "vtr",
    "aprl_rate",
    "odr",
    "csat",
    "flags",
    "version",
)


@role_required(SELLERS)
def statements_csv(request):
    seller = seller_for_user(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="csba-statements.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for s in selectors.statement_list(seller_id=seller.pk).iterator():
        writer.writerow(
            [
                f"{s.month:%Y-%m}",
                s.marketplace.code,
                s.currency,
                s.units,
                (s.inputs or {}).get("billable_units", s.units),
                s.contacts,
                s.window_units,
                s.window_contacts,
                _plain(s.cpu),
                s.tier or "",
                "yes" if s.is_standard_rate else "no",
                _plain(s.base_rate),
                _plain(s.discount_percent),
                _plain(s.effective_rate),
                _plain(s.fee),
                _plain(s.vtr),
                _plain(s.aprl_rate),
                _plain(s.odr),
                _plain(s.csat),
                " ".join(s.flags or []),
                s.version,
            ]
        )
    return response


def _plain(value) -> str:
    return "" if value is None else str(value)


@role_required(SELLERS)
def insights(request):
    seller = seller_for_user(request.user)
    marketplaces = selectors.seller_marketplaces(seller_id=seller.pk)
    marketplace = _marketplace_choice(request, marketplaces)
    context = {"seller": seller, "marketplaces": marketplaces, "marketplace": marketplace}
    if marketplace is not None:
        data = selectors.insights_get(seller_id=seller.pk, marketplace=marketplace, now=clock.now())
        labels = [month(m) for m in data.months]
        quarters = [(quarter_label(label), units, fees, rate) for label, units, fees, rate in data.quarters]
        context.update(
            {
                "data": data,
                "quarters": quarters,
                "rows": list(
                    zip(labels, data.units, data.contacts, data.cpu_monthly, data.cpu_window, data.csat, data.fcr)
                ),
                "fee_chart": charts.column_chart(
                    title=_("Fee per unit by quarter"),
                    items=[(label, rate or 0) for label, _u, _f, rate in quarters],
                    fmt=charts.money_text(data.currency),
                    empty_text=_("No statements yet: the first comes on the 1st of the month after you join."),
                ),
                "cpu_chart": charts.line_chart(
                    title=_("Contacts per unit (CPU)"),
                    labels=labels,
                    fmt=charts.percent_text,
                    series=[
                        (_("Monthly CPU"), data.cpu_monthly),
                        (_("Three-month CPU (sets next month's tier)"), data.cpu_window),
                    ],
                    empty_text=_("No units shipped in these months yet."),
                ),
                "csat_chart": charts.line_chart(
                    title=_("Customer satisfaction (1–5)"),
                    labels=labels,
                    y_min=1,
                    y_max=5,
                    fmt=charts.decimal_text(1),
                    series=[(_("Mean CSAT"), [mean for mean, _n in data.csat])],
                    empty_text=_("No ratings yet: buyers rate CSBA's answer once their inquiry is resolved."),
                ),
                "fcr_chart": charts.line_chart(
                    title=_("First-contact resolution"),
                    labels=labels,
                    fmt=charts.percent_text,
                    series=[
                        (
                            _("Resolved without a case or a repeat contact"),
                            [ratio.value if ratio.denominator else None for ratio in data.fcr],
                        )
                    ],
                    empty_text=_("No inquiries resolved in these months yet."),
                ),
                "reasons_chart": charts.bar_chart(
                    title=_("Top contact reasons, last three months"),
                    items=data.reasons,
                    empty_text=_("No contacts in the last three months."),
                ),
            }
        )
    return render(request, "billing/insights.html", context)


@role_required(SELLERS)
@require_http_methods(["GET", "POST"])
def estimator(request):
    seller = seller_for_user(request.user)
    result = report = None
    if request.method == "POST":
        form = EstimatorForm(request.POST, request.FILES)
        if form.is_valid():
            marketplace = marketplace_get(code=form.cleaned_data["marketplace"])
            now = clock.now()
            units_by_month = {}
            upload = form.cleaned_data.get("order_report")
            if upload:
                report = parse_order_report(upload, time_zone=marketplace.time_zone)
                units_by_month = report.units_by_month
            if not units_by_month and form.cleaned_data.get("units_per_month") is not None:
                current = local_month(now, marketplace.time_zone)
                units_by_month = {add_months(current, o): form.cleaned_data["units_per_month"] for o in (-3, -2, -1)}
            if units_by_month or not upload:
                result = estimate(
                    marketplace=marketplace,
                    now=now,
                    units_by_month=units_by_month,
                    contacts_by_month=form.cleaned_data.get("contacts_by_month") or None,
                    contacts_per_month=form.cleaned_data.get("contacts_per_month"),
                    vtr=form.rate("vtr_percent"),
                    aprl_rate=form.rate("aprl_percent"),
                    business_country=seller.business_country,
                    preferred_language=seller.preferred_language,
                )
                if result.result is not None:
                    result.tier_text = tier_label(result.result.tier, result.result.is_standard_rate)
    else:
        form = EstimatorForm()
    status = 400 if form.errors or (report is not None and report.error_count and result is None) else 200
    return render(
        request,
        "billing/estimator.html",
        {
            "seller": seller,
            "form": form,
            "estimate": result,
            "report": report,
        },
        status=status,
    )
