"""An *escalate* suggestion opens the case it promises: the ticket page offers
"Ask the seller" with the drafted question and the holding reply, and sending
them opens the case and tells the buyer only what then happens."""

from datetime import timedelta
from html import unescape

import pytest

from inquiries.caselog.services import case_sweep_overdue
from inquiries.console.services import ticket_claim, ticket_escalate, ticket_reply, ticket_suggest
from inquiries.models import Case, Message, Ticket, TicketEvent
from inquiries.states import CaseStatus, TicketStatus

from .conftest import NOW, covered_ticket

pytestmark = pytest.mark.django_db

QUESTION = "Do you ship to Canada?"


@pytest.fixture(autouse=True)
def frozen(clock):
    clock.set(NOW)
    return clock


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def escalated_ticket():
    """A product question the detail page (the factory's water bottle) does not
    answer, with the suggestion the real engine computes for it."""
    ticket = covered_ticket(reason="product_question", subject=QUESTION)
    Message.objects.filter(ticket=ticket, direction="inbound").update(body=QUESTION)
    assert ticket_suggest(ticket_id=ticket.pk, now=NOW) == "escalate"
    return Ticket.objects.get(pk=ticket.pk)


def field_value(page: str, name: str) -> str:
    """The text of the textarea ``name`` as the browser would send it."""
    return unescape(page.split(f'name="{name}"')[1].split(">", 1)[1].split("</textarea>")[0]).lstrip("\n")


def outbound(ticket) -> list[Message]:
    return list(Message.objects.filter(ticket=ticket, direction="outbound").order_by("sent_at", "pk"))


def test_an_escalate_suggestion_offers_ask_the_seller_not_a_bare_reply(agent_client):
    ticket = escalated_ticket()
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert 'id="escalate-suggestion"' in page
    assert 'id="accept-suggestion"' not in page
    assert "Draft question to the seller" in page
    assert "A buyer asks about “Stainless steel water bottle, 750 ml”: Do you ship to Canada?" in page
    assert '<details id="form-escalate">' in page  # closed until the agent asks for it


def test_escalating_from_the_suggestion_opens_the_drafted_case_and_sends_the_holding_reply(agent_client, agent):
    # given a ticket whose suggestion is to ask the seller
    ticket = escalated_ticket()
    suggestion = ticket.suggestion
    # when the agent uses it: the escalation form comes pre-filled and open
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/?use_suggestion=1").content.decode()
    assert '<details id="form-escalate" open>' in page
    question, holding_reply = field_value(page, "escalate-question"), field_value(page, "escalate-holding_reply")
    assert question == suggestion["case_question"]
    assert holding_reply == suggestion["reply"]
    assert 'name="escalate-from_suggestion" value="True"' in page
    assert field_value(page, "reply-body") == ""  # the holding reply is not offered as a plain reply
    # and sends it unchanged
    response = agent_client.post(
        f"/agent/tickets/{ticket.pk}/escalate/",
        {"escalate-question": question, "escalate-holding_reply": holding_reply, "escalate-from_suggestion": "True"},
    )
    # then the case is open with the drafted question, and the buyer has the holding reply
    assert response.status_code == 302
    case = Case.objects.get(ticket=ticket)
    assert (case.question, case.status, case.opened_by) == (suggestion["case_question"], "awaiting_seller", agent)
    [reply] = outbound(ticket)
    assert reply.body == suggestion["reply"]
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.AWAITING_SELLER
    assert ticket.first_responded_at == NOW
    assert ticket.suggestion["status"] == "accepted"
    used = TicketEvent.objects.get(ticket=ticket, kind="suggestion_accepted")
    assert used.data == {"edited": False, "decision": "escalate", "case_id": case.pk, "message_id": reply.pk}
    # and the reply promises only what the case does: the seller is asked, with the case's deadline
    hours = round((case.deadline_at - NOW).total_seconds() / 3600)
    assert hours == ticket.marketplace.seller_reply_hours == 24
    assert "we are asking the seller" in reply.body
    assert f"The seller has {hours} hours to reply." in reply.body
    assert "have asked" not in reply.body and "will answer" not in reply.body
    follow = agent_client.get(response["Location"]).content.decode()
    assert "The buyer was sent your reply." in follow


