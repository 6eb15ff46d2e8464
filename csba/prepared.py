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
values (no ``None`` that turns into ``IS NULL``). A list parameter
(``Param.INT_LIST``, ``Param.TEXT_LIST``: an ``__in`` lookup) is compiled
once per length of the list (its values made distinct first, as ``__in``
does; an empty list is refused: the caller knows there is nothing to read)::

    ORDERS = PreparedRead(lambda numbers: Order.objects.filter(order_number__in=numbers), numbers=Param.TEXT_LIST)
    ORDERS(numbers=["113-…", "114-…"])

A test compares every prepared read with its queryset on both databases
(``tests/csba/test_prepared.py``).

``PreparedInsert(Model)``: ``obj.save()`` of a new row with its INSERT
compiled once; see the class."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Generic, TypeVar

from django.db import connections, transaction
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.signals import post_save, pre_save
from django.db.models.sql import InsertQuery
from django.db.transaction import TransactionManagementError


class Param(Enum):
    TEXT = "text"
    INT = "int"
    DATETIME = "datetime"
    INT_LIST = "int_list"
    TEXT_LIST = "text_list"


_ITEM = {Param.INT_LIST: Param.INT, Param.TEXT_LIST: Param.TEXT}
# Statements are kept for lists up to this long (one per length).
MAX_KEPT_LENGTH = 100


# One stand-in per kind and position: values no caller sends.
def _stand_in(kind: Param, position: int, length: int = 0):
    if kind in _ITEM:
        return [_stand_in(_ITEM[kind], 1000 * (position + 1) + i) for i in range(length)]
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
        self._lists = tuple(name for name, kind in params.items() if kind in _ITEM)
        self._compiled: dict[tuple, tuple] = {}

    def __call__(self, *, using: str = "default", **values) -> list:
        connection = connections[using]
        lengths = ()
        if self._lists:
            for name in self._lists:
                values[name] = list(dict.fromkeys(values[name]))
                if not values[name]:
                    raise ValueError(f"The prepared read's list {name!r} is empty.")
            lengths = tuple(len(values[name]) for name in self._lists)
        key = (using, connection.vendor, lengths)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compile(connection, dict(zip(self._lists, lengths)))
            if max(lengths, default=0) <= MAX_KEPT_LENGTH:  # a rare long list is compiled, as Django would, not kept
                self._compiled[key] = compiled
        compiler, sql, params, slots, reader = compiled
        if compiler.query.select_for_update and connection.features.has_select_for_update:
            if connection.get_autocommit():  # what Django's compiler checks on every compile
                raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        params = list(params)
        for index, (name, adapt, item) in slots.items():
            params[index] = adapt(values[name] if item is None else values[name][item])
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return reader(rows)

    def _compile(self, connection, lengths: dict[str, int]) -> tuple:
        stand_ins = {
            name: _stand_in(kind, n, lengths.get(name, 0)) for n, (name, kind) in enumerate(self._params.items())
        }
        compiler = self._build(**stand_ins).query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        slots: dict[int, tuple[str, Callable, int | None]] = {}
        for name, kind in self._params.items():
            adapt = _adapter(_ITEM.get(kind, kind), connection)
            items = list(enumerate(stand_ins[name])) if kind in _ITEM else [(None, stand_ins[name])]
            for item, stand_in in items:
                marker = adapt(stand_in)
                found = [i for i, value in enumerate(params) if type(value) is type(marker) and value == marker]
                if not found:
                    raise ValueError(f"The prepared read's SQL does not take {name!r} as a parameter.")
                slots.update(dict.fromkeys(found, (name, adapt, item)))
        return compiler, sql, tuple(params), slots, _reader(compiler, connection.alias)


