"""Intake throughput through the API on SQLite in one process, with
classification and routing, and SQL queries per contact.

    python bench/intake_bench.py [--contacts 2000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


class QueryCounter:
    """Counts the SQL statements run (BEGIN/COMMIT of the driver excluded)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += not sql.lstrip().upper().startswith(("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE"))
        return execute(sql, params, many, context)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=250, help="Contacts per request of the batch endpoint.")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    db_file = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{db_file}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csba.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    settings.DATABASES["default"]["NAME"] = (
        str(db_file) if not args.database_url else settings.DATABASES["default"]["NAME"]
    )
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from datetime import timedelta

    from django.contrib.auth.models import Group, User

    from csba import clock
    from tests.factories import T0, EnrollmentFactory, OrderFactory, OrderItemFactory, SellerFactory

    clock.freeze(T0 + timedelta(days=30))
    orders = []
    for _ in range(20):
        seller = SellerFactory()
        EnrollmentFactory(seller=seller, requested_at=T0, effective_at=T0)
        for _ in range(10):
            order = OrderFactory(seller=seller, placed_at=T0 + timedelta(days=2))
            OrderItemFactory(order=order)
            orders.append(order.order_number)
    user = User.objects.create_user("bench", password="bench-pass")
    user.groups.add(Group.objects.get(name="integrators"))
    client = Client()
    client.force_login(user)
    texts = [
        "Where is my order? It has not arrived yet.",
        "The item arrived damaged, the box was crushed.",
        "I want to return this, it does not fit.",
        "Can I get an invoice for this order please?",
        "Wo ist meine Bestellung? Sie ist noch nicht angekommen.",
        "注文した商品がまだ届きません。",
    ]
    markets = ["US", "US", "US", "US", "US", "US"]
    payloads = [
        json.dumps({"marketplace": markets[i % 6], "text": texts[i % 6], "order_number": orders[i % len(orders)]})
        for i in range(args.contacts)
    ]
    # Intake enqueues the suggestion task on commit; the worker computes it
    # elsewhere. Here no broker runs, so the enqueue is a no-op: we measure intake.
    from inquiries.tasks import intake as intake_tasks

    intake_tasks.ticket_after_intake_task.delay = lambda *a, **k: None
    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        started = time.perf_counter()
        for i, body in enumerate(payloads):
            response = client.post(
                "/api/v1/contacts/", body, content_type="application/json", headers={"Idempotency-Key": f"bench-{i}"}
            )
            assert response.status_code == 201, response.content
        elapsed = time.perf_counter() - started
    single = {
        "contacts": args.contacts,
        "seconds": round(elapsed, 3),
        "contacts_per_second": round(args.contacts / elapsed, 1),
        "queries_per_contact": round(queries.count / args.contacts, 2),
    }
    # The batch endpoint: the same contacts (new keys), batch_size per request.
    items = [dict(json.loads(body), idempotency_key=f"batch-{i}") for i, body in enumerate(payloads)]
    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        started = time.perf_counter()
        for start in range(0, len(items), args.batch_size):
            response = client.post(
                "/api/v1/contacts/batch/",
                json.dumps({"contacts": items[start : start + args.batch_size]}),
                content_type="application/json",
            )
            assert response.status_code == 200 and response.json()["rejected"] == 0, response.content[:500]
        elapsed = time.perf_counter() - started
    batch = {
        "contacts": len(items),
        "batch_size": args.batch_size,
        "seconds": round(elapsed, 3),
        "contacts_per_second": round(len(items) / elapsed, 1),
        "queries_per_contact": round(queries.count / len(items), 3),
    }
    print(json.dumps({"database": connection.vendor, "single_requests": single, "batch_requests": batch}))


if __name__ == "__main__":
    main()
