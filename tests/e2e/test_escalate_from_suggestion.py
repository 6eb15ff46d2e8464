"""The escalate path of a suggested answer in headless Chromium: the agent
sees the draft to the seller and the holding reply, asks the seller from the
suggestion (keyboard), reviews both and sends them; the case opens with the
drafted question and the buyer gets the holding reply."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from inquiries.console.services import ticket_suggest
from inquiries.models import Case, Message, Ticket
from inquiries.states import TicketStatus
from tests.factories import agent_user
from tests.inquiries.console.conftest import NOW, covered_ticket

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ticket(clock):
    clock.set(NOW)
    agent_user("agent1")
    ticket = covered_ticket(
        reason="product_question", subject="Do you ship to Canada?", first_response_due_at=NOW + timedelta(hours=1)
    )
    Message.objects.filter(ticket=ticket, direction="inbound").update(body="Do you ship to Canada?")
    assert ticket_suggest(ticket_id=ticket.pk, now=NOW) == "escalate"
    return Ticket.objects.get(pk=ticket.pk)


def test_an_agent_asks_the_seller_from_the_suggestion_and_the_buyer_gets_the_holding_reply(page, live_server, ticket):
    suggestion = ticket.suggestion
    log_in(page, live_server, "agent1")
    page.goto(f"{live_server.url}/agent/tickets/{ticket.pk}/")
    # the suggestion says it would ask the seller, and shows both drafts
    panel = page.locator("#suggestion")
    expect(panel).to_contain_text("suggests asking the seller")
    expect(page.locator("#case-draft")).to_contain_text("Do you ship to Canada?")
    expect(page.locator("#suggestion-text")).to_contain_text("we are asking the seller")
    expect(panel.get_by_role("button", name="Accept")).to_have_count(0)
    # when the agent presses a: the case form opens, filled with the drafts
    page.locator("body").press("a")
    question = page.get_by_label("Question for the seller")
    expect(question).to_be_focused()
    expect(question).to_have_value(suggestion["case_question"])
    expect(page.get_by_label("Reply to the buyer when the case opens (optional)")).to_have_value(suggestion["reply"])
    expect(page.locator("#id_reply-body")).to_have_value("")  # not offered as a plain reply
    page.get_by_role("button", name="Escalate to the seller").click()
    # then the case is open and the buyer has the holding reply
    expect(page.get_by_text("The buyer was sent your reply.")).to_be_visible()
    expect(page.locator("#thread .case-entry.to-seller")).to_contain_text("Do you ship to Canada?")
    expect(page.locator(".thread .message.outbound")).to_contain_text("The seller has 24 hours to reply.")
    case = Case.objects.get(ticket=ticket)
    assert case.question == suggestion["case_question"]
    assert case.deadline_at == NOW + timedelta(hours=24)
    assert Message.objects.get(ticket=ticket, direction="outbound").body == suggestion["reply"]
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.AWAITING_SELLER
    assert ticket.suggestion["status"] == "accepted"
