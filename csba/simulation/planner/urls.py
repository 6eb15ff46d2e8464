from django.urls import path

from . import views

app_name = "planner"

urlpatterns = [
    path("", views.home, name="home"),
    path("runs/", views.launch, name="launch"),
    path("runs/<int:run_id>/", views.run_page, name="run"),
    path("runs/<int:run_id>/progress/", views.progress, name="progress"),
    path("runs/<int:run_id>/cancel/", views.cancel, name="cancel"),
    path("runs/<int:run_id>/report/", views.report, name="report"),
]
