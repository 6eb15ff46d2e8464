"""Seller portal pages of the inquiries app outside the case log, mounted at /seller/ in csba/urls.py."""

from django.urls import path

from . import seller_views

app_name = "portal"

urlpatterns = [
    path("search/", seller_views.search, name="search"),
    path("templates/", seller_views.reply_templates, name="templates"),
    path("templates/<int:pk>/", seller_views.reply_templates, name="template"),
]
