"""Row locks from one helper, so concurrent agents and workers cannot double-act."""

from __future__ import annotations

from typing import TypeVar

from django.db import connection
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def locked(queryset: QuerySet[M]) -> M | None:
    """The first row of ``queryset``, locked FOR UPDATE (of the row's own table
    only) until the surrounding transaction ends; None if there is none. On
    SQLite the write transaction itself serialises writers."""
    return queryset.select_for_update(of=("self",)).order_by("pk").first()


def locked_batch(queryset: QuerySet[M], *, size: int, order_by: tuple[str, ...]) -> list[M]:
    """Up to ``size`` rows, locked and skipping rows another worker holds
    (``SKIP LOCKED`` where the database supports it): the sweep's batches."""
    return list(locked_batch_query(queryset, size=size, order_by=order_by))


def locked_batch_query(queryset: QuerySet[M], *, size: int, order_by: tuple[str, ...]) -> QuerySet[M]:
    """The query of ``locked_batch`` (to run, or to prepare: ``csba.prepared``)."""
    if connection.features.has_select_for_update_skip_locked:
        queryset = queryset.select_for_update(skip_locked=True, of=("self",))
    return queryset.order_by(*order_by)[:size]
