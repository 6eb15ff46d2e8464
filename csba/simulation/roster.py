"""Shift rosters: read and write them (CSV), count who is on duty per
interval, and build one that covers a staffing requirement.

A roster CSV has one row per shift (or per shift repeated over days)::

    agent,languages,channels,days,start,end,breaks
    en-001,en,phone|chat|email,0-6,08:00,16:30,12:00-12:30
    de-en-01,de|en,phone|email,0;2;4,22:00,06:00,02:00-02:30

``days`` counts from the profile's day 0 (a range ``0-6`` or a list
``0;2;4``); a shift whose end is not after its start runs past midnight;
``breaks`` are ``HH:MM-HH:MM`` joined by ``;`` inside the shift.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from csba.simulation.model import Agent, Shift

HEADER = ["agent", "languages", "channels", "days", "start", "end", "breaks"]


class RosterError(ValueError):
    """A roster that cannot be used; the message names the line."""


@dataclass
class RosterAgent:
    id: str
    languages: tuple[str, ...]
    channels: tuple[str, ...]
    shifts: list[Shift] = field(default_factory=list)

    def agent(self) -> Agent:
        return Agent(
            id=self.id,
            languages=self.languages,
            channels=self.channels,
            shifts=sorted(self.shifts, key=lambda shift: shift.start),
        )


def _clock(text: str) -> int:
    hours, minutes = (int(part) for part in text.strip().split(":"))
    if not (0 <= hours <= 24 and 0 <= minutes < 60) or hours * 60 + minutes > 24 * 60:
        raise ValueError(text)
    return hours * 3600 + minutes * 60


def _days(text: str) -> list[int]:
    text = text.strip()
    if "-" in text:
        first, last = (int(part) for part in text.split("-"))
        days = list(range(first, last + 1))
    else:
        days = [int(part) for part in text.split(";") if part.strip()]
    if not days or min(days) < 0:
        raise ValueError(text)
    return days


def _text(seconds: float) -> str:
    seconds = int(round(seconds)) % 86400
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def roster_read(lines: Iterable[str]) -> list[RosterAgent]:
    """Agents and their shifts from roster CSV lines; a bad row raises
    ``RosterError`` with its line number and what was expected."""
    reader = csv.reader(lines)
    header = [name.strip().lower() for name in next(reader, [])]
    if header != HEADER:
        raise RosterError(f"line 1: expected the header {','.join(HEADER)}, got {','.join(header)!r}")
    agents: dict[str, RosterAgent] = {}
    for number, row in enumerate(reader, start=2):
        if not row or not any(cell.strip() for cell in row):
            continue
        try:
            name, languages, channels, days, start, end, breaks = (cell.strip() for cell in row)
            skills = (
                tuple(sorted(filter(None, languages.split("|")))),
                tuple(sorted(filter(None, channels.split("|")))),
            )
            if not name or not skills[0] or not skills[1]:
                raise ValueError(name)
            begin, finish = _clock(start), _clock(end)
            if finish <= begin:
                finish += 86400
            pauses = []
            for pause in filter(None, (part.strip() for part in breaks.split(";"))):
                low, high = (_clock(part) + (86400 if _clock(part) < begin else 0) for part in pause.split("-"))
                pauses.append((low, high))
            shifts = [
                Shift(
                    day * 86400 + begin,
                    day * 86400 + finish,
                    tuple((day * 86400 + low, day * 86400 + high) for low, high in sorted(pauses)),
                )
                for day in _days(days)
            ]
        except ValueError as error:
            raise RosterError(
                f"line {number}: expected agent, languages (a|b), channels (a|b), days (0-6 or 0;2), "
                f"start HH:MM, end HH:MM, breaks (HH:MM-HH:MM;…) inside the shift; got "
                f"{','.join(row)!r}" + (f" ({error})" if "shift" in str(error) else "")
            ) from None
        agent = agents.setdefault(name, RosterAgent(name, *skills))
        if (agent.languages, agent.channels) != skills:
            raise RosterError(f"line {number}: agent {name} has other skills on an earlier line")
        agent.shifts.extend(shifts)
    if not agents:
        raise RosterError("the roster has no shifts")
    for agent in agents.values():
        agent.shifts.sort(key=lambda shift: shift.start)
        for before, after in zip(agent.shifts, agent.shifts[1:]):
            if after.start < before.end:
                raise RosterError(
                    f"agent {agent.id}: two shifts overlap (day {int(before.start // 86400)} and "
                    f"day {int(after.start // 86400)})"
                )
    return list(agents.values())


def roster_write(agents: Iterable[RosterAgent], out) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for agent in agents:
        for shift in agent.shifts:
            writer.writerow(
                [
                    agent.id,
                    "|".join(agent.languages),
                    "|".join(agent.channels),
                    str(int(shift.start // 86400)),
                    _text(shift.start),
                    _text(shift.end),
                    ";".join(f"{_text(low)}-{_text(high)}" for low, high in shift.breaks),
                ]
            )


def on_duty(agents: Iterable[RosterAgent], *, interval_seconds: float, intervals: int) -> dict[str, np.ndarray]:
    """Agents on duty per interval (time-weighted: half an interval on a
    break counts half), per team (the agent's languages joined by +)."""
    counts: dict[str, np.ndarray] = {}
    for agent in agents:
        series = counts.setdefault("+".join(agent.languages), np.zeros(intervals))
        for shift in agent.shifts:
            for begin, end in shift.on_duty():
                first = int(begin // interval_seconds)
                while begin < end and first < intervals:
                    edge = min(end, (first + 1) * interval_seconds)
                    series[first] += (edge - begin) / interval_seconds
                    begin, first = edge, first + 1
    return counts


def roster_build(
    requirement: Mapping[str, np.ndarray],
    *,
    interval_seconds: float,
    channels: Mapping[str, tuple[str, ...]],
    shift_hours: float = 8.0,
    break_minutes: float = 30.0,
) -> list[RosterAgent]:
    """Shifts (``shift_hours`` long, one break of ``break_minutes`` placed
    between 40% and 60% of the shift where the surplus is largest) covering
    the requirement rounded up per interval, per language: scan the horizon
    and start as many shifts as the interval lacks. Single-language teams,
    each agent with every channel of its language (``channels``)."""
    width = interval_seconds
    length = max(1, int(round(shift_hours * 3600 / width)))
    pause = break_minutes * 60 / width  # in intervals (may be a fraction)
    roster = []
    for language, needed in sorted(requirement.items()):
        need = np.ceil(np.asarray(needed, dtype=float) - 1e-9)
        horizon = len(need)
        cover = np.zeros(horizon + length + 1)
        count = 0
        for index in range(horizon):
            while cover[index] < need[index]:
                count += 1
                cover[index : index + length] += 1
                window = range(index + int(length * 0.4), max(index + int(length * 0.4), index + int(length * 0.6)) + 1)
                spot = max(window, key=lambda i: (cover[i] - (need[i] if i < horizon else 0), -i)) if pause else None
                breaks = ()
                if spot is not None:
                    whole, part = int(pause), pause - int(pause)
                    cover[spot : spot + whole] -= 1
                    if part:
                        cover[spot + whole] -= part
                    breaks = ((spot * width, (spot + pause) * width),)
                roster.append(
                    RosterAgent(
                        f"{language}-{count:03d}",
                        (language,),
                        tuple(channels[language]),
                        [Shift(index * width, (index + length) * width, breaks)],
                    )
                )
    return _pack(roster)


def _pack(roster: list[RosterAgent]) -> list[RosterAgent]:
    """Give the shifts of a language to as few agents as can work them with at
    least 11 hours' rest in between (the same person on following days)."""
    rest = 11 * 3600
    packed: list[RosterAgent] = []
    by_team: dict[tuple, list[RosterAgent]] = {}
    for shift_owner in sorted(roster, key=lambda a: a.shifts[0].start):
        team = by_team.setdefault((shift_owner.languages, shift_owner.channels), [])
        shift = shift_owner.shifts[0]
        free = [agent for agent in team if agent.shifts[-1].end + rest <= shift.start]
        if free:
            min(free, key=lambda agent: agent.shifts[-1].end).shifts.append(shift)
            continue
        agent = RosterAgent(
            f"{'+'.join(shift_owner.languages)}-{len(team) + 1:03d}",
            shift_owner.languages,
            shift_owner.channels,
            [shift],
        )
        team.append(agent)
        packed.append(agent)
    return packed
