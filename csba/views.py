from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from inquiries.caselog.views import countdown_texts
from sellers.selectors import seller_for_user

from . import clock
from .portal import seller_home as seller_home_data
from .roles import SELLERS, landing_url, role_required


def home(request):
    """The landing page: links to each console the user may open."""
    return render(request, "csba/home.html")


@login_required
def landing(request):
    """Where the login form sends a user without a ``next`` page: its own console."""
    return redirect(landing_url(request.user))


@role_required(SELLERS)
def seller_home(request):
    """The seller portal's home: what needs doing (``csba.portal``)."""
    seller = seller_for_user(request.user)
    now = clock.now()
    return render(
        request,
        "csba/seller_home.html",
        {
            "seller": seller,
            "home": seller_home_data(seller=seller, now=now),
            "now": now,
            "seller_i18n": countdown_texts(now),
        },
    )


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "now": clock.now().isoformat()})
