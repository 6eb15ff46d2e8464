"""Claim and collision: one holder per ticket, explicit take-over with an audit event."""

import threading

import pytest
from django.db import connection, connections

from csba.errors import DomainError
from inquiries.console.services import ticket_claim, ticket_note, ticket_release, ticket_reply, ticket_take_over
from inquiries.models import Message, TicketEvent
from inquiries.states import TicketStatus
from tests.factories import TicketFactory, agent_user

from .conftest import NOW, covered_ticket

pytestmark = pytest.mark.django_db


def kinds(ticket):
    return list(TicketEvent.objects.filter(ticket=ticket).order_by("pk").values_list("kind", flat=True))


def test_an_agent_claims_an_unassigned_ticket(agent):
    # given
    ticket = TicketFactory()
    # when
    ticket_claim(ticket_id=ticket.pk, agent=agent, now=NOW)
    # then
    ticket.refresh_from_db()
    assert (ticket.assigned_to, ticket.claimed_at) == (agent, NOW)
    event = TicketEvent.objects.get(ticket=ticket, kind="claimed")
    assert (event.actor, event.actor_kind, event.at) == (agent, "agent", NOW)


def test_claiming_twice_by_the_holder_changes_nothing(agent):
    ticket = TicketFactory()
    ticket_claim(ticket_id=ticket.pk, agent=agent, now=NOW)
    ticket_claim(ticket_id=ticket.pk, agent=agent, now=NOW)
    assert kinds(ticket) == ["claimed"]


def test_a_second_agent_cannot_claim_a_held_ticket(agent, agent2):
    # given
    ticket = TicketFactory()
    ticket_claim(ticket_id=ticket.pk, agent=agent, now=NOW)
    # when
    with pytest.raises(DomainError) as refused:
        ticket_claim(ticket_id=ticket.pk, agent=agent2, now=NOW)
    # then
    assert refused.value.code == "claimed_by_other"
    assert "agent1" in refused.value.message
    ticket.refresh_from_db()
    assert ticket.assigned_to == agent
    assert kinds(ticket) == ["claimed"]


def test_others_cannot_act_on_a_claimed_ticket(agent, agent2):
    # given
    ticket = covered_ticket()
    ticket_claim(ticket_id=ticket.pk, agent=agent, now=NOW)
    # when
    with pytest.raises(DomainError) as refused:
        ticket_reply(ticket_id=ticket.pk, agent=agent2, body="Hello", now=NOW)
    # then
    assert refused.value.code == "claimed_by_other"
    assert not Message.objects.filter(ticket=ticket, direction="outbound").exists()
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN


def test_any_agent_may_add_an_internal_note_to_a_held_ticket(agent, agent2):
    ticket = TicketFactory()
    ticket_claim(ticket_id=ticket.pk, agent=agent, now=NOW)
    note = ticket_note(ticket_id=ticket.pk, agent=agent2, body="Buyer called twice.", now=NOW)
    assert (note.direction, note.author) == ("internal", agent2)


def test_take_over_moves_the_ticket_and_records_the_previous_holder(agent, agent2):
    # given
    ticket = TicketFactory()
    ticket_claim(ticket_id=ticket.pk, agent=agent, now=NOW)
    # when
    ticket_take_over(ticket_id=ticket.pk, agent=agent2, now=NOW, reason="agent1 is off shift")
    # then
    ticket.refresh_from_db()
    assert ticket.assigned_to == agent2
    event = TicketEvent.objects.get(ticket=ticket, kind="taken_over")
    assert event.actor == agent2
    assert event.data == {"from_user_id": agent.pk, "from": "agent1", "reason": "agent1 is off shift"}
    # and the former holder is now the one refused
    with pytest.raises(DomainError):
        ticket_reply(ticket_id=ticket.pk, agent=agent, body="Hi", now=NOW)


def test_take_over_of_an_unassigned_ticket_is_a_plain_claim(agent):
    ticket = TicketFactory()
    ticket_take_over(ticket_id=ticket.pk, agent=agent, now=NOW)
    assert kinds(ticket) == ["claimed"]


def test_only_the_holder_releases(agent, agent2):
    # given
    ticket = TicketFactory()
    ticket_claim(ticket_id=ticket.pk, agent=agent, now=NOW)
    # when another agent tries
    with pytest.raises(DomainError):
        ticket_release(ticket_id=ticket.pk, agent=agent2, now=NOW)
    # then the holder can
    ticket_release(ticket_id=ticket.pk, agent=agent, now=NOW)
    ticket.refresh_from_db()
    assert ticket.assigned_to is None
    assert kinds(ticket) == ["claimed", "released"]


def test_acting_on_an_unassigned_ticket_claims_it_on_the_way(agent):
    ticket = covered_ticket()
    ticket_reply(ticket_id=ticket.pk, agent=agent, body="Hello", now=NOW)
    ticket.refresh_from_db()
    assert ticket.assigned_to == agent
    claimed = TicketEvent.objects.get(ticket=ticket, kind="claimed")
    assert claimed.data == {"implicit": True}


@pytest.mark.parametrize("status", [TicketStatus.RESOLVED, TicketStatus.MERGED, TicketStatus.TRANSFERRED])
def test_closed_tickets_cannot_be_claimed(agent, status):
    ticket = TicketFactory(status=status)
    with pytest.raises(DomainError) as refused:
        ticket_claim(ticket_id=ticket.pk, agent=agent, now=NOW)
    assert refused.value.code == "ticket_closed"
    assert kinds(ticket) == []


def test_an_unknown_ticket_is_a_domain_error(agent):
    with pytest.raises(DomainError) as refused:
        ticket_claim(ticket_id=999_999, agent=agent, now=NOW)
    assert refused.value.code == "unknown_ticket"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_two_simultaneous_claims_exactly_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    # given two agents and one ticket, several rounds to give the race a chance
    agents = [agent_user("racer1"), agent_user("racer2")]
    for _ in range(5):
        ticket = TicketFactory()
        outcomes, barrier = [], threading.Barrier(2)

        def claim(user, ticket=ticket, outcomes=outcomes, barrier=barrier):
            try:
                barrier.wait()
                ticket_claim(ticket_id=ticket.pk, agent=user, now=NOW)
                outcomes.append(("won", user.pk))
            except DomainError as error:
                outcomes.append((error.code, user.pk))
            finally:
                connections.close_all()

        # when both claim at once
        threads = [threading.Thread(target=claim, args=(user,)) for user in agents]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # then exactly one wins, the other sees the winner's claim
        assert sorted(code for code, _ in outcomes) == ["claimed_by_other", "won"]
        winner = next(user_id for code, user_id in outcomes if code == "won")
        ticket.refresh_from_db()
        assert ticket.assigned_to_id == winner
        assert TicketEvent.objects.filter(ticket=ticket, kind="claimed").count() == 1
