"""The agent pool's speed and memory: contacts per CPU-second of the M/M/c
loop (``simulate_queue``), with and without abandonment, and of the event
engine on the shipped holiday-peak week with the roster its requirement
gives — its phone and chat alone (skills, abandonment, retrials, a roster
with breaks), then everything (email blended in) — beside the Ciw library on the
same M/M/10 when Ciw is installed (requirements-dev.txt); and the peak
memory for one and four times the contacts.

    python bench/queue_bench.py [--contacts 1000000] [--repeat 5] [--ciw-contacts 20000] [--weeks 1]

CPU time (process time) beside wall time; the median of ``--repeat`` runs
after one warm-up. Exit status 1 when a speed is under its floor (unless
--no-check): 1,000,000 contacts per CPU-second for the M/M/c loop, 300,000
for the engine on phone and chat.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tomllib
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MMC_FLOOR, ENGINE_FLOOR = 1_000_000, 300_000
MMC = dict(arrivals_per_hour=100.0, aht_seconds=300.0, agents=10, target_seconds=20.0)  # M/M/10 at 0.83


def timed(function, repeat: int) -> dict:
    """Median CPU and wall seconds of ``repeat`` runs after one warm-up, and
    the last run's result."""
    function()
    cpu, wall = [], []
    for _ in range(repeat):
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        result = function()
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started_wall)
    return {"cpu": statistics.median(cpu), "wall": statistics.median(wall), "result": result}


