"""Opening a case: deadline per marketplace, the ticket waits for the seller,
the seller is emailed in its language after commit; what is refused."""

from datetime import timedelta

import pytest
from django.core import mail

from csba.errors import DomainError
from inquiries.caselog.services import case_open, case_seller_reply
from inquiries.events import EventKind
from inquiries.models import Case, CaseMessage, TicketEvent
from inquiries.reasons import Reason, Route
from inquiries.states import CaseStatus, TicketStatus
from tests.factories import SellerFactory, agent_user

from .conftest import escalate, ticket_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code,hours", [("US", 24), ("DE", 24), ("JP", 6)])
def test_the_deadline_is_the_marketplaces_reply_hours_after_opening(clock, code, hours):
    # given
    ticket = ticket_for(code=code, now=clock.now)
    agent = agent_user()
    # when
    case = case_open(ticket_id=ticket.pk, question="When did you ship it?", now=clock.now, actor=agent)
    # then
    assert case.deadline_at - case.opened_at == timedelta(hours=hours)
    assert case.opened_at == clock.now and case.status == CaseStatus.AWAITING_SELLER
    assert (case.seller_id, case.marketplace_id, case.opened_by) == (ticket.seller_id, ticket.marketplace_id, agent)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.AWAITING_SELLER
    kinds = list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))
    assert kinds == [EventKind.CASE_OPENED, EventKind.STATUS_CHANGED]


def test_the_seller_is_emailed_after_commit_in_its_language_with_a_link(clock, django_capture_on_commit_callbacks):
    # given a Chinese-speaking seller in JP
    seller = SellerFactory(
        preferred_language="zh-hans", time_zone="Asia/Shanghai", notification_email="shop@example.cn"
    )
    ticket = ticket_for(code="JP", seller=seller, now=clock.now)
    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case = escalate(ticket, now=clock.now)
    # then nothing is sent before commit
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == ["shop@example.cn"]
    assert f"/seller/cases/{case.pk}/" in message.body
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html" and f"/seller/cases/{case.pk}/" in html
    # the deadline in the seller's time zone (Shanghai, UTC+8): opened 09:00 UTC + 6 h = 23:00 CST
    assert "2026年3月10日 23:00 CST" in message.body
    assert "Can you confirm the tracking number?" in message.body


def test_the_opening_email_is_sent_once_even_if_the_task_runs_twice(clock):
    from inquiries.tasks.cases import case_notify_task

    case = escalate(ticket_for(now=clock.now), now=clock.now)
    assert case_notify_task(case_ids=[case.pk], kind="opened") == 1
    assert case_notify_task(case_ids=[case.pk], kind="opened") == 0
    assert len(mail.outbox) == 1


def test_an_empty_question_is_refused_and_nothing_changes(clock):
    ticket = ticket_for(now=clock.now)
    with pytest.raises(DomainError) as error:
        case_open(ticket_id=ticket.pk, question="  ", now=clock.now)
    assert error.value.code == "empty_question" and "question" in error.value.field_errors
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN and not Case.objects.exists()


@pytest.mark.parametrize("status", [TicketStatus.AWAITING_SELLER, TicketStatus.RESOLVED, TicketStatus.TRANSFERRED])
def test_a_case_needs_a_ticket_that_is_open_waiting_for_the_buyer_or_back_from_the_seller(clock, status):
    ticket = ticket_for(now=clock.now, status=status)
    with pytest.raises(DomainError) as error:
        escalate(ticket, now=clock.now)
    assert error.value.code == "ticket_not_open"
    assert not Case.objects.exists()


def test_a_ticket_without_a_seller_or_outside_csba_cannot_be_escalated(clock):
    orphan = ticket_for(now=clock.now)
    orphan.seller = None
    orphan.save(update_fields=["seller"])
    with pytest.raises(DomainError) as error:
        escalate(orphan, now=clock.now)
    assert error.value.code == "no_seller"
    routed_away = ticket_for(now=clock.now, route=Route.SELLER_MESSAGING)
    with pytest.raises(DomainError) as error:
        escalate(routed_away, now=clock.now)
    assert error.value.code == "not_csba"
    with pytest.raises(DomainError) as error:
        case_open(ticket_id=999_999, question="?", now=clock.now)
    assert error.value.code == "unknown_ticket"


def test_jp_a_to_z_claims_are_never_sent_to_the_seller(clock):
    # given an A-to-z claim on a covered JP order
    ticket = ticket_for(code="JP", now=clock.now, reason=Reason.A_TO_Z_CLAIM)
    # when / then
    with pytest.raises(DomainError) as error:
        escalate(ticket, now=clock.now)
    assert error.value.code == "a_to_z_handled_by_csba"
    assert "CSBA" in error.value.message
    assert not Case.objects.exists() and mail.outbox == []
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN


def test_us_a_to_z_claims_still_go_to_the_seller(clock):
    case = escalate(ticket_for(code="US", now=clock.now, reason=Reason.A_TO_Z_CLAIM), now=clock.now)
    assert case.status == CaseStatus.AWAITING_SELLER


def test_a_follow_up_question_reopens_the_answered_case_with_a_new_deadline(clock, seller):
    # given the seller answered the first question
    case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    clock.advance(timedelta(hours=2))
    case_seller_reply(case_id=case.pk, seller=seller, body="Shipped Monday.", now=clock.now)
    clock.advance(timedelta(hours=1))
    # when the agent asks again
    again = escalate(case.ticket, now=clock.now, question="Which carrier?")
    # then the same case waits again, 24 h from now, with the follow-up in its history
    assert again.pk == case.pk
    again.refresh_from_db()
    assert again.status == CaseStatus.AWAITING_SELLER
    assert again.deadline_at == clock.now + timedelta(hours=24)
    assert list(CaseMessage.objects.filter(case=case).values_list("author_kind", "body")) == [
        ("seller", "Shipped Monday."),
        ("agent", "Which carrier?"),
    ]
    assert Case.objects.count() == 1
