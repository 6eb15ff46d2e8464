"""Memory over simulated days (run.json): sampled once per simulated day, so
a planner or a benchmark can see that a replication's memory does not grow
with the days simulated beyond its database (which lives on disk, with a
page cache of fixed size)."""

from __future__ import annotations

import gc
import os
import resource
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
MIB = 1024 * 1024


def resident_bytes() -> int:
    """The process's resident memory now (Linux), else its peak so far."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def database_bytes() -> int:
    """The SQLite file with its journal (0 on a database server: the demo history seeded into PostgreSQL)."""
    if connection.vendor != "sqlite":
        return 0
    name = Path(str(settings.DATABASES["default"]["NAME"]))
    return sum(path.stat().st_size for path in name.parent.glob(name.name + "*") if path.is_file())


def memory_sample(at: datetime) -> dict:
    """Resident and peak memory (MiB), Python objects alive (after a
    collection) and the database's size on disk (MiB, with its journal) at
    ``at``."""
    gc.collect()
    return {
        "day": at.date().isoformat(),
        "rss_mib": round(resident_bytes() / MIB, 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "python_objects": len(gc.get_objects()),
        "database_mib": round(database_bytes() / MIB, 1),
    }
