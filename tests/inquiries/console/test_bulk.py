"""Bulk actions in the queue (assign, apply a macro, resolve, merge): each
ticket through the same service as the single action, audited; what a
service refuses is reported and left as it was."""

from datetime import timedelta

import pytest

from inquiries.console import services
from inquiries.events import EventKind
from inquiries.models import Macro, Message, TicketEvent
from inquiries.states import TicketStatus
from tests.factories import BuyerFactory, TicketFactory, agent_user

from .conftest import NOW, covered_ticket

pytestmark = pytest.mark.django_db


def refs(ids):
    return [f"CSBA-{pk}" for pk in ids]


def test_resolve_goes_ticket_by_ticket_and_reports_refusals(agent, agent2):
    mine, free, theirs = covered_ticket(), covered_ticket(), covered_ticket()
    services.ticket_claim(ticket_id=mine.pk, agent=agent, now=NOW)
    services.ticket_claim(ticket_id=theirs.pk, agent=agent2, now=NOW)
    # when
    result = services.tickets_bulk(
        action="resolve", ticket_ids=[mine.pk, free.pk, theirs.pk], agent=agent, now=NOW, resolution="answered"
    )
    # then
    assert result.done == [mine.pk, free.pk]
    assert [(pk, "held by agent2" in why) for pk, why in result.refused] == [(theirs.pk, True)]
    for ticket in (mine, free, theirs):
        ticket.refresh_from_db()
    assert (mine.status, free.status, theirs.status) == (
        TicketStatus.RESOLVED,
        TicketStatus.RESOLVED,
        TicketStatus.OPEN,
    )
    resolved = TicketEvent.objects.filter(kind=EventKind.STATUS_CHANGED, data__to="resolved")
    assert sorted(resolved.values_list("ticket_id", "actor_id")) == [(mine.pk, agent.pk), (free.pk, agent.pk)]
    assert not TicketEvent.objects.filter(ticket=theirs, kind=EventKind.STATUS_CHANGED).exists()


def test_assign_gives_unassigned_and_own_tickets_to_a_colleague(agent, agent2):
    free, mine = covered_ticket(), covered_ticket()
    services.ticket_claim(ticket_id=mine.pk, agent=agent, now=NOW)
    result = services.tickets_bulk(
        action="assign", ticket_ids=[free.pk, mine.pk], agent=agent, now=NOW, assignee=agent2
    )
    assert result.done == [free.pk, mine.pk] and result.refused == []
    for ticket in (free, mine):
        ticket.refresh_from_db()
        assert ticket.assigned_to == agent2
    event = TicketEvent.objects.get(ticket=mine, kind=EventKind.ASSIGNED)
    assert (event.actor, event.data["from"], event.data["to"]) == (agent, "agent1", "agent2")
    # a colleague's ticket is taken over first, as on its page
    again = services.tickets_bulk(action="assign", ticket_ids=[mine.pk], agent=agent, now=NOW, assignee=agent)
    assert again.done == [] and "Take it over" in again.refused[0][1]


def test_a_macro_is_sent_to_each_ticket_of_its_language(agent):
    macro = Macro.objects.create(name="Thanks", language="en", body="Hello {buyer_name}, about {order_number}: done.")
    english = covered_ticket()
    german = covered_ticket(language="de")
    result = services.tickets_bulk(
        action="macro", ticket_ids=[english.pk, german.pk], agent=agent, now=NOW, macro=macro
    )
    assert result.done == [english.pk]
    assert result.refused == [(german.pk, "The macro is in en, the ticket in de.")]
    sent = Message.objects.get(ticket=english, direction="outbound")
    assert sent.body == f"Hello {english.buyer.name}, about {english.order.order_number}: done."
    english.refresh_from_db()
    assert english.status == TicketStatus.PENDING_BUYER
    assert not Message.objects.filter(ticket=german, direction="outbound").exists()


def test_merge_puts_the_others_into_the_oldest_or_the_one_named(agent):
    buyer = BuyerFactory()
    first = TicketFactory(buyer=buyer, opened_at=NOW - timedelta(hours=3))
    second = TicketFactory(buyer=buyer, opened_at=NOW - timedelta(hours=2))
    stranger = TicketFactory(buyer=BuyerFactory())
    result = services.tickets_bulk(action="merge", ticket_ids=[second.pk, first.pk, stranger.pk], agent=agent, now=NOW)
    assert (result.target, result.done) == (first.pk, [second.pk])
    assert result.refused[0][0] == stranger.pk
    second.refresh_from_db()
    assert (second.status, second.merged_into_id) == (TicketStatus.MERGED, first.pk)
    named = TicketFactory(buyer=buyer)
    result = services.tickets_bulk(action="merge", ticket_ids=[first.pk], agent=agent, now=NOW, into=named.pk)
    assert result.done == [first.pk]


def test_no_tickets_or_too_many_are_refused_before_anything(agent):
    from csba.errors import DomainError

    with pytest.raises(DomainError):
        services.tickets_bulk(action="resolve", ticket_ids=[], agent=agent, now=NOW, resolution="answered")
    with pytest.raises(DomainError):
        services.tickets_bulk(
            action="resolve", ticket_ids=list(range(1, 102)), agent=agent, now=NOW, resolution="answered"
        )


def test_the_bulk_bar_reports_on_the_queue(agent_client, agent, agent2):
    free, theirs = covered_ticket(), covered_ticket()
    services.ticket_claim(ticket_id=theirs.pk, agent=agent2, now=NOW)
    response = agent_client.post(
        "/agent/bulk/",
        {"bulk-action": "resolve", "bulk-resolution": "no_action", "bulk-tickets": [free.pk, theirs.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/agent/")
    assert f"Resolved: CSBA-{free.pk}." in page
    assert f"Not done on CSBA-{theirs.pk}:" in page and "held by agent2" in page
    free.refresh_from_db()
    assert (free.status, free.resolution) == (TicketStatus.RESOLVED, "no_action")


def test_the_bulk_bar_asks_for_what_its_action_needs(agent_client):
    ticket = covered_ticket()
    page = agent_client.post(
        "/agent/bulk/", {"bulk-action": "assign", "bulk-tickets": [ticket.pk]}, follow=True
    ).content.decode()
    assert "Choose one for this action." in page
    ticket.refresh_from_db()
    assert ticket.assigned_to is None
    assert agent_client.get("/agent/bulk/").status_code == 405


def test_the_queue_has_a_box_per_row_and_the_bulk_bar(agent_client):
    ticket = covered_ticket()
    agent_user("carol")
    page = agent_client.get("/agent/").content.decode()
    assert f'name="bulk-tickets" value="{ticket.pk}" form="bulk-form"' in page
    assert 'action="/agent/bulk/"' in page and ">carol</option>" in page


def test_assign_from_the_ticket_page(agent_client, agent2):
    ticket = covered_ticket()
    response = agent_client.post(f"/agent/tickets/{ticket.pk}/assign/", {"assign-assignee": agent2.pk}, follow=True)
    assert "Assigned to agent2." in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.assigned_to == agent2
