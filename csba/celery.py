"""The Celery application. Tasks live in each app's ``tasks.py``; the beat
schedule is in ``csba.settings.base.CELERY_BEAT_SCHEDULE`` (one place)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csba.settings.dev")

app = Celery("csba", task_cls="csba.taskbase:CsbaTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
TASK_PACKAGES = ["csba.simulation"]  # replications fanned out over the workers (besides every app's tasks)
app.autodiscover_tasks()
app.autodiscover_tasks(TASK_PACKAGES)


@app.task(name="csba.ping", ignore_result=False)
def ping(value: str = "pong") -> str:
    """Round-trip check used by health checks and the broker integration test."""
    return value
