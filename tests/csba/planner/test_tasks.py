"""The planner's Celery tasks, eager: each replication a task (a real child
process running the simulation), the last one to end enqueues the merge,
which writes summary.json and report.html and keeps them on the run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csba import clock
from csba.simulation.planner.models import PlannerRun, RunStatus
from csba.simulation.planner.services import planner_run_launch
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def runs_dir(settings, tmp_path):
    settings.CSBA_PLANNER_RUNS_DIR = str(tmp_path)
    return tmp_path


def launch(replications: int, days: int = 1) -> PlannerRun:
    user = UserFactory(username="planner1", roles=["planners"])
    return planner_run_launch(
        user=user,
        scenario_name="small",
        changes={"simulation.days": days},
        seed=5,
        replications=replications,
        now=clock.now(),
    )


def test_two_replications_run_as_tasks_and_the_merge_writes_the_report(runs_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = launch(2)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    rows = list(run.replication_rows.order_by("index"))
    assert [row.status for row in rows] == [RunStatus.DONE, RunStatus.DONE]
    assert all(row.result is not None and row.fraction == 1.0 for row in rows)
    assert run.summary["replications"] == 2 and "ci95" in run.summary
    assert run.started_at is not None and run.finished_at >= run.started_at
    out = Path(run.out_dir)
    assert out.parent == runs_dir
    assert json.loads((out / "summary.json").read_text()) == run.summary
    assert run.report_html == (out / "report.html").read_text() and "<svg" in run.report_html


def test_a_failed_replication_fails_the_run_with_its_error(runs_dir, django_capture_on_commit_callbacks, monkeypatch):
    from csba.simulation.run import driver

    def broken(*args, **kwargs):
        raise driver.ReplicationFailed("replication 1 failed (exit 1): boom")

    monkeypatch.setattr(driver, "replication_in_child", broken)
    with django_capture_on_commit_callbacks(execute=True):
        run = launch(1)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "boom" in run.error
    assert run.report_html == "" and run.summary is None


def test_a_redelivered_replication_message_runs_nothing_twice(
    runs_dir, django_capture_on_commit_callbacks, monkeypatch
):
    from csba.simulation.planner.tasks import replication_run_task
    from csba.simulation.run import driver

    calls = []
    monkeypatch.setattr(driver, "replication_in_child", lambda *a, **k: calls.append(1) or {"partial": False})
    with django_capture_on_commit_callbacks():
        run = launch(1)
    replication_run_task(run.pk, 1)
    monkeypatch.setattr("csba.simulation.planner.services.planner_run_merge", lambda **k: None)
    replication_run_task(run.pk, 1)
    assert calls == [1]
