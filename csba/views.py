from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from . import clock
from .roles import landing_url


def home(request):
    """The landing page: links to each console the user may open."""
    return render(request, "csba/home.html")


@login_required
def landing(request):
    """Where the login form sends a user without a ``next`` page: its own console."""
    return redirect(landing_url(request.user))


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "now": clock.now().isoformat()})
