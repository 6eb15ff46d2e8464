"""Seller portal pages of the inquiries app outside the case log, mounted at /seller/ in csba/urls.py."""

from django.urls import path

from . import seller_views

app_name = "portal"

urlpatterns = [
    path("search/", seller_views.search, name="search"),
]
