"""Intake pages: the buyer web form and the start of a chat (both lead to the
buyer's conversation page, ``buyer_views``), the agent's phone log, the
seller's transfer form, the seller's buyer-seller messages, the CSAT page."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from csba import clock
from csba.errors import DomainError
from csba.forms import add_domain_errors
from csba.idempotency import scoped_key, session_key
from csba.roles import AGENTS, SELLERS, role_required

from ..buyer_links import buyer_path_for
from ..models import Channel
from ..services.csat import SCORES, csat_record, csat_token_read
from .forms import BuyerContactForm, PhoneLogForm, SellerTransferForm
from .selectors import seller_messages_page, seller_order_get, ticket_csat_score
from .services import Contact, contact_receive


def _submission_key(request) -> str:
    """A fresh one-time key for a form; the browser's session is made here,
    so a double click sends the key from the same session (csba.idempotency)."""
    session_key(request)
    return get_random_string(24)


def _submit(
    request,
    form,
    *,
    channel: str,
    path: str,
    language: str | None = None,
    actor=None,
    seller_id=None,
    marketplace=None,
    public: bool = False,
):
    data = form.cleaned_data
    contact = Contact(
        channel=channel,
        marketplace_code=marketplace or data.get("marketplace", "US"),
        body=data["text"],
        subject=data.get("subject", ""),
        buyer_email=data.get("buyer_email") or None,
        buyer_name=data.get("buyer_name") or None,
        order_number=(data.get("order_number") or "").strip() or None,
        language=language or data.get("language"),
        transferred_by_seller_id=seller_id,
        idempotency_key=scoped_key(request, path, request.POST.get("submission_key"), field="submission_key"),
        from_public_page=public,
    )
    return contact_receive(contact=contact, now=clock.now(), actor=actor)


def buyer_contact(request):
    """The buyer web form: public, one ticket per submission (the form's
    one-time key makes a double click harmless). The answer is the same
    whether the order number is unknown, another marketplace's or someone
    else's: the contact is taken and agents check it (no order-number oracle)."""
    form = BuyerContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = _submit(request, form, channel=Channel.WEB_FORM, path="web_form", public=True)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            return render(
                request,
                "inquiries/intake/contact_done.html",
                {"ticket": result.ticket, "conversation_url": buyer_path_for(result.ticket.pk, now=clock.now())},
            )
    return render(
        request, "inquiries/intake/contact_form.html", {"form": form, "submission_key": _submission_key(request)}
    )


def chat_start(request):
    form = BuyerContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = _submit(request, form, channel=Channel.CHAT, path="chat", public=True)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            return redirect(buyer_path_for(result.ticket.pk, now=clock.now()))
    return render(
        request, "inquiries/intake/chat_start.html", {"form": form, "submission_key": _submission_key(request)}
    )


@role_required(AGENTS)
def phone_log(request):
    form = PhoneLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = _submit(request, form, channel=Channel.PHONE, path="phone", actor=request.user)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Call logged as %(ref)s.") % {"ref": result.ticket.reference})
            return redirect("agent:queue")
    return render(
        request, "inquiries/intake/phone_log.html", {"form": form, "submission_key": _submission_key(request)}
    )


@role_required(SELLERS)
def seller_transfer(request):
    seller = request.user.seller_account
    form = SellerTransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        order = seller_order_get(seller_id=seller.pk, order_number=form.cleaned_data["order_number"])
        if order is None:
            form.add_error("order_number", _("This is not one of your orders."))
        else:
            try:
                result = _submit(
                    request,
                    form,
                    channel=Channel.SELLER_TRANSFER,
                    path="transfer",
                    seller_id=seller.pk,
                    marketplace=order.marketplace.code,
                    actor=request.user,
                )
            except DomainError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, _("Transferred to CSBA as %(ref)s.") % {"ref": result.ticket.reference})
                return redirect("intake:seller-messages")
    return render(
        request, "inquiries/intake/seller_transfer.html", {"form": form, "submission_key": _submission_key(request)}
    )


@role_required(SELLERS)
def seller_messages(request):
    """Buyer messages routed to the seller (invoice, customization, pre-order,
    uncovered orders), each with the reason it was not handled by CSBA."""
    page, rows = seller_messages_page(seller_id=request.user.seller_account.pk, page_number=request.GET.get("page"))
    return render(request, "inquiries/intake/seller_messages.html", {"page": page, "rows": rows})


@require_http_methods(["GET", "POST"])
def csat_rate(request, token: str):
    """The buyer's rating page (public). GET only shows the form, with the
    score of the email's link (``?score=N``) chosen: mail scanners follow
    links, so nothing is recorded until the buyer sends the form (POST)."""
    context = {"token": token, "scores": SCORES, "chosen": _score_param(request.GET.get("score"))}
    try:
        ticket_id, _issued = csat_token_read(token)
    except DomainError as error:
        return render(
            request, "inquiries/intake/csat.html", {**context, "error": error.message, "invalid": True}, status=400
        )
    if request.method == "GET":
        return render(
            request, "inquiries/intake/csat.html", {**context, "recorded": ticket_csat_score(ticket_id=ticket_id)}
        )
    try:
        ticket = csat_record(token=token, score=request.POST.get("score"), now=clock.now())
    except DomainError as error:
        status = 200 if error.code == "already_rated" else 400
        return render(
            request,
            "inquiries/intake/csat.html",
            {**context, "error": error.message, "invalid": error.code != "invalid_score"},
            status=status,
        )
    return render(request, "inquiries/intake/csat.html", {**context, "recorded": ticket.csat_score, "just_now": True})


def _score_param(value) -> int | None:
    return int(value) if value in {str(score) for score in SCORES} else None
