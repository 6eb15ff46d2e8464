"""Overdue processing, end to end: the deadline sweep AND everything it
causes — refunds, returns, buyer replies, audit events, the buyers' reply
mails and the sellers' decision mails (one per seller per sweep: a digest
when several of its cases were resolved) rendered and written through
Django's file backend — drained by one worker; then a sweep with none overdue.

    python bench/cases_bench.py                        # SQLite, small scale
    python bench/cases_bench.py --overdue 100000 --idle 1000000 \\
        --database-url postgres://csba@127.0.0.1:54329/csba   # the issue's scale on PostgreSQL

Without ``--database-url`` the script uses ``DATABASE_URL`` when it points at
PostgreSQL, else a temporary SQLite file; on PostgreSQL it creates (and
drops) its own database. Every statement is counted (BEGIN/COMMIT/SAVEPOINT
and the events' COPY included), with this process's CPU time beside the
wall time (the database server's CPU is not in it: on SQLite there is none).

Data: ``--overdue`` escalated tickets, each on its own one-item order, with a
realistic mix of reasons (where-is-my-order with and without valid tracking,
returns inside and outside the window, defects, refunds, cancellations,
product questions with intake's stored suggestion, others) in US, DE and JP,
one seller per thousand cases, whose cases passed their deadline over the
last day; plus ``--idle`` further cases (95% closed, 5% awaiting the seller
with deadlines still ahead), inserted with one INSERT … SELECT.

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import Meter, TaskQueue, analyze, database, mail_to_files, postgres_server  # noqa: E402

CHUNK = 5000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--overdue", type=int, default=10_000, help="overdue cases to resolve (issue: 100000)")
    parser.add_argument("--idle", type=int, default=200_000, help="other cases, none overdue (issue: 1000000)")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server URL (its own database is created)")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL bench database afterwards")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=1, help="sweeps running at once, each in its own process")
    args = parser.parse_args()
    with database("cases", server=postgres_server(args.database_url), keep=args.keep) as vendor:
        result = run(args, vendor)
    print(json.dumps(result))


def run(args, vendor: str) -> dict:
    from datetime import UTC, datetime

    from csba import clock
    from inquiries.caselog.services import case_sweep_overdue
    from inquiries.models import Case
    from inquiries.states import CaseStatus

    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    clock.freeze(now)
    rng = random.Random(args.seed)
    started = time.perf_counter()
    _overdue_backlog(args.overdue, now=now, rng=rng)
    _idle_cases(args.idle, now=now)
    analyze()
    generated = time.perf_counter() - started

    # Warm-up (imports, compiled templates, caches): the 100 oldest overdue cases, one by one, not measured.
    from inquiries.caselog.services import case_auto_resolve

    oldest = Case.objects.filter(status=CaseStatus.AWAITING_SELLER, deadline_at__lte=now).order_by("deadline_at", "pk")
    with mail_to_files(), TaskQueue() as warm:
        warmed = sum(
            1 for pk in list(oldest.values_list("pk", flat=True)[:100]) if case_auto_resolve(case_id=pk, now=now)
        )
        warm.drain()
    server = _ServerTime.start()
    with mail_to_files() as mails, TaskQueue() as queue:
        with Meter(by_sql=bool(os.environ.get("CASES_BENCH_SQL"))) as sweep:
            if args.workers > 1:
                resolved = _sweep_in_processes(args.workers, now=now, batch_size=args.batch_size)
            elif os.environ.get("CASES_BENCH_PROFILE"):
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                resolved = profiler.runcall(case_sweep_overdue, now=now, batch_size=args.batch_size)
                pstats.Stats(profiler, stream=sys.stderr).sort_stats(os.environ["CASES_BENCH_PROFILE"]).print_stats(45)
            else:
                resolved = case_sweep_overdue(now=now, batch_size=args.batch_size)
        tasks_queued = len(queue.pending)
        with Meter(by_sql=bool(os.environ.get("CASES_BENCH_SQL"))) as drain:
            if os.environ.get("CASES_BENCH_PROFILE"):
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                profiler.runcall(queue.drain)
                pstats.Stats(profiler, stream=sys.stderr).sort_stats(os.environ["CASES_BENCH_PROFILE"]).print_stats(30)
            else:
                queue.drain()
        mails_sent = mails()
    server_cpu = server.stop()
    assert resolved + warmed == args.overdue, (resolved, warmed, args.overdue)
    if os.environ.get("CASES_BENCH_SQL"):
        for text, seconds in sorted((sweep.sql_time | drain.sql_time).items(), key=lambda kv: -kv[1])[:14]:
            print(f"{seconds:8.2f}s  {text}", file=sys.stderr)
    assert not Case.objects.filter(status=CaseStatus.AWAITING_SELLER, deadline_at__lte=now).exists()
    assert not Case.objects.filter(status=CaseStatus.AUTO_RESOLVED, resolution_notified_at__isnull=True).exists()
    outcomes = _outcomes(now)
    sellers = (
        Case.objects.filter(status=CaseStatus.AUTO_RESOLVED, resolved_at=now).values("seller_id").distinct().count()
    )

    # The first idle sweep right after the backlog meets the resolved rows' dead index entries;
    # then the table is vacuumed, as autovacuum would after such a burst of updates.
    started = time.perf_counter()
    with TaskQueue():
        assert case_sweep_overdue(now=now, batch_size=args.batch_size) == 0
    first_idle_ms = (time.perf_counter() - started) * 1000
    analyze(vacuum=True)
    idle = []
    with TaskQueue():
        for _ in range(9):
            with Meter() as meter:
                assert case_sweep_overdue(now=now, batch_size=args.batch_size) == 0
            idle.append(meter)
    total = Case.objects.count()
    cpu = sweep.cpu + drain.cpu
    wall = sweep.wall + drain.wall
    return {
        "database": vendor,
        "generated_seconds": round(generated, 1),
        "overdue": {
            "cases": resolved,
            "warmup_cases": warmed,
            "total_cases": total,
            "sellers": sellers,
            "workers": args.workers,
            "wall_seconds": round(wall, 2),
            "cpu_seconds": round(cpu, 2) if args.workers == 1 else None,
            "cpu_seconds_per_1000": round(cpu / resolved * 1000, 3) if args.workers == 1 else None,
            "statements": sweep.statements + drain.statements,
            "statements_per_case": round((sweep.statements + drain.statements) / resolved, 3),
            "sql_seconds": round(sweep.sql_seconds + drain.sql_seconds, 2),
            "server_cpu_seconds": server_cpu,
            "sweep": {
                "wall_seconds": round(sweep.wall, 2),
                "cpu_seconds": round(sweep.cpu, 2),
                "statements": sweep.statements,
            },
            "mail_and_tasks": {
                "wall_seconds": round(drain.wall, 2),
                "cpu_seconds": round(drain.cpu, 2),
                "statements": drain.statements,
                "tasks": tasks_queued,
                "tasks_run": dict(queue.ran),
            },
            "mails_sent": mails_sent,
            "statement_kinds": dict(sweep.kinds + drain.kinds),
            "cases_per_second": round(resolved / wall, 1),
            "outcomes": outcomes,
        },
        "idle_sweep": {
            "total_cases": total,
            "median_ms": round(statistics.median(m.wall for m in idle) * 1000, 2),
            "max_ms": round(max(m.wall for m in idle) * 1000, 2),
            "statements": statistics.median(m.statements for m in idle),
            "first_after_backlog_ms": round(first_idle_ms, 2),
        },
    }


class _ServerTime:
    """The PostgreSQL backend's own CPU time over the measured window, read
    from /proc when the server runs on this machine (else None); with
    ``CASES_BENCH_PGSS=1`` and the server started with pg_stat_statements
    (shared_preload_libraries), the statements that took the server's time
    are printed (stderr)."""

    def __init__(self, pid: int | None):
        self.pid = pid
        self.cpu = self._read()

    @classmethod
    def start(cls) -> _ServerTime:
        from django.db import connection

        if connection.vendor != "postgresql":
            return cls(None)
        connection.ensure_connection()
        if os.environ.get("CASES_BENCH_PGSS"):
            with connection.cursor() as cursor:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
                cursor.execute("SELECT pg_stat_statements_reset()")
        return cls(connection.connection.info.backend_pid)

    def _read(self) -> float | None:
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError, TypeError):
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def stop(self) -> float | None:
        now = self._read()
        if os.environ.get("CASES_BENCH_PGSS") and self.pid:
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT round(total_exec_time::numeric / 1000, 2), calls, "
                    "round((blk_read_time + blk_write_time)::numeric / 1000, 2), wal_bytes, "
                    "left(regexp_replace(query, '\\s+', ' ', 'g'), 90) FROM pg_stat_statements "
                    "ORDER BY total_exec_time DESC LIMIT 20"
                )
                for row in cursor.fetchall():
                    print("{:>8}s {:>6} calls io {:>6}s wal {:>12}  {}".format(*row), file=sys.stderr)
        return None if now is None or self.cpu is None else round(now - self.cpu, 2)


def _sweep_in_processes(workers: int, *, now, batch_size: int) -> int:
    """``workers`` sweeps at once, each in its own process and connection (as
    Celery workers on several machines would run the beat job). Their mail
    tasks are not counted (each child has its own queue)."""
    import multiprocessing

    from django.db import connections

    connections.close_all()  # each child opens its own connection
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return sum(pool.starmap(_child_sweep, [(now, batch_size)] * workers))


def _child_sweep(now, batch_size: int) -> int:
    from inquiries.caselog.services import case_sweep_overdue

    with TaskQueue():
        return case_sweep_overdue(now=now, batch_size=batch_size)


def _outcomes(now) -> dict:
    from collections import Counter

    from inquiries.models import Case
    from inquiries.states import CaseStatus

    counts = Counter()
    decided = Case.objects.filter(status=CaseStatus.AUTO_RESOLVED, resolved_at=now).values_list("resolution", flat=True)
    for resolution in decided.iterator(chunk_size=10_000):
        counts[resolution["outcome"]] += 1
    return dict(counts.most_common())


REASONS = [  # (reason, share)
    ("where_is_my_order", 0.35),
    ("return_request", 0.18),
    ("damaged_or_defective", 0.12),
    ("wrong_or_missing_item", 0.05),
    ("refund", 0.05),
    ("cancel_order", 0.05),
    ("product_question", 0.10),
    ("change_order", 0.04),
    ("feedback_complaint", 0.03),
    ("other", 0.03),
]
QUESTIONS = {"en": "Where is my order?", "de": "Wo ist meine Bestellung?", "ja": "注文した商品はどこですか？"}


def _overdue_backlog(n: int, *, now, rng) -> None:
    from inquiries.models import Case, Direction, Message, Ticket
    from inquiries.reasons import Route
    from sellers.models import (
        Buyer,
        FulfillmentChannel,
        Marketplace,
        Order,
        OrderItem,
        Product,
        SellerAccount,
        Shipment,
    )

    markets = {m.code: m for m in Marketplace.objects.all()}
    codes = ["US"] * 6 + ["DE"] * 3 + ["JP"]
    seller_count = max(3, n // 1000)
    sellers = SellerAccount.objects.bulk_create(
        [
            SellerAccount(
                name=f"Bench seller {i}",
                business_country="US",
                preferred_language="en",
                time_zone="UTC",
                notification_email=f"bench{i}@example.com",
                registered_at=now - timedelta(days=500),
            )
            for i in range(seller_count)
        ]
    )
    seller_market = {s.pk: codes[i % len(codes)] for i, s in enumerate(sellers)}
    products = Product.objects.bulk_create(
        [
            Product(
                seller=s,
                marketplace=markets[seller_market[s.pk]],
                asin=f"B{s.pk:05d}{k:04d}",
                sku=f"SKU-{s.pk}-{k}",
                language=markets[seller_market[s.pk]].default_language,
                title=f"Bench product {k} of seller {s.pk}",
                bullets=["Keeps drinks cold for 24 hours", "Dishwasher safe lid"],
                description="Stainless steel.",
                attributes={"capacity": "750 ml"},
            )
            for s in sellers
            for k in range(5)
        ],
        batch_size=CHUNK,
    )
    products_of = {}
    for product in products:
        products_of.setdefault(product.seller_id, []).append(product)
    buyers = {
        code: Buyer.objects.bulk_create(
            [
                Buyer(
                    marketplace=m,
                    name=f"Buyer {code}{i}",
                    email=f"buyer{i}@{code.lower()}.example",
                    language=m.default_language,
                )
                for i in range(max(10, n // 20))
            ],
            batch_size=CHUNK,
        )
        for code, m in markets.items()
    }
    reasons = [r for r, _ in REASONS]
    weights = [w for _, w in REASONS]
    for start in range(0, n, CHUNK):
        size = min(CHUNK, n - start)
        plan = []
        for i in range(start, start + size):
            seller = sellers[i % seller_count]
            code = seller_market[seller.pk]
            reason = rng.choices(reasons, weights)[0]
            placed = now - timedelta(days=rng.choice([3, 6, 12, 20, 45]), hours=rng.randrange(24))
            shipped = reason != "cancel_order" or rng.random() < 0.5
            plan.append(
                (
                    i,
                    seller,
                    code,
                    reason,
                    placed,
                    shipped,
                    rng.random() < 0.8,
                    rng.random() < 0.5,
                    timedelta(seconds=rng.randrange(86_400)),
                )
            )
        orders = Order.objects.bulk_create(
            [
                Order(
                    marketplace=markets[code],
                    seller=seller,
                    buyer=rng.choice(buyers[code]),
                    order_number=f"B{i:09d}",
                    placed_at=placed,
                )
                for i, seller, code, reason, placed, *_ in plan
            ]
        )
        shipments = Shipment.objects.bulk_create(
            [
                Shipment(
                    order=order,
                    carrier="UPS",
                    tracking_number=f"1Z{i:016d}" if valid else "",
                    shipped_at=placed + timedelta(days=1),
                    estimated_delivery_at=placed + timedelta(days=4),
                    delivered_at=placed + timedelta(days=3) if (valid and delivered) else None,
                    first_scan_at=placed + timedelta(days=1) if valid else None,
                    has_valid_tracking=valid,
                )
                for order, (i, seller, code, reason, placed, shipped, valid, delivered, _) in zip(orders, plan)
                if shipped
            ]
        )
        shipment_of = {s.order_id: s for s in shipments}
        items = OrderItem.objects.bulk_create(
            [
                OrderItem(
                    order=order,
                    product=products_of[seller.pk][i % 5],
                    quantity=1,
                    unit_price=Decimal(rng.choice(["9.99", "19.99", "49.00", "120.00"]))
                    if code != "JP"
                    else Decimal("2980"),
                    fulfillment_channel=FulfillmentChannel.FBM,
                    shipment=shipment_of.get(order.pk),
                )
                for order, (i, seller, code, *_rest) in zip(orders, plan)
            ]
        )
        tickets = []
        for order, item, (i, seller, code, reason, _placed, _shipped, _valid, _delivered, ago) in zip(
            orders, items, plan
        ):
            market = markets[code]
            deadline = now - ago
            opened = deadline - timedelta(hours=market.seller_reply_hours, minutes=30)
            language = market.default_language
            suggestion = None
            if reason == "product_question":
                suggestion = {
                    "decision": "answer" if i % 2 else "escalate",
                    "reply": "Hello,\n\nThe product detail page says: “Dishwasher safe lid”.\n\nKind regards",
                    "evidence": [{"source": "bullet", "text": "Dishwasher safe lid", "score": 0.8}],
                }
            tickets.append(
                Ticket(
                    marketplace=market,
                    buyer=order.buyer,
                    order=order,
                    order_item=item,
                    seller=seller,
                    channel="email" if i % 5 else "chat",
                    language=language,
                    subject=QUESTIONS[language][:300],
                    reason=reason,
                    route=Route.CSBA,
                    route_reason="Covered unit.",
                    status="awaiting_seller",
                    opened_at=opened,
                    first_response_due_at=opened + timedelta(hours=48),
                    suggestion=suggestion,
                    suggestion_at=opened if suggestion else None,
                )
            )
        Ticket.objects.bulk_create(tickets)
        Message.objects.bulk_create(
            [
                Message(
                    ticket=t,
                    direction=Direction.INBOUND,
                    author_kind="buyer",
                    channel=t.channel,
                    body=QUESTIONS[t.language],
                    sent_at=t.opened_at,
                )
                for t in tickets
            ]
        )
        Case.objects.bulk_create(
            [
                Case(
                    ticket=t,
                    seller_id=t.seller_id,
                    marketplace=t.marketplace,
                    question="Please confirm the shipment.",
                    opened_at=t.opened_at + timedelta(minutes=30),
                    deadline_at=t.opened_at + timedelta(minutes=30, hours=t.marketplace.seller_reply_hours),
                    status="awaiting_seller",
                )
                for t in tickets
            ]
        )


def _idle_cases(n: int, *, now) -> None:
    """n cases none of which is overdue: 95% closed in the past (the
    auto-resolved ones already mailed to their seller), 5% awaiting the
    seller with deadlines ahead. One INSERT … SELECT over a number series."""
    from django.db import connection

    from inquiries.models import Ticket
    from sellers.models import Marketplace, SellerAccount

    if n <= 0:
        return
    ids = Ticket.objects.values_list("pk", flat=True)
    first, last = ids.order_by("pk")[:1][0], ids.order_by("-pk")[:1][0]
    count = last - first + 1
    seller = SellerAccount.objects.order_by("pk").values_list("pk", flat=True)[:1][0]
    market = Marketplace.objects.get(code="US").pk
    awaiting_open = now + timedelta(minutes=1) - timedelta(hours=24)  # deadlines from now + 1 min on
    closed_open = now - timedelta(days=60)
    status = "CASE WHEN s.i % 20 = 0 THEN 'awaiting_seller' WHEN s.i % 2 = 0 THEN 'auto_resolved' ELSE 'resolved' END"
    # closed cases were mailed to their sellers when they were decided (else the warm-up mails them all)
    notified = "CASE WHEN s.i % 20 <> 0 AND s.i % 2 = 0 THEN {closed} END"
    if connection.vendor == "postgresql":
        opened = (
            "(CASE WHEN s.i % 20 = 0 THEN %(awaiting)s::timestamptz ELSE %(closed)s::timestamptz END"
            " + (s.i % 86400) * interval '1 second')"
        )
        sql = (
            f"INSERT INTO inquiries_case (ticket_id, seller_id, marketplace_id, question, opened_at, deadline_at, "
            f"status, resolution, resolution_notified_at) SELECT %(first)s + (s.i % %(count)s), %(seller)s, %(market)s, "
            f"'Bench question', {opened}, {opened} + interval '24 hours', {status}, '{{}}', "
            f"{notified.format(closed='%(closed)s::timestamptz')} "
            f"FROM generate_series(0, %(n)s - 1) AS s(i)"
        )
        params = {"awaiting": awaiting_open, "closed": closed_open}
    else:
        opened = (
            "datetime(CASE WHEN s.i % 20 = 0 THEN %(awaiting)s ELSE %(closed)s END, '+' || (s.i % 86400) || ' seconds')"
        )
        sql = (
            f"WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < %(n)s) "
            f"INSERT INTO inquiries_case (ticket_id, seller_id, marketplace_id, question, opened_at, deadline_at, "
            f"status, resolution, resolution_notified_at) SELECT %(first)s + (s.i % %(count)s), %(seller)s, %(market)s, "
            f"'Bench question', {opened}, datetime({opened}, '+24 hours'), {status}, '{{}}', "
            f"{notified.format(closed='%(closed)s')} FROM s"
        )
        # SQLite stores UTC datetimes as text; compare like with like.
        params = {
            "awaiting": awaiting_open.strftime("%Y-%m-%d %H:%M:%S"),
            "closed": closed_open.strftime("%Y-%m-%d %H:%M:%S"),
        }
    params.update(first=first, count=count, seller=seller, market=market, n=int(n))
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("%", "%%").replace("%%(", "%("), params)


if __name__ == "__main__":
    main()
