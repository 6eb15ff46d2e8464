"""The buyer's public CSAT rating link, mounted at /csat/ in csba/urls.py."""

from django.urls import path

from . import views

app_name = "csat"

urlpatterns = [path("<str:token>/", views.csat_rate, name="rate")]
