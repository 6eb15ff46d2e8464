"""A planner's run through the real Redis broker and a real Celery worker:
the `small` scenario with 2 replications, each a task on the `simulation`
queue, the merge enqueued by the last one; the run ends with its report."""

from __future__ import annotations

import time

import pytest

from csba import clock
from csba.simulation.planner.models import PlannerRun, RunStatus
from csba.simulation.planner.services import planner_run_launch
from tests.factories import UserFactory


@pytest.mark.redis
def test_small_with_two_replications_runs_on_the_worker(celery_worker, settings, tmp_path):
    settings.CSBA_PLANNER_RUNS_DIR = str(tmp_path)
    user = UserFactory(username="planner1", roles=["planners"])
    run = planner_run_launch(
        user=user, scenario_name="small", changes={"simulation.days": 2}, seed=11, replications=2, now=clock.now()
    )
    seen_running = False
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        run.refresh_from_db()
        seen_running = seen_running or run.status == RunStatus.RUNNING
        if run.status in (RunStatus.DONE, RunStatus.FAILED, RunStatus.CANCELLED):
            break
        time.sleep(0.5)
    assert run.status == RunStatus.DONE, (run.status, run.error)
    assert seen_running
    assert sorted(run.replication_rows.values_list("status", "fraction")) == [("done", 1.0), ("done", 1.0)]
    assert run.summary["replications"] == 2 and run.summary["contacts"] > 0
    assert "<svg" in run.report_html
    assert (tmp_path / f"run-{run.pk}" / "report.html").exists()
    assert PlannerRun.objects.count() == 1


def _wait(run: PlannerRun, done, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if done(run):
            return
        time.sleep(0.3)
    raise AssertionError(f"run {run.pk} still {run.status}")


@pytest.mark.redis
def test_a_run_cancelled_while_running_ends_with_a_partial_report(celery_worker, settings, tmp_path):
    from csba.simulation.planner.services import planner_run_cancel

    settings.CSBA_PLANNER_RUNS_DIR = str(tmp_path)
    user = UserFactory(username="planner1", roles=["planners"])
    # Eight weeks, so that the first replication is still far from its end when the cancel lands, however slowly
    # this test's polling runs on a loaded machine (with the scenario's two weeks it once finished first).
    run = planner_run_launch(
        user=user, scenario_name="small", changes={"simulation.days": 56}, seed=12, replications=2, now=clock.now()
    )
    # the first replication is under way (the solo worker takes one task at a time)
    _wait(run, lambda r: r.replication_rows.filter(status=RunStatus.RUNNING, fraction__gt=0.05).exists())
    planner_run_cancel(run_id=run.pk, now=clock.now())
    _wait(run, lambda r: r.status in (RunStatus.DONE, RunStatus.FAILED, RunStatus.CANCELLED))
    assert run.status == RunStatus.CANCELLED, (run.status, run.error)
    first, second = run.replication_rows.order_by("index")
    assert first.status == RunStatus.DONE and first.result["partial"] and first.fraction < 1.0
    assert second.status == RunStatus.CANCELLED and second.result is None  # never started
    assert run.summary["partial"] is True and run.summary["replications"] == 1
    assert "<svg" in run.report_html or "partial" in run.report_html.lower()
