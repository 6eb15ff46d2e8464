"""`make load`: a bounded Locust run against gunicorn on loopback.

Starts a throwaway PostgreSQL database (scripts/test_postgres.sh; SQLite when
PostgreSQL is not installed), the demo marketplace (seed_demo), a Redis of its
own, one Celery worker and gunicorn (2 workers), then Locust headless with
``--users`` users for ``--seconds`` seconds (tests/load/locustfile.py). Writes
bench/load_stats.csv (Locust's) and bench/load.json (p50/p95/p99 and failures
per endpoint, machine and date), merges the figures into bench/results.json,
stops everything, and exits 1 if any request failed.

    python scripts/load.py [--users 50] [--seconds 120]    # make load
    python scripts/load.py --users 50 --seconds 30 --out var/load-ci --no-record   # CI (make load-ci)
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import machine  # noqa: E402
from bench.results import merge  # noqa: E402
from csba import clock  # noqa: E402
from tests.integration.processes import Process, RedisServer, free_port, port_open, wait_until  # noqa: E402

PY = sys.executable


def _database(workdir: Path) -> str:
    url = subprocess.run([str(ROOT / "scripts/test_postgres.sh")], capture_output=True, text=True, cwd=ROOT).stdout
    url = url.strip()
    if not url:
        return f"sqlite:///{workdir / 'load.sqlite3'}"
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS csba_load")
        conn.execute("CREATE DATABASE csba_load")
    return url.rsplit("/", 1)[0] + "/csba_load"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--out", default=str(ROOT / "bench"))
    parser.add_argument("--no-record", action="store_true", help="leave bench/results.json and the README alone (CI)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="csba-load-"))
    database_url = _database(workdir)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.load.settings",
        "DATABASE_URL": database_url,
        "CSBA_VAR_DIR": str(workdir),
        "DEBUG": "1",
        "LOG_LEVEL": "WARNING",
    }
    redis = RedisServer(workdir)
    redis.start()
    env["REDIS_URL"] = redis.url
    started: list[Process] = []
    try:
        manage = [PY, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run([*manage, "seed_demo", "--size", "small"], cwd=ROOT, env=env, check=True, capture_output=True)
        subprocess.run(
            [
                *manage,
                "shell",
                "-c",
                "from django.contrib.auth.models import Group, User; "
                "u = User.objects.create_user('load_integrator', password='demo-pass-2026'); "
                "u.groups.add(Group.objects.get(name='integrators'))",
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        serve_env = {**env, "DEBUG": "0"}  # the web tier as in production: no debug pages, no query log
        worker = Process(
            "worker",
            [
                PY,
                "-m",
                "celery",
                "-A",
                "csba",
                "worker",
                "-l",
                "WARNING",
                "-c",
                "1",
                "--without-gossip",
                "--without-mingle",
            ],
            serve_env,
            workdir,
        )
        started.append(worker)
        port = free_port()
        web = Process(
            "gunicorn",
            [
                PY,
                "-m",
                "gunicorn",
                "csba.wsgi",
                "-w",
                str(args.web_workers),
                "-b",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
            ],
            serve_env,
            workdir,
        )
        started.append(web)
        wait_until(lambda: port_open(port) or not web.alive(), seconds=60, what="gunicorn")
        prefix = str(Path(args.out) / "load")
        begun = clock.now()
        locust = subprocess.run(
            [
                PY,
                "-m",
                "locust",
                "-f",
                str(ROOT / "tests/load/locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.seconds}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                prefix,
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        report = _report(prefix, args, begun, database_url)
        Path(args.out).mkdir(parents=True, exist_ok=True)
        (Path(args.out) / "load.json").write_text(json.dumps(report, indent=1) + "\n")
        if not args.no_record:
            merge({"load": report})
            subprocess.run([PY, str(ROOT / "scripts/bench_table.py")], cwd=ROOT, check=False)
        for suffix in ("_exceptions.csv", "_stats_history.csv"):
            Path(prefix + suffix).unlink(missing_ok=True)
        total = report["total"]
        print(
            f"load: {total['requests']} requests, {total['failures']} failures, "
            f"{total['requests_per_second']} req/s, p50 {total['p50_ms']} ms, p95 {total['p95_ms']} ms, p99 {total['p99_ms']} ms"
        )
        if total["failures"] or locust.returncode not in (0, 1):
            print("load: FAILED (see bench/load.json)", file=sys.stderr)
            return 1
        return 0 if total["requests"] else 1
    finally:
        for process in reversed(started):
            process.stop()
        redis.stop()


def _report(prefix: str, args, begun: datetime, database_url: str) -> dict:
    endpoints, total = {}, {}
    with open(prefix + "_stats.csv", newline="") as stream:
        for row in csv.DictReader(stream):
            figures = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "p99_ms": float(row["99%"] or 0),
                "max_ms": round(float(row["Max Response Time"] or 0), 1),
                "requests_per_second": round(float(row["Requests/s"] or 0), 2),
            }
            if row["Name"] == "Aggregated":
                total = figures
            else:
                endpoints[f"{row['Type']} {row['Name']}"] = figures
    return {
        "date": begun.isoformat(timespec="seconds"),
        "machine": machine(),
        "database": "postgresql" if database_url.startswith("postgres") else "sqlite",
        "users": args.users,
        "seconds": args.seconds,
        "web_workers": args.web_workers,
        "celery_workers": 1,
        "total": total,
        "endpoints": endpoints,
    }


if __name__ == "__main__":
    sys.exit(main())
