"""The one event writer: every kind in its enum, single and bulk writes alike."""

import pytest

from inquiries import events
from inquiries.models import ActorKind, TicketEvent
from inquiries.states import InvalidTransition, TicketStatus
from inquiries.transitions import tickets_open_bulk
from tests.factories import T0, TicketFactory, agent_user, marketplace

pytestmark = pytest.mark.django_db


def test_an_unknown_kind_is_refused_and_nothing_is_written():
    ticket = TicketFactory()
    before = TicketEvent.objects.count()
    with pytest.raises(ValueError):
        events.record(ticket_id=ticket.pk, kind="made_up", now=T0)
    with pytest.raises(ValueError):
        events.record_many(
            [events.event_row(ticket_id=ticket.pk, kind=events.EventKind.NOTE_ADDED, now=T0)._replace(kind="made_up")]
        )
    assert TicketEvent.objects.count() == before


def test_bulk_rows_are_written_like_single_ones(django_assert_num_queries):
    ticket, agent = TicketFactory(), agent_user()
    single = events.record(ticket_id=ticket.pk, kind=events.EventKind.NOTE_ADDED, now=T0, actor=agent, data={"n": 1})
    rows = [
        events.event_row(ticket_id=ticket.pk, kind=events.EventKind.NOTE_ADDED, now=T0, actor=agent, data={"n": n})
        for n in (2, 3)
    ]
    with django_assert_num_queries(1):
        events.record_many(rows)
    written = list(TicketEvent.objects.filter(ticket=ticket, kind=events.EventKind.NOTE_ADDED).order_by("pk"))
    assert [(e.actor_id, e.actor_kind, e.at, e.data) for e in written] == [
        (agent.pk, ActorKind.AGENT, T0, {"n": n}) for n in (1, 2, 3)
    ]
    assert written[0].pk == single.pk


def test_a_single_event_is_one_insert_and_the_instance_returned_is_the_row_stored(django_assert_num_queries):
    ticket, agent = TicketFactory(), agent_user()
    data = {"message_id": 7, "text": 'Ünïcode ✓ "quoted"', "nested": {"a": [1, None, True]}}
    with django_assert_num_queries(1):
        event = events.record(ticket_id=ticket.pk, kind=events.EventKind.REPLY_SENT, now=T0, actor=agent, data=data)
    stored = TicketEvent.objects.get(pk=event.pk)
    assert event.pk is not None and not event._state.adding
    assert (
        stored.ticket_id,
        stored.case_id,
        stored.kind,
        stored.actor_id,
        stored.actor_kind,
        stored.at,
        stored.data,
    ) == (
        ticket.pk,
        None,
        events.EventKind.REPLY_SENT,
        agent.pk,
        ActorKind.AGENT,
        T0,
        data,
    )
    assert (event.ticket_id, event.actor_id, event.at, event.data) == (ticket.pk, agent.pk, T0, data)
    system = events.record(ticket_id=ticket.pk, kind=events.EventKind.NOTE_ADDED, now=T0)
    assert system.pk > event.pk and TicketEvent.objects.get(pk=system.pk).actor_kind == ActorKind.SYSTEM


def test_every_event_kind_has_a_label_on_the_ticket_page():
    from inquiries.console.texts import EVENT_LABELS

    assert events.EventKind.all() == set(EVENT_LABELS)


def test_batch_opening_checks_every_initial_status_before_writing_anything():
    mp = marketplace("US")
    fine = TicketFactory.build(marketplace=mp, status="")
    wrong = TicketFactory.build(marketplace=mp, status="")
    before = (TicketEvent.objects.count(), type(fine).objects.count())
    with pytest.raises(InvalidTransition):
        tickets_open_bulk([(fine, TicketStatus.OPEN, {}), (wrong, TicketStatus.RESOLVED, {})], now=T0)
    assert (TicketEvent.objects.count(), type(fine).objects.count()) == before


def test_batch_opening_writes_each_ticket_and_its_opened_event():
    mp = marketplace("US")
    tickets = [TicketFactory.build(marketplace=mp, status="") for _ in range(3)]
    statuses = [TicketStatus.OPEN, TicketStatus.TRANSFERRED, TicketStatus.OPEN]
    tickets_open_bulk(
        [(t, s, {"n": i}) for i, (t, s) in enumerate(zip(tickets, statuses))], now=T0, actor_kind=ActorKind.BUYER
    )
    opened = {e.ticket_id: e for e in TicketEvent.objects.filter(kind=events.EventKind.OPENED)}
    for index, (ticket, status) in enumerate(zip(tickets, statuses)):
        ticket.refresh_from_db()
        assert ticket.status == status
        event = opened[ticket.pk]
        assert (event.actor_kind, event.data) == (ActorKind.BUYER, {"from": None, "to": status, "n": index})


@pytest.mark.postgres
def test_events_by_ticket_are_read_from_the_ticket_and_time_index_the_only_one_on_ticket():
    # a sweep writes ~5 events per case: the table keeps one index led by the ticket, (ticket, at)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'inquiries_ticketevent' AND indexdef LIKE %s",
            ["%(ticket_id%"],
        )
        assert [row[0].split(" ON ")[0] for row in cursor.fetchall()] == ["CREATE INDEX event_ticket_at"]
        cursor.execute("SET enable_seqscan = off")  # the test table is small: ask which index serves
        cursor.execute("EXPLAIN SELECT id FROM inquiries_ticketevent WHERE ticket_id = 1")
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "event_ticket_at" in plan
    # and the foreign key still holds
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE conrelid = 'inquiries_ticketevent'::regclass AND contype = 'f' "
            "AND confrelid = 'inquiries_ticket'::regclass"
        )
        assert cursor.fetchone()[0] == 1
