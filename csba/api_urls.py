"""Every app's API under /api/v1/."""

from django.urls import include, path

from .api.docs import ApiIndex

urlpatterns = [
    path("", ApiIndex.as_view(), name="api-index"),
    path("", include("sellers.api.urls")),
    path("", include("inquiries.api.urls")),
    path("", include("billing.api.urls")),
]
