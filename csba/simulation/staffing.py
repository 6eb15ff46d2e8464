"""Staffing per interval and language: the fewest agents that meet the
targets (forward), and the figures a given roster reaches (reverse).

Per interval and language, the live channels (phone, chat) are one Erlang A
pool: their arrival rates add up, handle time and patience are the
load-weighted means. The smallest whole team meeting the service level (share
of all live contacts answered within T) and the abandonment cap is found
first; the *fractional* requirement interpolates the binding figure between
that team and one agent fewer (12.4 agents: twelve miss the target by 60% of
what the thirteenth adds). Email is deferred work: it is done in the live
agents' idle time where it can be (``SPARE_USE`` of it, as agents are also
held by the contact in hand) and by added agents where it cannot, at the pace
it arrives (a trailing 24-hour mean, well inside its two-day commitment).

These are stationary formulas applied interval by interval; the roster they
lead to is then simulated (``csba.simulation.validation``), which is the
answer a planner should trust.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from csba.simulation.arrivals import Profile, ProfileError
from csba.simulation.erlang import QueueFigures, erlang_a
from csba.simulation.model import DEFERRED_CHANNELS, TWO_DAYS

SPARE_USE = 0.5
EMAIL_PACE = 4 * 3600.0
DEFAULT_CHANNELS = {
    "phone": {"aht_seconds": 360.0, "patience_seconds": 180.0},
    "chat": {"aht_seconds": 420.0, "patience_seconds": 240.0},
    **{channel: {"aht_seconds": 300.0} for channel in DEFERRED_CHANNELS},
}


@dataclass(frozen=True)
class Targets:
    service_level: float = 0.8  # share of live contacts answered within ...
    within_seconds: float = 60.0
    max_abandon: float = 0.05  # share of live contacts that abandon, at most
    email_within_seconds: float = TWO_DAYS  # deferred contacts answered within their commitment ...
    email_on_time: float = 0.95  # ... this share of them at least
    min_agents: int = 1  # per language, every interval (CSBA answers 24/7)

    def __post_init__(self):
        if not 0 < self.service_level < 1:
            raise ValueError("the service-level target must lie strictly between 0 and 1 (e.g. 0.8)")
        if not self.within_seconds >= 0:
            raise ValueError("the answer-within time cannot be negative")
        if not 0 < self.max_abandon <= 1:
            raise ValueError("the abandonment cap must lie between 0 (excluded) and 1 (e.g. 0.05)")
        if not self.email_within_seconds > 0:
            raise ValueError("the email commitment must be greater than 0")
        if not 0 < self.email_on_time <= 1:
            raise ValueError("the share of email on time must lie between 0 (excluded) and 1")
        if self.min_agents < 0:
            raise ValueError("the minimum number of agents cannot be negative")


def targets_from(profile: Profile, **overrides) -> Targets:
    """The profile's ``[targets]`` with the command line's overrides."""
    given = dict(profile.extra.get("targets", {}))
    known = {"service_level", "within_seconds", "max_abandon", "email_within_hours", "email_on_time", "min_agents"}
    for key in given:
        if key not in known:
            raise ProfileError(f"targets.{key}: unknown key (expected one of {', '.join(sorted(known))})")
    if "email_within_hours" in given:
        given["email_within_seconds"] = float(given.pop("email_within_hours")) * 3600
    given.update({key: value for key, value in overrides.items() if value is not None})
    for key, value in given.items():
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ProfileError(f"targets.{key}: expected a number, got {value!r}")
    return Targets(**given)


def channel_models(profile: Profile) -> dict[str, dict]:
    """Handle time and patience per channel: the profile's ``[channels.X]``
    over the defaults; deferred channels have no patience."""
    models = {channel: dict(values) for channel, values in DEFAULT_CHANNELS.items()}
    for channel, values in profile.channels.items():
        for key, value in values.items():
            if key not in ("aht_seconds", "patience_seconds"):
                raise ProfileError(f"channels.{channel}.{key}: unknown key (aht_seconds or patience_seconds)")
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not value > 0:
                raise ProfileError(f"channels.{channel}.{key}: expected seconds, greater than 0, got {value!r}")
        models.setdefault(channel, {"aht_seconds": 300.0, "patience_seconds": 180.0}).update(values)
    for _, channel in profile.volumes:
        if channel not in models:
            models[channel] = {"aht_seconds": 300.0, "patience_seconds": 180.0}
    for channel in DEFERRED_CHANNELS:
        models[channel].pop("patience_seconds", None)
    return models


def is_live(channel: str) -> bool:
    return channel not in DEFERRED_CHANNELS


@lru_cache(maxsize=65536)
def _erlang_a(rate: float, aht: float, agents: int, within: float, patience: float) -> QueueFigures:
    return erlang_a(
        arrivals_per_hour=rate, aht_seconds=aht, agents=agents, target_seconds=within, patience_seconds=patience
    )


@dataclass(frozen=True)
class LivePool:
    """The live traffic of one interval and language as one Erlang A pool."""

    rate_per_hour: float
    aht_seconds: float
    patience_seconds: float

    @property
    def load(self) -> float:
        return self.rate_per_hour * self.aht_seconds / 3600.0

    def figures(self, agents: int, targets: Targets) -> QueueFigures:
        if agents == 0 or self.rate_per_hour == 0:
            nobody = agents == 0 and self.rate_per_hour > 0
            return QueueFigures(
                asa_seconds=self.patience_seconds if nobody else 0.0,
                service_level=0.0 if nobody else 1.0,
                p_wait=1.0 if nobody else 0.0,
                occupancy=0.0,
                contacts=0,
                p_abandon=1.0 if nobody else 0.0,
            )
        return _erlang_a(self.rate_per_hour, self.aht_seconds, agents, targets.within_seconds, self.patience_seconds)

    def at(self, agents: float, targets: Targets) -> QueueFigures:
        """Figures for a fractional team: linear between the whole teams."""
        low = int(math.floor(agents))
        below, above = self.figures(low, targets), self.figures(low + 1, targets)
        share = agents - low
        mix = {
            key: (1 - share) * getattr(below, key) + share * getattr(above, key)
            for key in ("asa_seconds", "service_level", "p_wait", "occupancy", "p_abandon")
        }
        return QueueFigures(contacts=0, **mix)

    def meets(self, figures: QueueFigures, targets: Targets) -> bool:
        return figures.service_level >= targets.service_level and figures.p_abandon <= targets.max_abandon

    def requirement(self, targets: Targets) -> float:
        """The fractional number of agents meeting both targets."""
        if self.rate_per_hour == 0:
            return 0.0
        high = max(1, math.ceil(self.load))
        while not self.meets(self.figures(high, targets), targets):
            high *= 2
        low = 0  # never meets: everybody abandons
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (low, middle) if self.meets(self.figures(middle, targets), targets) else (middle, high)
        below, above = self.figures(low, targets), self.figures(high, targets)
        shares = [0.0]
        if below.service_level < targets.service_level:
            shares.append((targets.service_level - below.service_level) / (above.service_level - below.service_level))
        if below.p_abandon > targets.max_abandon:
            shares.append((below.p_abandon - targets.max_abandon) / (below.p_abandon - above.p_abandon))
        return low + min(1.0, max(shares))


@dataclass(frozen=True)
class Need:
    """The requirement of one interval and language."""

    start: float
    language: str
    live: LivePool
    live_agents: float  # fractional, for the live targets
    email_erlangs: float  # deferred work arriving, at its 24-hour pace
    email_agents: float  # added for email beyond the live agents' idle time
    required: float  # fractional total (at least the minimum per language)
    rostered: int = 0


def live_pools(profile: Profile, models: Mapping[str, dict], targets: Targets) -> dict[tuple[int, str], LivePool]:
    """The live pool of every interval and language; buyers who call again
    after abandoning (``[retrial]``) add to the rate, at the abandonment cap."""
    retrial = float(profile.extra.get("retrial", {}).get("probability", 0.0))
    again = 1.0 / (1.0 - retrial * targets.max_abandon)
    pools = {}
    for index in range(profile.intervals):
        for language in profile.languages:
            rate = aht = patience = 0.0
            for (lang, channel), _ in profile.volumes.items():
                if lang != language or not is_live(channel):
                    continue
                channel_rate = profile.rate_per_hour((lang, channel), index)
                rate += channel_rate
                aht += channel_rate * models[channel]["aht_seconds"]
                patience += channel_rate * models[channel]["patience_seconds"]
            pools[(index, language)] = LivePool(
                rate * again, aht / rate if rate else 300.0, patience / rate if rate else 180.0
            )
    return pools


def email_erlangs(profile: Profile, models: Mapping[str, dict], language: str) -> np.ndarray:
    """Deferred work per interval (Erlangs), as a trailing 24-hour mean."""
    work = np.zeros(profile.intervals)
    for (lang, channel), volumes in profile.volumes.items():
        if lang == language and not is_live(channel):
            work[: len(volumes)] += np.asarray(volumes) * models[channel]["aht_seconds"] / profile.interval_seconds
    window = max(1, int(round(EMAIL_PACE / profile.interval_seconds)))
    sums = np.cumsum(np.concatenate([[0.0], work]))
    return np.array([(sums[i + 1] - sums[max(0, i + 1 - window)]) / min(window, i + 1) for i in range(len(work))])


def requirement(profile: Profile, targets: Targets) -> list[Need]:
    """The forward answer: fractional agents per interval and language."""
    models = channel_models(profile)
    pools = live_pools(profile, models, targets)
    needs = []
    for language in profile.languages:
        email = email_erlangs(profile, models, language)
        for index in range(profile.intervals):
            pool = pools[(index, language)]
            live = pool.requirement(targets)
            spare = live - pool.at(live, targets).occupancy * live if live else 0.0
            extra = max(0.0, email[index] - SPARE_USE * spare)
            needs.append(
                Need(
                    index * profile.interval_seconds,
                    language,
                    pool,
                    live,
                    float(email[index]),
                    extra,
                    max(float(targets.min_agents), live + extra),
                )
            )
    return needs


def live_agents_of(on_duty: float, pool: LivePool, email: float, targets: Targets) -> float:
    """The reverse of the requirement: of ``on_duty`` agents, how many the
    live pool effectively has once email has taken its share (the largest c
    with c + max(0, email − SPARE_USE · spare(c)) ≤ on duty)."""

    def used(c: float) -> float:
        spare = c - pool.at(c, targets).occupancy * c if c else 0.0
        return c + max(0.0, email - SPARE_USE * spare)

    if used(on_duty) <= on_duty:
        return on_duty
    low, high = 0.0, on_duty
    for _ in range(30):
        middle = (low + high) / 2
        low, high = (middle, high) if used(middle) <= on_duty else (low, middle)
    return low


def reverse(profile: Profile, targets: Targets, on_duty: Mapping[str, np.ndarray]) -> list[tuple[Need, QueueFigures]]:
    """The reverse answer: for the agents on duty per interval and language,
    the formula's figures (service level, ASA, abandonment)."""
    models = channel_models(profile)
    pools = live_pools(profile, models, targets)
    rows = []
    for language in profile.languages:
        email = email_erlangs(profile, models, language)
        staffed = on_duty.get(language, np.zeros(profile.intervals))
        for index in range(profile.intervals):
            pool = pools[(index, language)]
            agents = float(staffed[index]) if index < len(staffed) else 0.0
            live = live_agents_of(agents, pool, float(email[index]), targets)
            need = Need(
                index * profile.interval_seconds,
                language,
                pool,
                live,
                float(email[index]),
                agents - live,
                agents,
                rostered=int(round(agents)),
            )
            rows.append((need, pool.at(live, targets)))
    return rows
