"""Who is on a ticket right now: agents viewing or typing on its page, the
buyer on its conversation page. Each page sends a heartbeat every few
seconds; an entry older than ``PRESENCE_TIMEOUT_SECONDS`` is gone.

Presence is not business data: it lives in the ``presence`` cache (Redis in
``make run`` and production, shared by every web process and the workers;
in-process memory in tests), never in the database. Each ticket has one cache
entry, a map ``who → Presence``; two heartbeats at the same moment may drop
one of them until its next beat, which a presence line can live with. A
cache that is down means nobody is shown, never an error page.

``who`` is ``agent:<user id>`` or ``buyer``. Times come from the caller
(``now``, the application clock)."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)

BUYER = "buyer"


def agent_key(user_id: int) -> str:
    return f"agent:{user_id}"


@dataclass(frozen=True)
class Presence:
    who: str
    name: str
    seen_at: datetime
    typing_at: datetime | None = None

    @property
    def is_agent(self) -> bool:
        return self.who.startswith("agent:")

    def is_typing(self, now: datetime) -> bool:
        return self.typing_at is not None and now - self.typing_at <= typing_window()


def timeout() -> timedelta:
    return timedelta(seconds=getattr(settings, "PRESENCE_TIMEOUT_SECONDS", 30))


def typing_window() -> timedelta:
    """How long "is typing" lasts after the last key (pages report it with each beat)."""
    return timedelta(seconds=getattr(settings, "PRESENCE_TYPING_SECONDS", 8))


def _cache():
    return caches[getattr(settings, "PRESENCE_CACHE", "presence")]


def _key(ticket_id: int) -> str:
    return f"csba:presence:{ticket_id}"


def _read(ticket_id: int) -> dict[str, dict]:
    try:
        return _cache().get(_key(ticket_id)) or {}
    except Exception:  # the presence cache is down: nobody is shown
        logger.warning("presence cache unavailable", exc_info=True)
        return {}


def presence_touch(*, ticket_id: int, who: str, name: str, is_typing: bool, now: datetime) -> None:
    """Record a heartbeat of ``who`` on the ticket (typing or not); drop stale entries."""
    entries = {k: v for k, v in _read(ticket_id).items() if now - v["seen_at"] <= timeout()}
    previous = entries.get(who) or {}
    typing_at = now if is_typing else previous.get("typing_at")
    entries[who] = asdict(Presence(who=who, name=name, seen_at=now, typing_at=typing_at))
    try:
        _cache().set(_key(ticket_id), entries, timeout=int(timeout().total_seconds()) * 4)
    except Exception:
        logger.warning("presence cache unavailable", exc_info=True)


def presence_leave(*, ticket_id: int, who: str) -> None:
    """``who`` left the page (the page says so when it closes)."""
    entries = _read(ticket_id)
    if entries.pop(who, None) is not None:
        try:
            _cache().set(_key(ticket_id), entries, timeout=int(timeout().total_seconds()) * 4)
        except Exception:
            logger.warning("presence cache unavailable", exc_info=True)


def presence_list(*, ticket_id: int, now: datetime, exclude: str = "") -> list[Presence]:
    """Who is on the ticket now (seen within the timeout), by name, but ``exclude``."""
    present = [
        Presence(**entry)
        for who, entry in _read(ticket_id).items()
        if who != exclude and now - entry["seen_at"] <= timeout()
    ]
    return sorted(present, key=lambda p: (p.name, p.who))


def buyer_is_present(*, ticket_id: int, now: datetime) -> bool:
    return any(p.who == BUYER for p in presence_list(ticket_id=ticket_id, now=now))
