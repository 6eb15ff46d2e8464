from django.urls import path

from . import views

app_name = "agent"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("queue/results/", views.queue_fragment, name="queue_fragment"),
    path("next/", views.next_ticket, name="next"),
    path("bulk/", views.queue_bulk, name="bulk"),
    path("search/", views.search, name="search"),
    path("tickets/<int:pk>/", views.ticket_detail, name="ticket"),
    path("tickets/<int:pk>/presence/", views.ticket_presence, name="presence"),
    path("tickets/<int:pk>/<slug:action>/", views.ticket_action, name="action"),
]
