"""Search for agents and sellers: ticket number, order number, buyer email,
text (full-text on PostgreSQL, a scan on SQLite); sellers see their own only."""

from datetime import timedelta

import pytest
from django.db import connection

from inquiries.console.services import ticket_note
from inquiries.models import Message
from inquiries.reasons import Route
from inquiries.search import Kind, SearchScope, query_kind, ticket_search, tsquery
from inquiries.states import TicketStatus
from tests.factories import (
    T0,
    BuyerFactory,
    CaseFactory,
    OrderFactory,
    SellerFactory,
    TicketFactory,
    agent_user,
    marketplace,
    seller_with_user,
)

pytestmark = pytest.mark.django_db
NOW = T0 + timedelta(days=20)


def ticket_with(text, **fields):
    ticket = TicketFactory(**fields)
    Message.objects.create(
        ticket=ticket, direction="inbound", author_kind="buyer", channel=ticket.channel, body=text, sent_at=NOW
    )
    return ticket


def found(query, scope=None):
    return [t.pk for t in ticket_search(query=query, scope=scope or SearchScope()).tickets]


@pytest.mark.parametrize(
    "query,kind",
    [
        ("CSBA-12", Kind.TICKET),
        ("csba 12", Kind.TICKET),
        ("#12", Kind.TICKET),
        ("12", Kind.TICKET),
        ("111-1234567-1234567", Kind.ORDER),
        ("Ann@Example.net", Kind.EMAIL),
        ("dishwasher safe", Kind.TEXT),
        ("食洗機", Kind.TEXT),
    ],
)
def test_what_a_query_is(query, kind):
    assert query_kind(query) == kind


def test_text_becomes_a_safe_tsquery():
    assert tsquery("Dishwasher SAFE?") == "dishwasher:* & safe:*"
    assert tsquery("食洗機で洗えますか") == "(食 <-> 洗 <-> 機 <-> で <-> 洗 <-> え <-> ま <-> す <-> か)"
    assert tsquery("'); drop table x; --") == "drop:* & table:* & x:*"
    assert tsquery("!!!") == ""


def test_by_ticket_number_order_number_and_buyer_email():
    buyer = BuyerFactory(email="ann@example.net")
    order = OrderFactory(buyer=buyer)
    on_order = ticket_with("where is it", order=order, buyer=buyer)
    other = ticket_with("hello", buyer=BuyerFactory(marketplace=marketplace("DE"), email="ann@example.net"))
    assert found(on_order.reference) == [on_order.pk]
    assert found(order.order_number) == [on_order.pk]
    assert found("ANN@example.net") == [other.pk, on_order.pk]  # both marketplaces, newest first
    assert found("CSBA-999999") == [] and found("") == []


def test_by_words_in_any_language_and_in_the_subject():
    bottle = ticket_with("Is the bottle dishwasher safe?")
    pan = ticket_with("Die Pfanne ist beschädigt angekommen.")
    japanese = ticket_with("届いた商品が壊れていました。")
    subject_only = ticket_with("see subject", subject="Refund for the broken kettle")
    assert found("dishwasher") == [bottle.pk]
    assert found("DISHWASH") == [bottle.pk]
    assert found("beschädigt") == [pan.pk]
    assert found("商品") == [japanese.pk]
    assert found("kettle") == [subject_only.pk]
    assert found("bottle safe") == [bottle.pk] and found("bottle pan") == []


