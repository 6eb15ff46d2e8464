"""The scenario simulator's speed and memory: a scenario run through the real
services (``manage.py simulate``'s driver, one replication in its own
process and SQLite file), reporting events, contacts and orders per
CPU-second, CPU milliseconds per contact, CPU per phase and the peak memory
of the replication's process.

    python bench/simulate_bench.py                                   # make bench: a tenth of the baseline, 14 days
    python bench/simulate_bench.py --scale 1 --days 91               # the 90-day baseline: 1,000 sellers, ~100,000 contacts
    python bench/simulate_bench.py --scenario holiday-peak --scale 0.5

``--scale`` multiplies every marketplace's sellers and every team's agents
(the world per seller is the scenario's). CPU time is the replication's
process time (the child's), wall time includes start-up; other jobs on the
machine inflate both. ``--json FILE`` writes the figures there too. With
``--budget-seconds`` the exit status is 1 when the CPU time exceeds it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csba.settings.dev")


def memory_growth(days: list[dict]) -> dict:
    """Memory at the start of the second simulated day (after the set-up and a day's warm-up: models and
    caches loaded) and of the last, and the growth between: what memory does with simulated days, beside
    what the database grew on disk (SQLite's page cache, up to 256 MiB, holds its pages)."""
    if len(days) < 3:
        return {"days_sampled": len(days)}
    days = days[1:]
    first, last = days[0], days[-1]
    return {
        "days_sampled": len(days) + 1,
        "rss_mib": [first["rss_mib"], last["rss_mib"]],
        "python_objects": [first["python_objects"], last["python_objects"]],
        "database_mib": [first["database_mib"], last["database_mib"]],
        "rss_growth_mib_per_day": round((last["rss_mib"] - first["rss_mib"]) / (len(days) - 1), 2),
        "objects_growth_per_day": round((last["python_objects"] - first["python_objects"]) / (len(days) - 1)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", default="baseline-90d")
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default=None, help="keep the run's directory here (default: a temporary one)")
    parser.add_argument("--budget-seconds", type=float, default=None)
    parser.add_argument("--json", default=None, help="also write the figures to this file")
    parser.add_argument(
        "--profile", default=None, help="write the replication's cProfile statistics (CPU time) to this file"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from csba.simulation.run.database import known_marketplaces, template_ensure
    from csba.simulation.run.driver import run_scenario
    from csba.simulation.scenario import scenario_load

    if args.profile:
        os.environ["CSBA_SIMULATION_PROFILE"] = str(Path(args.profile).resolve())
    template = template_ensure()
    scenario = scenario_load(args.scenario, marketplaces=known_marketplaces(template), days=args.days)
    for market in scenario["marketplaces"].values():
        market["sellers"] = max(1, round(market["sellers"] * args.scale))
    for team in scenario["agents"]["teams"].values():
        team["agents"] = team["agents"] * args.scale
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="simulate-bench-"))
    began = time.perf_counter()
    summary = run_scenario(scenario, seed=args.seed, out_dir=out)
    wall = time.perf_counter() - began
    run = json.loads((out / "run.json").read_text())["replications"][0]
    figures = {
        "scenario": args.scenario,
        "scale": args.scale,
        "days": args.days,
        "sellers": summary["sellers"],
        "contacts": summary["contacts"],
        "orders": summary["orders"],
        "events": run["events"],
        "cpu_seconds": run["cpu_seconds"],
        "wall_seconds": round(wall, 1),
        "events_per_cpu_second": run["events_per_cpu_second"],
        "contacts_per_cpu_second": run["contacts_per_cpu_second"],
        "orders_per_cpu_second": round(summary["orders"] / max(run["cpu_seconds"], 1e-9), 1),
        "cpu_ms_per_contact": run["cpu_ms_per_contact"],
        "peak_rss_mib": run["peak_rss_mib"],
        "memory": memory_growth(run.get("memory_by_day", [])),
        "cpu_seconds_by_phase": run["cpu_seconds_by_phase"],
        "machine": json.loads((out / "run.json").read_text())["machine"],
        "measured_at": time.strftime("%Y-%m-%d %H:%M"),
        "load_average": os.getloadavg()[0],
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    if args.budget_seconds is not None and run["cpu_seconds"] > args.budget_seconds:
        print(f"over budget: {run['cpu_seconds']:.0f} CPU-s > {args.budget_seconds:.0f}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
