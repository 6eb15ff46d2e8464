"""Idempotency keys, scoped so that nobody can reach another caller's ticket.

A client's key (the API's ``Idempotency-Key`` header, a batch item's
``idempotency_key``, a web form's one-time ``submission_key``) is stored as
``<path>:<caller>:<key>``: the intake path (api, web_form, chat, phone,
transfer) and the caller (``token:<id>`` for an API token, ``user:<pk>`` for
a signed-in user, ``session:<digest>`` for an anonymous browser). Two callers
(or two paths) never share a key; a caller replaying its own key with another
body gets 409 (``csba.errors.Conflict``, raised by intake)."""

from __future__ import annotations

import hashlib

from .errors import DomainError

MAX_CLIENT_KEY_CHARS = 128


def caller_of(request) -> str:
    """Who sends the request, for scoping: the API token, else the user, else
    the browser session (created if the browser has none yet)."""
    token = getattr(request, "auth", None)
    if getattr(token, "is_api_token", False):
        return f"token:{token.pk}"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"session:{hashlib.sha256(session_key(request).encode()).hexdigest()[:32]}"


def session_key(request) -> str:
    """The browser's session key, saving a new session if it has none (a web
    form calls this when it renders, so a double click shares the session)."""
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key


def scoped_key(request, path: str, key: str | None, *, field: str = "Idempotency-Key") -> str | None:
    """The stored form of a client's key (None without one). A key longer
    than MAX_CLIENT_KEY_CHARS or with control characters is a DomainError."""
    if key is None or key == "":
        return None
    if len(key) > MAX_CLIENT_KEY_CHARS or any(ord(c) < 32 or ord(c) == 127 for c in key):
        raise DomainError(
            f"An idempotency key is 1 to {MAX_CLIENT_KEY_CHARS} printable characters.",
            code="invalid_idempotency_key",
            field_errors={field: [f"1 to {MAX_CLIENT_KEY_CHARS} printable characters."]},
        )
    return f"{path}:{caller_of(request)}:{key}"
