"""Escalation to the seller through the case log, and resolving a ticket whose case is open."""

import pytest

from csba.errors import DomainError
from inquiries.console.services import ticket_claim, ticket_escalate, ticket_resolve
from inquiries.models import Case, TicketEvent
from inquiries.states import CaseStatus, TicketStatus
from tests.factories import CaseFactory, TicketFactory

from .conftest import NOW, covered_ticket

pytestmark = pytest.mark.django_db


def test_escalating_opens_a_case_with_the_marketplace_deadline(agent):
    # given
    ticket = covered_ticket()
    # when
    case = ticket_escalate(ticket_id=ticket.pk, agent=agent, question="When did you hand it to UPS?", now=NOW)
    # then
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.AWAITING_SELLER
    assert ticket.assigned_to == agent
    assert (case.seller_id, case.question, case.status) == (
        ticket.seller_id,
        "When did you hand it to UPS?",
        CaseStatus.AWAITING_SELLER,
    )
    assert (case.deadline_at - NOW).total_seconds() == ticket.marketplace.seller_reply_hours * 3600
    assert TicketEvent.objects.filter(ticket=ticket, kind="case_opened", case=case).exists()


def test_an_empty_question_opens_no_case(agent):
    ticket = covered_ticket()
    with pytest.raises(DomainError) as refused:
        ticket_escalate(ticket_id=ticket.pk, agent=agent, question="  ", now=NOW)
    assert refused.value.field_errors["question"]
    assert not Case.objects.exists()


def test_a_ticket_without_a_seller_cannot_be_escalated(agent):
    ticket = TicketFactory()
    with pytest.raises(DomainError) as refused:
        ticket_escalate(ticket_id=ticket.pk, agent=agent, question="Anyone?", now=NOW)
    assert refused.value.code == "no_seller"
    assert not Case.objects.exists()


def test_another_agent_cannot_escalate_a_held_ticket(agent, agent2):
    ticket = covered_ticket()
    ticket_claim(ticket_id=ticket.pk, agent=agent, now=NOW)
    with pytest.raises(DomainError) as refused:
        ticket_escalate(ticket_id=ticket.pk, agent=agent2, question="Tracking?", now=NOW)
    assert refused.value.code == "claimed_by_other"
    assert not Case.objects.exists()


def test_resolving_after_the_seller_answered_closes_the_case(agent):
    # given a ticket whose case the seller answered
    ticket = covered_ticket(status=TicketStatus.SELLER_REPLIED)
    case = CaseFactory(ticket=ticket, seller=ticket.seller, status=CaseStatus.SELLER_REPLIED)
    # when
    ticket_resolve(ticket_id=ticket.pk, agent=agent, resolution="seller_resolved", now=NOW)
    # then
    case.refresh_from_db()
    assert (case.status, case.resolved_at) == (CaseStatus.RESOLVED, NOW)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolution) == (TicketStatus.RESOLVED, "seller_resolved")


def test_resolving_while_the_seller_has_not_answered_cancels_the_case(agent):
    ticket = covered_ticket(status=TicketStatus.AWAITING_SELLER)
    case = CaseFactory(ticket=ticket, seller=ticket.seller)
    ticket_resolve(ticket_id=ticket.pk, agent=agent, resolution="answered", now=NOW)
    case.refresh_from_db()
    assert case.status == CaseStatus.CANCELLED
