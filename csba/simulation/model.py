"""The public types of the queueing engine (see ``csba.simulation.engine``).

Times are seconds (floats) from an epoch the caller chooses (a scenario's
start, usually); the engine never reads a clock. A caller that works in
datetimes converts at its edge: ``start + timedelta(seconds=t)``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

DEFERRED_CHANNELS = ("email", "web_form", "api", "seller_transfer")
TWO_DAYS = 2 * 86400.0  # the buyer commitment: a reply usually within two days (DOMAIN.md)


class Contact(NamedTuple):
    """One buyer contact offered to the pool.

    ``id`` is the caller's own (a ticket pk, a string): it comes back on every
    event. ``handle_seconds`` None lets the engine draw it (``PoolConfig``'s
    mean for the channel, or the ``handle_time`` callable); ``patience_seconds``
    None draws it from the channel's mean patience (live channels only: a
    deferred contact never abandons). ``due`` None is ``arrival`` plus the
    channel's commitment (deferred channels only). Higher ``priority`` first."""

    id: Hashable
    arrival: float
    language: str
    channel: str
    priority: int = 0
    handle_seconds: float | None = None
    patience_seconds: float | None = None
    due: float | None = None


class Event(NamedTuple):
    """What happened to a contact, reported in virtual-time order.

    ``kind`` is one of ``ANSWERED`` (an agent took it; ``agent_id`` set,
    ``waited`` the time since this attempt arrived, ``handle_seconds`` the
    time the agent will spend), ``COMPLETED`` (the agent finished it: the
    same ``waited`` and ``handle_seconds``, the agent free again),
    ``ABANDONED`` (the buyer hung up after ``waited`` seconds) and
    ``RETRIED`` (a buyer who abandoned calls again: a new attempt, the same
    contact id, ``attempt`` counted from 1)."""

    at: float
    kind: str
    contact_id: Hashable
    agent_id: Hashable | None
    waited: float
    attempt: int
    language: str
    channel: str
    handle_seconds: float | None = None


ANSWERED, COMPLETED, ABANDONED, RETRIED = "answered", "completed", "abandoned", "retried"


@dataclass(frozen=True)
class Shift:
    """An agent's time on duty, ``start`` to ``end``, minus its ``breaks``
    (pairs of start and end inside the shift). An agent busy when a break or
    the shift's end comes finishes the contact first (the break is shortened,
    not moved)."""

    start: float
    end: float
    breaks: tuple[tuple[float, float], ...] = ()

    def __post_init__(self):
        if not self.end > self.start:
            raise ValueError(f"a shift must end after it starts ({self.start} to {self.end})")
        previous = self.start
        for begin, finish in self.breaks:
            if not (previous <= begin < finish <= self.end):
                raise ValueError(f"breaks must lie inside the shift, in order and not overlap ({begin} to {finish})")
            previous = finish

    def on_duty(self) -> list[tuple[float, float]]:
        """The spans the agent takes contacts: the shift cut by its breaks."""
        spans, begin = [], self.start
        for break_start, break_end in self.breaks:
            if break_start > begin:
                spans.append((begin, break_start))
            begin = break_end
        if self.end > begin:
            spans.append((begin, self.end))
        return spans


@dataclass(frozen=True)
class Agent:
    """An agent: ``id`` is the caller's own; skills are every pair of
    ``languages`` × ``channels``; ``shifts`` in time order (any iterable, read
    lazily, so a 90-day roster costs no memory up front), or None for an
    agent on duty all the time from the engine's start."""

    id: Hashable
    languages: tuple[str, ...]
    channels: tuple[str, ...]
    shifts: Iterable[Shift] | None = None

    @property
    def skills(self) -> frozenset[tuple[str, str]]:
        return frozenset((language, channel) for language in self.languages for channel in self.channels)


@dataclass(frozen=True)
class Retrial:
    """A share ``probability`` of abandoning buyers call again after an
    exponential delay with mean ``mean_delay_seconds``."""

    probability: float = 0.0
    mean_delay_seconds: float = 600.0

    def __post_init__(self):
        if not 0.0 <= self.probability <= 1.0:
            raise ValueError("the retrial probability must lie between 0 and 1")
        if not self.mean_delay_seconds > 0:
            raise ValueError("the mean retrial delay must be greater than 0 seconds")


HandleTime = Callable[[Contact, Hashable], float]


@dataclass(frozen=True)
class PoolConfig:
    """How contacts behave in the pool.

    - ``handle_seconds``: mean handle time per channel (exponential), used
      when a contact brings none and no ``handle_time`` callable is given.
    - ``patience_seconds``: mean patience per live channel (exponential);
      a channel left out never abandons.
    - ``commitment_seconds``: the deferred channels (worked as a backlog
      ordered by due time, only when no live contact the agent can take
      waits) and their reply commitment; every other channel is live.
    - ``target_seconds``: the service-level target of live channels (answered
      within T); a deferred contact is on time when answered by its due time.
    - ``retrial``: who calls again after abandoning.
    - ``interval_seconds``: width of the statistics intervals (15, 30 or 60
      minutes); figures are counted in the interval a contact arrived.
    - ``handle_time``: optional ``f(contact, agent_id) -> seconds`` called when
      an agent answers a contact that brings no handle time.
    - ``live_reserve``: blending — an agent takes a deferred contact only if
      at least this many agents of its skill group stay idle for live
      contacts, unless the deferred contact is due within ``urgent_seconds``
      (0, the default: deferred work fills every idle moment).
    """

    handle_seconds: Mapping[str, float] = field(
        default_factory=lambda: {
            "phone": 360.0,
            "chat": 420.0,
            "email": 300.0,
            "web_form": 300.0,
            "api": 300.0,
            "seller_transfer": 300.0,
        }
    )
    patience_seconds: Mapping[str, float] = field(default_factory=dict)
    commitment_seconds: Mapping[str, float] = field(default_factory=lambda: dict.fromkeys(DEFERRED_CHANNELS, TWO_DAYS))
    target_seconds: float = 60.0
    retrial: Retrial = Retrial()
    interval_seconds: float = 1800.0
    handle_time: HandleTime | None = None
    live_reserve: int = 0
    urgent_seconds: float = 4 * 3600.0

    def __post_init__(self):
        for name in ("handle_seconds", "patience_seconds", "commitment_seconds"):
            for channel, value in getattr(self, name).items():
                if not value > 0:
                    raise ValueError(f"{name.replace('_', ' ')} of {channel} must be greater than 0")
        if self.target_seconds < 0:
            raise ValueError("the service-level target cannot be negative")
        if not self.interval_seconds > 0:
            raise ValueError("the statistics interval must be greater than 0 seconds")
        if self.live_reserve < 0 or not self.urgent_seconds >= 0:
            raise ValueError("the live reserve and the urgent window cannot be negative")

    def is_deferred(self, channel: str) -> bool:
        return channel in self.commitment_seconds