def test_the_promise_to_write_again_holds_when_the_seller_does_not_answer(
    agent, clock, django_capture_on_commit_callbacks
):
    # given a case opened from the suggestion with its holding reply
    ticket = escalated_ticket()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_escalate(
            ticket_id=ticket.pk,
            agent=agent,
            question=ticket.suggestion["case_question"],
            holding_reply=ticket.suggestion["reply"],
            from_suggestion=True,
            now=NOW,
        )
    assert "We will write to you again" in outbound(ticket)[0].body
    # when the seller lets the deadline pass
    clock.advance(timedelta(hours=24))
    with django_capture_on_commit_callbacks(execute=True):
        assert case_sweep_overdue(now=clock.now) == 1
    # then CSBA writes to the buyer again with its own answer, as the holding reply said
    holding, own = outbound(ticket)
    assert own.sent_at == NOW + timedelta(hours=24) and own.body != holding.body
    assert Case.objects.get(ticket=ticket).status == CaseStatus.AUTO_RESOLVED


def test_an_edited_question_and_reply_are_sent_as_edited(agent_client):
    ticket = escalated_ticket()
    response = agent_client.post(
        f"/agent/tickets/{ticket.pk}/escalate/",
        {
            "escalate-question": "Do you ship this bottle to Canada, and at what cost?",
            "escalate-holding_reply": "Hello,\r\nwe are asking the seller and will write again.",
            "escalate-from_suggestion": "True",
        },
    )
    assert response.status_code == 302
    assert Case.objects.get(ticket=ticket).question == "Do you ship this bottle to Canada, and at what cost?"
    assert [m.body for m in outbound(ticket)] == ["Hello,\nwe are asking the seller and will write again."]
    assert TicketEvent.objects.get(ticket=ticket, kind="suggestion_accepted").data["edited"] is True
    assert Ticket.objects.get(pk=ticket.pk).suggestion["status"] == "edited"


def test_a_refused_escalation_sends_no_holding_reply(client, agent, agent2):
    # given another agent holds the ticket
    ticket = escalated_ticket()
    ticket_claim(ticket_id=ticket.pk, agent=agent2, now=NOW)
    client.force_login(agent)
    # when the first agent tries to escalate from the suggestion
    response = client.post(
        f"/agent/tickets/{ticket.pk}/escalate/",
        {
            "escalate-question": ticket.suggestion["case_question"],
            "escalate-holding_reply": ticket.suggestion["reply"],
            "escalate-from_suggestion": "True",
        },
    )
    # then it is refused on the form and nothing was promised to the buyer
    assert response.status_code == 400
    assert "is held by agent2" in response.content.decode()
    assert not Case.objects.exists()
    assert outbound(ticket) == []
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN and "status" not in ticket.suggestion


def test_the_holding_reply_cannot_be_sent_as_a_plain_reply_without_its_case(agent_client, agent):
    ticket = escalated_ticket()
    response = agent_client.post(
        f"/agent/tickets/{ticket.pk}/reply/",
        {"reply-body": ticket.suggestion["reply"], "reply-after": "wait", "reply-from_suggestion": "True"},
    )
    assert response.status_code == 400
    assert "Ask the seller" in response.content.decode()
    assert outbound(ticket) == []
    assert not Case.objects.exists()
    # once the case is open (escalated by hand), the same reply may follow
    ticket_escalate(ticket_id=ticket.pk, agent=agent, question="Do you ship to Canada?", now=NOW)
    ticket_reply(ticket_id=ticket.pk, agent=agent, body=ticket.suggestion["reply"], now=NOW, from_suggestion=True)
    assert [m.body for m in outbound(ticket)] == [ticket.suggestion["reply"]]


def test_escalating_by_hand_without_a_reply_writes_nothing_to_the_buyer(agent_client):
    ticket = covered_ticket()
    response = agent_client.post(f"/agent/tickets/{ticket.pk}/escalate/", {"escalate-question": "Tracking number?"})
    assert response.status_code == 302
    assert Case.objects.get(ticket=ticket).question == "Tracking number?"
    assert outbound(ticket) == []
    assert "The buyer was sent your reply." not in agent_client.get(response["Location"]).content.decode()
