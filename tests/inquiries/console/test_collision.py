"""Collision detection: who else views or types on a ticket (heartbeats with
a timeout), and the version check that refuses a reply written against an
older conversation."""

from datetime import timedelta

import pytest
from django.core import mail

from csba.errors import DomainError
from inquiries.console import services
from inquiries.intake.services import Contact, contact_receive
from inquiries.models import Message
from inquiries.presence import BUYER, agent_key, presence_list, presence_touch
from tests.factories import agent_user

from .conftest import NOW, covered_ticket

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def buyer_writes(ticket, text="Are you there?"):
    return contact_receive(
        contact=Contact(
            channel=ticket.channel,
            marketplace_code="US",
            body=text,
            ticket_reference=ticket.pk,
            buyer_email=ticket.buyer.email,
        ),
        now=NOW + timedelta(minutes=1),
    )


def test_a_reply_written_against_an_older_conversation_is_refused(agent):
    ticket = covered_ticket()
    seen = ticket.messages.get().pk
    buyer_writes(ticket)
    with pytest.raises(DomainError) as refused:
        services.ticket_reply(ticket_id=ticket.pk, agent=agent, body="Hello", now=NOW, seen_message_id=seen)
    assert refused.value.code == "conversation_changed"
    assert not Message.objects.filter(ticket=ticket, direction="outbound").exists() and mail.outbox == []
    # written against the conversation as it is now, it goes out
    latest = Message.objects.filter(ticket=ticket).latest("pk").pk
    services.ticket_reply(ticket_id=ticket.pk, agent=agent, body="Hello", now=NOW, seen_message_id=latest)
    assert Message.objects.filter(ticket=ticket, direction="outbound").count() == 1


def test_an_internal_note_does_not_count_as_a_new_message(agent, agent2):
    ticket = covered_ticket()
    seen = ticket.messages.get().pk
    services.ticket_note(ticket_id=ticket.pk, agent=agent2, body="FYI", now=NOW)
    services.ticket_reply(ticket_id=ticket.pk, agent=agent, body="Hello", now=NOW, seen_message_id=seen)
    assert Message.objects.filter(ticket=ticket, direction="outbound").count() == 1


def test_the_page_keeps_the_text_shows_the_new_message_and_takes_the_second_send(agent_client, agent):
    ticket = covered_ticket()
    page = html(agent_client.get(f"/agent/tickets/{ticket.pk}/"))
    seen = ticket.messages.get().pk
    assert f'name="reply-seen" value="{seen}"' in page
    newer = buyer_writes(ticket, "I found it, never mind!")
    fields = {"reply-body": "Your parcel arrives Monday.", "reply-after": "wait", "reply-seen": str(seen)}
    # when the agent sends what it wrote before the buyer's new message
    response = agent_client.post(f"/agent/tickets/{ticket.pk}/reply/", fields)
    # then nothing goes out, its text stays, and the new message is marked
    page = html(response)
    assert response.status_code == 400
    assert "New messages arrived in the conversation while you were writing" in page
    assert "Your parcel arrives Monday.</textarea>" in page
    latest = Message.objects.filter(ticket=ticket).latest("pk").pk
    assert f'name="reply-seen" value="{latest}"' in page
    assert 'class="message inbound is-new"' in page and "I found it, never mind!" in page
    assert not Message.objects.filter(ticket=ticket, direction="outbound").exists()
    assert newer.threaded
    # when it sends again, having seen it
    response = agent_client.post(f"/agent/tickets/{ticket.pk}/reply/", {**fields, "reply-seen": str(latest)})
    assert response.status_code == 302
    assert Message.objects.filter(ticket=ticket, direction="outbound").count() == 1


def test_heartbeats_tell_who_else_views_or_types_until_they_time_out(client, clock, agent, agent2, settings):
    settings.PRESENCE_TIMEOUT_SECONDS = 30
    clock.set(NOW)
    ticket = covered_ticket(channel="chat")
    url = f"/agent/tickets/{ticket.pk}/presence/"
    services.ticket_claim(ticket_id=ticket.pk, agent=agent, now=NOW)
    # given agent1 views and types, and the buyer is on its page
    client.force_login(agent)
    assert client.post(url, {"typing": "1"}).json()["others"] == []
    presence_touch(ticket_id=ticket.pk, who=BUYER, name="Bo", is_typing=True, now=NOW)
    # when agent2 opens the ticket
    client.force_login(agent2)
    data = client.post(url, {"typing": "0"}).json()
    # then it sees both, agent1 first as the one typing a reply
    assert [(o["text"], o["warn"]) for o in data["others"]] == [
        ("The buyer is typing…", False),
        ("agent1 is typing a reply.", True),
    ]
    assert data["version"] == ticket.messages.get().pk
    # when agent1 stops beating: after the timeout it is gone
    clock.advance(timedelta(seconds=31))
    presence_touch(ticket_id=ticket.pk, who=BUYER, name="Bo", is_typing=False, now=clock.now)
    data = client.post(url, {}).json()
    assert [o["text"] for o in data["others"]] == ["The buyer is on the conversation page."]
    # leaving says so at once
    client.post(url, {"leaving": "1"})
    assert [p.who for p in presence_list(ticket_id=ticket.pk, now=clock.now)] == [BUYER]
    assert agent_key(agent2.pk) not in {p.who for p in presence_list(ticket_id=ticket.pk, now=clock.now)}


def test_presence_is_for_agents_only_and_by_post(client):
    ticket = covered_ticket()
    url = f"/agent/tickets/{ticket.pk}/presence/"
    assert client.post(url).status_code == 302  # to the login page
    client.force_login(agent_user("plain-agent"))
    assert client.get(url).status_code == 405


def test_a_presence_cache_that_is_down_hides_presence_and_breaks_nothing(agent_client, monkeypatch):
    from inquiries import presence

    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(presence, "_cache", down)
    ticket = covered_ticket()
    response = agent_client.post(f"/agent/tickets/{ticket.pk}/presence/", {"typing": "1"})
    assert response.status_code == 200 and response.json()["others"] == []
