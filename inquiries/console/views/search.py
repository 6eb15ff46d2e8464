"""Search for agents (``/agent/search/?q=``): ticket number, order number,
buyer email or text (``inquiries.search``). A ticket number that exists
opens the ticket."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from csba.roles import AGENTS, role_required
from sellers.selectors import agent_scope

from ...search import Kind, SearchScope, ticket_search


@role_required(AGENTS)
@require_GET
def search(request):
    result = ticket_search(query=request.GET.get("q", ""), scope=SearchScope(agent=agent_scope(request.user)))
    if result.kind == Kind.TICKET and len(result.tickets) == 1:
        return redirect("agent:ticket", pk=result.tickets[0].pk)
    rows = [{"ticket": t, "url": f"/agent/tickets/{t.pk}/"} for t in result.tickets]
    return render(request, "inquiries/search.html", {"result": result, "rows": rows, "for_agents": True})
