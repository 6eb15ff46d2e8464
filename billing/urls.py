"""Seller billing pages at /seller/billing/ (the CSAT page is in urls_csat, at /csat/)."""

from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("", views.index, name="index"),
    path("statements/<int:pk>/", views.statement_detail, name="statement"),
    path("statements.csv", views.statements_csv, name="statements_csv"),
    path("insights/", views.insights, name="insights"),
    path("estimator/", views.estimator, name="estimator"),
]
