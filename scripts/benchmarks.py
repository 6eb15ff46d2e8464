"""`make bench`: build each benchmark's data at a chosen scale, run every
benchmark in bench/, and write bench/results.json (machine, date, database
and each figure), then the README's table from it (scripts/bench_table.py).

    python scripts/benchmarks.py --scale small     # make bench: a few minutes at most, SQLite (+ PostgreSQL where set)
    python scripts/benchmarks.py --scale full      # the sizes the docs quote (an hour or more)
    python scripts/benchmarks.py --only cases,intake

PostgreSQL: the benchmarks that have a PostgreSQL figure use DATABASE_URL when
it points at a server, else the throwaway one of scripts/test_postgres.sh when
PostgreSQL is installed. The machine is shared: figures taken while other jobs
run are upper bounds (the load average is recorded with them).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import machine  # noqa: E402
from bench.results import merge  # noqa: E402
from csba import clock  # noqa: E402

# name: (script, arguments per scale, runs on PostgreSQL too)
BENCHES = {
    "intake": (
        "intake_bench.py",
        {
            "small": ["--contacts", "300", "--burst", "300", "--warmup", "50"],
            "full": ["--contacts", "2000", "--burst", "2000", "--warmup", "200"],
        },
        True,
    ),
    "intake_http": ("intake_http_bench.py", {"small": ["--seconds", "10"], "full": ["--seconds", "30"]}, True),
    "cases": (
        "cases_bench.py",
        {"small": ["--overdue", "2000", "--idle", "20000"], "full": ["--overdue", "100000", "--idle", "1000000"]},
        True,
    ),
    "console": (
        "console_bench.py",
        {
            "small": ["--tickets", "20000", "--repeat", "5", "--no-check", "--json"],
            "full": ["--tickets", "1000000", "--no-check", "--json"],
        },
        None,
    ),
    "billing": (
        "billing_bench.py",
        {"small": ["--sellers", "100", "--items", "30000"], "full": ["--sellers", "10000", "--items", "10000000"]},
        True,
    ),
    "classify": ("classify_bench.py", {"small": ["--contacts", "2000"], "full": ["--contacts", "10000"]}, False),
    "answering": (
        "answering_bench.py",
        {
            "small": ["--products", "2000", "--questions", "200", "--embed-sample", "50", "--batch-lines", "200"],
            "full": ["--products", "100000"],
        },
        False,
    ),
    # The agent pool: the M/M/c loop and the event engine (skills, abandonment, roster) beside Ciw.
    "queue": (
        "queue_bench.py",
        {"small": ["--contacts", "300000", "--repeat", "3", "--ciw-contacts", "10000"], "full": []},
        False,
    ),
    # The scenario simulator through the real services: a twentieth of the baseline for a week; full: the
    # 90-day baseline itself (1,000 sellers, ~100,000 contacts: hours today, see docs/simulation.md).
    "simulate": (
        "simulate_bench.py",
        {"small": ["--scale", "0.05", "--days", "7"], "full": ["--scale", "1", "--days", "91"]},
        False,
    ),
}
# At full scale the PostgreSQL figure is the one the docs quote; at small scale SQLite only (speed).
PG_AT = {"small": False, "full": True}


def _postgres() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        return url
    found = subprocess.run([str(ROOT / "scripts/test_postgres.sh")], capture_output=True, text=True, cwd=ROOT)
    return found.stdout.strip() or None


def _last_json(text: str) -> dict:
    text = text.strip()
    start = 0 if text.startswith("{") else text.rfind("\n{") + 1
    return json.loads(text[start:])


def run_one(name: str, scale: str, database_url: str | None) -> dict:
    script, arguments, on_postgres = BENCHES[name]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if on_postgres is None and database_url:
        env["DATABASE_URL"] = database_url  # the console bench runs SQLite, then PostgreSQL when set
    command = [sys.executable, str(ROOT / "bench" / script), *arguments[scale]]
    if on_postgres and database_url:
        command += ["--database-url", database_url]
    started = time.perf_counter()
    when = {
        "date": clock.now().isoformat(timespec="seconds"),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = round(time.perf_counter() - started, 1)
    if done.returncode != 0:
        return {"error": (done.stderr or done.stdout)[-2000:], "seconds": seconds}
    figures = _last_json(done.stdout)
    return {**figures, **when, "bench_seconds": seconds, "command": " ".join(["bench/" + script, *arguments[scale]])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["small", "full"], default="small")
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    args = parser.parse_args()
    names = [n for n in BENCHES if not args.only or n in args.only.split(",")]
    database_url = _postgres() if PG_AT[args.scale] else None
    begun = time.perf_counter()
    sections: dict = {
        "meta": {
            "date": clock.now().isoformat(timespec="seconds"),
            "scale": args.scale,
            "machine": machine(),
            "postgresql": bool(database_url),
            "note": "2 vCPU shared with other jobs unless the load average says otherwise: timings are upper bounds",
        }
    }
    failed = []
    for name in names:
        print(f"== {name} ({args.scale})", flush=True)
        result = run_one(name, args.scale, database_url)
        sections[name] = result
        if "error" in result:
            failed.append(name)
            print(f"   FAILED:\n{result['error']}", flush=True)
        else:
            print(f"   done in {result['bench_seconds']} s", flush=True)
    sections["meta"]["seconds"] = round(time.perf_counter() - begun, 1)
    sections["meta"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    merge(sections)
    subprocess.run([sys.executable, str(ROOT / "scripts/bench_table.py")], cwd=ROOT, check=False)
    print(f"bench/results.json written ({sections['meta']['seconds']} s)" + (f"; failed: {failed}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
