"""A web worker loads everything before its first request (csba.warmup):
the first contact a gunicorn worker takes must not wait for the classifier's
weights, the task modules or the broker transport to load — that wait, several
seconds per worker under load, was the intake API's 10-second p95."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter: this test process has long imported everything.
FIRST_REQUEST_AFTER_WSGI = """
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "csba.settings.test"
import csba.wsgi  # what gunicorn imports in each worker before accepting
modules_before = set(sys.modules)
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" else None)
from django.urls import resolve
from csba import dispatch
from inquiries.classification import classify
resolve("/api/v1/contacts/")
classify("Mein Paket ist nicht angekommen, wo ist es?")
tasks = [dispatch.registered(name).name for name in sorted(dispatch.Task.all())]
dispatch.transport_load()
print(json.dumps({"opened": opened, "imported": sorted(set(sys.modules) - modules_before), "tasks": tasks}))
"""

TASK_LOOKUP_WITHOUT_CHECKS = """
import os
os.environ["DJANGO_SETTINGS_MODULE"] = "csba.settings.test"
import django
django.setup()
import django.core.checks
def refuse(*args, **kwargs):
    raise AssertionError("system checks run in a web process")
django.core.checks.run_checks = refuse
from csba import dispatch
print(dispatch.registered(dispatch.Task.TICKET_AFTER_INTAKE).name)
"""


def _python(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


def test_after_the_wsgi_import_the_first_request_loads_nothing():
    result = json.loads(_python(FIRST_REQUEST_AFTER_WSGI))
    from csba.dispatch import Task

    assert result["tasks"] == sorted(Task.all())
    assert result["opened"] == []  # no weights, vocabularies or model files read on the first contact
    assert result["imported"] == []  # no view, task, classifier or transport module imported then


def test_looking_up_a_task_in_a_web_process_runs_no_system_checks():
    # Celery's import_default_modules would run Django's system checks on the first enqueue
    assert _python(TASK_LOOKUP_WITHOUT_CHECKS) == "inquiries.tasks.ticket_after_intake_task"
