"""The beat schedule under virtual time: the periodic jobs of the live
system (``CELERY_BEAT_SCHEDULE``), run as their Celery tasks (in-process)
with the clock at the beat.

A job runs at the beats of its own cadence, but only at a beat where it has
something to do: the first sweep beat after a case's deadline, the reminder
beat of a case, the commitment beat after an unanswered ticket's due time,
the activation beat after an opt-in, the hourly billing beat after midnight
on the 1st in a marketplace. A beat where the job would find nothing is
skipped; that changes no result, and spares a simulated quarter 130,000
empty sweeps.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from csba import clock
from csba.dispatch import registered
from inquiries.caselog.services import reminder_lead

# name: (task, cadence in seconds, offset into the cadence)
JOBS = {
    "sweep": ("inquiries.tasks.case_sweep_overdue_task", 60, 0),
    "remind": ("inquiries.tasks.case_remind_due_task", 300, 0),
    "commitment": ("inquiries.tasks.ticket_flag_commitment_breaches_task", 600, 0),
    "activate": ("sellers.tasks.enrollment_activate_due_task", 60, 0),
    "month": ("billing.tasks.monthly_cycle_task", 3600, 300),  # crontab(minute=5)
}


def beat_after(moment: datetime, cadence: int, offset: int = 0) -> datetime:
    """The first beat of a job at or after ``moment``."""
    seconds = moment.timestamp() - offset
    beat = math.ceil(seconds / cadence) * cadence + offset
    return datetime.fromtimestamp(beat, tz=UTC)


def month_beats(time_zones: list[str], *, start: datetime, end: datetime) -> list[datetime]:
    """The billing beats that close a month: the first after midnight on the
    1st in each marketplace's zone, within [start, end]."""
    beats = set()
    for name in time_zones:
        zone = ZoneInfo(name)
        local = start.astimezone(zone)
        first = datetime(local.year, local.month, 1, tzinfo=zone)
        while first.astimezone(UTC) <= end:
            if first.astimezone(UTC) > start:
                beats.add(beat_after(first.astimezone(UTC), *JOBS["month"][1:]))
            first = datetime(first.year + first.month // 12, first.month % 12 + 1, 1, tzinfo=zone)
    return sorted(beat for beat in beats if beat <= end)


class Jobs:
    def __init__(self, schedule: Callable[[datetime, str, object], None]):
        self._schedule = schedule  # puts ("job", name) on the replication's timeline
        self._pending: set[tuple[str, datetime]] = set()
        self.runs: Counter = Counter()
        self.results: Counter = Counter()

    def due(self, name: str, moment: datetime) -> datetime:
        """The job ``name`` has work from ``moment`` on: run it at its next beat."""
        _, cadence, offset = JOBS[name]
        beat = beat_after(moment, cadence, offset)
        if (name, beat) not in self._pending:
            self._pending.add((name, beat))
            self._schedule(beat, "job", name)
        return beat

    def at(self, name: str, beat: datetime) -> None:
        if (name, beat) not in self._pending:
            self._pending.add((name, beat))
            self._schedule(beat, "job", name)

    def run(self, name: str, now: datetime):
        """Run the job's task as a beat would (eager: here, with the clock at the beat)."""
        self._pending.discard((name, now))
        clock.freeze(now)
        result = registered(JOBS[name][0]).apply().get()
        self.runs[name] += 1
        if isinstance(result, int):
            self.results[name] += result
        elif isinstance(result, list):
            self.results[name] += len(result)
        return result


def reminder_moment(deadline: datetime, opened: datetime, marketplace_code: str) -> datetime | None:
    """When the reminder job first finds a case (None: opened inside the lead time)."""
    moment = deadline - reminder_lead(marketplace_code)
    return moment if opened < moment else None
