"""The ticket reads every agent's action makes, compiled once
(``csba.prepared``): the same instance as the queryset (every field, its
converters, the related rows of select_related), None for a missing key, one
statement per read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from csba.db import locked
from csba.errors import DomainError
from inquiries.console.services.holding import ticket_lock, ticket_read
from inquiries.models import Ticket
from tests.factories import T0, TicketFactory, agent_user

pytestmark = pytest.mark.django_db


def _fields(ticket: Ticket) -> dict:
    return {field.attname: getattr(ticket, field.attname) for field in Ticket._meta.concrete_fields}


def test_the_locked_ticket_is_the_querysets_row_with_its_holder():
    agent = agent_user("agent-db")
    ticket = TicketFactory(assigned_to=agent, claimed_at=T0, suggestion={"decision": "answer", "reply": "Hi"})
    with transaction.atomic():
        expected = locked(Ticket.objects.filter(pk=ticket.pk).select_related("assigned_to"))
        for read in (ticket_lock, ticket_lock, ticket_read):  # compiled on the first call, reused after
            with CaptureQueriesContext(connection) as queries:
                got = read(ticket.pk)
            assert len(queries.captured_queries) == 1
            assert _fields(got) == _fields(expected)
            assert got.suggestion == {"decision": "answer", "reply": "Hi"}  # JSON converted
            assert got.opened_at.tzinfo is not None  # datetimes converted, aware
            with CaptureQueriesContext(connection) as queries:
                assert got.assigned_to.username == "agent-db"
            assert queries.captured_queries == []  # loaded with the row
            assert got._state.adding is False
    got.status = "resolved"
    got.resolved_at = T0 + timedelta(days=1)
    got.save(update_fields=["status", "resolved_at"])  # an ordinary instance: saved like any other
    assert Ticket.objects.get(pk=ticket.pk).status == "resolved"


def test_a_missing_ticket_is_refused():
    with transaction.atomic(), pytest.raises(DomainError):
        ticket_lock(987_654_321)
    with pytest.raises(DomainError):
        ticket_read(987_654_321)


def test_a_row_update_stores_what_save_with_update_fields_stores_in_one_statement(django_assert_num_queries):
    from django.db import DatabaseError

    from csba.db import row_update

    agent = agent_user("agent-row-update")
    mine, theirs = TicketFactory(), TicketFactory()
    untouched = _fields(mine)
    for ticket in (mine, theirs):
        ticket.assigned_to, ticket.claimed_at = agent, T0 + timedelta(minutes=5)
        ticket.suggestion = {"decision": "answer", "reply": 'Grüße ✓ "quoted"', "evidence": [1, None]}
        ticket.subject = "changed in memory only"
    with django_assert_num_queries(1):
        row_update(mine, ["assigned_to", "claimed_at", "suggestion"])
    theirs.save(update_fields=["assigned_to", "claimed_at", "suggestion"])
    stored, expected = Ticket.objects.get(pk=mine.pk), Ticket.objects.get(pk=theirs.pk)
    assert (stored.assigned_to_id, stored.claimed_at, stored.suggestion) == (
        expected.assigned_to_id,
        expected.claimed_at,
        expected.suggestion,
    )
    assert stored.subject == untouched["subject"]  # only the fields named are written
    gone = TicketFactory()
    Ticket.objects.filter(pk=gone.pk).delete()
    gone.status = "resolved"
    with pytest.raises(DatabaseError):
        row_update(gone, ["status"])


@pytest.mark.postgres
def test_rows_inserted_by_copy_are_what_bulk_create_writes():
    # a sweep's replies: ids reserved in one statement, rows by COPY; the same rows as bulk_create's
    from datetime import UTC, datetime

    from csba.db import rows_insert
    from inquiries.models import Message

    tickets = [TicketFactory(), TicketFactory()]
    sent = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)

    def batch(tag: str) -> list[Message]:
        return [
            Message(
                ticket=t,
                direction="outbound",
                author_kind="system",
                channel="email",
                body=f"{tag} Grüße 注文 {i}",
                sent_at=sent,
            )
            for i, t in enumerate(tickets * 2)
        ]

    with CaptureQueriesContext(connection) as queries:
        copied = rows_insert(batch("copy"))
    assert len(queries.captured_queries) == 2  # the ids, then one COPY
    assert queries.captured_queries[1]["sql"].startswith('COPY "inquiries_message"')
    made = Message.objects.bulk_create(batch("bulk"))
    assert [m.pk for m in copied] == sorted(m.pk for m in copied) and len({m.pk for m in copied}) == 4
    assert all(not m._state.adding for m in copied)
    columns = [f.attname for f in Message._meta.concrete_fields if f.attname not in ("id", "body")]
    for mine, theirs in zip(copied, made):
        stored = Message.objects.filter(pk=mine.pk).values(*columns, "body").get()
        expected = Message.objects.filter(pk=theirs.pk).values(*columns, "body").get()
        assert stored["body"] == mine.body and stored.pop("body").replace("copy", "bulk") == expected.pop("body")
        assert stored == expected
    # the full-text column is fed for them as for any message
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM inquiries_message WHERE search_document @@ to_tsquery('simple', 'grüße')")
        assert cursor.fetchone()[0] == 8
    # and a later insert by the ORM takes an id after them (the sequence advanced)
    assert Message.objects.create(
        ticket=tickets[0], direction="inbound", author_kind="buyer", channel="email", body="x", sent_at=sent
    ).pk > max(m.pk for m in made)
