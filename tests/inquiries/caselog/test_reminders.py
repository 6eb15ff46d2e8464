"""Reminders before the deadline (lead time per marketplace, once per case)
and the buyer commitment (a first reply within two days)."""

from datetime import timedelta

import pytest
from django.core import mail

from inquiries.caselog.services import case_remind_due, case_seller_reply
from inquiries.console.services.commitment import ticket_flag_commitment_breaches
from inquiries.events import EventKind
from inquiries.models import TicketEvent
from inquiries.services.messaging import ticket_send_to_buyer
from inquiries.states import TicketStatus
from tests.factories import TicketFactory

from .conftest import escalate, ticket_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code,hours,lead_minutes", [("US", 24, 240), ("DE", 24, 240), ("JP", 6, 60)])
def test_a_seller_is_reminded_once_at_the_lead_time_before_the_deadline(
    clock,
    code,
    hours,
    lead_minutes,
    django_capture_on_commit_callbacks,
):
    # given
    case = escalate(ticket_for(code=code, now=clock.now), now=clock.now)
    mail.outbox.clear()
    # when the job runs one minute before the lead time
    clock.advance(timedelta(hours=hours) - timedelta(minutes=lead_minutes + 1))
    assert case_remind_due(now=clock.now) == 0
    # and at the lead time, then again
    clock.advance(timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert case_remind_due(now=clock.now) == 1
    clock.advance(timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert case_remind_due(now=clock.now) == 0
    # then
    case.refresh_from_db()
    assert case.reminded_at == clock.now - timedelta(minutes=5)
    [reminder] = mail.outbox
    assert case.ticket.reference in reminder.subject and f"/seller/cases/{case.pk}/" in reminder.body
    assert TicketEvent.objects.filter(case=case, kind=EventKind.CASE_REMINDER_SENT).count() == 1


def test_no_reminder_after_the_seller_replied_or_past_the_deadline(clock, seller):
    answered = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    case_seller_reply(case_id=answered.pk, seller=seller, body="Done.", now=clock.now)
    overdue = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    clock.advance(timedelta(hours=25))
    assert case_remind_due(now=clock.now) == 0
    overdue.refresh_from_db()
    assert overdue.reminded_at is None


def test_a_follow_up_is_reminded_again(clock, seller):
    case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    clock.advance(timedelta(hours=20))
    assert case_remind_due(now=clock.now) == 1
    case_seller_reply(case_id=case.pk, seller=seller, body="Shipped.", now=clock.now)
    escalate(case.ticket, now=clock.now, question="Tracking number?")
    clock.advance(timedelta(hours=20))
    assert case_remind_due(now=clock.now) == 1


def test_tickets_without_a_reply_two_days_after_opening_are_flagged_once(clock):
    # given tickets opened 49 h ago: one unanswered, one answered on time, one answered late, one resolved silently
    opened = clock.now - timedelta(hours=49)
    unanswered = TicketFactory(opened_at=opened)
    on_time = TicketFactory(opened_at=opened, first_responded_at=opened + timedelta(hours=5))
    late = TicketFactory(opened_at=opened, first_responded_at=opened + timedelta(hours=48, minutes=30))
    closed_early = TicketFactory(
        opened_at=opened, status=TicketStatus.RESOLVED, resolved_at=opened + timedelta(hours=1)
    )
    young = TicketFactory(opened_at=clock.now - timedelta(hours=47))
    # when
    assert ticket_flag_commitment_breaches(now=clock.now) == 2
    assert ticket_flag_commitment_breaches(now=clock.now) == 0
    # then
    flagged = {t.pk for t in (unanswered, on_time, late, closed_early, young) if _reload(t).is_commitment_breached}
    assert flagged == {unanswered.pk, late.pk}
    assert TicketEvent.objects.filter(kind=EventKind.COMMITMENT_BREACHED).count() == 2


def test_a_reply_before_the_due_time_prevents_the_flag(clock):
    ticket = TicketFactory(opened_at=clock.now)
    clock.advance(timedelta(hours=47))
    ticket_send_to_buyer(ticket=ticket, body="Here is your answer.", now=clock.now)
    clock.advance(timedelta(hours=2))
    assert ticket_flag_commitment_breaches(now=clock.now) == 0


def _reload(ticket):
    ticket.refresh_from_db()
    return ticket
