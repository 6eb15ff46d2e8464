"""Row locks from one helper, so concurrent agents and workers cannot double-act."""

from __future__ import annotations

import functools
import time
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


def rows_insert(objs: list[M]) -> list[M]:
    """``bulk_create`` for a batch of new rows of one model (a sweep's replies):
    on PostgreSQL their ids are reserved from the table's sequence in one
    statement and the rows written by COPY — Django compiling a multi-row
    INSERT cost four times as much as writing the rows, and the server parses
    one row at a time instead of one statement of thousands of values. The
    objects get their ids, in list order, as with ``bulk_create``. Elsewhere
    ``bulk_create``. No signals (as ``bulk_create``)."""
    if not objs:
        return objs
    model = type(objs[0])
    opts = model._meta
    if connection.vendor != "postgresql" or not all(obj.pk is None for obj in objs):
        return model.objects.bulk_create(objs)
    fields = [f for f in opts.concrete_fields if f is not opts.pk and not f.generated]
    table, quote = opts.db_table, connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, opts.pk.column, len(objs)],
        )
        ids = sorted(row[0] for row in cursor.fetchall())
        for pk, obj in zip(ids, objs):
            obj.pk = pk
        columns = ", ".join(quote(f.column) for f in [opts.pk, *fields])
        rows = ([obj.pk, *(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields)] for obj in objs)
        copy_rows(cursor, f"COPY {quote(table)} ({columns}) FROM STDIN", rows)
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
    return objs


def copy_rows(cursor, sql: str, rows) -> None:
    """``COPY … FROM STDIN`` of ``rows`` on a Django cursor (PostgreSQL), seen like
    any other statement: through the connection's execute wrappers (the
    benchmarks' counters) and in the query log where one is kept (tests)."""
    started = time.monotonic()

    def run(sql, params, many, context):
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    cursor._execute_with_wrappers(sql, None, False, executor=run)
    if cursor.db.queries_logged:
        cursor.db.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
