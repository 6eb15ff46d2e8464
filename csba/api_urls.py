"""Every app's API under /api/v1/."""

from django.urls import include, path

urlpatterns = [
    path("", include("sellers.api.urls")),
    path("", include("inquiries.api.urls")),
    path("", include("billing.api.urls")),
]
