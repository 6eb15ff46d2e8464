"""Reads compiled once (csba.prepared) return what their querysets return:
the same rows, fields, related objects and annotations, on SQLite and
PostgreSQL, whatever the values."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from csba.prepared import Param, PreparedRead
from sellers.coverage import window_containing, window_query
from sellers.models import Order, OrderItem
from tests.factories import T0, EnrollmentFactory, OrderFactory, OrderItemFactory, SellerFactory

pytestmark = pytest.mark.django_db


def _same(prepared: list, expected: list, related: tuple[str, ...] = ()) -> None:
    assert [type(o) for o in prepared] == [type(o) for o in expected]
    for mine, theirs in zip(prepared, expected, strict=True):
        assert mine.__dict__.keys() - {"_state"} == theirs.__dict__.keys() - {"_state"}
        assert {k: v for k, v in mine.__dict__.items() if k != "_state"} == {
            k: v for k, v in theirs.__dict__.items() if k != "_state"
        }
        assert mine._state.db == theirs._state.db and not mine._state.adding
        for path in related:
            a, b = mine, theirs
            for name in path.split("__"):
                a, b = getattr(a, name), getattr(b, name)
            assert (a is None) == (b is None)
            if a is not None:
                assert {k: v for k, v in a.__dict__.items() if k != "_state"} == {
                    k: v for k, v in b.__dict__.items() if k != "_state"
                }


def test_the_order_items_read_is_its_queryset_and_runs_one_statement_without_compiling(django_assert_num_queries):
    from inquiries.intake.contacts import ORDER_ITEMS_READ

    order = OrderFactory()
    for _ in range(3):
        OrderItemFactory(order=order)
    other = OrderItemFactory()
    related = ("order", "order__marketplace", "order__buyer", "order__seller", "product")
    for number in (order.order_number, other.order.order_number, "no-such-order", "x' OR '1'='1"):
        expected = list(
            OrderItem.objects.filter(order__order_number=number)
            .select_related("order__marketplace", "order__buyer", "order__seller", "product")
            .order_by("pk")
        )
        with django_assert_num_queries(1):
            found = ORDER_ITEMS_READ(number=number)
        _same(found, expected, related)
    assert len(ORDER_ITEMS_READ(number=order.order_number)) == 3 and ORDER_ITEMS_READ(number="x' OR '1'='1") == []


def test_the_enrollment_window_read_is_its_queryset_at_every_moment():
    ended = EnrollmentFactory(effective_at=T0, ended_at=T0 + timedelta(days=10))
    open_ended = EnrollmentFactory(effective_at=T0 + timedelta(days=20), ended_at=None)
    never = SellerFactory()
    marketplace_id = ended.marketplace_id
    for days in (-1, 0, 5, 10, 15, 20, 22, 400):
        for seller_id in (ended.seller_id, open_ended.seller_id, never.pk):
            moment = T0 + timedelta(days=days, microseconds=7)
            expected = window_query(seller_id, marketplace_id, moment).first()
            found = window_containing(seller_id=seller_id, marketplace_id=marketplace_id, moment=moment)
            _same([found] if found else [], [expected] if expected else [], ("program",))
    assert window_containing(seller_id=ended.seller_id, marketplace_id=marketplace_id, moment=T0).pk == ended.pk
    assert (
        window_containing(seller_id=ended.seller_id, marketplace_id=marketplace_id, moment=T0 + timedelta(days=10))
        is None
    )


def test_annotations_come_through_and_a_read_that_ignores_a_parameter_is_refused():
    order = OrderFactory()
    OrderItemFactory(order=order)
    OrderItemFactory(order=order)
    counted = PreparedRead(
        lambda seller_id: Order.objects.filter(seller_id=seller_id).annotate(lines=Count("items")).order_by("pk"),
        seller_id=Param.INT,
    )
    assert [(o.pk, o.lines) for o in counted(seller_id=order.seller_id)] == [(order.pk, 2)]
    ignoring = PreparedRead(lambda seller_id: Order.objects.all(), seller_id=Param.INT)
    with pytest.raises(ValueError, match="does not take 'seller_id'"):
        ignoring(seller_id=order.seller_id)


def test_the_sql_is_compiled_once_per_process():
    order = OrderFactory()
    read = PreparedRead(lambda number: Order.objects.filter(order_number=number), number=Param.TEXT)
    read(number=order.order_number)
    compiled = dict(read._compiled)
    with CaptureQueriesContext(connection) as queries:
        assert [o.pk for o in read(number=order.order_number)] == [order.pk]
    assert read._compiled == compiled and len(queries.captured_queries) == 1


@pytest.mark.django_db(transaction=True)
def test_a_locking_read_outside_a_transaction_is_refused_after_its_first_compile_too():
    if not connection.features.has_select_for_update:
        pytest.skip("SQLite serialises writers by its write transaction; there is no row lock to refuse")
    from django.db import transaction
    from django.db.transaction import TransactionManagementError

    order = OrderFactory()
    read = PreparedRead(lambda pk: Order.objects.filter(pk=pk).select_for_update(), pk=Param.INT)
    with transaction.atomic():
        assert [o.pk for o in read(pk=order.pk)] == [order.pk]  # compiled inside a transaction
    with pytest.raises(TransactionManagementError), CaptureQueriesContext(connection) as queries:
        read(pk=order.pk)
    assert queries.captured_queries == []  # refused before any statement, as Django's compiler refuses


# --- inserts compiled once --------------------------------------------------------------------------------------------


def _row(model, pk) -> dict:
    return model.objects.filter(pk=pk).values().get()


def test_a_prepared_insert_writes_the_row_save_writes_and_sets_what_save_sets(django_assert_num_queries):
    from csba.prepared import PreparedInsert
    from inquiries.models import Message, Ticket, TicketEvent
    from tests.factories import TicketFactory

    template = TicketFactory()
    events_insert, messages_insert, tickets_insert = (PreparedInsert(m) for m in (TicketEvent, Message, Ticket))
    for n in range(3):  # the first call compiles, the others reuse the statement
        now = T0 + timedelta(minutes=n)
        pair = []
        for insert in (None, events_insert):
            event = TicketEvent(
                ticket_id=template.pk, kind="opened", actor_kind="buyer", at=now, data={"n": n, "ü": "é"}
            )
            if insert is None:
                event.save()
            else:
                with django_assert_num_queries(1):
                    assert insert(event) is event
            assert event.pk is not None and event._state.db == "default" and not event._state.adding
            pair.append(_row(TicketEvent, event.pk))
        assert {**pair[0], "id": 0} == {**pair[1], "id": 0}
        assert pair[1]["data"] == {"n": n, "ü": "é"} and pair[1]["case_id"] is None
        messages = [
            Message(ticket=template, direction="inbound", author_kind="buyer", channel="api", body=f"x{n}", sent_at=now)
            for _ in range(2)
        ]
        messages[0].save()
        messages_insert(messages[1])
        assert {**_row(Message, messages[0].pk), "id": 0} == {**_row(Message, messages[1].pk), "id": 0}
        tickets = []
        for insert in (None, tickets_insert):
            ticket = Ticket(**{f.attname: getattr(template, f.attname) for f in Ticket._meta.concrete_fields})
            ticket.pk, ticket.opened_at, ticket.classification = None, now, {"p": [0.5, n], "ja": "届"}
            ticket.idempotency_key = f"k-{n}-{insert is None}"
            ticket.save() if insert is None else insert(ticket)
            tickets.append(_row(Ticket, ticket.pk))
        assert {**tickets[0], "id": 0, "idempotency_key": 0} == {**tickets[1], "id": 0, "idempotency_key": 0}
        assert tickets[1]["classification"] == {"p": [0.5, n], "ja": "届"}


def test_a_prepared_insert_leaves_an_instance_with_a_key_to_save(django_assert_num_queries):
    from csba.prepared import PreparedInsert
    from inquiries.models import TicketEvent
    from tests.factories import TicketFactory

    ticket = TicketFactory()
    event = TicketEvent(ticket_id=ticket.pk, kind="opened", actor_kind="buyer", at=T0, data={})
    PreparedInsert(TicketEvent)(event)
    event.data = {"changed": True}
    PreparedInsert(TicketEvent)(event)  # an UPDATE by save(), not a second row
    assert TicketEvent.objects.filter(pk=event.pk).get().data == {"changed": True}
    assert TicketEvent.objects.filter(ticket_id=ticket.pk, kind="opened", at=T0).count() == 1


def test_a_prepared_insert_sends_the_save_signals_to_receivers():
    from django.db.models.signals import post_save, pre_save

    from csba.prepared import PreparedInsert
    from inquiries.models import TicketEvent
    from tests.factories import TicketFactory

    ticket = TicketFactory()
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append((kwargs.get("created"), instance.pk is not None))

    pre_save.connect(receiver, sender=TicketEvent, dispatch_uid="test-prepared-pre")
    post_save.connect(receiver, sender=TicketEvent, dispatch_uid="test-prepared-post")
    try:
        PreparedInsert(TicketEvent)(TicketEvent(ticket_id=ticket.pk, kind="opened", actor_kind="buyer", at=T0, data={}))
    finally:
        pre_save.disconnect(dispatch_uid="test-prepared-pre", sender=TicketEvent)
        post_save.disconnect(dispatch_uid="test-prepared-post", sender=TicketEvent)
    assert seen == [(None, False), (True, True)]


def test_a_value_that_is_an_sql_expression_takes_save_s_path_and_the_next_plain_instance_the_prepared_one(
    django_assert_num_queries,
):
    from django.db.models.functions import Now

    from csba.prepared import PreparedInsert
    from inquiries.models import TicketEvent
    from tests.factories import TicketFactory

    ticket = TicketFactory()
    insert = PreparedInsert(TicketEvent)
    first = insert(TicketEvent(ticket_id=ticket.pk, kind="opened", actor_kind="buyer", at=Now(), data={}))
    assert TicketEvent.objects.filter(pk=first.pk).exists()
    second = TicketEvent(ticket_id=ticket.pk, kind="opened", actor_kind="buyer", at=T0, data={"n": 2})
    with django_assert_num_queries(1):
        insert(second)
    assert TicketEvent.objects.get(pk=second.pk).data == {"n": 2}
    with_expression = TicketEvent(ticket_id=ticket.pk, kind="opened", actor_kind="buyer", at=Now(), data={"n": 3})
    insert(with_expression)
    assert TicketEvent.objects.get(pk=with_expression.pk).data == {"n": 3}


def test_a_list_parameter_is_compiled_once_per_length_and_reads_what_its_queryset_reads():
    orders = [OrderFactory() for _ in range(4)]
    numbers = [o.order_number for o in orders]
    read = PreparedRead(
        lambda numbers: Order.objects.select_related("marketplace", "buyer", "seller").filter(order_number__in=numbers),
        numbers=Param.TEXT_LIST,
    )
    for wanted in (numbers[:1], numbers[1:3], [numbers[3], "no-such-order"], numbers, [numbers[0], numbers[0]]):
        expected = list(Order.objects.select_related("marketplace", "buyer", "seller").filter(order_number__in=wanted))
        with CaptureQueriesContext(connection) as queries:
            found = read(numbers=wanted)
        assert len(queries.captured_queries) == 1
        _same(found, expected, ("marketplace", "buyer", "seller"))
    # one statement per distinct length (a repeated value counts once, as __in counts it)
    assert sorted(key[2] for key in read._compiled) == [(1,), (2,), (4,)]
    with pytest.raises(ValueError, match="empty"):
        read(numbers=[])


def test_int_lists_beside_other_parameters_and_a_long_list_is_not_kept():
    from csba import prepared

    items = [OrderItemFactory() for _ in range(3)]
    read = PreparedRead(
        lambda orders, product: OrderItem.objects.filter(order_id__in=orders).exclude(product_id=product),
        orders=Param.INT_LIST,
        product=Param.INT,
    )
    ids = [i.order_id for i in items]
    assert {i.pk for i in read(orders=ids, product=items[0].product_id)} == {items[1].pk, items[2].pk}
    assert {i.pk for i in read(orders=ids[:2], product=items[2].product_id)} == {items[0].pk, items[1].pk}
    long = ids + list(range(10**9, 10**9 + prepared.MAX_KEPT_LENGTH))
    assert {i.pk for i in read(orders=long, product=-1)} == {i.pk for i in items}
    assert all(max(key[2]) <= prepared.MAX_KEPT_LENGTH for key in read._compiled)


def test_batch_coverage_reads_two_statements_and_judges_like_the_single_read():
    from sellers.coverage import order_item_coverage, order_item_coverage_bulk

    enrolled = EnrollmentFactory(requested_at=T0 - timedelta(days=30), ended_at=None)
    orders = [OrderFactory(seller=enrolled.seller, marketplace=enrolled.marketplace) for _ in range(2)]
    orders.append(OrderFactory())
    for order in orders:
        OrderItemFactory(order=order)
        OrderItemFactory(order=order)
    with CaptureQueriesContext(connection) as queries:
        judged = order_item_coverage_bulk(orders)
    assert len(queries.captured_queries) == 2
    for order in orders:
        single = order_item_coverage(order)
        assert [(item.pk, coverage) for item, coverage in judged[order.pk]] == [
            (item.pk, coverage) for item, coverage in single
        ]
    assert [c.is_covered for _, c in judged[orders[0].pk] + judged[orders[2].pk]] == [True, True, False, False]
