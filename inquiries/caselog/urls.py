"""The seller's case log at /seller/cases/."""

from django.urls import path

from . import views

app_name = "caselog"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/reply/", views.case_reply, name="reply"),
    path("<int:pk>/safet/", views.safet_claim, name="safet"),
]
