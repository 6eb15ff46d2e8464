"""Per-user language and time zone: a seller sees its preferred language and
its own time zone; an agent its own profile's; anybody else (a buyer on the
help pages) the zone its browser reports in the ``csba_tz`` cookie
(``static/js/buyer.js`` sets it)."""

from __future__ import annotations

import zoneinfo
from urllib.parse import unquote

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import middleware as message_middleware
from django.contrib.sessions import middleware as session_middleware
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from .errors import NotFound
from .roles import AGENTS, OPERATORS, SELLERS, user_roles


def _user_preferences(user) -> tuple[str | None, str | None]:
    if not getattr(user, "is_authenticated", False):
        return None, None
    roles = user_roles(user)  # read once per request anyway (the pages check them)
    is_staff_only = bool(roles & {AGENTS, OPERATORS}) and SELLERS not in roles
    seller = None if is_staff_only else getattr(user, "seller_account", None)
    if seller is not None:
        return seller.preferred_language, seller.time_zone
    profile = getattr(user, "staff_profile", None)
    if profile is not None:
        return profile.language, profile.time_zone
    return None, None


TZ_COOKIE = "csba_tz"


def _cookie_zone(request) -> str | None:
    name = unquote(request.COOKIES.get(TZ_COOKIE, ""))
    return name if 0 < len(name) <= 64 else None


class UserTimezoneMiddleware:
    """Runs after authentication: activates the user's language (unless a
    language cookie or ?lang= says otherwise) and time zone for the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # API clients get the default language and UTC (times are ISO 8601 with offsets); no profile queries.
        api = request.path.startswith("/api/")
        language, tz_name = (None, None) if api else _user_preferences(getattr(request, "user", None))
        if not api and not tz_name:
            tz_name = _cookie_zone(request)
        if language and "django_language" not in request.COOKIES and not request.GET.get("lang"):
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        if request.GET.get("lang"):
            translation.activate(request.GET["lang"])
            request.LANGUAGE_CODE = translation.get_language()
        if tz_name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(tz_name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


def is_token_api_call(request) -> bool:
    """An API call signed with a token (``Authorization: Token …`` or
    ``Bearer …`` under /api/): DRF's token authentication answers it (a user
    or 401), the session is never looked at (``csba.api.authentication``)."""
    words = request.META.get("HTTP_AUTHORIZATION", "").split(None, 1)
    return bool(words) and words[0].lower() in ("token", "bearer") and request.path.startswith("/api/")


class BrowserOnly:
    """Browser middleware that an API call signed with a token skips: it has
    no session, its user comes from the token (DRF) and it shows no messages.
    The security middleware stays on every request: SecurityMiddleware, CSP,
    X-Frame-Options, and CSRF (Django's own class, which lets DRF's exempt
    views through at once; ``check --deploy`` looks for it by name)."""

    def __call__(self, request):
        if is_token_api_call(request):
            return self.get_response(request)
        return super().__call__(request)


class SessionMiddleware(BrowserOnly, session_middleware.SessionMiddleware):
    pass


class AuthenticationMiddleware(BrowserOnly, auth_middleware.AuthenticationMiddleware):
    def __call__(self, request):
        if is_token_api_call(request):
            request.user = AnonymousUser()  # until DRF signs the token's user in
        return super().__call__(request)


class MessageMiddleware(BrowserOnly, message_middleware.MessageMiddleware):
    pass


class NotFoundMiddleware:
    """Browser pages: a ``NotFound`` domain error from a service or selector
    (an unknown row, or another seller's) becomes the 404 page. The API maps
    it in ``csba.errors.api_exception_handler``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            raise Http404(exception.message) from exception
        return None


class BodyLimitMiddleware:
    """Refuses a request body over its limit before anything reads it, with
    413: JSON in the API's error shape under /api/, a page elsewhere.

    The limit depends on what the body is: raw mail (``message/rfc822``)
    ``CSBA_MAX_MAIL_BYTES``, file uploads (``multipart/form-data``)
    ``CSBA_MAX_UPLOAD_BYTES``, anything else (JSON, forms)
    ``CSBA_MAX_REQUEST_BYTES``. The declared Content-Length decides; a body
    sent without one is not read by Django at all (it is taken as empty)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = body_limit(request.META.get("CONTENT_TYPE", ""))
        if length > limit:
            return too_large(request, length=length, limit=limit)
        return self.get_response(request)

    def process_exception(self, request, exception):
        # Django's own limits (DATA_UPLOAD_MAX_MEMORY_SIZE, the number of fields) say 400; a body too large is 413.
        if isinstance(exception, RequestDataTooBig):
            return too_large(request, length=None, limit=body_limit(request.META.get("CONTENT_TYPE", "")))
        return None


def body_limit(content_type: str) -> int:
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "message/rfc822":
        return settings.CSBA_MAX_MAIL_BYTES
    if kind == "multipart/form-data":
        return settings.CSBA_MAX_UPLOAD_BYTES
    return settings.CSBA_MAX_REQUEST_BYTES


def too_large(request, *, length: int | None, limit: int) -> HttpResponse:
    from .http_errors import api_error, is_api

    megabytes = f"{limit / (1024 * 1024):.1f} MiB"
    if is_api(request):
        sent = f" ({length:,} bytes)" if length else ""
        return api_error(
            f"The request body{sent} is larger than the {limit:,} bytes ({megabytes}) this endpoint takes.",
            "too_large",
            413,
            {"body": [f"At most {limit:,} bytes."]},
        )
    response = render(request, "413.html", {"limit": megabytes}, status=413)
    response["Connection"] = "close"
    return response
