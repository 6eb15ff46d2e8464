"""Who may read the API schema (drf-spectacular's SERVE_PERMISSIONS)."""

from django.conf import settings
from rest_framework.permissions import BasePermission


class DocsAccess(BasePermission):
    """Anyone while ``API_DOCS_PUBLIC`` (development), else signed-in callers
    (a session or a token): production keeps the schema behind login."""

    message = "Sign in (or send a token) to read the API schema."

    def has_permission(self, request, view):
        return settings.API_DOCS_PUBLIC or bool(request.user and request.user.is_authenticated)
