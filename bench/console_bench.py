"""Agent console at scale: the queue's first page and every filter (budget
100 ms server time) and the ticket page (budget 150 ms) with 1,000,000
tickets bulk-inserted, with the SQL query count of each page.

    python bench/console_bench.py [--tickets 1000000] [--repeat 7] [--no-check]

Runs on a fresh SQLite file, then again on PostgreSQL when DATABASE_URL
points to one (a throwaway ``test_…`` database is created and dropped).
"Server time" is the time Django takes for the request in-process (test
client: middleware, session, view, queries, template), median of the runs
after one warm-up. Exit status 1 when a page is over its budget (unless
--no-check).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUEUE_BUDGET_MS = 100.0
TICKET_BUDGET_MS = 150.0
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
BATCH = 20_000

# A working queue: about 40% of the tickets in the agents' open list (open and seller-replied),
# as a real helpdesk's queue (and the peer's run) has; the rest closed or waiting.
STATUSES = [
    ("resolved", 530),
    ("transferred", 30),
    ("merged", 10),
    ("open", 370),
    ("pending_buyer", 20),
    ("awaiting_seller", 10),
    ("seller_replied", 30),
]
MARKETPLACES = [("US", "en", 60), ("DE", "de", 25), ("JP", "ja", 15)]
CHANNELS = [("email", 40), ("chat", 25), ("phone", 15), ("web_form", 15), ("api", 3), ("seller_transfer", 2)]
REASONS = [
    ("where_is_my_order", 30),
    ("return_request", 15),
    ("refund", 12),
    ("damaged_or_defective", 10),
    ("product_question", 12),
    ("wrong_or_missing_item", 6),
    ("cancel_order", 5),
    ("change_order", 3),
    ("payment", 2),
    ("feedback_complaint", 2),
    ("a_to_z_claim", 1),
    ("other", 2),
]


_TABLES: dict[int, tuple[list, list]] = {}


def weighted(rng: random.Random, table):
    if id(table) not in _TABLES:
        values = [row[0] if len(row) == 2 else row[:-1] for row in table]
        cumulative, total = [], 0
        for row in table:
            total += row[-1]
            cumulative.append(total)
        _TABLES[id(table)] = (values, cumulative)
    values, cumulative = _TABLES[id(table)]
    return rng.choices(values, cum_weights=cumulative)[0]


def urls(ticket_id: int) -> list[tuple[str, str, float]]:
    queue = [
        "",
        "?marketplace=DE",
        "?language=ja",
        "?reason=refund",
        "?channel=chat",
        "?status=open",
        "?status=pending_buyer",
        "?status=awaiting_seller",
        "?status=seller_replied",
        "?status=resolved",
        "?status=merged",
        "?due=soon",
        "?due=overdue",
        "?assignee=mine",
        "?assignee=unassigned",
        "?sort=priority",
        "?sort=newest",
        "?status=resolved&reason=product_question",
        "?status=resolved&language=de&channel=phone",
        "?marketplace=US&reason=where_is_my_order&assignee=unassigned&due=overdue",
        "?page=5",
    ]
    pages = [("queue", f"/agent/{q}", QUEUE_BUDGET_MS) for q in queue]
    pages.append(("queue fragment", "/agent/queue/results/", QUEUE_BUDGET_MS))
    pages.append(("ticket page", f"/agent/tickets/{ticket_id}/", TICKET_BUDGET_MS))
    return pages


# --- loading ----------------------------------------------------------------------------------------------------


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


def load(n_tickets: int, seed: int = 7) -> dict:
    from django.contrib.auth.models import Group, User
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from inquiries.models import Case, Message, Ticket, TicketEvent
    from sellers.models import (
        Buyer,
        Enrollment,
        Marketplace,
        Order,
        OrderItem,
        Product,
        SellerAccount,
        Shipment,
        StaffProfile,
    )

    rng = random.Random(seed)
    started = time.perf_counter()
    markets = {m.code: m for m in Marketplace.objects.all()}
    agents_group = Group.objects.get(name="agents")
    with transaction.atomic():
        agents = []
        for n in range(50):
            user = User.objects.create_user(f"bench-agent-{n}", password="bench-pass-2026")
            user.groups.add(agents_group)
            agents.append(user.pk)
        profile = StaffProfile.objects.create(user_id=agents[0], time_zone="America/Los_Angeles", language="en")
        profile.marketplaces.set(markets.values())  # the measured agent works every marketplace
        sellers = SellerAccount.objects.bulk_create(
            [
                SellerAccount(
                    name=f"Bench seller {n}",
                    business_country="US",
                    notification_email=f"s{n}@example.com",
                    registered_at=NOW - timedelta(days=900),
                )
                for n in range(300)
            ]
        )
        Enrollment.objects.bulk_create(
            [
                Enrollment(
                    seller=s,
                    marketplace=markets[code],
                    status="active",
                    requested_at=NOW - timedelta(days=800),
                    effective_at=NOW - timedelta(days=800),
                    terms_accepted_at=NOW - timedelta(days=800),
                )
                for s in sellers
                for code in markets
            ]
        )
        products = Product.objects.bulk_create(
            [
                Product(
                    seller=sellers[n % len(sellers)],
                    marketplace=markets[code],
                    asin=f"B0B{n:07d}",
                    sku=f"SKU-{code}-{n}",
                    language=lang,
                    title=f"Bench product {n}",
                    bullets=["Keeps drinks cold for 24 hours", "Dishwasher safe"],
                    description="A bottle.",
                    attributes={"capacity": "750 ml"},
                )
                for n in range(3000)
                for code, lang, _ in [MARKETPLACES[n % 3]]
            ]
        )
    by_market = {code: [p for p in products if p.marketplace_id == markets[code].pk] for code in markets}
    n_buyers, n_orders = 60_000, 150_000
    with (
        transaction.atomic(),
        indexes_deferred(
            [Buyer._meta.db_table, Order._meta.db_table, Shipment._meta.db_table, OrderItem._meta.db_table]
        ),
    ):
        buyer_market = {}

        def buyers():
            for n in range(1, n_buyers + 1):
                code, lang = weighted(rng, MARKETPLACES)
                buyer_market[n] = code
                yield (n, markets[code].pk, f"Buyer {n}", f"buyer{n}@example.net", lang)

        insert_rows(Buyer._meta.db_table, ["id", "marketplace_id", "name", "email", "language"], buyers())
        orders = {}

        def order_rows():
            for n in range(1, n_orders + 1):
                buyer = rng.randrange(1, n_buyers + 1)
                code = buyer_market[buyer]
                product = rng.choice(by_market[code])
                placed = NOW - timedelta(days=rng.randint(1, 700), hours=rng.randint(0, 23))
                orders[n] = (buyer, code, product.seller_id, product.pk, placed)
                yield (n, markets[code].pk, product.seller_id, buyer, f"B-{n:09d}", placed, "delivered", code)

        insert_rows(
            Order._meta.db_table,
            ["id", "marketplace_id", "seller_id", "buyer_id", "order_number", "placed_at", "status", "ship_to_country"],
            order_rows(),
        )
        insert_rows(
            Shipment._meta.db_table,
            [
                "id",
                "order_id",
                "carrier",
                "tracking_number",
                "tracking_url",
                "shipped_at",
                "estimated_delivery_at",
                "delivered_at",
                "first_scan_at",
                "has_valid_tracking",
                "is_signed_for",
            ],
            (
                (
                    n,
                    n,
                    "UPS",
                    f"1Z{n:012d}",
                    f"https://tracking.example.com/1Z{n:012d}",
                    o[4] + timedelta(days=1),
                    o[4] + timedelta(days=4),
                    o[4] + timedelta(days=4),
                    o[4] + timedelta(days=1, hours=3),
                    True,
                    False,
                )
                for n, o in orders.items()
            ),
        )
        insert_rows(
            OrderItem._meta.db_table,
            ["id", "order_id", "product_id", "quantity", "unit_price", "fulfillment_channel", "shipment_id"],
            ((n, n, o[3], 1, "19.99", "FBM", n) for n, o in orders.items()),
        )
    with (
        transaction.atomic(),
        indexes_deferred(
            [Ticket._meta.db_table, Message._meta.db_table, TicketEvent._meta.db_table, Case._meta.db_table]
        ),
    ):
        status_of = {}

        def tickets():
            for n in range(1, n_tickets + 1):
                status = weighted(rng, STATUSES)
                status_of[n] = status
                is_active = status in ("open", "pending_buyer", "awaiting_seller", "seller_replied")
                opened = NOW - (
                    timedelta(minutes=rng.randint(0, 4 * 24 * 60))
                    if is_active
                    else timedelta(minutes=rng.randint(5 * 24 * 60, 730 * 24 * 60))
                )
                order = rng.randrange(1, n_orders + 1) if rng.random() < 0.8 else None
                if order:
                    buyer, code, seller, _, _ = orders[order]
                else:
                    buyer, code, seller = None, weighted(rng, MARKETPLACES)[0], None
                language = {"US": "en", "DE": "de" if rng.random() < 0.85 else "en", "JP": "ja"}[code]
                answered = (not is_active) or status != "open" or rng.random() < 0.3
                assigned = rng.choice(agents) if (not is_active or rng.random() < 0.4) else None
                yield (
                    n,
                    markets[code].pk,
                    buyer,
                    order,
                    order,
                    seller,
                    weighted(rng, CHANNELS),
                    language,
                    f"Bench ticket {n}",
                    weighted(rng, REASONS),
                    "seller_messaging" if status == "transferred" else "csba",
                    "Covered unit, post-order inquiry.",
                    "{}",
                    status,
                    1 if status == "seller_replied" else 0,
                    assigned,
                    opened if assigned else None,
                    opened,
                    opened + timedelta(hours=48),
                    opened + timedelta(hours=rng.randint(1, 40)) if answered else None,
                    False,
                    opened + timedelta(days=2) if status in ("resolved", "merged") else None,
                    {"resolved": "answered", "merged": "duplicate"}.get(status, ""),
                    None,
                    "",
                    None,
                    None,
                    None,
                    None,
                    None,
                )

        ticket_columns = [
            "id",
            "marketplace_id",
            "buyer_id",
            "order_id",
            "order_item_id",
            "seller_id",
            "channel",
            "language",
            "subject",
            "reason",
            "route",
            "route_reason",
            "classification",
            "status",
            "priority",
            "assigned_to_id",
            "claimed_at",
            "opened_at",
            "first_response_due_at",
            "first_responded_at",
            "is_commitment_breached",
            "resolved_at",
            "resolution",
            "idempotency_key",
            "idempotency_fingerprint",
            "merged_into_id",
            "suggestion",
            "suggestion_at",
            "csat_score",
            "csat_at",
        ]
        insert_rows(Ticket._meta.db_table, ticket_columns, tickets())
        insert_rows(
            Message._meta.db_table,
            ["id", "ticket_id", "direction", "author_kind", "channel", "body", "sent_at", "in_reply_to"],
            (
                (
                    n,
                    n,
                    "inbound",
                    "buyer",
                    "email",
                    "Where is my order? It has not arrived.",
                    NOW - timedelta(days=1),
                    "",
                )
                for n in range(1, n_tickets + 1)
            ),
        )
        insert_rows(
            TicketEvent._meta.db_table,
            ["id", "ticket_id", "kind", "actor_kind", "at", "data"],
            (
                (n, n, "opened", "buyer", NOW - timedelta(days=1), '{"from": null, "to": "open"}')
                for n in range(1, n_tickets + 1)
            ),
        )

        def cases():
            number = 0
            for n, status in status_of.items():
                if status in ("awaiting_seller", "seller_replied"):
                    number += 1
                    case_status = "awaiting_seller" if status == "awaiting_seller" else "seller_replied"
                    opened = NOW - timedelta(hours=rng.randint(1, 20))
                    yield (
                        number,
                        n,
                        sellers[n % len(sellers)].pk,
                        markets["US"].pk,
                        "Tracking number?",
                        None,
                        opened,
                        opened + timedelta(hours=24),
                        None,
                        case_status,
                        None,
                        None,
                        "{}",
                    )

        insert_rows(
            Case._meta.db_table,
            [
                "id",
                "ticket_id",
                "seller_id",
                "marketplace_id",
                "question",
                "opened_by_id",
                "opened_at",
                "deadline_at",
                "reminded_at",
                "status",
                "seller_replied_at",
                "resolved_at",
                "resolution",
            ],
            cases(),
        )
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [Buyer, Order, Shipment, OrderItem, Ticket, Message, TicketEvent, Case]
            ):
                cursor.execute(sql)
    # The measured ticket: actionable, with an order, a suggestion and some history.
    target = (
        Ticket.objects.filter(status="open", order__isnull=False)
        .order_by("first_response_due_at")
        .values_list("pk", flat=True)
        .first()
    )
    Ticket.objects.filter(pk=target).update(
        suggestion={
            "decision": "answer",
            "reply": "Hello,\n\nIt keeps drinks cold for 24 hours.\n\nKind regards",
            "evidence": [{"source": "bullet", "text": "Keeps drinks cold for 24 hours", "score": 0.9}],
            "reason": "",
        }
    )
    for k in range(10):
        Message.objects.create(
            ticket_id=target, direction="outbound", author_kind="agent", channel="email", body=f"Reply {k}", sent_at=NOW
        )
        TicketEvent.objects.create(ticket_id=target, kind="note_added", actor_kind="agent", at=NOW)
    with connection.cursor() as cursor:
        # Statistics for the planner; on PostgreSQL also the visibility map
        # index-only scans need (autovacuum keeps both current in production).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "agent_id": agents[0],
        "ticket_id": target,
        "seconds": round(time.perf_counter() - started, 1),
        "actionable": sum(1 for s in status_of.values() if s in ("open", "seller_replied")),
    }


# --- measuring --------------------------------------------------------------------------------------------------


class QueryCounter:
    """Counts the SQL statements of a request (an execute wrapper survives
    the per-request reconnects of SQLite, unlike the debug query log)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(agent_id: int, ticket_id: int, repeat: int) -> list[dict]:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(pk=agent_id))
    client.get("/agent/")  # the session learns the default filters
    results = []
    for name, url, budget in urls(ticket_id):
        client.get(url)  # warm-up; the session learns this view's filters
        times, queries = [], 0
        for _ in range(repeat):
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries = counter.count
        median = statistics.median(times)
        results.append(
            {
                "page": name,
                "url": url,
                "median_ms": round(median, 1),
                "max_ms": round(max(times), 1),
                "queries": queries,
                "budget_ms": budget,
                "ok": median <= budget,
            }
        )
    return results


