"""Month close at scale: sellers, order items and contacts generated with
bulk SQL (INSERT … SELECT over a number series), then ``month_close`` timed
with its SQL query count.

    python bench/billing_bench.py                           # SQLite, small scale (make bench)
    python bench/billing_bench.py --sellers 10000 --items 10000000 \\
        --database-url postgres://csba@127.0.0.1:54329/csba  # PostgreSQL, the issue's scale

On PostgreSQL the script creates (and afterwards drops) its own database
``csba_billing_bench`` on the server of the URL. Data: one open enrollment per
seller (every 50th in its free trial), items spread over July–October 2026
(two per order, one package per order, 2% without valid tracking), contacts on
0–19% of each seller's orders, 1% of items returned, 0.1% A-to-z refunds.
October 2026 is closed for US (America/Los_Angeles): first "cold" (no earlier month closed, all
four months of items read), then in steady state (July–September closed first, one after the
other, as the monthly job does; October then reads its tier window from their statements).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
BENCH_DB = "csba_billing_bench"
START = "2026-07-01 00:00:00"
SPAN_SECONDS = 123 * 86400  # July–October


def _pg_admin(url: str, statement: str) -> None:
    import psycopg

    parts = urlparse(url)
    with psycopg.connect(urlunparse(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(statement)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sellers", type=int, default=300)
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server URL (its own database is created)")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL bench database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="PostgreSQL: reuse the data a --keep run left (billing rows are cleared)"
    )
    parser.add_argument("--skip-reports", action="store_true", help="do not time the report emails")
    args = parser.parse_args()
    pg_url = None
    if args.database_url:
        pg_url = urlunparse(urlparse(args.database_url)._replace(path=f"/{BENCH_DB}"))
        if not args.reuse:
            _pg_admin(args.database_url, f"DROP DATABASE IF EXISTS {BENCH_DB}")
            _pg_admin(args.database_url, f"CREATE DATABASE {BENCH_DB}")
        os.environ["DATABASE_URL"] = pg_url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp()) / 'billing-bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csba.settings.test")
    try:
        result = run(args)
    finally:
        if pg_url and not args.keep:
            from django.db import connections

            connections.close_all()
            _pg_admin(args.database_url, f"DROP DATABASE IF EXISTS {BENCH_DB}")
    print(json.dumps(result))


def run(args) -> dict:
    import django

    django.setup()
    from datetime import date, datetime

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if not args.database_url:
        settings.DATABASES["default"]["NAME"] = os.environ["DATABASE_URL"].removeprefix("sqlite:///")
        connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"]
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if args.reuse and args.database_url:
        counts = reuse(connection)
    else:
        counts = generate(connection, sellers=args.sellers, items=args.items)
    generated = time.perf_counter() - started

    from billing import tasks
    from billing.models import MonthlyStatement
    from billing.services import month_close

    # Reports are emailed by a task after commit; the close is measured alone, the reports below.
    tasks.statement_reports_send_task.delay = lambda *a, **k: None
    from billing.models import MonthClose

    now = datetime(2026, 11, 2, 12, tzinfo=UTC)
    october = date(2026, 10, 1)

    def timed_close(month):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            outcome = month_close(marketplace="US", month=month, now=now)
            return outcome, time.perf_counter() - started, len(queries)

    # Cold: October closed first, no month of its tier window closed, so all
    # four months (every generated item) are read from the raw data.
    result, cold, cold_queries = timed_close(october)
    _, rerun, rerun_queries = timed_close(october)
    MonthlyStatement.objects.filter(month=october).delete()
    MonthClose.objects.filter(month=october).delete()
    # Steady state: July, August and September closed in turn, then October,
    # whose window months are read from their statements.
    monthly = {}
    for month in (date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1), october):
        result, seconds, count = timed_close(month)
        monthly[f"{month:%Y-%m}"] = {"seconds": round(seconds, 2), "queries": count}
    from billing.services import statement_reports_send

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    started = time.perf_counter()
    sent = (
        0
        if args.skip_reports
        else statement_reports_send(marketplace_id=result.close.marketplace_id, month=october, now=now)
    )
    reports = time.perf_counter() - started
    statements = MonthlyStatement.objects.filter(month=october)
    tiers = {
        str(row["tier"]): row["n"]
        for row in statements.values("tier")
        .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("pk"))
        .order_by()
    }
    return {
        "database": connection.vendor,
        **counts,
        "generate_seconds": round(generated, 1),
        "cold_close_seconds": round(cold, 2),
        "cold_close_queries": cold_queries,
        "statements": result.created,
        "steady_close": monthly,
        "rerun_seconds": round(rerun, 3),
        "rerun_queries": rerun_queries,
        "tiers": tiers,
        "reports_sent": sent,
        "reports_per_second": round(sent / reports, 1) if reports else None,
    }


def reuse(connection) -> dict:
    from billing.models import MonthClose, MonthlyStatement, StatementRevision
    from inquiries.models import Ticket
    from sellers.models import Order, OrderItem, Return, SellerAccount

    StatementRevision.objects.all().delete()
    MonthlyStatement.objects.all().delete()
    MonthClose.objects.all().delete()
    return {
        "sellers": SellerAccount.objects.count(),
        "orders": Order.objects.count(),
        "order_items": OrderItem.objects.count(),
        "contacts": Ticket.objects.count(),
        "returns": Return.objects.count(),
        "reused": True,
    }


def _series(vendor: str, count: int) -> str:
    if vendor == "postgresql":
        return f"generate_series(1::bigint, {count}::bigint) AS g(x)"
    return f"(WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < {count}) SELECT x FROM s) AS g"


def _ts(vendor: str, seconds_sql: str, base: str = START) -> str:
    if vendor == "postgresql":
        return f"(TIMESTAMPTZ '{base}+00' + ({seconds_sql}) * INTERVAL '1 second')"
    return f"strftime('%Y-%m-%d %H:%M:%S', '{base}', '+' || ({seconds_sql}) || ' seconds')"


def _insert(connection, model, values: dict[str, str], source: str, where: str = "") -> None:
    """INSERT INTO model's table SELECT … FROM source: ``values`` gives SQL per
    column; other NOT NULL columns get their field's default (so the bench
    survives new fields)."""
    from django.db import models

    vendor = connection.vendor
    columns, expressions = [], []
    for field in model._meta.concrete_fields:
        column = field.column
        if column in values:
            expression = values[column]
        elif field.null or isinstance(field, models.AutoField):
            continue
        else:
            default = field.get_default()
            if isinstance(field, models.BooleanField):
                expression = ("true" if default else "false") if vendor == "postgresql" else ("1" if default else "0")
            elif isinstance(field, models.JSONField):
                expression = "'" + json.dumps(default if default is not None else {}) + "'"
            elif isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
                expression = str(default or 0)
            elif isinstance(field, models.DateTimeField):
                expression = _ts(vendor, "0")
            else:
                expression = "'" + str(default or "").replace("'", "''") + "'"
        columns.append(connection.ops.quote_name(column))
        expressions.append(expression)
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(expressions)} "
        f"FROM {source} {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)


def generate(connection, *, sellers: int, items: int) -> dict:
    from django.db import transaction

    from inquiries.models import Ticket
    from sellers.models import (
        Buyer,
        Enrollment,
        Marketplace,
        Order,
        OrderItem,
        Product,
        Refund,
        Return,
        SellerAccount,
        Shipment,
    )

    vendor = connection.vendor
    pg = vendor == "postgresql"
    true, false = ("true", "false") if pg else ("1", "0")
    us = Marketplace.objects.get(code="US").pk
    orders = items // 2
    buyers = 1000
    with transaction.atomic(), connection.cursor() as cursor:
        if pg:
            try:
                cursor.execute("SET LOCAL session_replication_role = replica")  # skip per-row FK triggers
            except Exception:  # not a superuser: the load is slower, the result the same
                pass
        _insert(
            connection,
            SellerAccount,
            {
                "id": "x",
                "name": "'Bench seller ' || x",
                "business_country": "'US'",
                "preferred_language": "'en'",
                "time_zone": "'America/Los_Angeles'",
                "notification_email": "'seller' || x || '@example.com'",
                "registered_at": _ts(vendor, "0", "2024-01-01 00:00:00"),
                "plan": "'professional'",
                "standing": "'good'",
            },
            _series(vendor, sellers),
        )
        _insert(
            connection,
            Enrollment,
            {
                "id": "x",
                "seller_id": "x",
                "marketplace_id": str(us),
                "status": "'active'",
                "source": "'opt_in'",
                "requested_at": _ts(vendor, "0", "2025-01-01 00:00:00"),
                "effective_at": _ts(vendor, "0", "2025-01-01 00:00:00"),
                "trial_ends_at": f"CASE WHEN x % 50 = 0 THEN {_ts(vendor, '0', '2026-10-15 00:00:00')} END",
            },
            _series(vendor, sellers),
        )
        _insert(
            connection,
            Buyer,
            {
                "id": "x",
                "marketplace_id": str(us),
                "name": "'Buyer ' || x",
                "email": "'buyer' || x || '@example.net'",
                "language": "'en'",
            },
            _series(vendor, buyers),
        )
        _insert(
            connection,
            Product,
            {
                "id": "x",
                "seller_id": "x",
                "marketplace_id": str(us),
                "asin": "'B' || (100000000 + x)",
                "sku": "'SKU-' || x",
                "language": "'en'",
                "title": "'Bench product'",
                "bullets": "'[]'",
                "description": "''",
                "attributes": "'{}'",
            },
            _series(vendor, sellers),
        )
        seller_of = f"((x * 7919) % {sellers}) + 1"
        _insert(
            connection,
            Order,
            {
                "id": "x",
                "marketplace_id": str(us),
                "seller_id": seller_of,
                "buyer_id": f"(x % {buyers}) + 1",
                "order_number": "'B-' || x",
                "placed_at": _ts(vendor, f"(x * 104729) % {SPAN_SECONDS}"),
                "status": "'shipped'",
                "ship_to_country": "'US'",
            },
            _series(vendor, orders),
        )
        _insert(
            connection,
            Shipment,
            {
                "id": "x",
                "order_id": "x",
                "carrier": "'UPS'",
                "tracking_number": "'1Z' || x",
                "tracking_url": "''",
                "shipped_at": _ts(vendor, f"(x * 104729) % {SPAN_SECONDS} + 86400"),
                "has_valid_tracking": f"CASE WHEN x % 50 = 0 THEN {false} ELSE {true} END",
                "is_signed_for": false,
            },
            _series(vendor, orders),
        )
        _insert(
            connection,
            OrderItem,
            {
                "id": "x",
                "order_id": f"((x - 1) % {orders}) + 1",
                "product_id": f"((((x - 1) % {orders}) + 1) * 7919) % {sellers} + 1",
                "quantity": "1",
                "unit_price": "19.99",
                "fulfillment_channel": "CASE WHEN x % 20 = 0 THEN 'FBA' ELSE 'FBM' END",
                "shipment_id": f"((x - 1) % {orders}) + 1",
            },
            _series(vendor, orders * 2),
        )
        _insert(
            connection,
            Return,
            {
                "order_item_id": "id",
                "quantity": "1",
                "status": "'received'",
                "reason": "''",
                "authorized_at": _ts(vendor, f"(id * 104729) % {SPAN_SECONDS}"),
                "rma_number": "'RMA-' || id",
                "has_prepaid_label": true,
                "is_amazon_label": f"CASE WHEN id % 7 = 0 THEN {false} ELSE {true} END",
                "condition": "'as_sold'",
            },
            OrderItem._meta.db_table,
            "WHERE id % 100 = 0",
        )
        _insert(
            connection,
            Refund,
            {
                "order_item_id": "id",
                "kind": "'full'",
                "amount": "19.99",
                "currency": "'USD'",
                "reason": "''",
                "issued_at": _ts(vendor, f"(id * 104729) % {SPAN_SECONDS}"),
                "is_automatic": false,
                "is_a_to_z": true,
            },
            OrderItem._meta.db_table,
            "WHERE id % 1000 = 0",
        )
        _insert(
            connection,
            Ticket,
            {
                "marketplace_id": str(us),
                "seller_id": "seller_id",
                "order_id": "id",
                "channel": "'email'",
                "language": "'en'",
                "subject": "'Where is my order?'",
                "reason": "CASE WHEN id % 3 = 0 THEN 'return_request' ELSE 'where_is_my_order' END",
                "route": "'csba'",
                "route_reason": "'bench'",
                "status": "'resolved'",
                "opened_at": "placed_at",
                "first_response_due_at": "placed_at",
                "resolution": "'answered'",
                "csat_score": "CASE WHEN id % 4 = 0 THEN (id % 5) + 1 END",
                "csat_at": "CASE WHEN id % 4 = 0 THEN placed_at END",
            },
            Order._meta.db_table,
            "WHERE ((id * 2654435761) % 1000003) % 100 < (seller_id % 20)",
        )
        if pg:
            for table in (
                "sellers_selleraccount",
                "sellers_enrollment",
                "sellers_buyer",
                "sellers_product",
                "sellers_order",
                "sellers_shipment",
                "sellers_orderitem",
                "sellers_return",
                "sellers_refund",
                "inquiries_ticket",
            ):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
                )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if pg else "ANALYZE")
    return {
        "sellers": sellers,
        "orders": orders,
        "order_items": orders * 2,
        "contacts": Ticket.objects.count(),
        "returns": Return.objects.count(),
    }


if __name__ == "__main__":
    main()
