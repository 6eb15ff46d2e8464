"""API (contacts)."""
urlpatterns: list = []
