"""What every benchmark shares, so each counts the same way:

- ``Meter``: every SQL statement a unit of work causes — the ones Django
  sends through its cursor (SAVEPOINT and RELEASE included), BEGIN (SQLite
  sends it through the cursor; on PostgreSQL the driver starts a transaction
  when Django turns autocommit off: counted there), COMMIT and ROLLBACK (the
  driver's), and the audit events' COPY on PostgreSQL — plus wall time and
  this process's CPU time.
- ``TaskQueue``: tasks are not sent to a broker but kept in a list, then run
  in this process one after the other (``drain``), as one worker would: the
  work a request causes on the worker is counted with it.
- ``mail_to_files``: outgoing mail through Django's file backend (rendered,
  serialised to RFC 5322 and written), counted from the files.
- ``median_after_warmup``: repeated runs, the first ones discarded.
- ``database``: a fresh SQLite file or a throwaway PostgreSQL database.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# --- the database ---------------------------------------------------------------------------------------------------


def _pg_admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(urlunparse(urlparse(url)._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(statement)


def postgres_server(argument: str | None) -> str | None:
    """The PostgreSQL server to use: ``--database-url``, else DATABASE_URL when it is PostgreSQL."""
    url = argument or os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else None


@contextmanager
def database(name: str, *, server: str | None, keep: bool = False):
    """Django set up on a fresh database: ``csba_bench_<name>`` on the
    PostgreSQL ``server`` (dropped afterwards unless ``keep``), else a
    temporary SQLite file. Migrated. Yields the connection's vendor."""
    pg_url = None
    if server:
        pg_url = urlunparse(urlparse(server)._replace(path=f"/csba_bench_{name}"))
        _pg_admin(server, f"DROP DATABASE IF EXISTS csba_bench_{name}")
        _pg_admin(server, f"CREATE DATABASE csba_bench_{name}")
        os.environ["DATABASE_URL"] = pg_url
    else:
        sqlite_file = Path(tempfile.mkdtemp(prefix="csba-bench-")) / f"{name}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_file}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "csba.settings.test"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections

    if connection.vendor == "sqlite":
        # csba.settings.test swaps SQLite for an in-memory database; a bench wants its file
        # (and the web/worker settings: WAL, IMMEDIATE transactions, a busy timeout).
        from csba.settings import base

        settings.DATABASES["default"] = {**base.DATABASES["default"], "NAME": str(sqlite_file)}
        connection.settings_dict.update(settings.DATABASES["default"])
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.CELERY_TASK_ALWAYS_EAGER = True
    call_command("migrate", verbosity=0)
    try:
        yield connection.vendor
    finally:
        connections.close_all()
        if pg_url and not keep:
            _pg_admin(server, f"DROP DATABASE IF EXISTS csba_bench_{name}")


def analyze(vacuum: bool = False) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and vacuum:
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


# --- counting the work -----------------------------------------------------------------------------------------------


class Meter:
    """``with Meter() as m: …`` then ``m.statements``, ``m.wall``, ``m.cpu``,
    ``m.kinds`` (statements by their first word). Meters nest (each counts)."""

    _active: list[Meter] = []
    _installed = False

    def __init__(self, *, by_sql: bool = False):
        self.statements = 0
        self.kinds: Counter = Counter()
        self.sql_seconds = 0.0
        self.by_sql = by_sql
        self.sql_time: dict[str, float] = defaultdict(float)
        self.wall = self.cpu = 0.0

    def __enter__(self) -> Meter:
        _install()
        Meter._active.append(self)
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu
        Meter._active.remove(self)

    def record(self, sql: str, seconds: float = 0.0) -> None:
        kind = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else "?"
        self.statements += 1
        self.kinds[kind] += 1
        self.sql_seconds += seconds
        if self.by_sql:
            self.sql_time[sql[:70]] += seconds


def _record(sql: str, seconds: float = 0.0) -> None:
    for meter in Meter._active:
        meter.record(sql, seconds)


