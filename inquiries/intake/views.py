"""Intake pages: the buyer web form and chat, the agent's phone log, the
seller's transfer form, and the seller's buyer-seller messages."""
from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from csba import clock
from csba.errors import DomainError
from csba.roles import AGENTS, SELLERS, role_required

from .forms import BuyerContactForm, ChatMessageForm, PhoneLogForm, SellerTransferForm
from ..models import Channel, Direction, Message, Ticket
from ..reasons import Route
from .services import Contact, contact_receive

CHAT_SALT = "csba.chat"


def _form_errors(form, error: DomainError) -> None:
    form.add_error(None, error.message)
    for field, problems in error.field_errors.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)


def _submit(request, form, *, channel: str, language: str | None = None, actor=None, seller_id=None, marketplace=None):
    data = form.cleaned_data
    contact = Contact(
        channel=channel, marketplace_code=marketplace or data.get("marketplace", "US"), body=data["text"],
        subject=data.get("subject", ""), buyer_email=data.get("buyer_email") or None,
        buyer_name=data.get("buyer_name") or None, order_number=(data.get("order_number") or "").strip() or None,
        language=language or data.get("language"), transferred_by_seller_id=seller_id,
        idempotency_key=request.POST.get("submission_key") or None,
    )
    return contact_receive(contact=contact, now=clock.now(), actor=actor)


def buyer_contact(request):
    """The buyer web form: public, one ticket per submission (the form's
    one-time key makes a double click harmless)."""
    form = BuyerContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = _submit(request, form, channel=Channel.WEB_FORM)
        except DomainError as error:
            _form_errors(form, error)
        else:
            return render(request, "inquiries/intake/contact_done.html", {"ticket": result.ticket})
    return render(request, "inquiries/intake/contact_form.html", {"form": form, "submission_key": get_random_string(24)})


def chat_start(request):
    form = BuyerContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = _submit(request, form, channel=Channel.CHAT)
        except DomainError as error:
            _form_errors(form, error)
        else:
            return redirect("intake:chat", token=signing.dumps(result.ticket.pk, salt=CHAT_SALT))
    return render(request, "inquiries/intake/chat_start.html", {"form": form, "submission_key": get_random_string(24)})


def chat(request, token: str):
    """The buyer's chat window: the conversation and a box to write more."""
    try:
        ticket_id = signing.loads(token, salt=CHAT_SALT, max_age=7 * 24 * 3600)
    except signing.BadSignature:
        raise Http404("This chat link is not valid.")
    ticket = Ticket.objects.filter(pk=ticket_id).first()
    if ticket is None:
        raise Http404
    form = ChatMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact_receive(
            contact=Contact(channel=Channel.CHAT, marketplace_code=ticket.marketplace.code, body=form.cleaned_data["text"],
                            ticket_reference=ticket.pk, buyer_email=ticket.buyer.email if ticket.buyer else None),
            now=clock.now(),
        )
        return redirect("intake:chat", token=token)
    thread = ticket.messages.exclude(direction=Direction.INTERNAL).order_by("sent_at", "pk")
    return render(request, "inquiries/intake/chat.html", {"ticket": ticket, "thread": thread, "form": form})


@role_required(AGENTS)
def phone_log(request):
    form = PhoneLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = _submit(request, form, channel=Channel.PHONE, actor=request.user)
        except DomainError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Call logged as %(ref)s.") % {"ref": result.ticket.reference})
            return redirect("agent:queue")
    return render(request, "inquiries/intake/phone_log.html", {"form": form, "submission_key": get_random_string(24)})


@role_required(SELLERS)
def seller_transfer(request):
    seller = request.user.seller_account
    form = SellerTransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from sellers.models import Order

        order = Order.objects.filter(order_number=form.cleaned_data["order_number"].strip(), seller=seller).select_related("marketplace").first()
        if order is None:
            form.add_error("order_number", _("This is not one of your orders."))
        else:
            try:
                result = _submit(request, form, channel=Channel.SELLER_TRANSFER, seller_id=seller.pk,
                                 marketplace=order.marketplace.code, actor=request.user)
            except DomainError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("Transferred to CSBA as %(ref)s.") % {"ref": result.ticket.reference})
                return redirect("intake:seller-messages")
    return render(request, "inquiries/intake/seller_transfer.html", {"form": form, "submission_key": get_random_string(24)})


@role_required(SELLERS)
def seller_messages(request):
    """Buyer messages routed to the seller (invoice, customization, pre-order,
    uncovered orders), each with the reason it was not handled by CSBA."""
    seller = request.user.seller_account
    tickets = (
        Ticket.objects.filter(seller=seller, route=Route.SELLER_MESSAGING)
        .select_related("order", "marketplace").order_by("-opened_at", "-pk")
    )
    page = Paginator(tickets, 25).get_page(request.GET.get("page"))
    first_messages: dict[int, Message] = {}
    for message in Message.objects.filter(ticket__in=[t.pk for t in page], direction=Direction.INBOUND).order_by("sent_at", "pk"):
        first_messages.setdefault(message.ticket_id, message)
    rows = [(ticket, first_messages.get(ticket.pk)) for ticket in page]
    return render(request, "inquiries/intake/seller_messages.html", {"page": page, "rows": rows})
