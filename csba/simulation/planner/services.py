"""Planner runs: launch (checked knobs, one task per replication), a
replication's progress and end, cancel, and the merge step.

The fan-out is a counter, not a chord: each replication task records its end
on its own row; the one that finds no replication left unfinished moves the
run to ``merging`` (a conditional update only one can win) and enqueues the
merge. No result backend is needed, and a replication may run on any worker.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from csba.dispatch import Task, enqueue_each_on_commit, enqueue_on_commit
from csba.errors import DomainError, NotFound
from csba.simulation.replications import replication_seeds, seed_state

from .knobs import knobs_apply
from .models import FINISHED, PlannerReplication, PlannerRun, RunStatus
from .selectors import marketplace_codes

MAX_REPLICATIONS = 20
MAX_SEED = 2**63 - 1
PROGRESS_EVERY_SECONDS = 1.0


def runs_dir() -> Path:
    return Path(getattr(settings, "CSBA_PLANNER_RUNS_DIR", "") or Path(settings.VAR_DIR) / "planner")


def planner_run_launch(
    *, user, scenario_name: str, changes: Mapping[str, Any], seed: int, replications: int, now: datetime
) -> PlannerRun:
    """Check the scenario with the planner's changes and queue its replications
    (on the ``simulation`` queue, after the commit). ``ScenarioError`` (every
    problem on its key path) or ``DomainError`` before anything is written."""
    if not 1 <= replications <= MAX_REPLICATIONS:
        message = f"expected 1 to {MAX_REPLICATIONS}"
        raise DomainError(f"replications: {message}", field_errors={"replications": [message]})
    if not 0 <= seed <= MAX_SEED:
        raise DomainError("seed: expected a whole number ≥ 0", field_errors={"seed": ["expected a whole number ≥ 0"]})
    scenario = knobs_apply(scenario_name, changes, marketplaces=marketplace_codes())
    with transaction.atomic():
        run = PlannerRun.objects.create(
            created_by=user,
            created_at=now,
            scenario_name=scenario_name,
            knobs=dict(changes),
            scenario=json.loads(json.dumps(scenario, default=str)),
            seed=seed,
            replications=replications,
        )
        run.out_dir = str(runs_dir() / f"run-{run.pk}")
        run.save(update_fields=["out_dir"])
        PlannerReplication.objects.bulk_create(
            PlannerReplication(run=run, index=index, seed_state=seed_state(sequence))
            for index, sequence in enumerate(replication_seeds(seed, replications), 1)
        )
        enqueue_each_on_commit(Task.PLANNER_REPLICATION_RUN, [(run.pk, index) for index in range(1, replications + 1)])
    return run


def planner_run_cancel(*, run_id: int, now: datetime) -> PlannerRun:
    """Stop a run: replications not started yet never start, running ones stop
    at their next step (their figures so far are kept, marked partial). When
    nothing is running any more, the merge step ends the run at once."""
    with transaction.atomic():
        run = PlannerRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            raise NotFound("no such run")
        if run.status in FINISHED:
            raise DomainError("the run has ended already", code="finished")
        run.cancel_requested = True
        run.save(update_fields=["cancel_requested"])
        PlannerReplication.objects.filter(run=run, status=RunStatus.QUEUED).update(status=RunStatus.CANCELLED)
        _merge_when_all_ended(run.pk)
    return run


def replication_started(*, run_id: int, index: int, now: datetime) -> PlannerReplication | None:
    """Mark the replication (and its run) running; None when the run was
    cancelled or the replication already ended (a redelivered message)."""
    with transaction.atomic():
        replication = (
            PlannerReplication.objects.select_for_update().select_related("run").get(run_id=run_id, index=index)
        )
        if replication.status != RunStatus.QUEUED or replication.run.cancel_requested:
            return None
        replication.status = RunStatus.RUNNING
        replication.save(update_fields=["status"])
        PlannerRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(status=RunStatus.RUNNING, started_at=now)
    return replication


def replication_progress(replication_id: int, progress) -> None:
    """Record a replication's progress (``driver.Progress``)."""
    PlannerReplication.objects.filter(pk=replication_id).update(
        fraction=min(1.0, float(progress.fraction)),
        reached=progress.at or "",
        contacts=progress.contacts,
        events=progress.events,
        events_per_second=round(float(progress.events_per_second), 1),
    )


def run_is_cancelled(run_id: int) -> bool:
    return PlannerRun.objects.filter(pk=run_id, cancel_requested=True).exists()


def throttled(function: Callable, seconds: float = PROGRESS_EVERY_SECONDS) -> Callable:
    """``function`` called at most once per ``seconds`` (the first call always)."""
    last: dict[str, Any] = {"at": None, "value": None}

    def wrapped(*args):
        moment = time.monotonic()
        if last["at"] is None or moment - last["at"] >= seconds:
            last["at"], last["value"] = moment, function(*args)
        return last["value"]

    return wrapped


def replication_ended(*, run_id: int, index: int, result: dict | None, error: str = "") -> None:
    """Record a replication's result (or its error); the last one to end
    enqueues the merge."""
    if result is not None:
        changes: dict[str, Any] = {"status": RunStatus.DONE, "result": result, "error": ""}
        if not result.get("partial"):
            changes["fraction"] = 1.0
        if result.get("reached"):
            changes["reached"] = result["reached"]
    else:
        changes = {"status": RunStatus.FAILED, "error": error[-5000:]}
    with transaction.atomic():
        PlannerReplication.objects.filter(run_id=run_id, index=index).update(**changes)
        _merge_when_all_ended(run_id)


def _merge_when_all_ended(run_id: int) -> None:
    if PlannerReplication.objects.filter(run_id=run_id, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)).exists():
        return
    if PlannerRun.objects.filter(pk=run_id, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)).update(
        status=RunStatus.MERGING
    ):
        enqueue_on_commit(Task.PLANNER_RUN_MERGE, run_id)


def planner_run_merge(*, run_id: int, now: datetime) -> PlannerRun:
    """The merge step: summary.json, run.json and report.html from the
    replications that ended with a result (in replication order); the report
    and summary are kept on the run. Idempotent: a run no longer merging is
    left alone."""
    from csba.simulation.run.driver import results_write

    run = PlannerRun.objects.get(pk=run_id)
    if run.status != RunStatus.MERGING:
        return run
    rows = list(run.replication_rows.order_by("index"))
    results = [row.result for row in rows if row.result is not None]
    errors = [f"replication {row.index}: {row.error}" for row in rows if row.status == RunStatus.FAILED]
    summary, report = None, ""
    if results:
        out = Path(run.out_dir)
        out.mkdir(parents=True, exist_ok=True)
        wall = (now - run.started_at).total_seconds() if run.started_at else None
        summary = results_write(
            run.scenario, seed=run.seed, out_dir=out, results=results, requested=run.replications, wall_seconds=wall
        )
        report = (out / "report.html").read_text(encoding="utf-8")
    if errors and not results:
        status = RunStatus.FAILED
    elif run.cancel_requested:
        status = RunStatus.CANCELLED
    elif errors:
        status = RunStatus.FAILED
    else:
        status = RunStatus.DONE
    PlannerRun.objects.filter(pk=run_id, status=RunStatus.MERGING).update(
        status=status, summary=summary, report_html=report, error="\n".join(errors)[-5000:], finished_at=now
    )
    run.refresh_from_db()
    return run
