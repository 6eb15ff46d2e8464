"""The seller case log (/seller/cases/): the seller's cases with countdowns in
its time zone, a case with the buyer's question and order context, the reply
form and the SAFE-T claim form.

Every page is for the sellers role and scoped to ``request.user.seller_account``:
another seller's case gives 404 and nothing is written. Views read the clock
once and call the services; DomainError becomes form errors."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from csba import clock
from csba.errors import DomainError
from csba.forms import add_domain_errors
from csba.roles import SELLERS, role_required
from sellers.selectors import seller_for_user

from ..states import CASE_CLOSED, CaseStatus
from . import auto_resolution
from .forms import CaseFilterForm, CaseReplyForm, SafeTClaimForm
from .selectors import case_detail as case_detail_data
from .selectors import case_get, reply_template_list, reply_template_text
from .selectors import case_list as case_list_query
from .services import case_seller_reply, safet_claim_file

PAGE_SIZE = 25


def countdown_texts(now: datetime) -> dict:
    """What ``static/js/seller.js`` writes into a running countdown, in the
    seller's language, and the server's time (a simulated clock is followed)."""
    return {"left": _("%(h)s h %(m)s min left"), "passed": _("Deadline passed"), "now": now.isoformat()}


def countdown(deadline: datetime, now: datetime) -> dict:
    """Time left to a deadline as whole hours and minutes (rounded down)."""
    seconds = int((deadline - now).total_seconds())
    left = max(seconds, 0)
    return {"is_overdue": seconds <= 0, "hours": left // 3600, "minutes": left % 3600 // 60, "seconds": seconds}


def _resolution_view(case) -> dict | None:
    if not case.resolution:
        return None
    return {
        "outcome": auto_resolution.outcome_label(case.resolution.get("outcome", "")),
        "grounds": [auto_resolution.ground_text(g) for g in case.resolution.get("grounds", [])],
        "refunds": case.resolution.get("refunds", []),
        "returns": case.resolution.get("returns", []),
    }


@role_required(SELLERS)
def case_list(request):
    seller = seller_for_user(request.user)
    now = clock.now()
    form = CaseFilterForm(request.GET or None)
    state = reason = ""
    if form.is_valid():
        state, reason = form.cleaned_data["state"], form.cleaned_data["reason"]
    invalid = form.is_bound and not form.is_valid()  # shown with the form's errors, all cases listed
    page = Paginator(case_list_query(seller_id=seller.pk, state=state, reason=reason), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [{"case": case, "countdown": countdown(case.deadline_at, now)} for case in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "inquiries/caselog/list.html",
        {
            "seller": seller,
            "form": form,
            "page": page,
            "rows": rows,
            "now": now,
            "query": query.urlencode(),
            "awaiting": CaseStatus.AWAITING_SELLER,
            "seller_i18n": countdown_texts(now),
        },
        status=400 if invalid else 200,
    )


def _detail_context(request, seller, case, *, reply_form=None, claim_form=None) -> dict:
    now = clock.now()
    detail = case_detail_data(case, now=now)
    templates = [(t, reply_template_text(t.body, case)) for t in reply_template_list(seller_id=seller.pk)]
    chosen = next((text for t, text in templates if str(t.pk) == request.GET.get("template")), None)
    return {
        "templates": templates,
        "seller_i18n": countdown_texts(now),
        "seller": seller,
        "case": case,
        "ticket": case.ticket,
        "now": now,
        "detail": detail,
        "countdown": countdown(case.deadline_at, now),
        "is_open": case.status == CaseStatus.AWAITING_SELLER,
        "is_closed": case.status in CASE_CLOSED,
        "is_past_deadline": case.status == CaseStatus.AWAITING_SELLER and now >= case.deadline_at,
        "resolution": _resolution_view(case),
        "reply_form": reply_form or CaseReplyForm(initial={"body": chosen} if chosen else None),
        "claim_form": claim_form or SafeTClaimForm(refunds=detail["claimable_refunds"]),
    }


@role_required(SELLERS)
def case_detail(request, pk):
    seller = seller_for_user(request.user)
    case = case_get(seller_id=seller.pk, case_id=pk)
    return render(request, "inquiries/caselog/detail.html", _detail_context(request, seller, case))


@role_required(SELLERS)
@require_POST
def case_reply(request, pk):
    seller = seller_for_user(request.user)
    case = case_get(seller_id=seller.pk, case_id=pk)  # 404 before anything else for another seller's case
    form = CaseReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            message = case_seller_reply(
                case_id=case.pk,
                seller=seller,
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
                now=clock.now(),
            )
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            if message.is_late:
                messages.warning(
                    request,
                    _("Your reply came after the deadline: it is kept on the case as a late note and CSBA decides."),
                )
            else:
                messages.success(request, _("Your reply was sent to CSBA. Thank you."))
            return redirect("caselog:detail", pk=case.pk)
    case.refresh_from_db()
    return render(
        request, "inquiries/caselog/detail.html", _detail_context(request, seller, case, reply_form=form), status=400
    )


@role_required(SELLERS)
@require_POST
def safet_claim(request, pk):
    seller = seller_for_user(request.user)
    case = case_get(seller_id=seller.pk, case_id=pk)
    refunds = case_detail_data(case, now=clock.now())["claimable_refunds"]
    form = SafeTClaimForm(request.POST, refunds=refunds)
    if form.is_valid():
        try:
            safet_claim_file(
                refund_id=form.cleaned_data["refund"],
                seller=seller,
                ground=form.cleaned_data["ground"],
                explanation=form.cleaned_data["explanation"],
                now=clock.now(),
            )
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Your SAFE-T claim was filed. An operator will decide it."))
            return redirect("caselog:detail", pk=case.pk)
    return render(
        request, "inquiries/caselog/detail.html", _detail_context(request, seller, case, claim_form=form), status=400
    )
