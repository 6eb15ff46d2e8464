"""The cyclic garbage collector, paused while a batch job works.

A sweep's batch or a mail job builds and drops some hundred thousand small
objects (rows, model instances, rendered texts). Each of them counts towards
the collector's next run, and every few hundred runs it walks every object the
worker holds (its modules, templates, translations: ~160,000): measured on the
overdue benchmark, 19 % of the worker's CPU time went to collections that
found almost nothing, since those objects are freed by their reference counts
when the batch ends. Paused for the batch, the collector runs again after it
(and frees any cycles the batch left then)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside; the collector's state is restored on the way out (errors too)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
