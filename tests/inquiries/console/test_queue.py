"""The queue: filters, order, counts, pages, case deadlines and the next ticket."""

from datetime import timedelta

import pytest

from inquiries.console.selectors import QueueFilters, queue_neighbour, queue_position, ticket_queue
from inquiries.states import CaseStatus, TicketStatus
from tests.factories import CaseFactory, TicketFactory, marketplace

from .conftest import NOW

pytestmark = pytest.mark.django_db


def refs(page):
    return [t.subject for t in page.rows]


def ticket(subject, *, due_in_hours, **fields):
    return TicketFactory(
        subject=subject,
        opened_at=NOW - timedelta(hours=1),
        first_response_due_at=NOW + timedelta(hours=due_in_hours),
        **fields,
    )


@pytest.fixture
def mixed(agent, agent2):
    """Tickets covering every filter dimension."""
    return {
        "overdue": ticket("overdue", due_in_hours=-2),
        "soon": ticket("soon", due_in_hours=1, assigned_to=agent),
        "later": ticket(
            "later", due_in_hours=30, language="de", marketplace=marketplace("DE"), reason="refund", channel="chat"
        ),
        "replied": ticket(
            "replied", due_in_hours=10, status=TicketStatus.SELLER_REPLIED, assigned_to=agent2, priority=1
        ),
        "answered": ticket("answered", due_in_hours=-5, first_responded_at=NOW - timedelta(hours=6)),
        "waiting": ticket("waiting", due_in_hours=3, status=TicketStatus.PENDING_BUYER),
        "resolved": ticket("resolved", due_in_hours=-50, status=TicketStatus.RESOLVED),
    }


def queue(agent, **filters):
    return ticket_queue(filters=QueueFilters(**filters), agent_id=agent.pk, now=NOW)


def test_the_default_queue_holds_the_actionable_tickets_seller_replies_first_then_by_due_time(agent, mixed):
    assert refs(queue(agent)) == ["replied", "answered", "overdue", "soon", "later"]


def test_other_sorts_interleave_seller_replies_by_their_key(agent, mixed):
    assert refs(queue(agent, sort="newest"))[0] != "replied"
    assert refs(queue(agent, status="open")) == ["answered", "overdue", "soon", "later"]


@pytest.mark.parametrize(
    "filters,expected",
    [
        ({"marketplace": "DE"}, ["later"]),
        ({"language": "de"}, ["later"]),
        ({"reason": "refund"}, ["later"]),
        ({"channel": "chat"}, ["later"]),
        ({"status": "seller_replied"}, ["replied"]),
        ({"status": "pending_buyer"}, ["waiting"]),
        ({"status": "resolved"}, ["resolved"]),
        ({"due": "overdue"}, ["overdue"]),
        ({"due": "soon"}, ["soon"]),
        ({"assignee": "mine"}, ["soon"]),
        ({"assignee": "unassigned"}, ["answered", "overdue", "later"]),
        ({"assignee": "mine", "status": "actionable"}, ["soon"]),
        ({"sort": "priority"}, ["replied", "answered", "overdue", "soon", "later"]),
        ({"marketplace": "US", "assignee": "unassigned", "due": "overdue"}, ["overdue"]),
    ],
)
def test_each_filter_selects_its_tickets(agent, mixed, filters, expected):
    assert refs(queue(agent, **filters)) == expected


def test_counts_follow_the_other_filters(agent, mixed):
    # when the agent looks at unassigned tickets
    page = queue(agent, assignee="unassigned")
    # then the due counts are those of unassigned tickets, the assignment counts those of any due time
    assert {k: c.value for k, c in page.counts["due"].items()} == {"": 3, "soon": 0, "overdue": 1}
    assert {k: c.value for k, c in page.counts["assignee"].items()} == {"": 5, "mine": 1, "unassigned": 3}
    assert (page.total.value, page.total.is_capped, str(page.total)) == (3, False, "3")


def test_counts_stop_at_the_cap(agent, monkeypatch):
    from inquiries.console.selectors import queue as selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    for n in range(5):
        ticket(f"t{n}", due_in_hours=n)
    page = queue(agent)
    assert (page.total.value, page.total.is_capped, str(page.total)) == (3, True, "3+")
    assert page.num_pages is None


def test_pages_are_cut_on_the_server(agent):
    for n in range(7):
        ticket(f"t{n}", due_in_hours=n)
    first = ticket_queue(filters=QueueFilters(), agent_id=agent.pk, now=NOW, page=1, page_size=3)
    last = ticket_queue(filters=QueueFilters(), agent_id=agent.pk, now=NOW, page=3, page_size=3)
    assert (refs(first), first.has_next, first.num_pages) == (["t0", "t1", "t2"], True, 3)
    assert (refs(last), last.has_next, last.has_previous, last.first_index, last.last_index) == (
        ["t6"],
        False,
        True,
        7,
        7,
    )


def test_rows_carry_the_open_case_deadline(agent):
    escalated = ticket("escalated", due_in_hours=5, status=TicketStatus.SELLER_REPLIED)
    CaseFactory(
        ticket=escalated,
        status=CaseStatus.SELLER_REPLIED,
        opened_at=NOW - timedelta(hours=2),
        deadline_at=NOW + timedelta(hours=22),
    )
    plain = ticket("plain", due_in_hours=6)
    page = queue(agent)
    by_subject = {t.subject: t for t in page.rows}
    assert by_subject["escalated"].case_deadline_at == NOW + timedelta(hours=22)
    assert by_subject["escalated"].case_status == CaseStatus.SELLER_REPLIED
    assert by_subject["plain"].case_deadline_at is None
    assert plain.pk in [t.id for t in page.rows]


