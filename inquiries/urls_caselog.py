"""The seller's case log at /seller/cases/."""
from django.urls import path

from . import views_caselog

app_name = "caselog"

urlpatterns = [
    path("", views_caselog.case_list, name="list"),
    path("<int:pk>/", views_caselog.case_detail, name="detail"),
    path("<int:pk>/reply/", views_caselog.case_reply, name="reply"),
    path("<int:pk>/safet/", views_caselog.safet_claim, name="safet"),
]
