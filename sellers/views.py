"""The seller portal: enrollment, invitations, return policy and store information.

Every page is for the sellers role; the seller is ``request.user.seller_account``
and every query is scoped to it (another seller's ids give 404). Views read the
clock once and call the services; DomainError becomes form errors.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from csba import clock
from csba.errors import DomainError
from csba.formatting import when
from csba.forms import add_domain_errors
from csba.roles import SELLERS, role_required

from . import selectors
from .forms import OptInForm, OptOutForm, RegisterForm, ReturnPolicyForm, StoreInfoForm
from .models import Marketplace
from .return_policy import standard_policy
from .services import (
    enrollment_eligibility,
    enrollment_opt_in,
    enrollment_opt_out,
    is_international,
    return_policy_submit,
    seller_sign_up,
    seller_store_info_update,
)


def _marketplace(code: str) -> Marketplace:
    return selectors.marketplace_get(code=code)


@require_http_methods(["GET", "POST"])
def register(request):
    """Seller registration (public): the login and the seller account are
    made by ``seller_sign_up``, which enrols by default where the marketplace
    says so (US: every new seller; JP: China-based sellers), with the trial."""
    marketplaces = selectors.marketplace_list()
    form = RegisterForm(request.POST or None, marketplaces=marketplaces)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            seller = seller_sign_up(
                username=data["username"],
                email=data["email"],
                password=data["password"],
                name=data["name"],
                business_country=data["business_country"],
                marketplace_codes=data["marketplace_codes"],
                preferred_language=data["preferred_language"],
                time_zone=data["time_zone"],
                now=clock.now(),
            )
        except DomainError as error:
            add_domain_errors(form, error, RegisterForm.FIELD_FOR_ERROR)
        else:
            login(request, seller.user, backend=settings.AUTHENTICATION_BACKENDS[0])
            enrolled = ", ".join(sorted(seller.enrollments.values_list("marketplace__code", flat=True)))
            messages.success(request, _("Welcome to CSBA."))
            if enrolled:
                messages.info(
                    request,
                    _("You are enrolled in CSBA by default in %(marketplaces)s, with a free trial; you can opt out.")
                    % {"marketplaces": enrolled},
                )
            return redirect("seller:home")
    return render(request, "sellers/register.html", {"form": form}, status=400 if form.errors else 200)


@role_required(SELLERS)
def home(request):
    seller = selectors.seller_for_user(request.user)
    now = clock.now()
    return render(
        request,
        "sellers/home.html",
        {
            "seller": seller,
            "overview": selectors.enrollment_overview(seller_id=seller.pk, now=now),
            "open_invitations": list(selectors.open_invitation_list(seller_id=seller.pk, now=now)),
        },
    )


@role_required(SELLERS)
def enrollment_detail(request, code):
    seller = selectors.seller_for_user(request.user)
    marketplace = _marketplace(code)
    now = clock.now()
    [entry] = selectors.enrollment_overview(seller_id=seller.pk, now=now, marketplace=marketplace)
    return render(request, "sellers/enrollment_detail.html", {"seller": seller, "entry": entry, "now": now})


@role_required(SELLERS)
def enrollment_window(request, pk):
    seller = selectors.seller_for_user(request.user)
    window = selectors.enrollment_get(seller_id=seller.pk, enrollment_id=pk)
    now = clock.now()
    return render(
        request,
        "sellers/enrollment_window.html",
        {
            "seller": seller,
            "window": window,
            "status": selectors.portal_status(window, now=now),
        },
    )


@role_required(SELLERS)
@require_http_methods(["GET", "POST"])
def opt_in(request, code):
    seller = selectors.seller_for_user(request.user)
    marketplace = _marketplace(code)
    now = clock.now()
    if request.method == "POST":
        form = OptInForm(request.POST)
        if form.is_valid():
            try:
                result = enrollment_opt_in(
                    seller_id=seller.pk,
                    marketplace_code=marketplace.code,
                    now=now,
                    terms_accepted=form.cleaned_data["terms_accepted"],
                    request_key=form.cleaned_data["request_key"],
                )
            except DomainError as error:
                add_domain_errors(form, error)
            else:
                if result.created:
                    messages.success(
                        request,
                        _("Your opt-in is recorded. CSBA takes over from %(time)s.")
                        % {"time": when(result.enrollment.effective_at)},
                    )
                else:
                    messages.info(request, _("This opt-in was already recorded."))
                return redirect("seller:enrollment", code=marketplace.code)
    else:
        form = OptInForm(initial={"request_key": uuid.uuid4().hex})
    eligibility = enrollment_eligibility(seller=seller, marketplace=marketplace, now=now)
    [entry] = selectors.enrollment_overview(seller_id=seller.pk, now=now, marketplace=marketplace)
    return render(
        request,
        "sellers/opt_in.html",
        {
            "seller": seller,
            "marketplace": marketplace,
            "form": form,
            "eligibility": eligibility,
            "entry": entry,
        },
        status=400 if form.errors else 200,
    )


@role_required(SELLERS)
@require_http_methods(["GET", "POST"])
def opt_out(request, code):
    seller = selectors.seller_for_user(request.user)
    marketplace = _marketplace(code)
    now = clock.now()
    [entry] = selectors.enrollment_overview(seller_id=seller.pk, now=now, marketplace=marketplace)
    form = OptOutForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            enrollment_opt_out(seller_id=seller.pk, marketplace_code=marketplace.code, now=now)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(
                request, _("You have opted out of CSBA in %(marketplace)s.") % {"marketplace": marketplace.code}
            )
            return redirect("seller:enrollment", code=marketplace.code)
    return render(
        request,
        "sellers/opt_out.html",
        {
            "seller": seller,
            "marketplace": marketplace,
            "form": form,
            "entry": entry,
            "now": now,
        },
        status=400 if form.errors else 200,
    )


@role_required(SELLERS)
def invitations(request):
    seller = selectors.seller_for_user(request.user)
    return render(
        request,
        "sellers/invitations.html",
        {
            "seller": seller,
            "invitations": list(selectors.invitation_list(seller_id=seller.pk)),
            "now": clock.now(),
        },
    )


@role_required(SELLERS)
@require_http_methods(["GET", "POST"])
def return_policy(request, code):
    seller = selectors.seller_for_user(request.user)
    marketplace = _marketplace(code)
    standard = standard_policy(marketplace)
    if request.method == "POST":
        form = ReturnPolicyForm(request.POST)
        if form.is_valid():
            try:
                return_policy_submit(
                    seller_id=seller.pk, marketplace_code=marketplace.code, now=clock.now(), **form.cleaned_data
                )
            except DomainError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, _("Your return policy was submitted for approval."))
                return redirect("seller:return_policy", code=marketplace.code)
    else:
        form = ReturnPolicyForm(
            initial={
                "window_days": standard.window_days,
                "has_prepaid_labels": standard.has_prepaid_labels,
                "restocking_fee_percent": standard.restocking_fee_percent,
            }
        )
    return render(
        request,
        "sellers/return_policy.html",
        {
            "seller": seller,
            "marketplace": marketplace,
            "form": form,
            "standard": standard,
            "status": selectors.return_policy_status(seller_id=seller.pk, marketplace=marketplace),
            "international": is_international(business_country=seller.business_country, marketplace=marketplace),
        },
        status=400 if form.errors else 200,
    )


@role_required(SELLERS)
@require_http_methods(["GET", "POST"])
def store_info(request):
    seller = selectors.seller_for_user(request.user)
    if request.method == "POST":
        form = StoreInfoForm(request.POST)
        if form.is_valid():
            try:
                seller_store_info_update(seller_id=seller.pk, now=clock.now(), **form.cleaned_data)
            except DomainError as error:
                add_domain_errors(form, error, StoreInfoForm.FIELD_FOR_ERROR)
            else:
                messages.success(request, _("Your store information was saved."))
                return redirect("seller:store_info")
    else:
        form = StoreInfoForm(
            initial={
                "courier": seller.store_courier,
                "courier_tracking_url": seller.store_courier_tracking_url,
                "contact_person": seller.store_contact_person,
                "sample_tracking_number": seller.store_sample_tracking_number,
            }
        )
    return render(
        request, "sellers/store_info.html", {"seller": seller, "form": form}, status=400 if form.errors else 200
    )
