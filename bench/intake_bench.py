"""A contact, end to end: the API request (token sign-in, validation,
classification, coverage, routing, the ticket, its message and event) and the
work it causes on the worker (the after-intake task: the suggested answer from
order data or the product's detail page, or the seller's notice, mailed
through the file backend). Every statement counted (BEGIN/COMMIT/SAVEPOINT
included), CPU time beside wall time.

    python bench/intake_bench.py [--contacts 600] [--database-url URL] [--json]

Runs, after a warm-up, in three ways:

- ``isolated``: one contact at a time, its task run right after it (a quiet
  hour: nothing to share with other contacts); medians per contact.
- ``burst``: ``--burst`` contacts posted, then one worker works off the queue
  (a busy hour: the after-intake work of tickets taken in together is done in
  one set of statements); totals divided by the contacts.
- ``batch``: the batch endpoint, 250 contacts a request.

The mix (``MIX``): where-is-my-order, damage, returns, refunds, product
questions (half of them the same question on the same product), invoices
(routed to the seller), in English, German and Japanese, each on an order of
an enrolled seller.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import Meter, TaskQueue, database, mail_to_files, postgres_server  # noqa: E402

# (marketplace, language, text, weight): the reason mix of a marketplace's contacts.
MIX = [
    ("US", "en", "Where is my order? It has not arrived yet and tracking shows nothing.", 26),
    ("US", "en", "The item arrived damaged, the box was crushed and the lid is broken.", 10),
    ("US", "en", "I want to return this, it does not fit. How do I send it back?", 14),
    ("US", "en", "Where is my refund? I sent the bottle back two weeks ago.", 10),
    ("US", "en", "Is this bottle dishwasher safe?", 6),
    ("US", "en", "What is the capacity of this bottle in ounces?", 6),
    ("US", "en", "Can I get an invoice for this order please?", 6),
    ("DE", "de", "Wo ist meine Bestellung? Sie ist noch nicht angekommen.", 12),
    ("JP", "ja", "注文した商品がまだ届きません。配送状況を教えてください。", 10),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contacts", type=int, default=600, help="contacts measured one at a time")
    parser.add_argument("--burst", type=int, default=500, help="contacts posted before the worker drains")
    parser.add_argument("--warmup", type=int, default=60)
    parser.add_argument("--batch-size", type=int, default=250)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server (its own database is created)")
    args = parser.parse_args()
    with database("intake", server=postgres_server(args.database_url)) as vendor:
        result = run(args, vendor)
    print(json.dumps(result))


def _contacts(count: int, start: int):
    import random

    from sellers.models import Order

    rng = random.Random(start)
    weights = [row[3] for row in MIX]
    orders = {
        code: list(Order.objects.filter(marketplace__code=code).values_list("order_number", flat=True))
        for code in ("US", "DE", "JP")
    }
    for i in range(start, start + count):
        code, language, text, _ = rng.choices(MIX, weights=weights)[0]
        yield {"marketplace": code, "text": text, "order_number": orders[code][i % len(orders[code])]}, f"k-{i}"


def _data() -> None:
    from datetime import timedelta

    from django.contrib.auth.models import Group, User

    from csba import clock
    from tests.factories import T0, EnrollmentFactory, OrderFactory, OrderItemFactory, ProductFactory, SellerFactory
    from tests.factories import marketplace as mp

    clock.freeze(T0 + timedelta(days=30))
    for code, language in (("US", "en"), ("DE", "de"), ("JP", "ja")):
        for _ in range(10):
            seller = SellerFactory(preferred_language=language)
            EnrollmentFactory(seller=seller, marketplace=mp(code), requested_at=T0, effective_at=T0)
            products = [ProductFactory(seller=seller, marketplace=mp(code), language=language) for _ in range(3)]
            for n in range(20):
                order = OrderFactory(seller=seller, marketplace=mp(code), placed_at=T0 + timedelta(days=20))
                OrderItemFactory(order=order, product=products[n % 3])
    user = User.objects.create_user("bench", password="bench-pass")
    user.groups.add(Group.objects.get(name="integrators"))


def run(args, vendor: str) -> dict:
    from django.test import Client

    _data()
    from bench.harness import analyze

    analyze()
    from django.contrib.auth.models import User

    from csba import clock
    from csba.tokens import token_create

    # Signed in as integrations are: an API token (sessions are the browser's).
    token = token_create(user=User.objects.get(username="bench"), name="bench", now=clock.now())
    client = Client(headers={"Authorization": f"Token {token.secret}"})

    def post(payload, key):
        response = client.post(
            "/api/v1/contacts/", json.dumps(payload), content_type="application/json", headers={"Idempotency-Key": key}
        )
        assert response.status_code == 201, response.content[:300]

    with mail_to_files() as mails, TaskQueue() as queue:
        # isolated: one contact, then its task
        requests, tasks, totals = [], [], []
        for n, (payload, key) in enumerate(_contacts(args.warmup + args.contacts, 0)):
            with Meter() as request:
                post(payload, key)
            with Meter() as task:
                queue.drain()
            if n >= args.warmup:
                requests.append(request)
                tasks.append(task)
                totals.append((request, task))
        isolated = {
            "contacts": len(requests),
            "request_wall_ms": _median_ms(m.wall for m in requests),
            "request_wall_ms_p95": round(sorted(m.wall for m in requests)[int(len(requests) * 0.95)] * 1000, 3),
            "request_cpu_ms": _median_ms(m.cpu for m in requests),
            "request_statements": statistics.median(m.statements for m in requests),
            "task_cpu_ms": _median_ms(m.cpu for m in tasks),
            "task_statements": statistics.median(m.statements for m in tasks),
            "cpu_ms": round(statistics.mean(r.cpu + t.cpu for r, t in totals) * 1000, 3),
            "cpu_ms_median": _median_ms(r.cpu + t.cpu for r, t in totals),
            "statements": round(statistics.mean(r.statements + t.statements for r, t in totals), 2),
            "statements_median": statistics.median(r.statements + t.statements for r, t in totals),
        }
        # burst: many contacts, then one worker works off the queue
        start = args.warmup + args.contacts
        with Meter() as burst_requests:
            for payload, key in _contacts(args.burst, start):
                post(payload, key)
        with Meter() as burst_tasks:
            ran = queue.drain()
        burst = {
            "contacts": args.burst,
            "tasks_run": ran,
            "request_cpu_ms": round(burst_requests.cpu / args.burst * 1000, 3),
            "request_statements": round(burst_requests.statements / args.burst, 2),
            "task_cpu_ms": round(burst_tasks.cpu / args.burst * 1000, 3),
            "task_statements": round(burst_tasks.statements / args.burst, 2),
            "cpu_ms": round((burst_requests.cpu + burst_tasks.cpu) / args.burst * 1000, 3),
            "statements": round((burst_requests.statements + burst_tasks.statements) / args.burst, 2),
            "statement_kinds": dict(burst_requests.kinds + burst_tasks.kinds),
        }
        mails_sent = mails()
    batch = _batch(client, args, start + args.burst)
    from inquiries.models import Ticket

    assert not Ticket.objects.filter(after_intake_at__isnull=True).exclude(idempotency_key__contains="batch").exists()
    return {
        "database": vendor,
        "isolated": isolated,
        "burst": burst,
        "batch": batch,
        "mails_sent": mails_sent,
        "suggestions": Ticket.objects.filter(suggestion__isnull=False).count(),
        "tickets": Ticket.objects.count(),
    }


def _batch(client, args, start: int) -> dict:
    items = [dict(payload, idempotency_key=f"batch-{key}") for payload, key in _contacts(args.burst, start)]
    with TaskQueue() as queue, Meter() as meter:
        for i in range(0, len(items), args.batch_size):
            response = client.post(
                "/api/v1/contacts/batch/",
                json.dumps({"contacts": items[i : i + args.batch_size]}),
                content_type="application/json",
            )
            assert response.status_code == 200 and response.json()["rejected"] == 0, response.content[:300]
    return {
        "contacts": len(items),
        "batch_size": args.batch_size,
        "contacts_per_second": round(len(items) / meter.wall, 1),
        "request_cpu_ms": round(meter.cpu / len(items) * 1000, 3),
        "request_statements": round(meter.statements / len(items), 3),
        "tasks_enqueued": len(queue.pending),
    }


def _median_ms(values) -> float:
    return round(statistics.median(values) * 1000, 3)


if __name__ == "__main__":
    main()