def peak_bytes(function) -> int:
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def bench_mmc(contacts: int, repeat: int, patience: float | None) -> dict:
    from csba.simulation.mmc import simulate

    run = timed(lambda: simulate(**MMC, contacts=contacts, warmup=0, seed=1, patience_seconds=patience), repeat)
    return {
        "contacts": contacts,
        "cpu_s": round(run["cpu"], 3),
        "wall_s": round(run["wall"], 3),
        "contacts_per_cpu_s": round(contacts / run["cpu"]),
        "peak_kib": {
            f"{n} contacts": round(
                peak_bytes(lambda n=n: simulate(**MMC, contacts=n, warmup=0, seed=1, patience_seconds=patience)) / 1024
            )
            for n in (contacts // 4, contacts)
        },
    }


def holiday_peak(weeks: int, *, live_only: bool = False):
    """The shipped holiday-peak profile (repeated ``weeks`` times; its phone
    and chat alone with ``live_only``) and the roster built from its formula
    requirement."""
    import numpy as np

    from csba.simulation.arrivals import Profile, profile_from_toml
    from csba.simulation.planning import language_channels
    from csba.simulation.roster import roster_build
    from csba.simulation.staffing import channel_models, requirement, targets_from
    from csba.simulation.validation import pool_params

    path = ROOT / "csba" / "simulation" / "profiles" / "holiday-peak.toml"
    data = tomllib.loads(path.read_text())
    if live_only:
        data["volume"] = {
            lang: {ch: v for ch, v in by.items() if ch in ("phone", "chat")} for lang, by in data["volume"].items()
        }
        data.pop("backlog")
    week = profile_from_toml(data)
    profile = Profile(
        week.interval_seconds, {key: np.tile(v, weeks) for key, v in week.volumes.items()}, week.channels, week.extra
    )
    targets = targets_from(profile)
    needs = requirement(week, targets)
    required = {
        language: np.tile([n.required for n in needs if n.language == language], weeks) for language in week.languages
    }
    roster = roster_build(required, interval_seconds=week.interval_seconds, channels=language_channels(week))
    return pool_params(profile, channel_models(profile), roster, targets)


def bench_engine(weeks: int, repeat: int, *, live_only: bool = False) -> dict:
    import numpy as np

    from csba.simulation.validation import replication

    params = holiday_peak(weeks, live_only=live_only)
    # the replication simulates the horizon and the email commitment's tail (2 days) after it
    run = timed(lambda: replication(params, np.random.SeedSequence(5)), repeat)
    horizon = run["result"]["totals"]["offered"]
    engine = _engine_alone(params, repeat)
    return {
        "agents": len(params["roster"]),
        "weeks": weeks,
        "live_contacts_in_horizon": horizon,
        "contacts": engine["contacts"],
        "cpu_s": engine["cpu_s"],
        "wall_s": engine["wall_s"],
        "contacts_per_cpu_s": engine["contacts_per_cpu_s"],
        "replication_cpu_s": round(run["cpu"], 3),
        "peak_kib": engine["peak_kib"],
    }


def _engine_alone(params: dict, repeat: int) -> dict:
    """The engine over the profile with the roster: arrivals generated,
    skills, abandonment, retrials, email blending, shifts and breaks."""
    import numpy as np

    from csba.simulation.arrivals import Profile
    from csba.simulation.engine import Agent, Engine, PoolConfig, Retrial
    from csba.simulation.validation import repeated_shifts

    width = params["interval_seconds"]
    volumes = {(lang, ch): np.asarray(values) for lang, ch, values in params["volumes"]}
    profile = Profile(width, volumes)
    horizon = profile.horizon_seconds
    models = params["models"]
    config = PoolConfig(
        handle_seconds={c: m["aht_seconds"] for c, m in models.items()},
        patience_seconds={c: m["patience_seconds"] for c, m in models.items() if "patience_seconds" in m},
        retrial=Retrial(**params["retrial"]),
        interval_seconds=width,
        **params["routing"],
    )

    def run(scale: int = 1):
        engine = Engine(
            agents=[
                Agent(
                    r["id"],
                    tuple(r["languages"]),
                    tuple(r["channels"]),
                    shifts=repeated_shifts(r["shifts"], horizon, horizon * scale),
                )
                for r in params["roster"]
            ],
            config=config,
            seed=1,
            record_events=False,
        )
        tiled = Profile(width, {key: np.tile(v, scale) for key, v in volumes.items()})
        engine.feed_profile(tiled, seed=2)
        engine.advance(horizon * scale)
        totals = engine.totals()
        return totals.offered - totals.retrials  # contacts (a retrial is the same contact again)

    result = timed(run, repeat)
    return {
        "contacts": result["result"],
        "cpu_s": round(result["cpu"], 3),
        "wall_s": round(result["wall"], 3),
        "contacts_per_cpu_s": round(result["result"] / result["cpu"]),
        "peak_kib": {
            "1 horizon": round(peak_bytes(run) / 1024),
            "4 horizons": round(peak_bytes(lambda: run(4)) / 1024),
        },
    }


def bench_ciw(contacts: int, patience: float | None) -> dict | None:
    try:
        import ciw
    except ImportError:
        return None
    rate, service = MMC["arrivals_per_hour"] / 3600, 1 / MMC["aht_seconds"]
    extra = {"reneging_time_distributions": [ciw.dists.Exponential(1 / patience)]} if patience else {}
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate)],
        service_distributions=[ciw.dists.Exponential(service)],
        number_of_servers=[MMC["agents"]],
        **extra,
    )

    def run():
        ciw.seed(1)
        simulation = ciw.Simulation(network)
        simulation.simulate_until_max_customers(contacts, method="Arrive")
        return len(simulation.get_all_records())

    result = timed(run, 1)
    return {
        "contacts": contacts,
        "cpu_s": round(result["cpu"], 3),
        "contacts_per_cpu_s": round(contacts / result["cpu"]),
        "version": ciw.__version__,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=1_000_000, help="Contacts of the M/M/c runs.")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--weeks", type=int, default=1, help="Holiday-peak weeks for the engine on phone and chat.")
    parser.add_argument("--ciw-contacts", type=int, default=20_000)
    parser.add_argument("--no-check", action="store_true")
    args = parser.parse_args()
    figures = {
        "mmc": bench_mmc(args.contacts, args.repeat, None),
        "mmc_abandonment": bench_mmc(args.contacts, args.repeat, 180.0),
        # phone and chat in three languages: skills, abandonment, retrials, a roster with breaks
        "engine_skills_abandonment_roster": bench_engine(args.weeks, args.repeat, live_only=True),
        # the whole holiday-peak week: email blended in with its reserve and backlog as well
        "engine_with_email_blending": bench_engine(args.weeks, args.repeat),
        "ciw_mmc": bench_ciw(args.ciw_contacts, None),
        "ciw_mmc_abandonment": bench_ciw(args.ciw_contacts, 180.0),
    }
    print(json.dumps(figures, indent=2))
    slow = []
    if figures["mmc"]["contacts_per_cpu_s"] < MMC_FLOOR:
        slow.append(f"M/M/c loop {figures['mmc']['contacts_per_cpu_s']:,}/CPU-s < {MMC_FLOOR:,}")
    if figures["engine_skills_abandonment_roster"]["contacts_per_cpu_s"] < ENGINE_FLOOR:
        slow.append(
            f"engine {figures['engine_skills_abandonment_roster']['contacts_per_cpu_s']:,}/CPU-s < {ENGINE_FLOOR:,}"
        )
    for line in slow:
        print("under the floor:", line, "(a shared machine makes every figure an upper bound on cost)", file=sys.stderr)
    if slow and not args.no_check:
        sys.exit(1)


if __name__ == "__main__":
    main()
