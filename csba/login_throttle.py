"""Failed sign-ins slow the next attempt, by account and by address, and
lock out past a threshold until the lockout ends or an operator lifts it.

Each failure is counted against the account (the user name as typed,
lower-cased) and the address (the client's IP). Past ``free`` failures an
attempt must wait ``base × 2^(failures − free)`` seconds (at most ``cap``)
after the last failure; at ``lockout`` failures the account or address is
locked for ``lockout_seconds``. Counts older than ``forget_after`` seconds
start again. A successful sign-in clears the account's record (not the
address's). All numbers in ``settings.LOGIN_THROTTLE``."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from .db import locked
from .models import LoginScope, LoginThrottle

DEFAULTS = {
    LoginScope.ACCOUNT: {
        "free": 3,
        "base": 1,
        "cap": 300,
        "lockout": 10,
        "lockout_seconds": 3600,
        "forget_after": 86400,
    },
    LoginScope.ADDRESS: {
        "free": 10,
        "base": 1,
        "cap": 300,
        "lockout": 50,
        "lockout_seconds": 3600,
        "forget_after": 3600,
    },
}


def policy(scope: str) -> dict:
    return {**DEFAULTS[LoginScope(scope)], **getattr(settings, "LOGIN_THROTTLE", {}).get(scope, {})}


@dataclass(frozen=True)
class Refusal:
    wait_seconds: int
    is_locked: bool


def client_address(request) -> str:
    """The client's IP: REMOTE_ADDR, or behind ``CSBA_PROXY_COUNT`` trusted
    proxies the address the first of them saw (X-Forwarded-For)."""
    proxies = getattr(settings, "CSBA_PROXY_COUNT", 0)
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies][:255]
    return (request.META.get("REMOTE_ADDR") or "unknown")[:255]


def login_keys(request, username: str | None) -> list[tuple[str, str]]:
    keys = [(LoginScope.ADDRESS.value, client_address(request))]
    if username:
        keys.append((LoginScope.ACCOUNT.value, str(username).strip().lower()[:255]))
    return keys


def _wait(row: LoginThrottle, now: datetime) -> Refusal | None:
    rules = policy(row.scope)
    if now - row.last_failure_at > timedelta(seconds=rules["forget_after"]) and not row.locked_until:
        return None
    if row.locked_until and row.locked_until > now:
        return Refusal(_seconds(row.locked_until - now), True)
    if row.failures < rules["free"]:
        return None
    delay = min(rules["base"] * 2 ** (row.failures - rules["free"]), rules["cap"])
    ready = row.last_failure_at + timedelta(seconds=delay)
    return Refusal(_seconds(ready - now), False) if ready > now else None


def _seconds(delta: timedelta) -> int:
    return max(1, math.ceil(delta.total_seconds()))


def login_refusal(keys: list[tuple[str, str]], *, now: datetime) -> Refusal | None:
    """Whether an attempt with these keys must wait (the longest wait wins)."""
    refusals = [
        refusal
        for row in LoginThrottle.objects.filter(scope__in=[s for s, _ in keys], key__in=[k for _, k in keys])
        if (row.scope, row.key) in keys and (refusal := _wait(row, now)) is not None
    ]
    return max(refusals, key=lambda r: (r.is_locked, r.wait_seconds)) if refusals else None


def login_failed(keys: list[tuple[str, str]], *, now: datetime) -> None:
    """Count a failure against each key; lock a key that reaches its threshold.
    Each record is locked while it is counted (concurrent failures all count)."""
    for scope, key in keys:
        rules = policy(scope)
        LoginThrottle.objects.get_or_create(
            scope=scope, key=key, defaults={"first_failure_at": now, "last_failure_at": now}
        )
        with transaction.atomic():
            row = locked(LoginThrottle.objects.filter(scope=scope, key=key))
            stale = now - row.last_failure_at > timedelta(seconds=rules["forget_after"])
            if (row.locked_until is not None and row.locked_until <= now) or (stale and row.locked_until is None):
                row.failures, row.first_failure_at, row.locked_until = 0, now, None
            row.failures += 1
            row.last_failure_at = now
            if row.failures >= rules["lockout"] and row.locked_until is None:
                row.locked_until = now + timedelta(seconds=rules["lockout_seconds"])
            row.save()


def login_succeeded(keys: list[tuple[str, str]]) -> None:
    accounts = [key for scope, key in keys if scope == LoginScope.ACCOUNT]
    if accounts:
        LoginThrottle.objects.filter(scope=LoginScope.ACCOUNT, key__in=accounts).delete()


def login_lift(rows) -> int:
    """An operator lifts lockouts: the rows are cleared (used by the admin)."""
    return rows.update(failures=0, locked_until=None)
