"""Seller portal pages beside the case log, mounted at /seller/ (``urls_portal``):
search over the seller's own tickets (``inquiries.search``) and the seller's
reply templates."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from csba import clock
from csba.errors import DomainError
from csba.forms import add_domain_errors
from csba.roles import SELLERS, role_required
from sellers.selectors import seller_for_user

from ..search import SearchScope, ticket_search
from .forms import ReplyTemplateForm
from .selectors import case_ids_of_tickets, redact_contact_details, reply_template_get, reply_template_list
from .services import reply_template_delete, reply_template_save


@role_required(SELLERS)
@require_GET
def search(request):
    """The seller's tickets by ticket number, order number, buyer email or
    text: those with a case in its case log (to the case page) and the buyer
    messages routed to it (to the buyer messages); contact details masked."""
    seller = seller_for_user(request.user)
    result = ticket_search(query=request.GET.get("q", ""), scope=SearchScope(seller_id=seller.pk))
    cases = case_ids_of_tickets(seller_id=seller.pk, ticket_ids=[t.pk for t in result.tickets])
    rows = [
        {
            "ticket": ticket,
            "subject": redact_contact_details(ticket.subject),
            "url": reverse("caselog:detail", args=[cases[ticket.pk]])
            if ticket.pk in cases
            else reverse("intake:seller-messages"),
        }
        for ticket in result.tickets
    ]
    return render(request, "inquiries/search.html", {"result": result, "rows": rows, "for_agents": False})


@role_required(SELLERS)
@require_http_methods(["GET", "POST"])
def reply_templates(request, pk: int | None = None):
    """The seller's reply templates: the list, and a form to add one (or to change ``pk``)."""
    seller = seller_for_user(request.user)
    editing = reply_template_get(seller_id=seller.pk, template_id=pk) if pk is not None else None
    if request.method == "POST" and request.POST.get("delete") and editing is not None:
        reply_template_delete(seller_id=seller.pk, template_id=editing.pk)
        messages.success(request, _("Template “%(name)s” deleted.") % {"name": editing.name})
        return redirect("portal:templates")
    initial = {"name": editing.name, "body": editing.body} if editing else None
    form = ReplyTemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = reply_template_save(
                seller_id=seller.pk,
                name=form.cleaned_data["name"],
                body=form.cleaned_data["body"],
                now=clock.now(),
                template_id=editing.pk if editing else None,
            )
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Template “%(name)s” saved.") % {"name": saved.name})
            return redirect("portal:templates")
    return render(
        request,
        "inquiries/caselog/templates.html",
        {"templates": list(reply_template_list(seller_id=seller.pk)), "form": form, "editing": editing},
        status=400 if form.errors else 200,
    )
