"""A roster simulated against an arrival profile: the check of every
staffing answer (``manage.py staffing``), as independent replications.

One replication runs the engine over the profile's horizon with the roster's
agents (skills, shifts, breaks), Poisson arrivals per interval, exponential
handle times and patience per channel, retrials and the starting backlog;
then a tail as long as the email commitment in which the profile and the
roster repeat from their start, so every email of the horizon has its whole
commitment to be answered in. Figures are those of the horizon.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from csba.simulation.arrivals import Profile
from csba.simulation.engine import Agent, Contact, Engine, PoolConfig, Retrial, Shift
from csba.simulation.replications import Interval, interval
from csba.simulation.roster import RosterAgent
from csba.simulation.staffing import Targets, is_live

BACKLOG_SPREAD = 86400.0  # a starting backlog arrived over the day before the start


def pool_params(profile: Profile, models: Mapping[str, dict], roster: Iterable[RosterAgent], targets: Targets) -> dict:
    """Everything a replication needs, as JSON (sent to Celery workers)."""
    retrial = profile.extra.get("retrial", {})
    routing = profile.extra.get("routing", {})
    return {
        "interval_seconds": profile.interval_seconds,
        "volumes": [
            [language, channel, [float(v) for v in values]]
            for (language, channel), values in sorted(profile.volumes.items())
        ],
        "models": {channel: dict(model) for channel, model in models.items()},
        "targets": {"within_seconds": targets.within_seconds, "email_within_seconds": targets.email_within_seconds},
        "retrial": {
            "probability": float(retrial.get("probability", 0.0)),
            "mean_delay_seconds": float(retrial.get("mean_delay_minutes", 10.0)) * 60,
        },
        "backlog": {language: dict(by_channel) for language, by_channel in profile.extra.get("backlog", {}).items()},
        "routing": {
            "live_reserve": int(routing.get("live_reserve", 0)),
            "urgent_seconds": float(routing.get("urgent_hours", 4.0)) * 3600,
        },
        "roster": [
            {
                "id": agent.id,
                "languages": list(agent.languages),
                "channels": list(agent.channels),
                "shifts": [[s.start, s.end, [list(b) for b in s.breaks]] for s in agent.shifts],
            }
            for agent in roster
        ],
    }


def repeated_shifts(shifts: list, period: float, until: float) -> Iterable[Shift]:
    """The roster's shifts, then again shifted by the period, up to ``until``."""
    for turn in itertools.count():
        for start, end, breaks in shifts:
            offset = turn * period
            if start + offset >= until:
                return
            yield Shift(start + offset, end + offset, tuple((b + offset, e + offset) for b, e in breaks))
        if not shifts:
            return


def replication(params: dict, seed) -> dict:
    """One replication (``csba.simulation.replications`` kind "pool"): per
    interval and language the live figures, per language the share of email
    answered within its commitment, and the horizon's totals."""
    width = params["interval_seconds"]
    intervals = max(len(values) for _, _, values in params["volumes"])
    horizon = intervals * width
    commitment = params["targets"]["email_within_seconds"]
    tail = int(np.ceil(commitment / width))
    models = params["models"]
    config = PoolConfig(
        handle_seconds={channel: model["aht_seconds"] for channel, model in models.items()},
        patience_seconds={
            channel: model["patience_seconds"] for channel, model in models.items() if "patience_seconds" in model
        },
        commitment_seconds={channel: commitment for channel in models if not is_live(channel)},
        target_seconds=params["targets"]["within_seconds"],
        retrial=Retrial(**params["retrial"]),
        interval_seconds=width,
        **params["routing"],
    )
    arrivals_seed, engine_seed, backlog_seed = seed.spawn(3)
    end = horizon + tail * width
    agents = [
        Agent(
            row["id"],
            tuple(row["languages"]),
            tuple(row["channels"]),
            shifts=repeated_shifts(row["shifts"], horizon, end),
        )
        for row in params["roster"]
    ]
    engine = Engine(agents=agents, config=config, seed=engine_seed, record_events=False)
    rng = np.random.default_rng(backlog_seed)
    number = -1
    for language, by_channel in sorted(params["backlog"].items()):
        for channel, count in sorted(by_channel.items()):
            for at in sorted(rng.uniform(-BACKLOG_SPREAD, 0.0, int(count)).tolist()):
                engine.add_backlog(Contact(number, at, language, channel))
                number -= 1
    volumes = {
        (language, channel): np.resize(np.asarray(values, dtype=float), intervals + tail)
        for language, channel, values in params["volumes"]
    }
    engine.feed_profile(Profile(interval_seconds=width, volumes=volumes), arrivals_seed)
    engine.advance(end)
    live = [channel for channel in models if is_live(channel)]
    written = [channel for channel in models if not is_live(channel)]
    cells = [
        [start / width, language, f.offered, f.service_level, f.asa_seconds, f.p_abandon]
        for (start, language), f in engine.intervals(("language",), until=horizon, channels=live).items()
    ]
    email = {
        language: [f.offered, f.service_level]
        for (language,), f in engine.figures(("language",), until=horizon, channels=written).items()
    }
    totals = engine.totals(until=horizon, channels=live)
    every = engine.totals(until=horizon)
    return {
        "intervals": cells,
        "email": email,
        "totals": {
            "offered": totals.offered,
            "service_level": totals.service_level,
            "asa_seconds": totals.asa_seconds,
            "p_abandon": totals.p_abandon,
            "occupancy": every.occupancy,
            "email_on_time": _email_share(email),
        },
    }


def _email_share(email: Mapping[str, list]) -> float | None:
    offered = sum(count for count, _ in email.values())
    return sum(count * share for count, share in email.values()) / offered if offered else None


@dataclass(frozen=True)
class Simulated:
    """Replications of a roster: per (interval index, language) the live
    service level, ASA and abandonment; per language the email on-time share;
    and the totals, each a mean with its 95% interval."""

    cells: dict[tuple[int, str], dict[str, Interval]]
    email: dict[str, Interval]
    totals: dict[str, Interval]
    replications: int


def simulated_summary(runs: list[dict]) -> Simulated:
    values: dict[tuple[int, str], dict[str, list[float]]] = {}
    for run in runs:
        for index, language, offered, service_level, asa, abandon in run["intervals"]:
            if offered:
                cell = values.setdefault(
                    (int(index), language), {"service_level": [], "asa_seconds": [], "p_abandon": []}
                )
                cell["service_level"].append(service_level)
                cell["asa_seconds"].append(asa)
                cell["p_abandon"].append(abandon)
    cells = {
        key: {name: _bounded(name, interval(series)) for name, series in cell.items()} for key, cell in values.items()
    }
    languages = sorted({language for run in runs for language in run["email"]})
    email = {
        language: _bounded("share", interval([run["email"][language][1] for run in runs if language in run["email"]]))
        for language in languages
    }
    totals = {
        name: _bounded(name, interval([run["totals"][name] for run in runs]))
        for name in runs[0]["totals"]
        if all(run["totals"][name] is not None for run in runs)
    }
    return Simulated(cells=cells, email=email, totals=totals, replications=len(runs))


def _bounded(name: str, spread: Interval) -> Interval:
    """A share's interval kept inside [0, 1] (the t interval of a few
    replications of a rare event can reach below 0)."""
    if name in ("offered", "asa_seconds"):
        return Interval(spread.mean, max(0.0, spread.low), spread.high)
    return Interval(spread.mean, max(0.0, spread.low), min(1.0, spread.high))
