"""Arrival profiles: contacts per 15, 30 or 60-minute interval, per language
and channel, from a daily volume shaped by the hour of the day, the day of
the week and holiday peaks; and the Poisson arrivals they generate.

A profile is a TOML file (``csba/simulation/profiles/*.toml`` are shipped)::

    interval_minutes = 30
    days = 7
    start_weekday = "monday"
    [volume.en]                 # contacts on an average day
    phone = 1800
    email = 1200
    [day_shape]                 # 24 hourly weights (normalised)
    weights = [...]
    [week_shape]                # 7 weights, Monday first (normalised to mean 1)
    weights = [...]
    [[holiday]]                 # a peak: days from the start, and a factor
    first_day = 4
    days = 2
    factor = 2.5

or a forecast as CSV, one row per interval, language and channel:
``day,time,language,channel,contacts`` (``0,08:30,en,phone,42``). Within an
interval arrivals are Poisson at the interval's rate (exact for piecewise
constant rates), generated one interval at a time.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

from csba.simulation.model import Contact

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
INTERVAL_MINUTES = (15, 30, 60)
# A helpdesk's day: quiet at night, a morning ramp, a lunch dip, an evening shoulder.
DEFAULT_DAY = (
    0.6,
    0.4,
    0.3,
    0.3,
    0.4,
    0.8,
    1.6,
    2.8,
    4.0,
    5.0,
    5.4,
    5.2,
    4.6,
    4.8,
    5.0,
    4.8,
    4.4,
    4.2,
    4.4,
    4.6,
    4.0,
    3.0,
    1.9,
    1.0,
)
DEFAULT_WEEK = (1.15, 1.05, 1.0, 1.0, 0.95, 0.9, 0.95)


class ProfileError(ValueError):
    """A profile that cannot be used; the message names the key or line."""


@dataclass(frozen=True)
class Profile:
    """Expected contacts per interval: ``volumes[(language, channel)][i]`` for
    interval ``i`` of ``interval_seconds``, from time 0 (day 0, 00:00)."""

    interval_seconds: float
    volumes: Mapping[tuple[str, str], np.ndarray]
    channels: Mapping[str, Mapping] = field(default_factory=dict)  # per-channel settings from the file
    extra: Mapping = field(default_factory=dict)  # targets, backlog, retrial … as read

    @property
    def intervals(self) -> int:
        return max((len(v) for v in self.volumes.values()), default=0)

    @property
    def languages(self) -> list[str]:
        return sorted({language for language, _ in self.volumes})

    @property
    def horizon_seconds(self) -> float:
        return self.intervals * self.interval_seconds

    def rate_per_hour(self, key: tuple[str, str], index: int) -> float:
        values = self.volumes[key]
        return float(values[index]) * 3600.0 / self.interval_seconds if index < len(values) else 0.0

    def contacts(self, seed, *, first_id: int = 0) -> Iterator[Contact]:
        """Poisson arrivals of the whole horizon in time order (ids count from
        ``first_id``), generated interval by interval."""
        keys = sorted(self.volumes)
        number = first_id
        for times, which in _arrivals(self, keys, np.random.default_rng(seed)):
            for at, row in zip(times.tolist(), which.tolist()):
                yield Contact(number, at, *keys[row])
                number += 1


def _arrivals(profile: Profile, keys: list, rng: np.random.Generator):
    """Per interval with arrivals: their times (sorted) and the row in
    ``keys`` of each (``rng`` goes on to the draws that go with them)."""
    table = np.zeros((len(keys), profile.intervals))
    for row, key in enumerate(keys):
        table[row, : len(profile.volumes[key])] = profile.volumes[key]
    for index in range(profile.intervals):
        counts = rng.poisson(table[:, index])
        total = int(counts.sum())
        if total:
            times = (index + rng.random(total)) * profile.interval_seconds
            which = np.repeat(np.arange(len(keys)), counts)
            order = np.argsort(times, kind="stable")
            yield times[order], which[order]


def _positive_weights(values, path: str, count: int) -> np.ndarray:
    if not isinstance(values, list) or len(values) != count:
        raise ProfileError(f"{path}: expected a list of {count} numbers")
    weights = np.array(
        [float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else math.nan for v in values]
    )
    if not np.all(np.isfinite(weights)) or (weights < 0).any() or weights.sum() <= 0:
        raise ProfileError(f"{path}: expected {count} numbers, none negative, not all 0")
    return weights


def profile_from_toml(data: Mapping) -> Profile:
    """A profile from a parsed TOML document (see the module docstring)."""
    known = {
        "interval_minutes",
        "days",
        "start_weekday",
        "volume",
        "day_shape",
        "week_shape",
        "holiday",
        "channels",
        "targets",
        "backlog",
        "retrial",
        "shifts",
        "routing",
        "description",
    }
    for key in data:
        if key not in known:
            raise ProfileError(f"{key}: unknown key (expected one of {', '.join(sorted(known))})")
    minutes = data.get("interval_minutes", 30)
    if minutes not in INTERVAL_MINUTES:
        raise ProfileError(f"interval_minutes: expected 15, 30 or 60, got {minutes!r}")
    days = data.get("days", 7)
    if not isinstance(days, int) or not 1 <= days <= 366:
        raise ProfileError(f"days: expected a whole number of days from 1 to 366, got {days!r}")
    weekday = str(data.get("start_weekday", "monday")).lower()
    if weekday not in WEEKDAYS:
        raise ProfileError(f"start_weekday: expected a day name ({', '.join(WEEKDAYS)}), got {weekday!r}")
    day = _positive_weights(data.get("day_shape", {}).get("weights", list(DEFAULT_DAY)), "day_shape.weights", 24)
    week = _positive_weights(data.get("week_shape", {}).get("weights", list(DEFAULT_WEEK)), "week_shape.weights", 7)
    per_hour = 60 // minutes
    day_share = np.repeat(day / day.sum(), per_hour) / per_hour  # share of a day's contacts per interval
    factors = np.array([week[(WEEKDAYS.index(weekday) + d) % 7] for d in range(days)]) / week.mean()
    for number, peak in enumerate(data.get("holiday", [])):
        path = f"holiday[{number}]"
        first, length, factor = peak.get("first_day"), peak.get("days", 1), peak.get("factor")
        if not isinstance(first, int) or not 0 <= first < days:
            raise ProfileError(f"{path}.first_day: expected a day from 0 to {days - 1}, got {first!r}")
        if not isinstance(length, int) or length < 1:
            raise ProfileError(f"{path}.days: expected a whole number of days, at least 1, got {length!r}")
        if not isinstance(factor, (int, float)) or isinstance(factor, bool) or not factor > 0:
            raise ProfileError(f"{path}.factor: expected a number greater than 0, got {factor!r}")
        factors[first : first + length] *= factor
    volume = data.get("volume")
    if not isinstance(volume, Mapping) or not volume:
        raise ProfileError("volume: expected a table of languages, each a table of channel = contacts per day")
    volumes = {}
    for language, by_channel in volume.items():
        if not isinstance(by_channel, Mapping):
            raise ProfileError(f"volume.{language}: expected a table of channel = contacts per day")
        for channel, per_day in by_channel.items():
            if not isinstance(per_day, (int, float)) or isinstance(per_day, bool) or not per_day >= 0:
                raise ProfileError(
                    f"volume.{language}.{channel}: expected contacts per day (0 or more), got {per_day!r}"
                )
            volumes[(language, channel)] = np.concatenate([day_share * per_day * f for f in factors])
    extra = {key: data[key] for key in ("targets", "backlog", "retrial", "shifts", "routing") if key in data}
    return Profile(interval_seconds=minutes * 60.0, volumes=volumes, channels=data.get("channels", {}), extra=extra)


def profile_from_csv(lines, *, interval_minutes: int) -> Profile:
    """A forecast ``day,time,language,channel,contacts`` (a header row first);
    a bad row raises ``ProfileError`` with its line number."""
    if interval_minutes not in INTERVAL_MINUTES:
        raise ProfileError(f"interval minutes: expected 15, 30 or 60, got {interval_minutes!r}")
    width = interval_minutes * 60.0
    reader = csv.reader(lines)
    header = [name.strip().lower() for name in next(reader, [])]
    expected = ["day", "time", "language", "channel", "contacts"]
    if header != expected:
        raise ProfileError(f"line 1: expected the header {','.join(expected)}, got {','.join(header)!r}")
    cells: dict[tuple[str, str], dict[int, float]] = {}
    for number, row in enumerate(reader, start=2):
        if not row or not any(cell.strip() for cell in row):
            continue
        try:
            day, clock, language, channel, contacts = (cell.strip() for cell in row)
            hours, minutes = (int(part) for part in clock.split(":"))
            if not (0 <= hours < 24 and 0 <= minutes < 60) or int(day) < 0:
                raise ValueError
            seconds = int(day) * 86400 + hours * 3600 + minutes * 60
            value = float(contacts)
        except ValueError:
            raise ProfileError(
                f"line {number}: expected day (0 or more), time HH:MM, language, channel, contacts; "
                f"got {','.join(row)!r}"
            ) from None
        if seconds % width or not (value >= 0 and math.isfinite(value)) or not language or not channel:
            raise ProfileError(
                f"line {number}: the time must start a {interval_minutes}-minute interval and "
                f"contacts be 0 or more, got {','.join(row)!r}"
            )
        index = int(seconds // width)
        slot = cells.setdefault((language, channel), {})
        if index in slot:
            raise ProfileError(f"line {number}: a second row for day {day} {clock} {language} {channel}")
        slot[index] = value
    if not cells:
        raise ProfileError("the forecast has no rows")
    intervals = max(max(slot) for slot in cells.values()) + 1
    volumes = {}
    for key, slot in cells.items():
        values = np.zeros(intervals)
        for index, value in slot.items():
            values[index] = value
        volumes[key] = values
    return Profile(interval_seconds=width, volumes=volumes)


def arrival_records(engine, profile: Profile, seed, *, first_id: int = 0) -> Iterator[list[list]]:
    """The engine's own records of a profile's Poisson arrivals (see
    ``csba.simulation.loop``), one list per interval, with handle times and
    patience drawn here per interval in NumPy rather than one by one in the
    event loop."""
    from csba.simulation.loop import WAITING

    rng = np.random.default_rng(seed)
    keys = sorted(profile.volumes)
    parameters = np.array([engine.class_parameters(*key) for key in keys], dtype=float)
    classes, handle, patience, commitment = (parameters[:, column] for column in range(4))
    classes = classes.astype(int)
    number = first_id
    for times, which in _arrivals(profile, keys, rng):
        total = len(times)
        handles = (handle[which] * rng.standard_exponential(total)).tolist()
        limits = np.where(np.isinf(patience[which]), np.inf, patience[which] * rng.standard_exponential(total))
        dues = (times + commitment[which]).tolist()
        ids = range(number, number + total)
        number += total
        yield [
            [id_, k, at, 1, WAITING, None, due, 0, seconds, limit, None, False]
            for id_, k, at, due, seconds, limit in zip(
                ids, classes[which].tolist(), times.tolist(), dues, handles, limits.tolist()
            )
        ]
