"""One domain exception type, and the API's one error shape.

Every refused API request, whatever refused it (a serializer, a business
rule, the parser, authentication, a throttle, the size limit, an unknown
route), is answered with ``{"detail": "…", "code": "…", "errors": {…}}``:
``api_exception_handler`` for DRF views, ``csba.http_errors`` (404, 500, 413, …)
for everything Django answers before or after a view."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler


class DomainError(Exception):
    """A business rule refused the request. ``field_errors`` maps a field (or
    "non_field_errors") to a list of messages; ``code`` is machine-readable.
    The API answers ``status`` (400; subclasses say otherwise)."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", field_errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field_errors = field_errors or {}

    def as_dict(self) -> dict[str, Any]:
        return error_body(self.message, self.code, self.field_errors)


class NotFound(DomainError):
    """The row asked for does not exist, or is not the caller's (a seller
    asking for another seller's case): services and selectors raise it; the
    API answers 404 in the one error shape, browser pages show the 404 page
    (``csba.middleware.NotFoundMiddleware``)."""

    status = 404

    def __init__(self, message: str, *, code: str = "not_found", field_errors: dict[str, list[str]] | None = None):
        super().__init__(message, code=code, field_errors=field_errors)


class Conflict(DomainError):
    """The request contradicts what was already accepted (an idempotency key
    replayed with another body): 409."""

    status = 409


def error_body(detail: str, code: str, errors: dict | None = None) -> dict[str, Any]:
    """The API's one error shape."""
    return {"detail": str(detail), "code": code, "errors": errors or {}}


def _validation_errors(detail) -> dict:
    if isinstance(detail, dict):
        return detail
    if isinstance(detail, list):
        return {"non_field_errors": detail}
    return {"non_field_errors": [detail]}


def api_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(error_body("Invalid input.", "invalid", detail), status=400)
    if isinstance(exc, drf_exceptions.ValidationError):
        # Serializer errors in the same shape as domain errors: one format for clients.
        return Response(error_body("Invalid input.", "invalid", _validation_errors(exc.detail)), status=400)
    if isinstance(exc, drf_exceptions.ParseError):
        message = str(exc.detail)
        errors = getattr(exc, "field_errors", None) or {"non_field_errors": [message]}
        return Response(error_body(message, "malformed_request", errors), status=400)
    if isinstance(exc, RequestDataTooBig):
        return Response(error_body(str(exc) or "The request body is too large.", "too_large"), status=413)
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, drf_exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        detail = exc.detail if isinstance(exc.detail, str) else exc.default_detail
        response.data = error_body(detail, code)
    return response
