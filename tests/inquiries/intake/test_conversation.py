"""The buyer's conversation page: every contact with an email address gets the
agents' replies by mail with a signed, expiring link to a page showing the
conversation, where the buyer answers (a buyer message on the ticket,
reopening it per the state machine). The chat is the same page, refreshed in
place with who is there."""

import re
from datetime import timedelta

import pytest
from django.core import mail

from inquiries.buyer_links import buyer_link_for, buyer_path_for, buyer_token_for
from inquiries.console.services import ticket_merge, ticket_note, ticket_reply
from inquiries.events import EventKind
from inquiries.models import Direction, Message, Ticket, TicketEvent
from inquiries.presence import BUYER, agent_key, presence_list, presence_touch
from inquiries.states import TicketStatus
from tests.factories import T0, EnrollmentFactory, OrderFactory, OrderItemFactory, SellerFactory, agent_user

pytestmark = pytest.mark.django_db
NOW = T0 + timedelta(days=20)


@pytest.fixture
def order():
    seller = SellerFactory()
    EnrollmentFactory(seller=seller, requested_at=T0, effective_at=T0)
    order = OrderFactory(seller=seller, placed_at=T0 + timedelta(days=3))
    OrderItemFactory(order=order)
    return order


@pytest.fixture
def agent():
    return agent_user("ann")


def web_form(client, order, text="Where is my parcel?"):
    response = client.post(
        "/help/contact/",
        {
            "marketplace": "US",
            "buyer_name": "Bo",
            "buyer_email": order.buyer.email,  # the order's own buyer (another email would wait for an agent's check)
            "order_number": order.order_number,
            "subject": "Parcel",
            "text": text,
            "submission_key": "k1",
        },
    )
    assert response.status_code == 200
    return Ticket.objects.get(), response.content.decode()


def link_in(message) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/help/conversation/[^/\s]+/)", message.body).group(1)


def test_a_web_form_buyer_gets_the_reply_by_mail_and_answers_on_the_page(
    client, clock, order, agent, django_capture_on_commit_callbacks
):
    clock.set(NOW)
    # given a buyer who wrote through the web form: the thank-you page links to the conversation
    ticket, done = web_form(client, order)
    assert f'href="{buyer_path_for(ticket.pk, now=NOW)}"' in done
    # when an agent replies (and adds an internal note)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket_id=ticket.pk, agent=agent, body="It left our warehouse today.", now=NOW)
    ticket_note(ticket_id=ticket.pk, agent=agent, body="Carrier was late last week.", now=NOW)
    # then the buyer gets it by mail, in its language, with a link to the conversation
    [sent] = mail.outbox
    assert sent.to == [order.buyer.email] and sent.subject == f"[{ticket.reference}] Re: Parcel"
    assert sent.body.startswith("It left our warehouse today.")
    assert link_in(sent) in sent.alternatives[0][0]
    # when the buyer opens the link
    page = client.get(link_in(sent)).content.decode()
    # then the page shows the conversation, not the internal note
    assert "Where is my parcel?" in page and "It left our warehouse today." in page
    assert "Carrier was late" not in page
    assert "We replied. If you still need help, write to us below." in page
    # when the buyer answers on the page
    response = client.post(link_in(sent), {"text": "Thanks, and the tracking number?", "submission_key": "a1"})
    # then it is a buyer message on the ticket, which goes back to the queue
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN
    answer = Message.objects.filter(ticket=ticket, direction=Direction.INBOUND).latest("pk")
    assert (answer.body, answer.author_kind, answer.channel) == (
        "Thanks, and the tracking number?",
        "buyer",
        "web_form",
    )
    reopened = TicketEvent.objects.filter(ticket=ticket, kind=EventKind.STATUS_CHANGED).latest("pk")
    assert (reopened.data["from"], reopened.data["to"], reopened.actor_kind) == ("pending_buyer", "open", "buyer")


def test_the_mail_to_a_german_buyer_is_in_german_and_says_so(
    client, clock, order, agent, django_capture_on_commit_callbacks
):
    clock.set(NOW)
    ticket, _ = web_form(client, order)
    Ticket.objects.filter(pk=ticket.pk).update(language="de")
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket_id=ticket.pk, agent=agent, body="Ihr Paket ist unterwegs.", now=NOW)
    [sent] = mail.outbox
    html = sent.alternatives[0][0]
    assert '<html lang="de">' in html
    assert "Gespräch ansehen und antworten" in html


def test_a_double_click_sends_the_answer_once(client, clock, order):
    clock.set(NOW)
    ticket, _ = web_form(client, order)
    url = buyer_path_for(ticket.pk, now=NOW)
    for _twice in range(2):
        client.post(url, {"text": "Hello?", "submission_key": "same-key"}, headers={"x-requested-with": "fetch"})
    assert Message.objects.filter(ticket=ticket, body="Hello?").count() == 1


def test_a_resolved_ticket_is_reopened_by_the_buyers_answer(client, clock, order, agent):
    clock.set(NOW)
    ticket, _ = web_form(client, order)
    ticket_reply(ticket_id=ticket.pk, agent=agent, body="Done.", now=NOW, after="resolve")
    response = client.post(
        buyer_path_for(ticket.pk, now=NOW),
        {"text": "Not done!", "submission_key": "b"},
        headers={"x-requested-with": "fetch"},
    )
    assert response.json() == {"ok": True}
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolved_at) == (TicketStatus.OPEN, ticket.resolved_at)


