from django.urls import path

from . import views, views_tokens

app_name = "seller"

urlpatterns = [
    # The seller's home (what needs doing) is /seller/ (csba.views.seller_home); this is its enrollment overview.
    path("enrollment/", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("enrollment/<str:code>/", views.enrollment_detail, name="enrollment"),
    path("enrollment/<str:code>/opt-in/", views.opt_in, name="opt_in"),
    path("enrollment/<str:code>/opt-out/", views.opt_out, name="opt_out"),
    path("enrollments/<int:pk>/", views.enrollment_window, name="enrollment_window"),
    path("invitations/", views.invitations, name="invitations"),
    path("return-policy/<str:code>/", views.return_policy, name="return_policy"),
    path("store/", views.store_info, name="store_info"),
    path("api-tokens/", views_tokens.api_tokens, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", views_tokens.api_token_revoke, name="api_token_revoke"),
]
