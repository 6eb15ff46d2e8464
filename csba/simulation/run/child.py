"""One replication in a process of its own:
``python -m csba.simulation.run.child SPEC.json`` (started by ``driver``
with ``csba.settings.simulation`` and the replication's database).

It prints progress as JSON lines on stdout, stops at the next step on
SIGINT or SIGTERM (then its figures are marked partial), and writes its
result (figures and performance) to the spec's ``result`` path.
"""

from __future__ import annotations

import cProfile
import json
import os
import resource
import signal
import sys
import time
from pathlib import Path


def _emit(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main(spec_path: str) -> int:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    if os.environ.get("DJANGO_SETTINGS_MODULE") != "csba.settings.simulation":
        raise SystemExit("a replication runs only under csba.settings.simulation (its own database)")
    stop = {"asked": False}

    def ask_stop(signum, frame):
        stop["asked"] = True

    signal.signal(signal.SIGINT, ask_stop)
    signal.signal(signal.SIGTERM, ask_stop)
    import django

    django.setup()
    from csba import clock

    from .figures import replication_figures
    from .replication import Replication

    wall, cpu = time.monotonic(), time.process_time()
    replication = Replication(spec["scenario"], spec["seed"], progress=_emit, should_stop=lambda: stop["asked"])
    profile_path = os.environ.get("CSBA_SIMULATION_PROFILE")  # bench/simulate_bench.py --profile: CPU, not wall
    profiler = cProfile.Profile(time.process_time) if profile_path else None
    try:
        if profiler is not None:
            profiler.enable()
        replication.run()
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(profile_path)
        result = replication_figures(replication)
    finally:
        clock.unfreeze()
    elapsed, used = time.monotonic() - wall, time.process_time() - cpu
    counts = result["counts"]
    result["performance"] = {
        "wall_seconds": round(elapsed, 3),
        "cpu_seconds": round(used, 3),
        "setup_cpu_seconds": round(replication.wall.get("setup_cpu_seconds", 0.0), 3),
        "loop_cpu_seconds": round(replication.wall.get("loop_cpu_seconds", 0.0), 3),
        "events": counts.get("events", 0),
        "events_per_cpu_second": round(counts.get("events", 0) / max(used, 1e-9), 1),
        "contacts_per_cpu_second": round(counts.get("contacts", 0) / max(used, 1e-9), 2),
        "cpu_ms_per_contact": round(1000 * used / max(1, counts.get("contacts", 0)), 3),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "cpu_seconds_by_phase": {phase: round(seconds, 3) for phase, seconds in sorted(replication.cpu.items())},
        "memory_by_day": replication.memory,
    }
    target = Path(spec["result"])
    scratch = target.with_suffix(".tmp")
    scratch.write_text(json.dumps(result, sort_keys=True), encoding="utf-8")
    os.replace(scratch, target)
    _emit({"done": True, "partial": result["partial"]})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
