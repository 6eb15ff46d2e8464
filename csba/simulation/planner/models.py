"""A planner's run of a scenario and its replications.

A run is launched from the planner page with the scenario's knobs changed;
its replications run as separate Celery tasks (any worker, any machine), each
writing its progress and, at the end, its result (plain JSON) on its own row.
When the last replication ends, the merge step builds the summary and the
self-contained report, kept on the run row (so the web server needs no
shared disk with the workers) and written to the run's directory as well.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RunStatus(models.TextChoices):
    QUEUED = "queued", "queued"
    RUNNING = "running", "running"
    MERGING = "merging", "merging"
    DONE = "done", "done"
    CANCELLED = "cancelled", "cancelled"
    FAILED = "failed", "failed"


ACTIVE = (RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.MERGING)
FINISHED = (RunStatus.DONE, RunStatus.CANCELLED, RunStatus.FAILED)


class PlannerRun(models.Model):
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="planner_runs")
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    scenario_name = models.CharField(max_length=100)
    knobs = models.JSONField(default=dict, help_text="the knobs the planner changed: scenario key path -> value")
    scenario = models.JSONField(help_text="the checked scenario, every default filled in")
    seed = models.BigIntegerField()
    replications = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    cancel_requested = models.BooleanField(default=False)
    out_dir = models.CharField(max_length=500)
    error = models.TextField(blank=True)
    summary = models.JSONField(null=True, blank=True)
    report_html = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["-created_at"], name="planner_run_created")]

    def __str__(self) -> str:
        return f"run {self.pk} ({self.scenario_name}, {self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at is None:
            return None
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class PlannerReplication(models.Model):
    run = models.ForeignKey(PlannerRun, on_delete=models.CASCADE, related_name="replication_rows")
    index = models.PositiveSmallIntegerField()
    seed_state = models.JSONField()
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    fraction = models.FloatField(default=0.0)
    reached = models.CharField(max_length=40, blank=True, help_text="virtual date and time reached (ISO)")
    contacts = models.PositiveIntegerField(default=0)
    events = models.PositiveBigIntegerField(default=0)
    events_per_second = models.FloatField(default=0.0)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["run", "index"]
        constraints = [models.UniqueConstraint(fields=["run", "index"], name="planner_replication_unique")]

    def __str__(self) -> str:
        return f"run {self.run_id} replication {self.index} ({self.status})"


class DemoHistory(models.Model):
    """The demo marketplace's simulated history, seeded once (``seed_history``):
    its presence makes the seeding do nothing the next time."""

    seeded_at = models.DateTimeField()
    scenario_name = models.CharField(max_length=100)
    seed = models.BigIntegerField()
    start = models.DateField(help_text="first simulated day")
    end = models.DateTimeField(help_text="where the simulated history ends")
    counts = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"demo history {self.start}–{self.end:%Y-%m-%d} ({self.scenario_name})"