def test_a_forged_or_expired_link_shows_nothing_and_takes_nothing(client, clock, order, settings):
    clock.set(NOW)
    settings.BUYER_LINK_DAYS = 30
    ticket, _ = web_form(client, order)
    token = buyer_token_for(ticket.pk, now=NOW)
    forged = f"/help/conversation/{token[:-3]}abc/"
    other = f"/help/conversation/{token.replace(':', 'x:', 1)}/"
    for url in (forged, other):
        response = client.post(url, {"text": "Injected", "submission_key": "f"})
        assert response.status_code == 400 and "not valid" in response.content.decode()
    clock.advance(timedelta(days=31))
    expired = client.get(f"/help/conversation/{token}/")
    assert expired.status_code == 410 and "has expired" in expired.content.decode()
    assert not Message.objects.filter(body="Injected").exists()
    assert "Where is my parcel?" not in expired.content.decode()


def test_every_contact_with_an_address_gets_replies_by_mail_whatever_the_channel(
    clock, agent, order, django_capture_on_commit_callbacks
):
    from inquiries.intake.services import Contact, contact_receive

    clock.set(NOW)
    phone = contact_receive(
        contact=Contact(channel="phone", marketplace_code="US", body="Caller asks", order_number=order.order_number),
        now=NOW,
    ).ticket
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket_id=phone.pk, agent=agent, body="We called back.", now=NOW)
    assert [m.to for m in mail.outbox] == [[order.buyer.email]]
    assert buyer_link_for(phone.pk, now=NOW) in mail.outbox[0].body


def test_a_merged_duplicates_link_leads_to_the_ticket_that_stays(client, clock, order, agent):
    clock.set(NOW)
    first, _ = web_form(client, order, "First message")
    second = Ticket.objects.create(
        **{
            f.name: getattr(first, f.name)
            for f in Ticket._meta.concrete_fields
            if f.name not in ("id", "idempotency_key")
        }
    )
    Message.objects.create(
        ticket=second, direction="inbound", author_kind="buyer", channel="web_form", body="Second message", sent_at=NOW
    )
    ticket_merge(ticket_id=second.pk, into=first.reference, agent=agent, now=NOW)
    page = client.get(buyer_path_for(second.pk, now=NOW)).content.decode()
    assert first.reference in page and "First message" in page and "Second message" in page
    client.post(buyer_path_for(second.pk, now=NOW), {"text": "On the one that stays", "submission_key": "m"})
    assert Message.objects.get(body="On the one that stays").ticket_id == first.pk


def test_updates_give_the_list_alone_and_who_is_typing(client, clock, order, agent):
    clock.set(NOW)
    ticket, _ = web_form(client, order)
    url = buyer_path_for(ticket.pk, now=NOW) + "updates/"
    # when an agent is on the ticket and types
    presence_touch(ticket_id=ticket.pk, who=agent_key(agent.pk), name="Ann Lee", is_typing=True, now=NOW)
    data = client.get(url, {"typing": "1"}).json()
    # then the list and the presence line come back, and the buyer's heartbeat is recorded
    assert data["presence"] == "Ann is typing…"
    assert data["html"].lstrip().startswith('<li class="chat-message inbound"') and "<form" not in data["html"]
    assert data["last"] == ticket.messages.get().pk
    [buyer] = [p for p in presence_list(ticket_id=ticket.pk, now=NOW) if p.who == BUYER]
    assert buyer.is_typing(NOW) and buyer.name == order.buyer.name
    # when the agent stopped typing a while ago but is still there, and later is gone
    clock.advance(timedelta(seconds=10))
    presence_touch(ticket_id=ticket.pk, who=agent_key(agent.pk), name="Ann Lee", is_typing=False, now=clock.now)
    assert client.get(url).json()["presence"] == "Ann from customer service has joined."
    clock.advance(timedelta(seconds=31))
    assert client.get(url).json()["presence"] == ""


def test_times_are_in_the_buyers_zone(client, clock, order):
    clock.set(NOW)
    ticket, _ = web_form(client, order)
    url = buyer_path_for(ticket.pk, now=NOW)
    # without the browser's zone yet: the marketplace's
    assert "Times are shown in America/Los_Angeles." in client.get(url).content.decode()
    # with it (the page's script sets the cookie)
    client.cookies["csba_tz"] = "Europe/Berlin"
    data = client.get(url + "updates/").json()
    assert data["zone"] == "Europe/Berlin" and "Jan 21, 2026, 1:00 AM" in data["html"]
    client.cookies["csba_tz"] = "Asia%2FTokyo"  # as a browser may escape it
    assert client.get(url + "updates/").json()["zone_note"] == "Times are shown in Asia/Tokyo."
    client.cookies["csba_tz"] = "Not/AZone"
    assert client.get(url + "updates/").status_code == 200


def test_a_message_passed_to_the_seller_shows_without_an_answer_box(client, clock):
    clock.set(NOW)
    seller = SellerFactory()
    order = OrderFactory(seller=seller, placed_at=T0 + timedelta(days=3))  # never enrolled: not covered
    OrderItemFactory(order=order)
    ticket, _ = web_form(client, order)
    assert ticket.status == TicketStatus.TRANSFERRED
    url = buyer_path_for(ticket.pk, now=NOW)
    page = client.get(url).content.decode()
    assert "passed to the seller" in page and 'id="reply"' not in page
    client.post(url, {"text": "Hello?", "submission_key": "t"})
    assert not Message.objects.filter(body="Hello?").exists()
