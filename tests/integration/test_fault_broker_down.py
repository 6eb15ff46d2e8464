"""Redis stopped while contacts are posted, then started again: every contact
the API acknowledged is in the database (intake commits before it enqueues),
and each is processed after Redis returns — those queued before the stop from
Redis's append-only file, those whose task was lost by the beat job that
re-derives the after-intake work from the database."""

import time

import pytest

from inquiries.models import Ticket
from inquiries.reasons import Route

from .faults import enrolled_orders, integrator, subjects
from .processes import http, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.faults, pytest.mark.redis]

TEXTS = ["Where is my order? It has not arrived yet.", "Can I get an invoice for this order please?"]


def _post(base, auth, order_number, key, i):
    text = TEXTS[i % 2]
    return http(
        "POST",
        f"{base}/api/v1/contacts/",
        body={"marketplace": "US", "text": text, "order_number": order_number},
        user=auth[0],
        password=auth[1],
        headers={"Idempotency-Key": key},
    )


def test_contacts_posted_while_redis_is_down_are_kept_and_processed_after_it_returns(stack):
    # given the web tier (gunicorn) and Redis, no worker yet
    auth = integrator()
    orders = enrolled_orders(9)
    _, base = stack.gunicorn(workers=2)
    acknowledged = {}
    for i in range(3):
        status, _, body = _post(base, auth, orders[i], f"before-{i}", i)
        assert status == 201, body
        acknowledged[body["id"]] = body
    # when Redis stops and contacts keep coming
    stack.redis.stop()
    for i in range(3, 9):
        started = time.monotonic()
        status, _, body = _post(base, auth, orders[i], f"during-{i}", i)
        # then the API still acknowledges each (the ticket is committed), without hanging
        assert status == 201, body
        assert time.monotonic() - started < 10
        acknowledged[body["id"]] = body
    assert Ticket.objects.filter(pk__in=acknowledged).count() == 9
    assert Ticket.objects.filter(pk__in=acknowledged, after_intake_at__isnull=False).count() == 0
    # when Redis is back, with a worker and the beat
    stack.redis.start()
    stack.worker("worker", CSBA_AFTER_INTAKE_GRACE_SECONDS="2")
    stack.beat("beat", CSBA_TEST_BEAT_PERIOD="1", CSBA_TEST_BEAT_ENTRIES="tickets-after-intake-pending")
    # then every acknowledged contact is processed: suggestions for CSBA, a notice for the seller's
    wait_until(
        lambda: Ticket.objects.filter(pk__in=acknowledged, after_intake_at__isnull=False).count() == 9,
        seconds=60,
        what="the after-intake work of every contact",
    )
    csba = Ticket.objects.filter(pk__in=acknowledged, route=Route.CSBA)
    assert csba.exists() and not csba.filter(suggestion__isnull=True).exists()
    routed = Ticket.objects.filter(pk__in=acknowledged, route=Route.SELLER_MESSAGING)
    assert routed.exists()
    wait_until(
        lambda: sum(n for s, n in subjects(stack.mail_dir).items() if "buyer message" in s.lower()) >= routed.count(),
        seconds=30,
        what="the seller notices",
    )
    # and exactly once: one seller notice per routed ticket
    notices = sum(n for s, n in subjects(stack.mail_dir).items() if "buyer message" in s.lower())
    assert notices == routed.count()
