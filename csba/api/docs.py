"""The API's front pages: the JSON index at /api/v1/ and Swagger UI at
/api/docs/ (its assets from the drf-spectacular-sidecar package, so it works
offline and under the site's strict Content-Security-Policy). ReDoc is not
offered: it fetches its logo from its CDN and styles itself inline.

``API_DOCS_PUBLIC`` (on in development, off in production) decides whether
the schema and the docs need a signed-in user (or a token, for the schema)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


class _SignedInPages:
    """The docs pages: the login page first unless the docs are public."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.API_DOCS_PUBLIC and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)


class SwaggerDocs(_SignedInPages, SpectacularSwaggerSplitView):
    """Swagger UI; its start-up script is a separate request (no inline script)."""

    template_name = "api/swagger_ui.html"


def _collections(patterns, prefix: str = "") -> dict[str, str]:
    """Every route of the API without a path parameter, by its URL name."""
    found: dict[str, str] = {}
    for entry in patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            found.update(_collections(entry.url_patterns, prefix + route))
        elif isinstance(entry, URLPattern) and "<" not in route and entry.name:
            found[entry.name.removeprefix("api-")] = prefix + route
    return found


class ApiIndex(APIView):
    """What the API offers, for a person or a program that starts at /api/v1/."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        summary="The API's index: its collections, documentation and how to sign in",
        responses={
            200: inline_serializer(
                "ApiIndex",
                {
                    "name": serializers.CharField(),
                    "version": serializers.CharField(),
                    "documentation": serializers.CharField(),
                    "schema": serializers.CharField(),
                    "authentication": serializers.DictField(child=serializers.CharField()),
                    "error_shape": serializers.DictField(child=serializers.CharField()),
                    "endpoints": serializers.DictField(child=serializers.CharField()),
                },
            )
        },
    )
    def get(self, request):
        base = reverse("api-index")
        endpoints = {
            name: base + route
            for name, route in sorted(_collections(get_resolver("csba.api_urls").url_patterns).items())
        }
        endpoints.pop("index", None)
        return Response(
            {
                "name": settings.SPECTACULAR_SETTINGS.get("TITLE", "API"),
                "version": "v1",
                "documentation": reverse("api-docs"),
                "schema": reverse("api-schema"),
                "authentication": {
                    "token": "Authorization: Token csba_… (made in the seller portal, or by an operator)",
                    "session": "a signed-in browser (with the CSRF token for writes)",
                },
                "error_shape": {"detail": "for a person", "code": "for a program", "errors": "messages per field"},
                "endpoints": endpoints,
            }
        )
