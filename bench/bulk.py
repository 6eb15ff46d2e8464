"""Bulk loading for the benchmarks that need millions of rows: COPY on
PostgreSQL, executemany on SQLite, with the big tables' secondary indexes
dropped for the load and built after it."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime

BATCH = 20_000


def insert_rows(table: str, columns: list[str], rows) -> int:
    """Bulk insert: COPY on PostgreSQL, executemany on SQLite (the secondary
    indexes of the big tables are dropped for the load and built after it,
    see ``indexes_deferred``)."""
    from django.db import connection

    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        raw = cursor.cursor  # the sqlite3 cursor: no per-batch query rewriting
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['?'] * len(columns))})"
        batch: list = []
        moments: list[int] | None = None
        for row in rows:
            if moments is None:
                moments = [i for i, value in enumerate(row) if isinstance(value, datetime)]
            if moments:
                row = list(row)
                for i in moments:
                    if row[i] is not None:
                        row[i] = row[i].astimezone(UTC).replace(tzinfo=None).isoformat(" ")
            batch.append(row)
            if len(batch) >= BATCH:
                raw.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            raw.executemany(sql, batch)
            count += len(batch)
    return count


class indexes_deferred:
    """Drop the secondary (non-unique) indexes of ``tables`` and build them
    again at the end: a bulk load into indexed tables is many times slower."""

    def __init__(self, tables: list[str]):
        self.tables = tables
        self.saved: list[str] = []

    def __enter__(self):
        from django.db import connection

        with connection.cursor() as cursor:
            for table in self.tables:
                if connection.vendor == "postgresql":
                    cursor.execute(
                        "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
                        "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                        "WHERE t.relname = %s AND NOT x.indisunique AND NOT x.indisprimary",
                        [table],
                    )
                else:
                    cursor.execute(
                        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                        "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
                        [table],
                    )
                for name, definition in cursor.fetchall():
                    self.saved.append(definition)
                    cursor.execute(f'DROP INDEX "{name}"')
        return self

    def __exit__(self, *exc):
        from django.db import connection

        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Check the deferred foreign keys now: no index is built over pending trigger events.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for definition in self.saved:
                cursor.execute(definition)
        return False


@contextmanager
def bulk_loading(*models):
    """One transaction for a bulk load into the tables of ``models``, their secondary indexes built at the end."""
    from django.db import transaction

    with transaction.atomic(), indexes_deferred([model._meta.db_table for model in models]):
        yield
