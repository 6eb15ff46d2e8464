"""Seller billing pages at /seller/billing/ and the CSAT link at /csat/."""
from django.urls import path

app_name = "billing"

urlpatterns: list = []
