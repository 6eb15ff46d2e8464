from django.urls import path

from . import views_agent

app_name = "agent"

urlpatterns = [
    path("", views_agent.queue, name="queue"),
]