def _install() -> None:
    """Hook the connection once: the cursor wrapper, the driver's
    commit/rollback, the implicit BEGIN of PostgreSQL, and the COPY of events."""
    if Meter._installed:
        return
    Meter._installed = True
    from django.db import connection
    from django.db.backends.base.base import BaseDatabaseWrapper

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if Meter._active:
                _record(sql, time.perf_counter() - started)

    # Every connection object this thread gets (Django may replace it) carries the wrapper.
    original_init = BaseDatabaseWrapper.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.execute_wrappers.append(wrapper)

    BaseDatabaseWrapper.__init__ = init
    connection.execute_wrappers.append(wrapper)
    from django.db import connections

    cls = type(connections["default"])
    original_commit, original_rollback = cls._commit, cls._rollback

    def commit(self):
        started = time.perf_counter()
        try:
            return original_commit(self)
        finally:
            if Meter._active and self.connection is not None:
                _record("COMMIT", time.perf_counter() - started)

    def rollback(self):
        if Meter._active and self.connection is not None:
            _record("ROLLBACK")
        return original_rollback(self)

    cls._commit, cls._rollback = commit, rollback
    if connection.vendor == "postgresql":
        original_set_autocommit = cls._set_autocommit

        def set_autocommit(self, autocommit):
            if not autocommit and Meter._active:
                _record("BEGIN")  # psycopg sends it before the next statement
            return original_set_autocommit(self, autocommit)

        cls._set_autocommit = set_autocommit
        from inquiries import events

        original_record_many = events.record_many

        def record_many(rows):
            started = time.perf_counter()
            try:
                return original_record_many(rows)
            finally:
                if rows and Meter._active:  # one COPY, which bypasses the cursor wrapper
                    _record("COPY inquiries_ticketevent", time.perf_counter() - started)

        events.record_many = record_many


# --- the worker ---------------------------------------------------------------------------------------------------


class TaskQueue:
    """Tasks enqueued through ``csba.dispatch`` (every service's way) are
    kept instead of sent; ``drain()`` runs them here, first in first out,
    including the tasks they enqueue — one worker working off the queue."""

    def __init__(self):
        self.pending: list[tuple[str, tuple, dict]] = []
        self.ran: Counter = Counter()

    def __enter__(self) -> TaskQueue:
        from csba import dispatch

        self._original = dispatch.send
        dispatch.send = lambda name, *args, **kwargs: self.pending.append((name, args, kwargs))
        return self

    def __exit__(self, *exc) -> None:
        from csba import dispatch

        dispatch.send = self._original

    def drain(self) -> int:
        from csba import dispatch

        done = 0
        while self.pending:
            name, args, kwargs = self.pending.pop(0)
            dispatch.registered(name).apply(args=args, kwargs=kwargs, throw=True)
            self.ran[name.rsplit(".", 1)[-1]] += 1
            done += 1
        return done


@contextmanager
def mail_to_files():
    """Outgoing mail written by Django's file backend into a temporary folder;
    yields a function that counts the messages written so far."""
    from django.conf import settings

    folder = Path(tempfile.mkdtemp(prefix="csba-bench-mail-"))
    saved = settings.EMAIL_BACKEND, getattr(settings, "EMAIL_FILE_PATH", None)
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(folder)

    def count() -> int:
        separator = b"\n" + b"-" * 79 + b"\n"
        return sum(path.read_bytes().count(separator) for path in folder.glob("*.log"))

    try:
        yield count
    finally:
        settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH = saved


def median_after_warmup(run, *, warmup: int, repeats: int) -> dict:
    """Run ``run()`` (which returns a ``Meter``) ``warmup`` times unmeasured,
    then ``repeats`` times; medians (and max) of wall ms, CPU ms, statements."""
    for _ in range(warmup):
        run()
    meters = [run() for _ in range(repeats)]
    return {
        "wall_ms": round(statistics.median(m.wall for m in meters) * 1000, 3),
        "wall_ms_max": round(max(m.wall for m in meters) * 1000, 3),
        "cpu_ms": round(statistics.median(m.cpu for m in meters) * 1000, 3),
        "statements": statistics.median(m.statements for m in meters),
        "runs": repeats,
        "warmup": warmup,
    }


def machine() -> dict:
    """Where and when: CPU model and count, memory, load, Python, databases."""
    import platform

    info = {"python": platform.python_version(), "system": platform.platform(), "cpus": os.cpu_count()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
        info["load_average"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    import sqlite3

    info["sqlite"] = sqlite3.sqlite_version
    return info
