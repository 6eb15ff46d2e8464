"""Seller portal pages beside the case log, mounted at /seller/ (``urls_portal``):
search over the seller's own tickets (``inquiries.search``)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from csba.roles import SELLERS, role_required
from sellers.selectors import seller_for_user

from ..search import SearchScope, ticket_search
from .selectors import case_ids_of_tickets, redact_contact_details


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
