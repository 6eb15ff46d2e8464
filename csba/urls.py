from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from inquiries.attachments import attachment_download

from . import http_errors, views
from .api.docs import SwaggerDocs
from .auth import AdminLoginForm, LoginView

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("accounts/landing/", views.landing, name="landing"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("agent/", include("inquiries.console.urls")),
    path("", include("inquiries.intake.urls")),
    path("seller/cases/", include("inquiries.caselog.urls")),
    path("seller/billing/", include("billing.urls")),
    path("csat/", include("inquiries.intake.urls_csat")),
    path("seller/", views.seller_home, name="seller-home"),
    path("seller/", include("inquiries.caselog.urls_portal")),
    path("seller/", include("sellers.urls")),
    # Attachments only through the view that checks the viewer's right to the ticket (nothing under /media/).
    path("attachments/<int:pk>/", attachment_download, name="attachment"),
    path("planner/", include("csba.simulation.planner.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SwaggerDocs.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("csba.api_urls")),
    # Last: every other /api/ path is a 404 in the API's error shape (JSON whatever DEBUG says).
    re_path(r"^api/", http_errors.api_not_found, name="api-not-found"),
]

handler400 = "csba.http_errors.bad_request"
handler403 = "csba.http_errors.permission_denied"
handler404 = "csba.http_errors.page_not_found"
handler500 = "csba.http_errors.server_error"

admin.site.login_form = AdminLoginForm
admin.site.site_header = "CSBA simulator — operations"
admin.site.site_title = "CSBA operations"
