"""Buyers in headless Chromium: the web form, the reply mailed with a link to
the conversation page, the buyer's answer there; a chat where the agent's
reply arrives while the buyer types (the typed text stays); both on a phone."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from inquiries.console.services import ticket_reply
from inquiries.models import Direction, Message, Ticket
from inquiries.presence import agent_key, presence_touch
from inquiries.states import TicketStatus
from tests.factories import T0, EnrollmentFactory, OrderFactory, OrderItemFactory, SellerFactory, agent_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NOW = T0 + timedelta(days=20)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world(clock, settings):
    clock.set(NOW)
    settings.BUYER_PAGE_POLL_SECONDS = 1
    settings.BUYER_CHAT_POLL_SECONDS = 1
    seller = SellerFactory()
    EnrollmentFactory(seller=seller, requested_at=T0, effective_at=T0)
    order = OrderFactory(seller=seller, placed_at=T0 + timedelta(days=3))
    OrderItemFactory(order=order)
    return {"order": order, "agent": agent_user("ann")}


def fill_contact_form(page, order, text):
    page.get_by_label("Marketplace").select_option("US")
    page.get_by_label("Your name").fill("Bo")
    page.get_by_label("Your email").fill(order.buyer.email)
    page.get_by_label("Order number").fill(order.order_number)
    page.get_by_label("Your message").fill(text)


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_web_form_buyer_follows_the_reply_on_its_page_and_answers_from_the_mail_link(new_page, live_server, world):
    order, agent = world["order"], world["agent"]
    page = new_page()
    page.set_viewport_size(PHONE)
    # when a buyer writes through the web form on a phone
    page.goto(f"{live_server.url}/help/contact/")
    assert fits_the_screen(page)
    fill_contact_form(page, order, "Where is my parcel?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    page.get_by_role("link", name="Open your conversation").click()
    # then its conversation page shows its message
    expect(page.locator("#messages")).to_contain_text("Where is my parcel?")
    assert fits_the_screen(page)
    ticket = Ticket.objects.get()
    # when an agent replies
    ticket_reply(ticket_id=ticket.pk, agent=agent, body="It left our warehouse today.", now=NOW)
    # then the reply shows on the open page without a reload, and was mailed with a link
    page.evaluate("window.__sameDocument = true")
    expect(page.locator("#messages .chat-message.outbound")).to_contain_text("It left our warehouse today.")
    expect(page.locator("#conversation-status")).to_have_text("We replied. If you still need help, write to us below.")
    assert page.evaluate("window.__sameDocument") is True
    [sent] = mail.outbox
    link = re.search(r"http://127\.0\.0\.1:8000(/help/conversation/\S+/)", sent.body).group(1)
    # when the buyer opens the mail's link in another browser and answers
    other = new_page()
    other.goto(f"{live_server.url}{link}")
    other.get_by_label("Your answer").fill("Thanks! And the tracking number?")
    other.get_by_role("button", name="Send").click()
    # then the answer is on the ticket, which is back in the queue
    expect(other.locator("#messages .chat-message.inbound").last).to_contain_text("And the tracking number?")
    expect(other.get_by_label("Your answer")).to_have_value("")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN
    assert Message.objects.filter(ticket=ticket, direction=Direction.INBOUND).count() == 2


def test_a_chat_reply_arrives_while_the_buyer_types_and_the_typed_text_stays(new_page, live_server, world):
    order, agent = world["order"], world["agent"]
    page = new_page()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/help/chat/")
    fill_contact_form(page, order, "Hi, is anyone there?")
    page.get_by_role("button", name="Start chat").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chat with customer service")
    ticket = Ticket.objects.get()
    # given the buyer is typing a second message
    box = page.get_by_role("textbox", name="Message")
    box.click()
    box.press_sequentially("I also wanted to ask about")
    # when an agent opens the ticket and types, then replies
    presence_touch(ticket_id=ticket.pk, who=agent_key(agent.pk), name="Ann Lee", is_typing=True, now=NOW)
    expect(page.locator("#presence")).to_have_text("Ann is typing…")
    ticket_reply(ticket_id=ticket.pk, agent=agent, body="Hello Bo, I am here. How can I help?", now=NOW, after="keep")
    # then the reply arrives in the list and what the buyer typed is still in the box, focused
    expect(page.locator("#messages .chat-message.outbound")).to_contain_text("How can I help?")
    expect(box).to_have_value("I also wanted to ask about")
    expect(box).to_be_focused()
    # and the buyer in the window got no mail about it
    assert mail.outbox == []
    # when the buyer finishes and sends with Ctrl+Enter
    box.press_sequentially(" the colour.")
    box.press("Control+Enter")
    # then it joins the conversation and the box is empty
    expect(page.locator("#messages .chat-message.inbound").last).to_have_text(
        re.compile("I also wanted to ask about the colour.")
    )
    expect(box).to_have_value("")
    assert fits_the_screen(page)
    assert list(ticket.messages.filter(direction=Direction.INBOUND).values_list("body", flat=True)) == [
        "Hi, is anyone there?",
        "I also wanted to ask about the colour.",
    ]
