"""What Django itself answers (404, 403, 400, 500, a CSRF failure, an unknown
/api/ path): JSON in the API's error shape under /api/, the site's pages
elsewhere. Imports no app (the body-limit middleware uses it)."""

from django.http import JsonResponse
from django.views import defaults
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.csrf import csrf_exempt

from .errors import error_body


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def api_error(detail: str, code: str, status: int, errors: dict | None = None) -> JsonResponse:
    return JsonResponse(error_body(detail, code, errors), status=status, json_dumps_params={"ensure_ascii": True})


@csrf_exempt  # it changes nothing: a POST to an unknown path is a 404, not a CSRF failure
def api_not_found(request, *args, **kwargs):
    """Every /api/ path no route takes (mounted last in csba.urls, so the
    answer is JSON whatever DEBUG says)."""
    return api_error(f"There is no API endpoint at {request.path}.", "not_found", 404)


def bad_request(request, exception=None):
    if is_api(request):
        return api_error("The request could not be read.", "bad_request", 400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if is_api(request):
        return api_error("You do not have permission to perform this action.", "permission_denied", 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if is_api(request):
        return api_not_found(request)
    return defaults.page_not_found(request, exception)


def csrf_failure(request, reason=""):
    """A write without its CSRF token (a browser session's): the API's 403 in the error shape."""
    if is_api(request):
        return api_error(f"CSRF check failed: {reason}", "csrf_failed", 403)
    return django_csrf_failure(request, reason=reason)


# How long a client should wait before retrying while the database is unavailable.
RETRY_AFTER_SECONDS = 5


def server_error(request):
    """``handler500``. A database that is unavailable for a moment (restart,
    failover, connections exhausted) is not a bug: the answer is 503 with
    ``Retry-After``, in the API's error shape for /api/ and as a short page
    otherwise. Nothing was acknowledged (the request's transaction did not
    commit), so the client's retry — with its Idempotency-Key — is safe. Uses
    neither the database nor the session: they may be what failed."""
    import sys

    from django.db import InterfaceError, OperationalError
    from django.http import HttpResponse

    error = sys.exc_info()[1]
    unavailable = isinstance(error, OperationalError | InterfaceError)
    status = 503 if unavailable else 500
    if unavailable:
        detail, code = "The service is briefly unavailable. Please retry in a few seconds.", "service_unavailable"
    else:
        detail, code = "Something went wrong on our side. It has been logged.", "server_error"
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": detail, "code": code, "errors": {}}, status=status)
    else:
        response = HttpResponse(
            f"<!doctype html><title>{status}</title><h1>{detail}</h1>", status=status, content_type="text/html"
        )
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
