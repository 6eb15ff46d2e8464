"""Replications fanned out over a real Celery worker through a real Redis:
the same figures as run here, and a clear error when no broker answers."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from csba.simulation.replications import TASK_NAME, replications_run

ARGS = (
    "--arrivals-per-hour",
    "100",
    "--aht-seconds",
    "300",
    "--agents",
    "10",
    "--target-seconds",
    "20",
    "--contacts",
    "5000",
    "--warmup",
    "500",
    "--seed",
    "4",
    "--patience-seconds",
    "150",
    "--replications",
    "4",
    "--json",
)


def run(*args):
    out = io.StringIO()
    call_command("simulate_queue", *args, stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


@pytest.mark.redis
def test_simulate_queue_replications_on_the_workers_equal_those_run_here(celery_worker):
    # given the worker knows the replication task
    assert TASK_NAME in celery_worker.app.tasks
    # when the same study runs on the worker and here
    remote = run(*ARGS, "--celery")
    local = run(*ARGS)
    # then the figures are the same, intervals included
    assert remote == local
    assert remote["replications"] == 4 and "p_abandon" in remote["ci95"]


@pytest.mark.redis
def test_staffing_replications_on_the_workers_equal_those_run_here(celery_worker):
    from csba.simulation.arrivals import profile_from_toml
    from csba.simulation.roster import roster_build
    from csba.simulation.staffing import Targets, channel_models
    from csba.simulation.validation import pool_params

    profile = profile_from_toml({"interval_minutes": 60, "days": 1, "volume": {"en": {"phone": 300, "email": 100}}})
    roster = roster_build({"en": [3.0] * 24}, interval_seconds=3600, channels={"en": ("email", "phone")})
    params = pool_params(profile, channel_models(profile), roster, Targets())
    remote = replications_run("pool", params, seed=3, replications=3, celery=True, timeout=120)
    local = replications_run("pool", params, seed=3, replications=3)
    assert remote == json.loads(json.dumps(local))
    assert len({json.dumps(run["totals"]) for run in remote}) == 3  # independent streams


def test_without_a_broker_the_command_says_so():
    from csba.celery import app
    from tests.integration.conftest import _forget_connections

    saved = {key: app.conf.get(key) for key in ("broker_url", "result_backend", "task_always_eager")}
    # nothing listens on port 1
    app.conf.update(broker_url="redis://127.0.0.1:1/0", result_backend="redis://127.0.0.1:1/0", task_always_eager=False)
    _forget_connections(app)
    try:
        with pytest.raises(CommandError, match="could not run on the Celery workers"):
            run(*ARGS, "--celery")
    finally:
        app.conf.update(**saved)
        _forget_connections(app)
