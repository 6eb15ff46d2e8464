"""The one source of "now" for business code.

Every service, task and view asks ``clock.now()`` (an aware UTC datetime) and
passes the value down as ``now=``. The live server reads the wall clock; tests
freeze or move it (see ``tests/conftest.py``'s ``clock`` fixture); the simulator
installs a virtual clock it advances itself.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

_UTC = UTC


class _ClockState(threading.local):
    frozen_at: datetime | None = None


_state = _ClockState()
_global_frozen_at: datetime | None = None


def now() -> datetime:
    """The current time as an aware UTC datetime."""
    frozen = _state.frozen_at or _global_frozen_at
    if frozen is not None:
        return frozen
    return datetime.now(_UTC)


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("the clock only takes aware datetimes")
    return moment.astimezone(_UTC)


def freeze(moment: datetime) -> None:
    """Stop the clock at ``moment`` for every thread (tests, the simulator)."""
    global _global_frozen_at
    _global_frozen_at = _aware(moment)


def advance(delta: timedelta) -> datetime:
    """Move a frozen clock forward by ``delta`` and return the new time."""
    global _global_frozen_at
    if _global_frozen_at is None:
        raise RuntimeError("advance() needs a frozen clock; call freeze() first")
    _global_frozen_at = _global_frozen_at + delta
    return _global_frozen_at


def unfreeze() -> None:
    """Return to the wall clock."""
    global _global_frozen_at
    _global_frozen_at = None
    _state.frozen_at = None


def is_frozen() -> bool:
    return (_state.frozen_at or _global_frozen_at) is not None
