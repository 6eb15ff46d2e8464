"""One benchmark, each database in its own child process: the console and
search benchmarks measure pages on SQLite and then on PostgreSQL, and Django
is set up once per process on one database, so the parent starts
``<script> --one <backend> …`` for SQLite and, when DATABASE_URL points to
PostgreSQL, for PostgreSQL, and reads each child's report (its last output
line, JSON).

- ``add_arguments``: the options both benchmarks take.
- ``run_per_database``: the parent's side; yields ``(backend, report)``.
- ``child_database``: the child's side: Django on a fresh SQLite file or a
  throwaway PostgreSQL database ``csba_<stem>_bench``, the clock frozen, the
  data built once (or reused from ``--keep``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def add_arguments(parser: argparse.ArgumentParser, *, tickets: int) -> None:
    parser.add_argument("--tickets", type=int, default=tickets)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-check", action="store_true", help="report only; never exit 1 over budget")
    parser.add_argument(
        "--keep",
        metavar="FOLDER",
        help="keep the databases (the SQLite file in FOLDER, the PostgreSQL database) and reuse them next time",
    )
    parser.add_argument(
        "--only", choices=["sqlite", "postgresql"], help="run on one database only (PostgreSQL needs DATABASE_URL)"
    )
    parser.add_argument("--json", action="store_true", help="end with one JSON line of every report")
    parser.add_argument("--one", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--sqlite-file", help=argparse.SUPPRESS)


def run_per_database(script: str, args: argparse.Namespace, *, stem: str, loading: str) -> Iterator[tuple[str, dict]]:
    """Run ``script`` once per database in a child process; yield each report.
    A failed child ends the benchmark with its error output."""
    runs = [("sqlite", {k: v for k, v in os.environ.items() if k != "DATABASE_URL"})]
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        runs.append(("postgresql", dict(os.environ)))
    if args.only:
        runs = [run for run in runs if run[0] == args.only]
    for backend, env in runs:
        folder = args.keep or tempfile.mkdtemp(prefix=f"{stem}-bench-")
        Path(folder).mkdir(parents=True, exist_ok=True)
        sqlite_file = f"{folder}/{stem}.sqlite3"
        env["DATABASE_URL"] = env.get("DATABASE_URL") or f"sqlite:///{sqlite_file}"
        command = [sys.executable, script, "--one", backend, "--tickets", str(args.tickets)]
        command += ["--repeat", str(args.repeat), "--sqlite-file", sqlite_file]
        command += ["--keep", folder] if args.keep else []
        print(f"-- {backend}: loading {loading} …", flush=True)
        output = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
        if output.returncode:
            sys.exit(f"{backend} run failed:\n{output.stderr[-3000:]}")
        yield backend, json.loads(output.stdout.strip().splitlines()[-1])
        if not args.keep:
            for leftover in Path(folder).glob(f"{stem}.sqlite3*"):
                leftover.unlink()


class ChildDatabase:
    def __init__(self, args: argparse.Namespace, vendor: str, kept: Path | None, reuse: bool):
        self.args, self.vendor, self.kept, self.reuse = args, vendor, kept, reuse

    def load_once(self, build: Callable[[], dict]) -> dict:
        """The data ``build()`` describes, built now (timed: ``seconds``) or read back from ``--keep``."""
        from django.core.management import call_command
        from django.db import connection

        if self.reuse:
            return json.loads(self.kept.read_text())
        if self.vendor == "sqlite":
            Path(self.args.sqlite_file).unlink(missing_ok=True)
            call_command("migrate", verbosity=0)
            with connection.cursor() as cursor:  # a bulk load: no fsync, a large page cache
                cursor.execute("PRAGMA synchronous=OFF")
                cursor.execute("PRAGMA cache_size=-1000000")
        started = time.perf_counter()
        loaded = build()
        loaded["seconds"] = round(time.perf_counter() - started, 1)
        if self.kept is not None:
            self.kept.write_text(json.dumps({**loaded, "tickets": self.args.tickets}))
        return loaded


@contextmanager
def child_database(args: argparse.Namespace, *, stem: str, now: datetime) -> Iterator[ChildDatabase]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csba.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from csba import clock

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's host
    vendor = connection.vendor
    kept = Path(args.keep, f"{stem}-{vendor}.json") if args.keep else None
    reuse = kept is not None and kept.exists() and json.loads(kept.read_text())["tickets"] == args.tickets
    created = False
    if vendor == "postgresql":
        # Its own throwaway database, never the test suite's test_… database.
        for settings_dict in (settings.DATABASES["default"], connection.settings_dict):
            settings_dict.setdefault("TEST", {})["NAME"] = f"csba_{stem}_bench"
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=reuse, serialize=False)
        created = True
    else:
        settings.DATABASES["default"]["NAME"] = args.sqlite_file
        connection.settings_dict["NAME"] = args.sqlite_file
    clock.freeze(now)
    try:
        yield ChildDatabase(args, vendor, kept, reuse)
    finally:
        if created and kept is None:
            connection.creation.destroy_test_db(settings.DATABASES["default"]["NAME"], verbosity=0)
