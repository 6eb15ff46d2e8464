"""The seller portal (browser pages for the sellers role)."""
from django.shortcuts import render

from csba.roles import SELLERS, role_required


@role_required(SELLERS)
def home(request):
    return render(request, "sellers/home.html", {"seller": request.user.seller_account})
