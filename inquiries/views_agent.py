"""The agent console (browser pages for the agents role)."""
from django.shortcuts import render

from csba.roles import AGENTS, role_required


@role_required(AGENTS)
def queue(request):
    return render(request, "inquiries/agent/queue.html")
