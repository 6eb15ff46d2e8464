"""The seller's case log at /seller/cases/."""
from django.urls import path

app_name = "caselog"

urlpatterns: list = []
