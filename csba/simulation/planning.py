"""The two staffing questions a planner asks, each answered by the formulas
and checked by simulating the roster (``manage.py staffing``).

- Forward (``plan_forward``): the fewest agents per interval and language
  for the targets — the fractional Erlang A requirement, then a roster of
  whole shifts covering it, then the simulation of that roster. Where the
  simulation misses a target by more than its own uncertainty (the 95%
  interval lies on the wrong side, as happens when email taken in idle
  moments holds agents a live contact needed), the requirement of those
  intervals grows by an agent and the roster is built and simulated again,
  for at most ``rounds`` rounds.
- Reverse (``plan_reverse``): for a given roster, the service level, ASA and
  abandonment per interval, by the formulas and by simulation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from csba.simulation.arrivals import Profile
from csba.simulation.erlang import QueueFigures
from csba.simulation.replications import replications_run
from csba.simulation.roster import RosterAgent, on_duty, roster_build
from csba.simulation.staffing import Need, Targets, channel_models, is_live, requirement, reverse
from csba.simulation.validation import Simulated, pool_params, simulated_summary

TOLERANCE = 0.03


@dataclass(frozen=True)
class Row:
    """One interval and language of the answer."""

    start: float
    language: str
    live_per_hour: float  # live contacts offered (phone, chat), per hour
    email_per_hour: float  # deferred contacts (email, web form, …), per hour
    required: float | None  # the fractional requirement (forward only)
    added: int  # agents the simulation check added (forward only)
    on_duty: float  # agents of the roster on duty (time-weighted)
    formula: QueueFigures  # Erlang A for the live pool, given the agents on duty
    simulated: dict | None  # {"service_level", "asa_seconds", "p_abandon"}: Interval, when simulated


@dataclass
class Plan:
    mode: str  # "forward" or "reverse"
    profile: Profile
    targets: Targets
    roster: list[RosterAgent]
    rows: list[Row]
    simulated: Simulated | None
    rounds: int = 1
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Simulation:
    """How to simulate: replications, seed, Celery or not."""

    replications: int = 5
    seed: int = 0
    celery: bool = False

    def run(self, profile: Profile, roster: list[RosterAgent], targets: Targets) -> Simulated:
        params = pool_params(profile, channel_models(profile), roster, targets)
        runs = replications_run("pool", params, seed=self.seed, replications=self.replications, celery=self.celery)
        return simulated_summary(runs)


def language_channels(profile: Profile) -> dict[str, tuple[str, ...]]:
    return {
        language: tuple(sorted({c for lang, c in profile.volumes if lang == language}))
        for language in profile.languages
    }


def duty_by_language(roster: list[RosterAgent], profile: Profile) -> dict[str, np.ndarray]:
    """Agents on duty per language; an agent of several languages counts
    for each in equal parts (the formulas' view; the simulation routes)."""
    teams = on_duty(roster, interval_seconds=profile.interval_seconds, intervals=profile.intervals)
    by_language = {language: np.zeros(profile.intervals) for language in profile.languages}
    for team, counts in teams.items():
        languages = team.split("+")
        for language in languages:
            if language in by_language:
                by_language[language] += counts / len(languages)
    return by_language


def _rows(
    profile: Profile,
    targets: Targets,
    roster: list[RosterAgent],
    simulated: Simulated | None,
    needs: dict[tuple[int, str], Need] | None,
    added: dict[str, np.ndarray] | None,
) -> list[Row]:
    width = profile.interval_seconds
    rows = []
    for need, figures in reverse(profile, targets, duty_by_language(roster, profile)):
        index = int(need.start // width)
        email = sum(
            profile.rate_per_hour(key, index)
            for key in profile.volumes
            if key[0] == need.language and not is_live(key[1])
        )
        planned = needs[(index, need.language)] if needs else None
        cell = simulated.cells.get((index, need.language)) if simulated else None
        rows.append(
            Row(
                start=need.start,
                language=need.language,
                live_per_hour=need.live.rate_per_hour,
                email_per_hour=email,
                required=planned.required if planned else None,
                added=int(added[need.language][index]) if added else 0,
                on_duty=need.required,
                formula=figures,
                simulated=cell,
            )
        )
    return rows


def _misses(simulated: Simulated, targets: Targets, profile: Profile) -> dict[str, np.ndarray]:
    """Per language, 1 in each interval whose simulated service level or
    abandonment misses its target beyond the 95% interval and by more than
    ``TOLERANCE`` (a target met on average over the day may miss in a
    quiet half-hour of five calls by chance alone); for a language
    whose email misses its commitment, 1 in every interval."""
    bumps = {language: np.zeros(profile.intervals) for language in profile.languages}
    for (index, language), cell in simulated.cells.items():
        service_level, abandon = cell["service_level"], cell["p_abandon"]
        if (service_level.high < targets.service_level and service_level.mean < targets.service_level - TOLERANCE) or (
            abandon.low > targets.max_abandon and abandon.mean > targets.max_abandon + TOLERANCE
        ):
            bumps[language][index] = 1
    for language, share in simulated.email.items():
        if share.high < targets.email_on_time and language in bumps:
            bumps[language][:] = np.maximum(bumps[language], 1)
    return bumps


def plan_forward(
    profile: Profile,
    targets: Targets,
    *,
    shift_hours: float,
    break_minutes: float,
    simulation: Simulation | None,
    rounds: int = 4,
    progress: Callable[[str], None] = lambda message: None,
) -> Plan:
    needs = requirement(profile, targets)
    by_key = {(int(n.start // profile.interval_seconds), n.language): n for n in needs}
    required = {
        language: np.array([by_key[(i, language)].required for i in range(profile.intervals)])
        for language in profile.languages
    }
    added = {language: np.zeros(profile.intervals) for language in profile.languages}
    channels = language_channels(profile)
    simulated, round_number, notes = None, 0, []
    for round_number in range(1, (rounds if simulation else 1) + 1):
        roster = roster_build(
            {language: required[language] + added[language] for language in required},
            interval_seconds=profile.interval_seconds,
            channels=channels,
            shift_hours=shift_hours,
            break_minutes=break_minutes,
        )
        if simulation is None:
            break
        progress(f"round {round_number}: simulating {len(roster)} agents, {simulation.replications} replications")
        simulated = simulation.run(profile, roster, targets)
        bumps = _misses(simulated, targets, profile)
        if not any(bump.any() for bump in bumps.values()):
            break
        if round_number == rounds:
            missed = sum(int(bump.sum()) for bump in bumps.values())
            notes.append(f"after {rounds} rounds {missed} interval(s) still miss a target in simulation")
            break
        for language, bump in bumps.items():
            added[language] += bump
    return Plan(
        "forward",
        profile,
        targets,
        roster,
        _rows(profile, targets, roster, simulated, by_key, added),
        simulated,
        round_number,
        notes,
    )


def plan_reverse(
    profile: Profile, targets: Targets, roster: list[RosterAgent], *, simulation: Simulation | None
) -> Plan:
    notes = []
    missing = sorted(set(profile.languages) - {language for agent in roster for language in agent.languages})
    if missing:
        notes.append(f"no agent of the roster speaks {', '.join(missing)}: those contacts are never answered")
    simulated = simulation.run(profile, roster, targets) if simulation else None
    return Plan(
        "reverse", profile, targets, roster, _rows(profile, targets, roster, simulated, None, None), simulated, 1, notes
    )
