"""One domain exception type, mapped to HTTP 400 with field errors by the API
exception handler, and shown as form errors by the browser views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler


class DomainError(Exception):
    """A business rule refused the request. ``field_errors`` maps a field (or
    "non_field_errors") to a list of messages; ``code`` is machine-readable."""

    def __init__(self, message: str, *, code: str = "invalid", field_errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field_errors = field_errors or {}

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"detail": self.message, "code": self.code}
        if self.field_errors:
            body["errors"] = self.field_errors
        return body


class NotFound(DomainError):
    """The row asked for does not exist, or is not the caller's (a seller
    asking for another seller's case): services and selectors raise it; the
    API answers 404 in the one error shape, browser pages show the 404 page
    (``csba.middleware.NotFoundMiddleware``)."""

    def __init__(self, message: str, *, code: str = "not_found", field_errors: dict[str, list[str]] | None = None):
        super().__init__(message, code=code, field_errors=field_errors)


def api_exception_handler(exc, context):
    if isinstance(exc, NotFound):
        return Response(exc.as_dict(), status=404)
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=400)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response({"detail": "Invalid input.", "code": "invalid", "errors": detail}, status=400)
    if isinstance(exc, drf_exceptions.ValidationError):
        # Serializer errors in the same shape as domain errors: one format for clients.
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return Response({"detail": "Invalid input.", "code": "invalid", "errors": detail}, status=400)
    if isinstance(exc, drf_exceptions.ParseError):
        return Response(
            {"detail": str(exc.detail), "code": "malformed_request", "errors": {"non_field_errors": [str(exc.detail)]}},
            status=400,
        )
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    return exception_handler(exc, context)