def run_one(args) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csba.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from csba import clock

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's host
    created_test_db = False
    vendor = connection.vendor
    kept = Path(args.keep, f"bench-{vendor}.json") if args.keep else None
    reuse = kept is not None and kept.exists() and json.loads(kept.read_text())["tickets"] == args.tickets
    if vendor == "postgresql":
        # Its own throwaway database, never the test suite's test_… database.
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = "csba_console_bench"
        connection.settings_dict.setdefault("TEST", {})["NAME"] = "csba_console_bench"
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=reuse)
        created_test_db = True
    else:
        settings.DATABASES["default"]["NAME"] = args.sqlite_file
        connection.settings_dict["NAME"] = args.sqlite_file
    clock.freeze(NOW)
    try:
        if reuse:
            loaded = json.loads(kept.read_text())
        else:
            if vendor == "sqlite":
                Path(args.sqlite_file).unlink(missing_ok=True)
                call_command("migrate", verbosity=0)
                with connection.cursor() as cursor:  # a bulk load: no fsync, a large page cache
                    cursor.execute("PRAGMA synchronous=OFF")
                    cursor.execute("PRAGMA cache_size=-1000000")
            loaded = load(args.tickets)
            if kept is not None:
                kept.write_text(json.dumps({**loaded, "tickets": args.tickets}))
        results = measure(loaded["agent_id"], loaded["ticket_id"], args.repeat)
    finally:
        if created_test_db and kept is None:
            connection.creation.destroy_test_db(settings.DATABASES["default"]["NAME"], verbosity=0)
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "tickets": args.tickets,
                "actionable": loaded["actionable"],
                "load_seconds": loaded["seconds"],
                "results": results,
            }
        )
    )
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-check", action="store_true", help="report only; never exit 1 over budget")
    parser.add_argument(
        "--keep",
        metavar="FOLDER",
        help="keep the databases (SQLite file in FOLDER, PostgreSQL "
        "database csba_console_bench) and reuse them next time",
    )
    parser.add_argument("--json", action="store_true", help="end with one JSON line of every report")
    parser.add_argument("--one", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--sqlite-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        sys.exit(run_one(args))
    database_url = os.environ.get("DATABASE_URL", "")
    runs = [("sqlite", {k: v for k, v in os.environ.items() if k != "DATABASE_URL"})]
    if database_url.startswith(("postgres://", "postgresql://")):
        runs.append(("postgresql", dict(os.environ)))
    all_ok = True
    reports = {}
    for backend, env in runs:
        folder = args.keep or tempfile.mkdtemp(prefix="console-bench-")
        Path(folder).mkdir(parents=True, exist_ok=True)
        env["DATABASE_URL"] = env.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        command = [
            sys.executable,
            __file__,
            "--one",
            backend,
            "--tickets",
            str(args.tickets),
            "--repeat",
            str(args.repeat),
            "--sqlite-file",
            f"{folder}/bench.sqlite3",
        ] + (["--keep", folder] if args.keep else [])
        print(f"-- {backend}: loading {args.tickets:,} tickets …", flush=True)
        output = subprocess.run(command, env=env, check=True, capture_output=True, text=True, cwd=ROOT)
        report = json.loads(output.stdout.strip().splitlines()[-1])
        reports[backend] = report
        print(f"   loaded in {report['load_seconds']} s ({report['actionable']:,} actionable tickets)")
        print(f"   {'page':<16}{'median ms':>10}{'max ms':>9}{'queries':>9}  url")
        for row in report["results"]:
            flag = "" if row["ok"] else f"  OVER {row['budget_ms']:.0f} ms"
            print(
                f"   {row['page']:<16}{row['median_ms']:>10}{row['max_ms']:>9}{row['queries']:>9}  {row['url']}{flag}"
            )
            all_ok = all_ok and row["ok"]
        if not args.keep:
            for leftover in Path(folder).glob("bench.sqlite3*"):
                leftover.unlink()
    print("all pages within budget" if all_ok else "some pages over budget")
    if args.json:
        print(json.dumps(reports))
    if not all_ok and not args.no_check:
        sys.exit(1)


if __name__ == "__main__":
    main()
