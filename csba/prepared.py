"""Reads compiled once: for the few queries every request runs (intake's
order look-up and coverage window), building the queryset and compiling it
to SQL cost Django more CPU than SQLite takes to run them.

``PreparedRead(build, **params)``: ``build`` makes the queryset from one
value per parameter; it is called once per process and database, with a
stand-in value for each parameter that no real query uses, and compiled.
Each call then runs the stored SQL with the real values in the stand-ins'
places, and Django's own iterator code turns the rows into model instances
(``select_related`` objects and annotations included), exactly as the
queryset would::

    ITEMS = PreparedRead(lambda number: OrderItem.objects.filter(order__order_number=number), number=Param.TEXT)
    ITEMS(number="113-…")  # a list of OrderItem

Only the stand-ins change between calls: the SQL must not depend on the
values (no ``in`` lists of varying length, no ``None`` that turns into
``IS NULL``). A test compares every prepared read with its queryset on both
databases (``tests/csba/test_prepared.py``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators
from django.db.transaction import TransactionManagementError


class Param(Enum):
    TEXT = "text"
    INT = "int"
    DATETIME = "datetime"


# One stand-in per kind and position: values no caller sends.
def _stand_in(kind: Param, position: int):
    if kind is Param.TEXT:
        return f"\x00csba-prepared-{position}\x00"
    if kind is Param.INT:
        return -7_340_000_000 - position
    return datetime(1901, 2, 3, 4, 5, 6, 700_000 + position, tzinfo=UTC)


def _adapter(kind: Param, connection) -> Callable[[Any], Any]:
    if kind is Param.DATETIME:
        return connection.ops.adapt_datetimefield_value
    return lambda value: value


class PreparedRead:
    def __init__(self, build: Callable[..., QuerySet], **params: Param):
        self._build = build
        self._params = params
        self._compiled: dict[tuple[str, str], tuple] = {}

    def __call__(self, *, using: str = "default", **values) -> list:
        connection = connections[using]
        compiled = self._compiled.get((using, connection.vendor))
        if compiled is None:
            compiled = self._compiled[(using, connection.vendor)] = self._compile(connection)
        compiler, sql, params, slots = compiled
        if compiler.query.select_for_update and connection.features.has_select_for_update:
            if connection.get_autocommit():  # what Django's compiler checks on every compile
                raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        params = list(params)
        for index, (name, adapt) in slots.items():
            params[index] = adapt(values[name])
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return _models(compiler, rows, using)

    def _compile(self, connection) -> tuple:
        stand_ins = {name: _stand_in(kind, n) for n, (name, kind) in enumerate(self._params.items())}
        compiler = self._build(**stand_ins).query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        slots: dict[int, tuple[str, Callable]] = {}
        for name, kind in self._params.items():
            adapt = _adapter(kind, connection)
            marker = adapt(stand_ins[name])
            found = [i for i, value in enumerate(params) if type(value) is type(marker) and value == marker]
            if not found:
                raise ValueError(f"The prepared read's SQL does not take {name!r} as a parameter.")
            slots.update(dict.fromkeys(found, (name, adapt)))
        return compiler, sql, tuple(params), slots


def _models(compiler, rows: list, using: str) -> list:
    """Rows to model instances: ``ModelIterable``'s code, on rows already fetched."""
    select, klass_info, annotation_col_map = compiler.select, compiler.klass_info, compiler.annotation_col_map
    model_cls = klass_info["model"]
    select_fields = klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    init_list = [f[0].target.attname for f in select[start:end]]
    related_populators = get_related_populators(klass_info, select, using)
    objects = []
    for row in compiler.results_iter([rows]):
        obj = model_cls.from_db(using, init_list, row[start:end])
        for populator in related_populators:
            populator.populate(row, obj)
        for attr_name, position in (annotation_col_map or {}).items():
            setattr(obj, attr_name, row[position])
        objects.append(obj)
    return objects
