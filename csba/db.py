"""Row locks from one helper, so concurrent agents and workers cannot double-act."""

from __future__ import annotations

import functools
from typing import TypeVar

from django.db import DatabaseError, connection
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


def row_update(instance: Model, fields: tuple[str, ...] | list[str]) -> None:
    """``instance.save(update_fields=fields)`` for a model without save hooks or signals, as one UPDATE whose SQL
    is written once per model, fields and database: Django's update compiler cost an agent's action more than
    the database took to store its few changed fields. The values go through each field's own ``pre_save``
    and ``get_db_prep_save``, as ``save`` does; an UPDATE that finds no row raises as ``save`` does."""
    meta = instance._meta
    model_fields = [meta.get_field(name) for name in fields]
    values = [field.get_db_prep_save(field.pre_save(instance, False), connection) for field in model_fields]
    values.append(meta.pk.get_db_prep_value(instance.pk, connection))
    sql = _update_sql(type(instance), tuple(field.column for field in model_fields), connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        if cursor.rowcount == 0:
            raise DatabaseError("Save with update_fields did not affect any rows.")


@functools.cache
def _update_sql(model: type[Model], columns: tuple[str, ...], vendor: str) -> str:
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
    return f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"
