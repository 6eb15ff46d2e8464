"""API (tickets)."""
urlpatterns: list = []