def test_the_next_ticket_skips_those_other_agents_hold(agent, agent2, mixed):
    # the queue: replied (agent2's), answered, overdue, soon (mine), later
    after_soon = queue_neighbour(filters=QueueFilters(), agent_id=agent.pk, now=NOW, after=mixed["soon"])
    before_later = queue_neighbour(
        filters=QueueFilters(), agent_id=agent.pk, now=NOW, after=mixed["later"], forward=False
    )
    at_end = queue_neighbour(filters=QueueFilters(), agent_id=agent.pk, now=NOW, after=mixed["later"])
    assert (after_soon, before_later, at_end) == (mixed["later"].pk, mixed["soon"].pk, None)


def test_the_next_ticket_goes_through_seller_replies_then_the_rest(agent):
    # given two seller replies due late and two open tickets due early
    r1 = ticket("r1", due_in_hours=10, status=TicketStatus.SELLER_REPLIED)
    r2 = ticket("r2", due_in_hours=20, status=TicketStatus.SELLER_REPLIED)
    o1 = ticket("o1", due_in_hours=1)
    o2 = ticket("o2", due_in_hours=2)

    def walk(start, forward=True):
        seen, at = [], start
        while found := queue_neighbour(filters=QueueFilters(), agent_id=agent.pk, now=NOW, after=at, forward=forward):
            seen.append(found)
            at = queue_position(ticket_id=found)
        return seen

    # then forward from the top and backward from the end follow the queue's order
    assert walk(None) == [r1.pk, r2.pk, o1.pk, o2.pk]
    assert walk(queue_position(ticket_id=o2.pk), forward=False) == [o1.pk, r2.pk, r1.pk]


def test_next_after_a_replied_ticket_carries_on_where_it_stood(agent):
    # given the agent answered the first seller reply: it now waits for the buyer
    from inquiries.console.services import ticket_reply

    r1 = ticket("r1", due_in_hours=10, status=TicketStatus.SELLER_REPLIED)
    r2 = ticket("r2", due_in_hours=20, status=TicketStatus.SELLER_REPLIED)
    ticket("o1", due_in_hours=1)
    ticket_reply(ticket_id=r1.pk, agent=agent, body="Thanks, the seller confirmed.", now=NOW)
    position = queue_position(ticket_id=r1.pk)
    # then "next" is the other seller reply, not the earliest open ticket
    assert (position.status, position.queue_status) == (TicketStatus.PENDING_BUYER, TicketStatus.SELLER_REPLIED)
    assert queue_neighbour(filters=QueueFilters(), agent_id=agent.pk, now=NOW, after=position) == r2.pk


@pytest.mark.parametrize("sort", ["due", "priority", "newest"])
def test_pages_over_several_statuses_merge_like_one_sorted_query(agent, monkeypatch, sort):
    # given open and seller-replied tickets interleaved in every order
    for n in range(9):
        TicketFactory(
            subject=f"t{n}",
            status=TicketStatus.OPEN if n % 2 else TicketStatus.SELLER_REPLIED,
            priority=n % 3,
            opened_at=NOW - timedelta(hours=n * 7 % 11),
            first_response_due_at=NOW + timedelta(hours=n * 5 % 9),
        )

    def pages():
        return [
            refs(ticket_queue(filters=QueueFilters(sort=sort), agent_id=agent.pk, now=NOW, page=p, page_size=4))
            for p in (1, 2, 3)
        ]

    merged = pages()
    # when the database sorts instead (deep pages)
    from inquiries.console.selectors import queue as selectors

    monkeypatch.setattr(selectors, "MERGE_DEPTH", 0)
    sorted_in_database = pages()
    # then both agree, and every ticket shows once
    assert merged == sorted_in_database
    assert sorted(sum(merged, [])) == [f"t{n}" for n in range(9)]


def test_closed_tickets_show_for_the_last_two_weeks_only(agent, settings):
    settings.AGENT_QUEUE_CLOSED_DAYS = 14
    recent = ticket("recent", due_in_hours=-20, status=TicketStatus.RESOLVED)
    TicketFactory(
        subject="old",
        status=TicketStatus.RESOLVED,
        opened_at=NOW - timedelta(days=20),
        first_response_due_at=NOW - timedelta(days=18),
    )
    assert refs(queue(agent, status="resolved")) == [recent.subject]


def test_attribute_values_read_as_text():
    from inquiries.console.selectors import attribute_text

    assert attribute_text({"value": 340, "unit": "g"}) == "340 g"
    assert attribute_text(["red", "blue"]) == "red, blue"
    assert attribute_text({"width": {"value": 7, "unit": "cm"}}) == "width: 7 cm"
    assert attribute_text("750 ml") == "750 ml"


def test_the_detail_page_shows_attribute_names_as_words_and_yes_no_in_the_viewers_language():
    from django.utils import translation

    from inquiries.console.selectors.ticket_page import detail_page
    from sellers.models import Product

    product = Product(title="Pan", attributes={"oven_safe": True, "induction": False, "diameter": "26 cm"})
    with translation.override("de"):
        shown = [(name, value) for name, value, _ in detail_page(product, []).attributes]
    assert shown == [("oven safe", "ja"), ("induction", "nein"), ("diameter", "26 cm")]