def test_sellers_find_their_cases_and_routed_messages_only_never_notes():
    seller = seller_with_user("s1")
    with_case = ticket_with("parcel lost", seller=seller, status=TicketStatus.AWAITING_SELLER)
    CaseFactory(ticket=with_case, seller=seller)
    routed = ticket_with(
        "parcel invoice please", seller=seller, route=Route.SELLER_MESSAGING, status=TicketStatus.TRANSFERRED
    )
    csba_only = ticket_with("parcel question", seller=seller)  # CSBA answers it: not in the seller's portal
    theirs = ticket_with("parcel elsewhere", seller=SellerFactory(), route=Route.SELLER_MESSAGING)
    ticket_note(ticket_id=with_case.pk, agent=agent_user("a1"), body="internal secret remark", now=NOW)
    scope = SearchScope(seller_id=seller.pk)
    assert found("parcel", scope) == [routed.pk, with_case.pk]
    assert found(csba_only.reference, scope) == [] and found(theirs.reference, scope) == []
    assert found("secret", scope) == []
    assert found("secret") == [with_case.pk]  # agents see their notes


def test_the_agent_page_opens_a_ticket_by_number_and_lists_the_rest(client):
    client.force_login(agent_user("ann"))
    ticket = ticket_with("The lid is cracked")
    assert client.get("/agent/search/", {"q": ticket.reference})["Location"] == f"/agent/tickets/{ticket.pk}/"
    page = client.get("/agent/search/", {"q": "cracked"}).content.decode()
    assert f'href="/agent/tickets/{ticket.pk}/"' in page and "Tickets found for “cracked”: 1 (newest first)." in page
    assert "Nothing found for “zebra”." in client.get("/agent/search/", {"q": "zebra"}).content.decode()


def test_the_seller_page_links_to_the_case(client):
    seller = seller_with_user("s2")
    ticket = ticket_with("Ask me at bo@example.net", seller=seller, subject="Mail bo@example.net")
    case = CaseFactory(ticket=ticket, seller=seller)
    client.force_login(seller.user)
    page = client.get("/seller/search/", {"q": ticket.reference}).content.decode()
    assert f'href="/seller/cases/{case.pk}/"' in page
    assert "bo@example.net" not in page.split("<main")[1] or "[email removed]" in page
    assert client.get("/agent/search/").status_code == 403


@pytest.mark.parametrize("query", ["CSBA-1", "111-0000001-0000001", "bo@example.net", "parcel lost"])
def test_a_search_runs_a_fixed_number_of_queries(client, query, django_assert_max_num_queries):
    client.force_login(agent_user("ann"))
    for n in range(30):
        ticket_with(f"parcel lost number {n}")
    # at most: the session and user, the newest ids, a savepoint with its two settings and the walk of
    # the newest messages, another with two queries per window of newest rows (here one), the rows
    with django_assert_max_num_queries(18):
        client.get("/agent/search/", {"q": query})


def test_a_common_word_lists_the_newest_tickets_subjects_included():
    for n in range(60):
        ticket_with(f"where is my parcel {n}")
    by_subject = ticket_with("see the subject", subject="Parcel damaged")
    shown = found("parcel")
    assert len(shown) == 50 and shown[0] == by_subject.pk
    assert shown == sorted(shown, reverse=True)


def test_the_index_and_the_query_use_the_same_expression():
    import importlib

    migration = importlib.import_module("inquiries.migrations.0006_search_indexes")
    from inquiries import search

    assert migration.TSVECTOR == search.TSVECTOR


@pytest.mark.postgres
@pytest.mark.parametrize(
    "where,index",
    [
        ("inquiries_message WHERE search_document @@ to_tsquery('simple'::regconfig, %s)", "message_search_fts"),
        (
            "inquiries_ticket WHERE "
            + __import__("inquiries.search", fromlist=["TSVECTOR"]).TSVECTOR.format(column="subject")
            + " @@ to_tsquery('simple'::regconfig, %s)",
            "ticket_subject_fts",
        ),
    ],
)
def test_postgresql_answers_text_from_the_full_text_indexes(where, index):
    ticket_with("Is the bottle dishwasher safe?", subject="Dishwasher")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(f"EXPLAIN SELECT id FROM {where}", ["dishwasher:*"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
        cursor.execute(
            "SELECT count(*) FROM inquiries_message WHERE search_document @@ to_tsquery('simple', %s)", ["(食 <-> 洗)"]
        )
    assert index in plan
