"""The console's pages: access, what the queue and the ticket page show, the
action forms (errors on the form, never a 500), translations, query budgets."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inquiries.console.services import ticket_claim
from inquiries.models import CaseMessage, Macro, Message, TicketEvent
from inquiries.states import CaseStatus, TicketStatus
from sellers.models import Refund, Return, StaffProfile
from tests.factories import CaseFactory, TicketFactory, UserFactory, seller_with_user

from .conftest import NOW, SUGGESTION, covered_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(clock):
    clock.set(NOW)
    return clock


def html(response) -> str:
    return response.content.decode()


# --- access ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/agent/", "/agent/queue/results/", "/agent/tickets/1/", "/agent/next/"])
def test_anonymous_users_go_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_sellers_may_not_use_the_console(client):
    seller = seller_with_user("seller9")
    client.force_login(seller.user)
    assert client.get("/agent/").status_code == 403
    assert client.post("/agent/tickets/1/claim/").status_code == 403


# --- the queue ------------------------------------------------------------------------------------------------


def test_the_queue_shows_rows_counts_and_countdowns_in_the_agents_time_zone(agent_client, agent):
    # given an agent in Tokyo and a ticket due in 3 hours
    StaffProfile.objects.filter(user=agent).update(time_zone="Asia/Tokyo", language="en")
    ticket = TicketFactory(subject="Where is my parcel?", first_response_due_at=NOW + timedelta(hours=3, minutes=5))
    # when
    page = html(agent_client.get("/agent/"))
    # then
    assert "Where is my parcel?" in page
    assert f'href="/agent/tickets/{ticket.pk}/"' in page
    assert "in 3 h 5 min" in page
    assert "Times are shown in Asia/Tokyo." in page
    assert "Jan 21, 2026, 2:05 PM JST" in page  # the due time in the agent's zone
    assert 'class="countdown soon"' in page
    assert 'Unassigned <span class="count">1</span>' in page


def test_filters_come_from_the_query_string_and_bad_values_are_ignored(agent_client):
    TicketFactory(subject="a chat", channel="chat")
    TicketFactory(subject="an email", channel="email")
    chat_only = html(agent_client.get("/agent/?channel=chat"))
    assert "a chat" in chat_only and "an email" not in chat_only
    response = agent_client.get("/agent/?channel=pigeon&status=bogus&page=-3&sort=x")
    assert response.status_code == 200
    assert "a chat" in html(response) and "an email" in html(response)


def test_the_page_in_the_query_string_is_the_page_shown(agent_client):
    # given more tickets than one page holds, due one after the other
    for number in range(55):
        TicketFactory(
            subject=f"ticket number {number:02d}", first_response_due_at=NOW + timedelta(hours=1, minutes=number)
        )
    # when the agent opens the second page
    second = html(agent_client.get("/agent/?page=2"))
    # then it shows the tickets after the first fifty, not the first page again
    assert "ticket number 52" in second
    assert "ticket number 03" not in second


def test_the_polled_fragment_shows_new_tickets(agent_client):
    # given the agent looked at the queue
    TicketFactory(subject="first one")
    agent_client.get("/agent/")
    # when a ticket arrives and the page polls
    TicketFactory(subject="brand new")
    response = agent_client.get("/agent/queue/results/")
    # then the fragment has it, without the page around it
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "brand new" in html(response) and "first one" in html(response)
    assert "<html" not in html(response)


def test_the_queue_page_tells_the_script_where_to_poll(agent_client):
    page = html(agent_client.get("/agent/?channel=chat"))
    assert 'data-poll-url="/agent/queue/results/?channel=chat"' in page
    assert 'data-poll-seconds="10"' in page
    assert "/static/js/agent.js" in page


def test_next_ticket_follows_the_last_queue_view(agent_client):
    # given the agent filtered chats
    first = TicketFactory(channel="chat", first_response_due_at=NOW + timedelta(hours=1))
    TicketFactory(channel="email", first_response_due_at=NOW + timedelta(hours=2))
    second = TicketFactory(channel="chat", first_response_due_at=NOW + timedelta(hours=3))
    agent_client.get("/agent/?channel=chat")
    # when / then
    assert agent_client.get("/agent/next/")["Location"] == f"/agent/tickets/{first.pk}/"
    assert agent_client.get(f"/agent/next/?after={first.pk}")["Location"] == f"/agent/tickets/{second.pk}/"
    assert (
        agent_client.get(f"/agent/next/?after={second.pk}&direction=previous")["Location"]
        == f"/agent/tickets/{first.pk}/"
    )
    assert agent_client.get(f"/agent/next/?after={second.pk}")["Location"] == "/agent/?channel=chat"


# --- the ticket page ------------------------------------------------------------------------------------------


def test_the_ticket_page_shows_thread_order_coverage_tracking_detail_page_and_routing(agent_client):
    # given
    ticket = covered_ticket(suggestion=SUGGESTION)
    Message.objects.create(
        ticket=ticket,
        direction="internal",
        author_kind="agent",
        channel="note",
        body="Checked with the warehouse.",
        sent_at=NOW,
    )
    # when
    page = html(agent_client.get(f"/agent/tickets/{ticket.pk}/"))
    # then
    assert "How long does it keep drinks cold?" in page
    assert "Checked with the warehouse." in page and "message internal" in page
    assert ticket.order.order_number in page
    assert "CSBA unit" in page and ">FBM</abbr>" in page
    shipment = ticket.order.shipments.get()
    assert f'href="{shipment.tracking_url}"' in page
    assert '<li class="is-evidence"><mark class="evidence">Keeps drinks cold for 24 hours</mark></li>' in page
    assert '<td><mark class="evidence">750 ml</mark></td>' in page
    assert "Covered unit, post-order inquiry." in page
    assert 'id="accept-suggestion"' in page


def test_an_fba_item_is_shown_as_not_covered(agent_client):
    ticket = covered_ticket(fulfillment="FBA")
    page = html(agent_client.get(f"/agent/tickets/{ticket.pk}/"))
    assert "not covered" in page and "Fulfilled by Amazon: not a CSBA unit." in page


def test_accept_prefills_the_reply_with_the_suggestion(agent_client):
    ticket = covered_ticket(suggestion=SUGGESTION)
    page = html(agent_client.get(f"/agent/tickets/{ticket.pk}/?use_suggestion=1"))
    assert "The bottle keeps drinks cold for 24 hours." in page.split('id="id_reply-body"')[1].split("</textarea>")[0]
    assert 'name="reply-from_suggestion" value="True"' in page


def test_macros_of_the_tickets_language_come_with_placeholders_filled(agent_client):
    # given
    ticket = covered_ticket()
    Macro.objects.create(
        name="Thanks", language="en", body="Hello {buyer_name}, about {order_number} ({ticket_reference})."
    )
    Macro.objects.create(name="Danke", language="de", body="Hallo {buyer_name}")
    # when
    page = html(agent_client.get(f"/agent/tickets/{ticket.pk}/"))
    macro = Macro.objects.get(name="Thanks")
    prefilled = html(agent_client.get(f"/agent/tickets/{ticket.pk}/?macro={macro.pk}"))
    # then
    expected = f"Hello {ticket.buyer.name}, about {ticket.order.order_number} ({ticket.reference})."
    assert f'data-text="{expected}"' in page
    assert "Danke" not in page
    assert expected in prefilled.split('id="id_reply-body"')[1]


def test_a_second_agent_sees_who_holds_the_ticket_and_the_actions_are_off(client, agent, agent2):
    # given
    ticket = covered_ticket()
    ticket_claim(ticket_id=ticket.pk, agent=agent, now=NOW)
    client.force_login(agent2)
    # when
    page = html(client.get(f"/agent/tickets/{ticket.pk}/"))
    # then
    assert "agent1 holds this ticket" in page
    assert 'fieldset class="bare" disabled' in page
    assert "Take over" in page
    assert 'id="form-reply"' not in page


def test_a_second_agents_reply_is_refused_on_the_form(client, agent, agent2):
    ticket = covered_ticket()
    ticket_claim(ticket_id=ticket.pk, agent=agent, now=NOW)
    client.force_login(agent2)
    response = client.post(
        f"/agent/tickets/{ticket.pk}/refund/", {"refund-order_item": ticket.order_item_id, "refund-amount": "20.00"}
    )
    assert response.status_code == 400
    assert "is held by agent1. Take it over to act on it." in html(response)
    assert "Confirm the refund" not in html(response)
    assert not Refund.objects.exists()


def test_take_over_from_the_page_is_recorded(client, agent, agent2):
    ticket = covered_ticket()
    ticket_claim(ticket_id=ticket.pk, agent=agent, now=NOW)
    client.force_login(agent2)
    response = client.post(f"/agent/tickets/{ticket.pk}/take_over/", {"take_over-reason": "Shift change"})
    assert response.status_code == 302
    event = TicketEvent.objects.get(ticket=ticket, kind="taken_over")
    assert (event.actor, event.data["from"], event.data["reason"]) == (agent2, "agent1", "Shift change")


def test_claim_reply_from_the_suggestion_and_resolve_through_the_pages(agent_client, agent):
    ticket = covered_ticket(suggestion=SUGGESTION)
    assert agent_client.post(f"/agent/tickets/{ticket.pk}/claim/").status_code == 302
    response = agent_client.post(
        f"/agent/tickets/{ticket.pk}/reply/",
        {"reply-body": SUGGESTION["reply"], "reply-after": "wait", "reply-from_suggestion": "True"},
    )
    assert response.status_code == 302 and response["Location"] == f"/agent/tickets/{ticket.pk}/"
    assert TicketEvent.objects.get(ticket=ticket, kind="suggestion_accepted").data["edited"] is False
    response = agent_client.post(f"/agent/tickets/{ticket.pk}/resolve/", {"resolve-resolution": "answered"})
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolution, ticket.assigned_to) == (TicketStatus.RESOLVED, "answered", agent)
    page = html(agent_client.get(f"/agent/tickets/{ticket.pk}/"))
    assert "Ticket resolved." in page and "Reopen ticket" in page


@pytest.mark.parametrize(
    "action,data,field_error",
    [
        ("refund", {"refund-order_item": "999999", "refund-amount": "5"}, "Select a valid choice."),
        ("refund", {"refund-order_item": "ITEM", "refund-amount": "abc"}, "Enter a number."),
        ("refund", {"refund-order_item": "ITEM"}, "This field is required."),
        ("refund", {"refund-order_item": "ITEM", "refund-amount": "25.00"}, "At most $20.00."),
        (
            "refund",
            {"refund-order_item": "ITEM", "refund-amount": "25.00", "refund-confirmed": "True"},
            "At most $20.00.",
        ),
        ("return", {"return-order_item": "ITEM", "return-quantity": "5"}, "Between 1 and 1."),
        ("return", {"return-order_item": "ITEM", "return-quantity": "-1"}, "greater than or equal to 1"),
        ("reply", {"reply-body": "", "reply-after": "wait"}, "This field is required."),
        ("reply", {"reply-body": "hi", "reply-after": "explode"}, "Select a valid choice."),
        ("resolve", {"resolve-resolution": "duplicate"}, "Select a valid choice."),
        ("merge", {"merge-into": "CSBA-abc"}, "A ticket reference such as CSBA-123."),
        ("escalate", {"escalate-question": ""}, "This field is required."),
    ],
)
def test_bad_input_is_shown_on_the_form_never_a_500(agent_client, action, data, field_error):
    ticket = covered_ticket()
    data = {k: (str(ticket.order_item_id) if v == "ITEM" else v) for k, v in data.items()}
    response = agent_client.post(f"/agent/tickets/{ticket.pk}/{action}/", data)
    assert response.status_code == 400
    page = html(response)
    assert field_error in page
    assert 'id="error-summary"' in page
    assert f'<details id="form-{action}" open>' in page or action == "reply"
    assert not Refund.objects.exists() and not Return.objects.exists()


def test_a_return_outside_the_window_is_explained_on_the_form(agent_client, frozen):
    ticket = covered_ticket()
    frozen.set(NOW + timedelta(days=90))
    response = agent_client.post(
        f"/agent/tickets/{ticket.pk}/return/", {"return-order_item": ticket.order_item_id, "return-quantity": "1"}
    )
    assert response.status_code == 400
    assert "30-day return window (the standard policy) ended on" in html(response)


def test_a_refund_is_confirmed_before_anything_is_refunded(agent_client):
    ticket = covered_ticket()
    url = f"/agent/tickets/{ticket.pk}/refund/"
    # the form offers all that is left on the ticket's item
    page = html(agent_client.get(f"/agent/tickets/{ticket.pk}/"))
    assert 'name="refund-amount" value="20.00"' in page and "Up to $20.00 is left to refund on this item." in page
    # when the agent types a partial amount and checks it
    fields = {"refund-order_item": ticket.order_item_id, "refund-amount": "7.50", "refund-reason": "Scratched"}
    response = agent_client.post(url, fields)
    # then the page shows exactly what would be refunded, and nothing is refunded yet
    page = html(response)
    assert response.status_code == 200
    assert "Confirm the refund" in page and "Refund $7.50 now" in page
    assert "partial refund" in page and "$12.50" in page  # left afterwards
    assert 'name="refund-expected_refunded" value="0.00"' in page
    assert not Refund.objects.exists()
    # when it confirms
    confirm = {**fields, "refund-confirmed": "True", "refund-expected_refunded": "0.00"}
    response = agent_client.post(url, confirm)
    # then exactly that is refunded, once: the same confirmation sent again refunds nothing more
    assert response.status_code == 302
    assert list(Refund.objects.values_list("kind", "amount", "reason")) == [("partial", Decimal("7.50"), "Scratched")]
    again = agent_client.post(url, confirm)
    assert again.status_code == 400 and "The refunds of this item changed since you checked them" in html(again)
    assert Refund.objects.count() == 1


def test_refund_and_return_from_the_page(agent_client):
    ticket = covered_ticket()
    response = agent_client.post(
        f"/agent/tickets/{ticket.pk}/refund/",
        {
            "refund-order_item": ticket.order_item_id,
            "refund-amount": "7.50",
            "refund-reason": "Scratched",
            "refund-confirmed": "True",
        },
    )
    assert response.status_code == 302
    assert list(Refund.objects.values_list("kind", "amount", "reason")) == [("partial", Decimal("7.50"), "Scratched")]
    agent_client.post(
        f"/agent/tickets/{ticket.pk}/return/", {"return-order_item": ticket.order_item_id, "return-quantity": "1"}
    )
    page = html(agent_client.get(f"/agent/tickets/{ticket.pk}/"))
    rma = Return.objects.get().rma_number
    assert f"Return {rma} authorized with a prepaid return label." in page
    assert "left to refund" in page and "$12.50" in page
    assert 'name="refund-amount" value="12.50"' in page


def test_escalate_from_the_page_opens_a_case(agent_client):
    ticket = covered_ticket()
    response = agent_client.post(f"/agent/tickets/{ticket.pk}/escalate/", {"escalate-question": "Tracking number?"})
    assert response.status_code == 302
    page = html(agent_client.get(f"/agent/tickets/{ticket.pk}/"))
    assert "Case opened: the seller is asked to answer by" in page
    assert "Tracking number?" in page and "seller answer due" in page


def test_merge_from_the_page_goes_to_the_ticket_that_stays(agent_client):
    target = covered_ticket()
    duplicate = TicketFactory(buyer=target.buyer, marketplace=target.marketplace)
    Message.objects.create(
        ticket=duplicate, direction="inbound", author_kind="buyer", channel="chat", body="Hello again?", sent_at=NOW
    )
    response = agent_client.post(f"/agent/tickets/{duplicate.pk}/merge/", {"merge-into": target.reference})
    assert response["Location"] == f"/agent/tickets/{target.pk}/"
    page = html(agent_client.get(response["Location"]))
    assert "Hello again?" in page and f"{duplicate.reference} was merged into this ticket." in page


def test_unknown_actions_and_tickets_are_404_and_get_is_405(agent_client):
    ticket = covered_ticket()
    assert agent_client.post(f"/agent/tickets/{ticket.pk}/explode/").status_code == 404
    assert agent_client.get(f"/agent/tickets/{ticket.pk}/claim/").status_code == 405
    assert agent_client.get("/agent/tickets/999999/").status_code == 404


# --- translations ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang,queue_word,shortcut_word",
    [
        ("de", "Warteschlange", "Tastenkürzel"),
        ("ja", "キュー", "キーボードショートカット"),
    ],
)
def test_the_console_is_translated(agent_client, lang, queue_word, shortcut_word):
    ticket = covered_ticket(suggestion=SUGGESTION)
    queue_page = html(agent_client.get(f"/agent/?lang={lang}"))
    ticket_page = html(agent_client.get(f"/agent/tickets/{ticket.pk}/?lang={lang}"))
    assert queue_word in queue_page and shortcut_word in queue_page
    assert shortcut_word in ticket_page


def test_the_conversation_names_each_messages_channel_in_the_agents_language(agent_client):
    ticket = covered_ticket()
    Message.objects.create(
        ticket=ticket, direction="inbound", author_kind="buyer", channel="web_form", body="Hallo", sent_at=NOW
    )
    page = html(agent_client.get(f"/agent/tickets/{ticket.pk}/?lang=de"))
    thread = page[page.index('id="thread"') :]
    assert '<span class="badge">Webformular</span>' in thread
    assert "web_form" not in thread


# --- query budgets --------------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _busy_ticket(agent, n):
    """A ticket with n of everything around it: messages, events, items with
    refunds and returns, cases with messages, merged duplicates, other open
    tickets of the buyer, macros."""
    ticket = covered_ticket(items=n, suggestion=SUGGESTION)
    for k in range(n):
        Message.objects.create(
            ticket=ticket,
            direction=["inbound", "outbound", "internal"][k % 3],
            author_kind="agent",
            author=agent,
            channel="email",
            body=f"message {k}",
            sent_at=NOW,
        )
        TicketEvent.objects.create(ticket=ticket, kind="note_added", actor=agent, actor_kind="agent", at=NOW)
        case = CaseFactory(ticket=ticket, seller=ticket.seller, status=CaseStatus.RESOLVED)
        CaseMessage.objects.create(case=case, author_kind="seller", body="Shipped Monday", sent_at=NOW)
        duplicate = TicketFactory(buyer=ticket.buyer, merged_into=ticket, status=TicketStatus.MERGED)
        Message.objects.create(
            ticket=duplicate, direction="inbound", author_kind="buyer", channel="chat", body="dup", sent_at=NOW
        )
        TicketFactory(buyer=ticket.buyer)
        Macro.objects.create(name=f"m{ticket.pk}-{k}", language="en", body="Hi {buyer_name}")
    for item in ticket.order.items.all():
        Refund.objects.create(order_item=item, ticket=ticket, kind="partial", amount=1, currency="USD", issued_at=NOW)
        Return.objects.create(order_item=item, ticket=ticket, authorized_at=NOW, rma_number=f"RMA-{item.pk}")
    ticket_claim(ticket_id=ticket.pk, agent=agent, now=NOW)
    return ticket


def test_the_ticket_page_runs_a_constant_number_of_queries(agent_client, agent, django_assert_max_num_queries):
    small = _busy_ticket(agent, 1)
    busy = _busy_ticket(agent, 15)
    small_count = _queries(agent_client, f"/agent/tickets/{small.pk}/")
    busy_count = _queries(agent_client, f"/agent/tickets/{busy.pk}/")
    assert busy_count == small_count
    # 23: the case messages' attachments (the seller's answers are in the conversation) and the agents to assign to
    with django_assert_max_num_queries(23):
        agent_client.get(f"/agent/tickets/{busy.pk}/")


def test_the_queue_runs_a_constant_number_of_queries(agent_client, agent, agent2, django_assert_max_num_queries):
    # given one escalated ticket, and a first visit that stores the filters in the session
    escalated = TicketFactory(status=TicketStatus.SELLER_REPLIED)
    CaseFactory(ticket=escalated, status=CaseStatus.SELLER_REPLIED)
    agent_client.get("/agent/")
    small_count = _queries(agent_client, "/agent/")
    # when there are many more, held by different agents, with cases
    for n in range(60):
        escalated = TicketFactory(
            assigned_to=[None, agent, agent2][n % 3],
            status=TicketStatus.SELLER_REPLIED,
            first_response_due_at=NOW + timedelta(hours=n - 10),
        )
        CaseFactory(ticket=escalated, status=CaseStatus.SELLER_REPLIED)
    # then
    assert _queries(agent_client, "/agent/") == small_count
    # the page draws the bulk bar (the agents, the macros: two queries) the polled results do not
    assert _queries(agent_client, "/agent/queue/results/") == small_count - 2
    with django_assert_max_num_queries(17):  # ids: one query per actionable status; five index counts; the bulk bar
        agent_client.get("/agent/?page=2")
    with django_assert_max_num_queries(17):  # one aggregate count; the filters changed: the session is saved
        agent_client.get("/agent/?marketplace=US&due=overdue&assignee=mine&page=2")


def test_a_new_user_without_a_profile_still_gets_the_pages(client):
    user = UserFactory(username="plain", roles=["agents"])
    client.force_login(user)
    assert client.get("/agent/").status_code == 200


def test_the_answers_key_terms_are_marked_in_its_evidence(agent_client):
    suggestion = {
        **SUGGESTION,
        "highlights": [
            {
                "evidence": 0,
                "spans": [{"start": 13, "end": 17, "term": "cold"}, {"start": 999, "end": 1000, "term": "bad"}],
            }
        ],
    }
    ticket = covered_ticket(suggestion=suggestion)
    page = html(agent_client.get(f"/agent/tickets/{ticket.pk}/"))
    assert '<span class="evidence-text">Keeps drinks <mark class="evidence">cold</mark> for 24 hours</span>' in page
    assert '<mark class="evidence">capacity: 750 ml</mark>' in page  # no spans: wholly marked
