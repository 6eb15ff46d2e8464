from django.urls import path

from . import views_agent

app_name = "agent"

urlpatterns = [
    path("", views_agent.queue, name="queue"),
    path("queue/results/", views_agent.queue_fragment, name="queue_fragment"),
    path("next/", views_agent.next_ticket, name="next"),
    path("tickets/<int:pk>/", views_agent.ticket_detail, name="ticket"),
    path("tickets/<int:pk>/<slug:action>/", views_agent.ticket_action, name="action"),
]
