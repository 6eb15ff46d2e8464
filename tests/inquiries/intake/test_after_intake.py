"""The work after intake — suggestion or seller notice — is done once per
ticket, and re-derived from the database for tickets whose task was lost."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings

from inquiries.console.services.after_intake import ticket_after_intake, tickets_after_intake_pending
from inquiries.events import EventKind
from inquiries.models import Ticket, TicketEvent
from tests.factories import T0, EnrollmentFactory, OrderFactory, OrderItemFactory, SellerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(client, clock, django_capture_on_commit_callbacks):
    """Post a contact; its after-intake task is captured, not run."""
    client.force_login(UserFactory(username="integration", roles=["integrators"]))
    seller = SellerFactory()
    EnrollmentFactory(seller=seller, requested_at=T0, effective_at=T0)

    def post(text: str) -> Ticket:
        order = OrderFactory(seller=seller, placed_at=clock.now - timedelta(days=5))
        OrderItemFactory(order=order)
        with django_capture_on_commit_callbacks(execute=False):
            response = client.post(
                "/api/v1/contacts/",
                json.dumps({"marketplace": "US", "text": text, "order_number": order.order_number}),
                content_type="application/json",
            )
        assert response.status_code == 201
        return Ticket.objects.get(pk=response.json()["id"])

    return post


def test_a_csba_ticket_gets_its_suggestion_once(contact, clock):
    ticket = contact("Where is my order? It has not arrived.")
    assert ticket.after_intake_at is None
    assert ticket_after_intake(ticket_id=ticket.pk, now=clock.now) in {"answer", "escalate"}
    assert ticket_after_intake(ticket_id=ticket.pk, now=clock.now) == "done_before"
    ticket.refresh_from_db()
    assert ticket.suggestion and ticket.after_intake_at == clock.now
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.SUGGESTION_READY).count() == 1


def test_the_seller_is_told_of_a_routed_message_once_even_if_the_task_runs_twice(
    contact, clock, django_capture_on_commit_callbacks
):
    ticket = contact("Can I get an invoice for this order please?")
    assert ticket.route == "seller_messaging"
    with django_capture_on_commit_callbacks(execute=True):
        assert ticket_after_intake(ticket_id=ticket.pk, now=clock.now) == "seller_notified"
    with django_capture_on_commit_callbacks(execute=True):
        assert ticket_after_intake(ticket_id=ticket.pk, now=clock.now) == "done_before"
    assert len(mail.outbox) == 1


@override_settings(CSBA_AFTER_INTAKE_GRACE_SECONDS=120)
def test_the_beat_job_re_derives_lost_tasks_after_the_grace_period_and_only_within_a_day(contact, clock):
    # given three contacts whose tasks were lost: now, 10 minutes ago, two days ago
    old = contact("Where is my order? Two days now.")
    Ticket.objects.filter(pk=old.pk).update(opened_at=clock.now - timedelta(days=2))
    lost = contact("Where is my order? It has not arrived.")
    Ticket.objects.filter(pk=lost.pk).update(opened_at=clock.now - timedelta(minutes=10))
    fresh = contact("Where is my order? Still waiting.")
    # when the beat job runs
    assert tickets_after_intake_pending(now=clock.now) == 1
    # then only the one past its grace period and within the look-back is done
    done = set(Ticket.objects.filter(after_intake_at__isnull=False).values_list("pk", flat=True))
    assert done == {lost.pk}
    assert fresh.pk not in done and old.pk not in done
    assert tickets_after_intake_pending(now=clock.now) == 0


def test_picking_the_pending_tickets_reads_no_other_ticket(contact, clock):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "sqlite":
        pytest.skip("query plans are read on SQLite")
    # given a ticket whose work is done, and a new one
    ticket_after_intake(ticket_id=contact("Where is my order? It has not arrived.").pk, now=clock.now)
    fresh = contact("Where is my parcel? Tracking shows nothing.")
    with CaptureQueriesContext(connection) as queries:
        ticket_after_intake(ticket_id=fresh.pk, now=clock.now)
    # then no statement reads the tickets table in full (it grows with every contact ever taken in: a batch of
    # the simulator's quarter, or a busy day, paid for all of them); the plan is SQLite's
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            if query["sql"].lstrip().upper().startswith("SELECT") and "inquiries_ticket" in query["sql"]:
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                plans.extend(row[-1] for row in cursor.fetchall())
    assert plans
    assert not [plan for plan in plans if plan.startswith("SCAN inquiries_ticket") and "INDEX" not in plan]


def test_a_ticket_s_own_task_reads_the_ticket_with_its_question_and_the_order_once(
    contact, clock, django_assert_max_num_queries
):
    from inquiries.console.services.after_intake import forget_done

    # warm: the task's statement is compiled once per process (csba.prepared)
    ticket_after_intake(ticket_id=contact("Where is my order? It has not arrived.").pk, now=clock.now)
    forget_done()
    ticket = contact("Where is my order? Tracking shows nothing.")
    # the ticket locked with buyer, order, item, product and its first message; the order's shipments, items and
    # refunds; one UPDATE, one insert of the event (and here the savepoint and its release)
    with django_assert_max_num_queries(8):
        assert ticket_after_intake(ticket_id=ticket.pk, now=clock.now) in {"answer", "escalate"}
    ticket.refresh_from_db()
    assert ticket.suggestion["decision"] in {"answer", "escalate"} and ticket.after_intake_at == clock.now
