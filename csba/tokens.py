"""API tokens: made, listed, revoked and checked.

A token reads ``csba_<prefix>_<secret>``: the prefix (10 hex characters)
finds the row, a SHA-256 digest of the whole token is compared in constant
time. The token itself is returned once, by ``token_create``, and never
stored. A token acts as its user; a seller's token only while that user
still holds the seller account. ``last_used_at`` is written at most once a
minute per token (no write per request).

A token checked once is kept in this process for ``API_TOKEN_CACHE_SECONDS``
(default 10): the requests of a busy integration then cost no query to sign
in (the whole token is still compared with the digest every time). Revoking
a token, saving its user (deactivation), changing the user's groups or the
seller account forgets every kept token in the process that made the change
at once; other web processes follow within those seconds."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet

from .errors import DomainError, NotFound
from .models import ApiToken

PREFIX = "csba_"
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_ACTIVE_TOKENS = 20


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the whole token: shown once, never stored


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def token_create(*, user, name: str, now: datetime, seller=None, created_by=None) -> NewToken:
    """Make a token for ``user`` (limited to ``seller`` if given). DomainError
    for an empty name or too many active tokens."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise DomainError("Name the token (1 to 100 characters).", code="invalid", field_errors={"name": ["Required."]})
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise DomainError(
            f"At most {MAX_ACTIVE_TOKENS} active tokens: revoke one first.",
            code="too_many_tokens",
            field_errors={"name": [f"At most {MAX_ACTIVE_TOKENS} active tokens."]},
        )
    token = ApiToken(user=user, seller=seller, name=name)
    raw = token_fill(token, now=now, created_by=created_by or user)
    token.save()
    return NewToken(token, raw)


def token_fill(token: ApiToken, *, now: datetime, created_by) -> str:
    """Give a new (unsaved) token its secret; returns the whole token, the only time it exists."""
    prefix = secrets.token_hex(5)
    raw = f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token.prefix, token.digest = prefix, _digest(raw)
    token.created_at, token.created_by = now, created_by
    return raw


def token_revoke(*, token_id: int, now: datetime, user=None, seller=None) -> ApiToken:
    """Revoke a token (of ``user`` or ``seller`` when given: another's is
    NotFound). Revoking twice changes nothing."""
    tokens = ApiToken.objects.filter(pk=token_id)
    if user is not None:
        tokens = tokens.filter(user=user)
    if seller is not None:
        tokens = tokens.filter(seller=seller)
    token = tokens.first()
    if token is None:
        raise NotFound("No such token.")
    if token.revoked_at is None:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
    return token


def token_list(*, user=None, seller=None) -> QuerySet[ApiToken]:
    tokens = ApiToken.objects.all()
    if user is not None:
        tokens = tokens.filter(user=user)
    if seller is not None:
        tokens = tokens.filter(seller=seller)
    return tokens.order_by("revoked_at", "-created_at", "-pk")


# Tokens checked lately in this process: prefix -> (checked at, token with its user, seller and roles).
_checked: dict[str, tuple[datetime, ApiToken]] = {}


def forget_checked_tokens(**_signal) -> None:
    """Drop the tokens kept in this process (a token, its user, the user's
    groups or a seller account changed: ``csba.apps`` connects the signals)."""
    _checked.clear()


def _token_row(prefix: str, now: datetime) -> ApiToken | None:
    kept = _checked.get(prefix)
    if kept is not None and kept[0] <= now < kept[0] + timedelta(seconds=settings.API_TOKEN_CACHE_SECONDS):
        return kept[1]
    from .auth import SEPARATOR, GroupNames
    from .roles import remember_roles

    # The token, its user and seller, and the user's roles in one query.
    token = (
        ApiToken.objects.select_related("user", "seller")
        .annotate(role_names=GroupNames("user__groups__name"))
        .filter(prefix=prefix)
        .first()
    )
    if token is None:
        _checked.pop(prefix, None)
        return None
    remember_roles(token.user, token.role_names.split(SEPARATOR) if token.role_names else ())
    if len(_checked) >= 1000:
        _checked.clear()
    _checked[prefix] = (now, token)
    return token


def token_authenticate(raw: str, *, now: datetime) -> ApiToken | None:
    """The active token ``raw`` is, with its user (roles loaded), or None."""
    if not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    prefix, _, secret = raw[len(PREFIX) :].partition("_")
    if not secret:
        return None
    token = _token_row(prefix, now)
    if token is None or not hmac.compare_digest(token.digest, _digest(raw)):
        return None
    if token.revoked_at is not None or not token.user.is_active:
        return None
    if token.seller_id is not None and token.seller.user_id != token.user_id and not _is_integration(token):
        return None  # the seller account changed hands: its old user's tokens stop
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def _is_integration(token: ApiToken) -> bool:
    """An operator's integration token limited to a seller (its user is not the seller's)."""
    from .roles import INTEGRATORS, has_role

    return has_role(token.user, INTEGRATORS)
