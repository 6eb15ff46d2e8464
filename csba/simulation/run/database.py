"""Where a replication's data lives: an SQLite file in the run's directory,
copied from a template migrated once (per version of the migrations) into a
cache directory, never the live database.

The template is migrated by a child process under
``csba.settings.simulation``; this module itself never opens a Django
database connection, so the process that starts a simulation (the command,
a Celery worker, a web request) keeps its own database untouched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import django
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parents[3]
SETTINGS = "csba.settings.simulation"


def _migrations_digest() -> str:
    digest = hashlib.sha256(django.get_version().encode())
    for path in sorted(BASE_DIR.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(BASE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    return Path(os.environ.get("CSBA_SIMULATION_CACHE") or Path(settings.VAR_DIR) / "simulation")


def child_environment(database: Path) -> dict[str, str]:
    """The environment of a child process working on ``database`` only."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        CSBA_SIMULATION_DATABASE=str(database),
        PYTHONHASHSEED="0",  # str hashes, and so set orders, the same in every run
        PYTHONPATH=os.pathsep.join(filter(None, [str(BASE_DIR), env.get("PYTHONPATH", "")])),
    )
    return env


def template_ensure() -> Path:
    """The migrated template database for the current migrations (made once)."""
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    template = folder / f"template-{_migrations_digest()}.sqlite3"
    if template.exists():
        return template
    handle, scratch = tempfile.mkstemp(suffix=".sqlite3", dir=folder)
    os.close(handle)
    try:
        done = subprocess.run(
            [sys.executable, str(BASE_DIR / "manage.py"), "migrate", "--no-input", "-v", "0"],
            env=child_environment(Path(scratch)),
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"the simulation's template database could not be migrated:\n{done.stderr[-2000:]}")
        os.replace(scratch, template)
    finally:
        if os.path.exists(scratch):
            os.unlink(scratch)
    return template


def known_marketplaces(template: Path) -> list[str]:
    with sqlite3.connect(f"file:{template}?mode=ro", uri=True) as connection:
        return sorted(code for (code,) in connection.execute("SELECT code FROM sellers_marketplace"))


def replication_database(template: Path, out_dir: Path, index: int) -> Path:
    """A fresh copy of the template for replication ``index`` (an earlier run's file is replaced)."""
    target = out_dir / f"replication-{index}.sqlite3"
    for leftover in out_dir.glob(f"replication-{index}.sqlite3*"):
        if leftover.is_file():
            leftover.unlink()
        else:
            shutil.rmtree(leftover)
    shutil.copyfile(template, target)
    return target
