"""Reads of the planner pages: the runs list and a run's progress."""

from __future__ import annotations

from django.db.models import QuerySet

from csba.errors import NotFound
from sellers.models import Marketplace

from .models import PlannerRun, RunStatus


def marketplace_codes() -> list[str]:
    return sorted(Marketplace.objects.values_list("code", flat=True))


def planner_runs(limit: int = 50) -> QuerySet[PlannerRun]:
    """The latest runs with who launched them (the report itself deferred)."""
    return PlannerRun.objects.select_related("created_by").defer("report_html", "summary", "scenario")[:limit]


def planner_run_get(run_id: int) -> PlannerRun:
    run = PlannerRun.objects.select_related("created_by").defer("report_html").filter(pk=run_id).first()
    if run is None:
        raise NotFound("no such run")
    return run


def planner_run_report(run_id: int) -> str:
    html = PlannerRun.objects.filter(pk=run_id).values_list("report_html", flat=True).first()
    if not html:
        raise NotFound("this run has no report")
    return html


def planner_run_progress(run: PlannerRun) -> dict:
    """What the progress bar shows: share done (mean over replications), the
    virtual date reached (the least advanced replication still running),
    contacts and events so far, events per second (all replications)."""
    rows = list(run.replication_rows.values("status", "fraction", "reached", "contacts", "events", "events_per_second"))
    running = [row for row in rows if row["status"] == RunStatus.RUNNING]
    ended = sum(row["status"] in (RunStatus.DONE, RunStatus.FAILED, RunStatus.CANCELLED) for row in rows)
    fraction = sum(row["fraction"] for row in rows) / max(1, len(rows))
    if run.status == RunStatus.DONE:
        fraction = 1.0
    reached = min((row["reached"] for row in running if row["reached"]), default="") or max(
        (row["reached"] for row in rows if row["reached"]), default=""
    )
    return {
        "id": run.pk,
        "status": run.status,
        "fraction": round(fraction, 4),
        "percent": int(fraction * 100),
        "virtual_time": reached,
        "contacts": sum(row["contacts"] for row in rows),
        "events": sum(row["events"] for row in rows),
        "events_per_second": round(sum(row["events_per_second"] for row in running), 1),
        "replications": len(rows),
        "replications_ended": ended,
        "cancel_requested": run.cancel_requested,
        "has_report": run.status in (RunStatus.DONE, RunStatus.CANCELLED, RunStatus.FAILED) and run.summary is not None,
        "error": run.error,
    }
