"""Streaming statistics of the pool: counters per interval and contact class,
never a list of contacts, so memory grows with the simulated horizon's
intervals (and the queue), not with the number of contacts."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

# Columns of a counter row (one row per interval and (language, channel)).
OFFERED, ANSWERED, ON_TIME, ABANDONED, QUEUE_SECONDS, WAITED, RETRIALS, HANDLE_SECONDS, ANSWER_SECONDS = range(9)
WIDTH = 9


def new_row() -> list:
    return [0, 0, 0, 0, 0.0, 0, 0, 0.0, 0.0]


@dataclass(frozen=True)
class Figures:
    """The figures of a set of contacts (a whole run, an interval, a class).

    ``asa_seconds`` is the mean time in queue over all contacts (an abandoned
    contact counts the time it waited; one answered at once counts 0), as in
    the ``simulate_queue`` contract; ``answer_seconds`` the mean wait of the
    answered ones; ``service_level`` the share of all contacts answered on
    time (live: within the target; deferred: by the due time); ``p_wait`` the
    share that found no agent free; ``occupancy`` handling time over time on
    duty (None where no agent was on duty)."""

    offered: int
    answered: int
    abandoned: int
    retrials: int
    asa_seconds: float
    answer_seconds: float
    service_level: float
    p_wait: float
    p_abandon: float
    occupancy: float | None
    staffed_seconds: float
    handle_seconds: float

    def as_dict(self) -> dict:
        return {key: getattr(self, key) for key in self.__dataclass_fields__}


def figures_of(rows: Iterable[list], *, staffed_seconds: float, busy_seconds: float) -> Figures:
    total = new_row()
    for row in rows:
        for column in range(WIDTH):
            total[column] += row[column]
    offered, answered = total[OFFERED], total[ANSWERED]

    def share(count: float, of: float) -> float:
        return count / of if of else 0.0

    return Figures(
        offered=offered,
        answered=answered,
        abandoned=total[ABANDONED],
        retrials=total[RETRIALS],
        asa_seconds=share(total[QUEUE_SECONDS], offered),
        answer_seconds=share(total[ANSWER_SECONDS], answered),
        service_level=share(total[ON_TIME], offered),
        p_wait=share(total[WAITED], offered),
        p_abandon=share(total[ABANDONED], offered),
        occupancy=min(1.0, busy_seconds / staffed_seconds) if staffed_seconds > 0 else None,
        staffed_seconds=staffed_seconds,
        handle_seconds=share(total[HANDLE_SECONDS], answered),
    )


class IntervalSeries:
    """Seconds accumulated per interval (time on duty, time handling), an
    interval being ``[i * width, (i + 1) * width)``."""

    def __init__(self, width: float):
        self.width = width
        self.seconds: dict[int, float] = {}

    def spread(self, start: float, end: float) -> None:
        width, seconds = self.width, self.seconds
        index = math.floor(start / width)
        while start < end:
            edge = min(end, (index + 1) * width)
            seconds[index] = seconds.get(index, 0.0) + (edge - start)
            start, index = edge, index + 1

    def total(self, first: int | None = None, last: int | None = None) -> float:
        """Seconds in intervals ``first`` (included) to ``last`` (excluded)."""
        return sum(
            value
            for index, value in self.seconds.items()
            if (first is None or index >= first) and (last is None or index < last)
        )

    def copy(self) -> IntervalSeries:
        clone = IntervalSeries(self.width)
        clone.seconds = dict(self.seconds)
        return clone
