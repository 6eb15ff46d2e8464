"""The agent console end to end in headless Chromium: log in, claim, accept a
suggested answer and send it; escalate to the seller; refund; a second
agent's view of a claimed ticket; new tickets appearing without a reload;
keyboard use."""

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from inquiries.console.services import ticket_claim
from inquiries.models import Case, Message, TicketEvent
from inquiries.states import TicketStatus
from sellers.models import Refund
from tests.factories import TicketFactory, agent_user
from tests.inquiries.console.conftest import NOW, SUGGESTION, covered_ticket

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(clock, settings):
    settings.AGENT_QUEUE_POLL_SECONDS = 1
    clock.set(NOW)
    return {
        "agent": agent_user("agent1"),
        "agent2": agent_user("agent2"),
        "answer": covered_ticket(
            suggestion=SUGGESTION, subject="How long does it stay cold?", first_response_due_at=NOW + timedelta(hours=1)
        ),
        "escalate": covered_ticket(subject="Where is my parcel?", first_response_due_at=NOW + timedelta(hours=2)),
        "refund": covered_ticket(
            subject="Arrived dented", reason="damaged_or_defective", first_response_due_at=NOW + timedelta(hours=3)
        ),
    }


def open_ticket(page, live_server, ticket):
    page.goto(f"{live_server.url}/agent/tickets/{ticket.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(ticket.reference)


def test_an_agent_claims_a_ticket_accepts_the_suggestion_and_sends_it(page, live_server, world):
    ticket = world["answer"]
    # given the agent logs in and sees the queue, earliest due first
    log_in(page, live_server, "agent1")
    rows = page.locator("#queue-results tbody tr")
    expect(rows.first).to_contain_text("How long does it stay cold?")
    expect(rows.first.locator("time.countdown")).to_have_text("in 1 h 0 min")
    # when it opens the ticket and claims it
    rows.first.get_by_role("link", name=ticket.reference).click()
    page.get_by_role("button", name="Claim").click()
    expect(page.get_by_text("You hold this ticket now.")).to_be_visible()
    # the evidence is highlighted on the product detail page
    expect(page.locator(".detail-page mark.evidence").first).to_have_text("Keeps drinks cold for 24 hours")
    # and accepts the suggestion with the keyboard, then sends with Ctrl+Enter
    page.locator("body").press("a")
    reply = page.get_by_role("textbox", name="Reply to the buyer")
    expect(reply).to_be_focused()
    expect(reply).to_have_value(SUGGESTION["reply"])
    reply.press("Control+Enter")
    # then
    expect(page.get_by_text("Reply sent to the buyer.")).to_be_visible()
    expect(page.locator(".thread .message.outbound")).to_contain_text("The bottle keeps drinks cold for 24 hours.")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.PENDING_BUYER
    assert ticket.assigned_to == world["agent"]
    assert TicketEvent.objects.get(ticket=ticket, kind="suggestion_accepted").data["edited"] is False
    assert Message.objects.get(ticket=ticket, direction="outbound").body == SUGGESTION["reply"]


def test_an_agent_escalates_a_ticket_to_the_seller(page, live_server, world):
    ticket = world["escalate"]
    log_in(page, live_server, "agent1")
    open_ticket(page, live_server, ticket)
    page.get_by_text("Ask the seller (case log)").click()
    page.get_by_label("Question for the seller").fill(
        "When did you hand the parcel to UPS, and with which tracking number?"
    )
    page.get_by_role("button", name="Escalate to the seller").click()
    expect(page.get_by_text("Case opened: the seller is asked to answer by")).to_be_visible()
    expect(page.locator("#thread .case-entry.to-seller")).to_contain_text("with which tracking number?")
    case = Case.objects.get(ticket=ticket)
    assert case.opened_by == world["agent"]
    assert case.deadline_at == NOW + timedelta(hours=24)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.AWAITING_SELLER


def test_an_agent_refunds_part_of_an_item_after_confirming_exactly_what_is_refunded(page, live_server, world):
    ticket = world["refund"]
    log_in(page, live_server, "agent1")
    open_ticket(page, live_server, ticket)
    page.locator("#form-refund summary").click()
    amount = page.get_by_label("Amount to refund")
    # the one amount field offers what is left on the item
    expect(amount).to_have_value("20.00")
    expect(page.locator("#form-refund")).to_contain_text("Up to $20.00 is left to refund on this item.")
    # when the agent asks for more than the item cost
    amount.fill("25.00")
    page.evaluate("document.getElementById('id_refund-amount').removeAttribute('max')")  # past the browser's own check
    page.get_by_role("button", name="Check the refund").click()
    # then the form says why, nothing is refunded
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#form-refund")).to_contain_text("At most $20.00.")
    assert not Refund.objects.exists()
    # when it types a partial amount and checks it
    page.get_by_label("Amount to refund").fill("7.50")
    page.locator("#id_refund-reason").fill("Dented lid")
    page.get_by_role("button", name="Check the refund").click()
    # then the confirmation shows exactly what will be refunded, and nothing is refunded yet
    confirm = page.locator("#refund-confirm")
    expect(confirm).to_be_focused()
    expect(confirm).to_contain_text("$7.50 (partial refund)")
    expect(confirm).to_contain_text("Left to refund afterwards")
    expect(confirm).to_contain_text("$12.50")
    assert not Refund.objects.exists()
    # when it confirms
    page.get_by_role("button", name="Refund $7.50 now").click()
    # then
    expect(page.get_by_text("Refund of $7.50 issued.")).to_be_visible()
    refund = Refund.objects.get()
    assert (refund.kind, refund.amount, refund.reason, refund.order_item_id) == (
        "partial",
        Decimal("7.50"),
        "Dented lid",
        ticket.order_item_id,
    )
    # and the form now offers what is left
    page.locator("#form-refund summary").click()
    expect(page.get_by_label("Amount to refund")).to_have_value("12.50")


def test_a_second_agent_sees_who_holds_a_ticket_and_must_take_it_over(new_page, live_server, world):
    ticket = world["answer"]
    ticket_claim(ticket_id=ticket.pk, agent=world["agent"], now=NOW)
    first, second = new_page(), new_page()
    log_in(first, live_server, "agent1")
    open_ticket(first, live_server, ticket)
    # when the second agent opens the ticket the first one holds
    log_in(second, live_server, "agent2")
    expect(second.locator(f'tr[data-ticket-id="{ticket.pk}"]')).to_contain_text("agent1")
    open_ticket(second, live_server, ticket)
    # then it sees who holds it and cannot act
    expect(second.get_by_text("agent1 holds this ticket")).to_be_visible()
    second.locator("#form-refund summary").click()
    expect(second.get_by_role("button", name="Check the refund")).to_be_disabled()
    expect(second.get_by_role("textbox", name="Reply to the buyer")).to_have_count(0)
    # when it takes the ticket over
    second.get_by_label("Why take over").fill("agent1 went home")
    second.get_by_role("button", name="Take over").click()
    expect(second.get_by_text("You took the ticket over.")).to_be_visible()
    # then the first agent's reply is refused on its form
    first.get_by_role("textbox", name="Reply to the buyer").fill("Hello!")
    first.get_by_role("button", name="Send").click()
    expect(first.locator("#error-summary")).to_contain_text("is held by agent2. Take it over to act on it.")
    event = TicketEvent.objects.get(ticket=ticket, kind="taken_over")
    assert (event.actor, event.data["from"], event.data["reason"]) == (world["agent2"], "agent1", "agent1 went home")
    assert not Message.objects.filter(ticket=ticket, direction="outbound").exists()


def test_new_tickets_appear_in_the_queue_without_a_reload(page, live_server, world):
    log_in(page, live_server, "agent1")
    expect(page.locator("#queue-results tbody tr")).to_have_count(3)
    page.evaluate("window.__sameDocument = true")
    # when a ticket arrives
    TicketFactory(subject="Just arrived", first_response_due_at=NOW + timedelta(minutes=30))
    # then it shows up on the same page, announced to screen readers
    expect(page.locator("#queue-results tbody tr").first).to_contain_text("Just arrived", timeout=8_000)
    expect(page.locator("#queue-live")).to_have_text("1 new ticket in the queue.")
    assert page.evaluate("window.__sameDocument") is True


def test_the_queue_and_ticket_page_work_from_the_keyboard(page, live_server, world):
    log_in(page, live_server, "agent1")
    # the help is visible and toggled with ?
    help_panel = page.locator("#shortcuts")
    expect(help_panel.locator("summary")).to_be_visible()
    page.locator("body").press("?")
    expect(help_panel.get_by_text("Next / previous ticket in the list")).to_be_visible()
    # j moves through the rows, Enter opens the focused ticket
    page.locator("body").press("j")
    page.keyboard.press("j")
    expect(page.get_by_role("link", name=world["escalate"].reference)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(world["escalate"].reference)
    # n goes to the next ticket of the queue, k back
    page.locator("body").press("n")
    expect(page.get_by_role("heading", level=1)).to_contain_text(world["refund"].reference)
    page.locator("body").press("k")
    expect(page.get_by_role("heading", level=1)).to_contain_text(world["escalate"].reference)


def test_the_console_speaks_german(page, live_server, world):
    log_in(page, live_server, "agent1")
    page.goto(f"{live_server.url}/agent/?lang=de")
    expect(page.get_by_role("heading", level=1)).to_have_text("Warteschlange")
    expect(page.get_by_role("button", name="Filter anwenden")).to_be_visible()


def test_two_agents_on_one_ticket_see_each_other_and_no_reply_crosses_a_new_message(
    new_page, live_server, world, settings
):
    settings.AGENT_PRESENCE_SECONDS = 1
    ticket = world["answer"]
    ticket_claim(ticket_id=ticket.pk, agent=world["agent"], now=NOW)
    first, second = new_page(), new_page()
    log_in(first, live_server, "agent1")
    open_ticket(first, live_server, ticket)
    # when a colleague opens the same ticket and starts typing a note
    log_in(second, live_server, "agent2")
    open_ticket(second, live_server, ticket)
    # then each sees the other, and who holds it
    expect(first.locator("#collision")).to_contain_text("agent2 is viewing this ticket too.")
    expect(second.locator("#collision")).to_contain_text("agent1 (who holds the ticket) is viewing it too.")
    # when the holder types a reply, the colleague sees it typing
    reply = first.get_by_role("textbox", name="Reply to the buyer")
    reply.press_sequentially("Your bottle keeps drinks cold for a day.")
    expect(second.locator("#collision")).to_contain_text("agent1 is typing a reply.")
    # when the buyer writes again before the reply is sent
    from inquiries.intake.services import Contact, contact_receive

    contact_receive(
        contact=Contact(
            channel=ticket.channel,
            marketplace_code="US",
            body="Actually, does it fit a bike holder?",
            ticket_reference=ticket.pk,
            buyer_email=ticket.buyer.email,
        ),
        now=NOW,
    )
    expect(first.locator("#collision-newer")).to_be_visible()
    first.get_by_role("button", name="Send").click()
    # then the reply is refused, the text kept and the new message shown
    expect(first.locator("#error-summary")).to_contain_text("New messages arrived in the conversation")
    expect(first.get_by_role("textbox", name="Reply to the buyer")).to_have_value(
        "Your bottle keeps drinks cold for a day."
    )
    expect(first.locator(".thread .message.is-new")).to_contain_text("does it fit a bike holder?")
    assert not Message.objects.filter(ticket=ticket, direction="outbound").exists()
    # when it sends again, having read it
    first.get_by_role("textbox", name="Reply to the buyer").fill(
        "It keeps drinks cold for a day and fits most holders."
    )
    first.get_by_role("button", name="Send").click()
    expect(first.get_by_text("Reply sent to the buyer.")).to_be_visible()
    assert Message.objects.get(ticket=ticket, direction="outbound").body.startswith("It keeps drinks cold")


def test_an_agent_resolves_two_tickets_at_once_from_the_queue_and_the_ticks_survive_a_refresh(page, live_server, world):
    log_in(page, live_server, "agent1")
    rows = page.locator("#queue-results tbody tr")
    expect(rows).to_have_count(3)
    # when the agent ticks two tickets and a new ticket refreshes the list meanwhile
    page.get_by_label(f"Select {world['escalate'].reference}").check()
    page.get_by_label(f"Select {world['refund'].reference}").check()
    expect(page.locator("#bulk-count")).to_have_text("2 selected")
    TicketFactory(subject="Just arrived", first_response_due_at=NOW + timedelta(minutes=30))
    expect(rows.first).to_contain_text("Just arrived", timeout=8_000)
    expect(page.get_by_label(f"Select {world['escalate'].reference}")).to_be_checked()
    # and resolves them as "No action needed"
    page.get_by_label("With the selected tickets").select_option("resolve")
    expect(page.locator("#id_bulk-assignee")).to_be_hidden()
    page.locator("#id_bulk-resolution").select_option("no_action")
    page.get_by_role("button", name="Apply to the selected tickets").click()
    # then both are resolved, each through the resolution service, and say so
    expect(page.get_by_text(f"Resolved: {world['escalate'].reference}, {world['refund'].reference}.")).to_be_visible()
    for ticket in (world["escalate"], world["refund"]):
        ticket.refresh_from_db()
        assert (ticket.status, ticket.resolution, ticket.assigned_to) == (
            TicketStatus.RESOLVED,
            "no_action",
            world["agent"],
        )
        assert TicketEvent.objects.filter(ticket=ticket, kind="status_changed", data__to="resolved").count() == 1
    world["answer"].refresh_from_db()
    assert world["answer"].status == TicketStatus.OPEN
    expect(page.locator("#queue-results tbody tr")).to_have_count(2)
