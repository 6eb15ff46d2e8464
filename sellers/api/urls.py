from django.urls import path

from . import views

urlpatterns = [
    path("sellers/", views.SellerRegisterApi.as_view(), name="api-seller-register"),
    path("seller/enrollment/", views.EnrollmentListApi.as_view(), name="api-seller-enrollment-list"),
    path(
        "seller/enrollment/windows/<int:pk>/", views.EnrollmentWindowApi.as_view(), name="api-seller-enrollment-window"
    ),
    path("seller/enrollment/<str:code>/", views.EnrollmentDetailApi.as_view(), name="api-seller-enrollment"),
    path("seller/enrollment/<str:code>/eligibility/", views.EligibilityApi.as_view(), name="api-seller-eligibility"),
    path("seller/enrollment/<str:code>/opt-in/", views.OptInApi.as_view(), name="api-seller-opt-in"),
    path("seller/enrollment/<str:code>/opt-out/", views.OptOutApi.as_view(), name="api-seller-opt-out"),
    path(
        "seller/enrollment/<str:code>/return-policy/", views.ReturnPolicyApi.as_view(), name="api-seller-return-policy"
    ),
]