def _reader(compiler, using: str) -> Callable[[list], list]:
    """Rows to model instances: ``ModelIterable``'s code on rows already
    fetched, with what does not depend on the rows (the column converters,
    the select_related populators) worked out once."""
    select, klass_info, annotation_col_map = compiler.select, compiler.klass_info, compiler.annotation_col_map
    model_cls = klass_info["model"]
    select_fields = klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    init_list = [f[0].target.attname for f in select[start:end]]
    related_populators = get_related_populators(klass_info, select, using)
    fields = [s[0] for s in select[0 : compiler.col_count]]
    if compiler.has_composite_fields(fields):
        raise ValueError("A prepared read of a model with a composite primary key is not supported.")
    converters = compiler.get_converters(fields)
    annotations = list((annotation_col_map or {}).items())

    def read(rows: list) -> list:
        objects = []
        for row in compiler.apply_converters(rows, converters) if converters else rows:
            obj = model_cls.from_db(using, init_list, row[start:end])
            for populator in related_populators:
                populator.populate(row, obj)
            for attr_name, position in annotations:
                setattr(obj, attr_name, row[position])
            objects.append(obj)
        return objects

    return read


M = TypeVar("M", bound=Model)


class PreparedInsert(Generic[M]):
    """``obj.save()`` for a new instance of ``model`` (no primary key yet),
    with the INSERT's SQL built once per process and database: each call
    takes the column values as Django's insert does (each field's
    ``pre_save`` and database preparation), runs the stored statement, and
    sets the primary key (and any other returned column), ``_state`` and the
    save signals' receivers as ``save()`` would. An instance with a primary
    key, a value that is an SQL expression, or a model with its own
    ``save()`` goes through ``save()``.
    Intake's three inserts per contact (ticket, message, event) went through
    Django's insert compiler each time; a test compares the rows."""

    def __init__(self, model: type[M]):
        if model._meta.parents:
            raise ValueError("PreparedInsert does not save models with parent tables.")
        self._model = model
        self._own_save = model.save is not Model.save
        self._compiled: dict[tuple[str, str], tuple] = {}

    def __call__(self, obj: M, *, using: str = "default") -> M:
        if obj.pk is not None or type(obj) is not self._model or self._own_save:
            obj.save(using=using)
            return obj
        connection = connections[using]
        compiled = self._compiled.get((using, connection.vendor))
        if compiled is None:
            compiled = self._compile(obj, connection)
            if compiled is None:  # this instance's SQL is not the plain one (an expression): Django's path
                obj.save(using=using)
                return obj
            self._compiled[(using, connection.vendor)] = compiled
        compiler, sql, fields, returning_fields, returning_params, converters = compiled
        obj._prepare_related_fields_for_save(operation_name="save")
        values = [compiler.prepare_value(field, compiler.pre_save_val(field, obj)) for field in fields]
        if any(hasattr(value, "as_sql") for value in values):
            obj.save(using=using)  # an expression changes the SQL: Django's own path
            return obj
        model = self._model
        if pre_save.has_listeners(model):
            pre_save.send(sender=model, instance=obj, raw=False, using=using, update_fields=None)
        # As save(): a failed insert inside an atomic block marks it for rollback.
        with transaction.mark_for_rollback_on_error(using), connection.cursor() as cursor:
            cursor.execute(sql, (*values, *returning_params))
            if connection.features.can_return_columns_from_insert:
                row = connection.ops.fetch_returned_insert_columns(cursor, returning_params)
            else:
                row = (connection.ops.last_insert_id(cursor, model._meta.db_table, model._meta.pk.column),)
        if converters:
            row = next(iter(compiler.apply_converters([row], converters)))
        for value, field in zip(row, returning_fields):
            setattr(obj, field.attname, value)
        obj._state.db, obj._state.adding = using, False
        if post_save.has_listeners(model):
            post_save.send(sender=model, instance=obj, created=True, update_fields=None, raw=False, using=using)
        return obj

    def _compile(self, obj: M, connection) -> tuple | None:
        meta = self._model._meta
        fields = [f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field]
        if any(hasattr(f, "get_placeholder") for f in fields):
            raise ValueError("A field with its own SQL placeholder changes the INSERT's SQL: not prepared.")
        returning_fields = meta.db_returning_fields
        query = InsertQuery(self._model)
        query.insert_values(fields, [obj])
        compiler = query.get_compiler(connection=connection)
        compiler.returning_fields = returning_fields
        [(sql, params)] = compiler.as_sql()
        returning_params = tuple(getattr(compiler, "returning_params", ()))
        if sql.count("%s") != len(fields) + len(returning_params):
            return None  # a value was an SQL expression: not the statement every instance can use
        cols = [field.get_col(meta.db_table) for field in returning_fields]
        return compiler, sql, fields, returning_fields, returning_params, compiler.get_converters(cols)
