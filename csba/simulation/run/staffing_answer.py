"""The staffing answer of a run: from the contacts the simulation offered to
the agents (per hour, language and channel) and their handle times, the
staffing engine's requirement (``csba.simulation.staffing.requirement``:
Erlang A for phone and chat at the targets, email as deferred work) beside
the agents the roster had on duty — per day and language, and the hours
where the roster fell short. What a planner asks of a holiday peak."""

from __future__ import annotations

import numpy as np

from csba.simulation.arrivals import Profile
from csba.simulation.roster import on_duty
from csba.simulation.staffing import Targets, requirement

LIVE = ("phone", "chat")
TARGETS = Targets(service_level=0.8, within_seconds=60.0, max_abandon=0.05, min_agents=1)


def on_duty_by_language(agents, *, width: float, intervals: int) -> dict[str, np.ndarray]:
    """Agents on duty per interval (the roster's count, breaks out) by their first language."""
    counts: dict[str, np.ndarray] = {}
    for team, series in on_duty(agents, interval_seconds=width, intervals=intervals).items():
        first = team.split("+")[0]
        counts[first] = counts.get(first, np.zeros(intervals)) + series
    return counts


def staffing_figures(replication) -> dict:
    engine = replication.engine
    width = engine.config.interval_seconds
    intervals = int(np.ceil((replication.reached - replication.start).total_seconds() / width))
    if intervals <= 0:
        return {}
    volumes: dict[tuple[str, str], np.ndarray] = {}
    for (start, language, channel), figures in engine.intervals(by=("language", "channel")).items():
        index = int(start // width)
        if 0 <= index < intervals:
            volumes.setdefault((language, channel), np.zeros(intervals))[index] += figures.offered
    handle = {channel: f.handle_seconds for (channel,), f in engine.figures(by=("channel",)).items() if f.answered}
    patience = replication.scenario["buyers"]["patience_seconds"]
    channels = {
        channel: {
            "aht_seconds": handle.get(channel, 360.0),
            **({"patience_seconds": patience[channel]} if channel in patience else {}),
        }
        for (_, channel) in volumes
    }
    profile = Profile(interval_seconds=width, volumes=volumes, channels=channels, extra={})
    needs = requirement(profile, TARGETS)
    rostered = on_duty_by_language(replication.world.agents, width=width, intervals=intervals)
    per_day = int(round(86400 / width))
    answer = {}
    for language in profile.languages:
        need = np.array([n.required for n in needs if n.language == language])
        have = rostered.get(language, np.zeros(intervals))[: len(need)]
        short = need - have > 0.5
        days = int(np.ceil(len(need) / per_day))
        answer[language] = {
            "required_peak": float(need.max()) if len(need) else 0.0,
            "rostered_peak": float(have.max()) if len(have) else 0.0,
            "agent_hours_required": float(need.sum() * width / 3600),
            "agent_hours_rostered": float(have.sum() * width / 3600),
            "hours_short": float(short.sum() * width / 3600),
            "by_day": [
                {
                    "required_peak": float(need[d * per_day : (d + 1) * per_day].max()),
                    "rostered_peak": float(have[d * per_day : (d + 1) * per_day].max()),
                    "hours_short": float(short[d * per_day : (d + 1) * per_day].sum() * width / 3600),
                }
                for d in range(days)
            ],
        }
    return {
        "targets": {
            "service_level": TARGETS.service_level,
            "within_seconds": TARGETS.within_seconds,
            "max_abandon": TARGETS.max_abandon,
        },
        "languages": answer,
    }
