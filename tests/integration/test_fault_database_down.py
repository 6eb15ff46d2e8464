"""The database unreachable for a moment (a restart, a failover): the web
tier answers 503 with Retry-After — never a 500 — and acknowledges nothing it
did not commit; the client's retry with its Idempotency-Key then creates each
contact exactly once. A worker whose task meets the outage retries it."""

import time
from datetime import timedelta

import pytest
from django.db import connection

from csba.models import DeadLetter
from inquiries.models import Ticket

from .conftest import send_task
from .faults import enrolled_orders, integrator, wall_now
from .processes import TcpProxy, database_url, http, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.faults, pytest.mark.redis]


def _post(base, auth, order_number, key):
    return http(
        "POST",
        f"{base}/api/v1/contacts/",
        body={"marketplace": "US", "text": "Where is my order? It has not arrived.", "order_number": order_number},
        user=auth[0],
        password=auth[1],
        headers={"Idempotency-Key": key},
    )


def test_a_database_outage_gives_503_with_retry_after_loses_nothing_and_workers_retry(stack):
    # given gunicorn and a worker that reach PostgreSQL through a proxy the test can cut
    proxy = TcpProxy(int(connection.settings_dict["PORT"]))
    stack.env["DATABASE_URL"] = database_url(connection, port=proxy.port)
    auth = integrator()
    orders = enrolled_orders(5)
    # a ticket whose after-intake task was lost long ago (the beat job re-derives it)
    from tests.factories import TicketFactory

    lost = TicketFactory(opened_at=wall_now() - timedelta(minutes=10), after_intake_at=None)
    _, base = stack.gunicorn(workers=2)
    worker = stack.worker("worker")
    try:
        ids = {}
        for i in range(2):
            status, _, body = _post(base, auth, orders[i], f"key-{i}")
            assert status == 201, body
            ids[f"key-{i}"] = body["id"]
        # when the database becomes unreachable
        proxy.cut()
        for i in range(2, 5):
            status, headers, body = _post(base, auth, orders[i], f"key-{i}")
            # then each request is refused with 503, a retry hint and the API's error shape
            assert status == 503, body
            assert int(headers["Retry-After"]) > 0
            assert body["code"] == "service_unavailable" and set(body) == {"detail", "code", "errors"}
        page_status, page_headers, _ = http("GET", f"{base}/health/")
        assert page_status == 503 and "Retry-After" in page_headers
        # and a periodic job sent meanwhile meets the outage on the worker
        send_task(stack.redis.url, "inquiries.tasks.tickets_after_intake_pending_task")
        wait_until(lambda: "database unavailable" in worker.output(), seconds=30, what="the worker to meet the outage")
        time.sleep(1)
        # when the database is back
        proxy.restore()
        # then the clients' retries create the refused contacts, once each
        for i in range(2, 5):
            status, _, body = wait_until(
                lambda i=i: (r := _post(base, auth, orders[i], f"key-{i}"))[0] != 503 and r,
                seconds=30,
                what="the web tier to reconnect",
            )
            assert status == 201, body
            ids[f"key-{i}"] = body["id"]
        status, _, body = _post(base, auth, orders[0], "key-0")
        assert status == 200 and body["id"] == ids["key-0"]
        assert Ticket.objects.filter(pk__in=ids.values()).count() == 5
        assert Ticket.objects.filter(idempotency_key__endswith=":key-2").count() == 1
        # and the worker's retry did the job it could not do during the outage
        wait_until(
            lambda: Ticket.objects.filter(pk=lost.pk, after_intake_at__isnull=False).exists(),
            seconds=60,
            what="the retried task",
        )
        wait_until(
            lambda: Ticket.objects.filter(pk__in=ids.values(), after_intake_at__isnull=False).count() == 5,
            seconds=60,
            what="the after-intake work of the contacts",
        )
        assert not DeadLetter.objects.exists()
    finally:
        proxy.close()
