from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from . import clock


def home(request):
    """The landing page: links to each console the user may open."""
    return render(request, "csba/home.html")


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "now": clock.now().isoformat()})
