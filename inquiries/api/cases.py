"""API (cases)."""
urlpatterns: list = []
