"""Seller replies: back to the agent queue with priority; another seller's case
is 404 with nothing written; bad input; late replies after auto-resolution."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from csba.errors import DomainError, NotFound
from inquiries.caselog.services import (
    SELLER_REPLIED_PRIORITY,
    case_close_for_ticket,
    case_seller_reply,
    case_sweep_overdue,
)
from inquiries.events import EventKind
from inquiries.intake.services import IncomingAttachment
from inquiries.models import Attachment, CaseMessage, TicketEvent
from inquiries.states import CaseStatus, TicketStatus

from .conftest import escalate, ticket_for

pytestmark = pytest.mark.django_db


def test_a_reply_sends_the_ticket_back_to_the_agent_queue_with_priority(clock, seller, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    # given
    case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    clock.advance(timedelta(hours=3))
    # when
    message = case_seller_reply(
        case_id=case.pk,
        seller=seller,
        body="Shipped with UPS on Monday, tracking 1Z999AA10123456784.",
        now=clock.now,
        attachments=[SimpleUploadedFile("label.pdf", b"%PDF-1.4 label", content_type="application/pdf")],
    )
    # then
    case.refresh_from_db()
    ticket = case.ticket
    assert (case.status, case.seller_replied_at) == (CaseStatus.SELLER_REPLIED, clock.now)
    assert (ticket.status, ticket.priority) == (TicketStatus.SELLER_REPLIED, SELLER_REPLIED_PRIORITY)
    assert (message.author_kind, message.author, message.is_late) == ("seller", seller.user, False)
    attachment = Attachment.objects.get(case_message=message)
    assert (attachment.filename, attachment.size, attachment.content_type) == ("label.pdf", 14, "application/pdf")
    assert attachment.file.read() == b"%PDF-1.4 label"
    assert TicketEvent.objects.filter(case=case, kind=EventKind.SELLER_REPLIED).count() == 1
    # and the sweep leaves the answered case alone after its deadline
    clock.advance(timedelta(days=2))
    assert case_sweep_overdue(now=clock.now) == 0


def test_another_sellers_case_is_not_found_and_nothing_is_written(clock, seller, other_seller):
    case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    events_before = TicketEvent.objects.count()
    # even with bad input, the answer is "not found" (no hint the case exists)
    for body in ("I will handle it.", ""):
        with pytest.raises(NotFound):
            case_seller_reply(case_id=case.pk, seller=other_seller, body=body, now=clock.now)
    assert not CaseMessage.objects.exists()
    assert TicketEvent.objects.count() == events_before
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_SELLER


def test_an_empty_reply_is_refused(clock, seller):
    case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    with pytest.raises(DomainError) as error:
        case_seller_reply(case_id=case.pk, seller=seller, body=" \n ", now=clock.now)
    assert error.value.code == "empty_reply"
    assert error.value.field_errors == {"body": ["The reply is empty."]}
    assert not CaseMessage.objects.exists()


@override_settings(CSBA_MAX_ATTACHMENT_BYTES=1024)
def test_an_oversized_attachment_is_refused_with_its_name(clock, seller):
    case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    with pytest.raises(DomainError) as error:
        case_seller_reply(
            case_id=case.pk,
            seller=seller,
            body="See the photo.",
            now=clock.now,
            attachments=[IncomingAttachment("photo.jpg", "image/jpeg", b"x" * 1025)],
        )
    assert error.value.code == "attachment_too_large"
    assert "photo.jpg" in error.value.field_errors["attachments"][0]
    assert not CaseMessage.objects.exists() and not Attachment.objects.exists()
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_SELLER


def test_a_reply_after_auto_resolution_is_kept_as_a_late_note_and_changes_nothing(clock, seller):
    # given the case was auto-resolved
    case = escalate(ticket_for(seller=seller, now=clock.now, valid_tracking=False), now=clock.now)
    clock.advance(timedelta(hours=25))
    case_sweep_overdue(now=clock.now)
    clock.advance(timedelta(hours=1))
    # when the seller replies late
    message = case_seller_reply(case_id=case.pk, seller=seller, body="Sorry, it shipped yesterday.", now=clock.now)
    # then
    assert message.is_late
    case.refresh_from_db()
    assert case.status == CaseStatus.AUTO_RESOLVED
    assert case.ticket.status == TicketStatus.RESOLVED
    assert TicketEvent.objects.filter(case=case, kind=EventKind.LATE_SELLER_REPLY).count() == 1


def test_a_reply_after_the_deadline_is_late_even_before_the_sweep_has_run(clock, seller):
    # given a case whose 24 hours ran out 30 seconds ago, and no sweep yet (issue 12 item 7)
    case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    clock.advance(timedelta(hours=24, seconds=30))
    # when the seller replies
    message = case_seller_reply(case_id=case.pk, seller=seller, body="Here it is.", now=clock.now)
    # then the reply is a late note: the case is CSBA's to decide, the ticket does not go back to the queue
    assert message.is_late
    case.refresh_from_db()
    assert (case.status, case.seller_replied_at) == (CaseStatus.AWAITING_SELLER, None)
    assert case.ticket.status == TicketStatus.AWAITING_SELLER
    late = TicketEvent.objects.get(case=case, kind=EventKind.LATE_SELLER_REPLY)
    assert late.data["deadline_at"] == case.deadline_at.isoformat()
    assert not TicketEvent.objects.filter(case=case, kind=EventKind.SELLER_REPLIED).exists()
    # and the sweep resolves the case as it would have without the reply
    assert case_sweep_overdue(now=clock.now) == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.AUTO_RESOLVED


def test_a_reply_exactly_at_the_deadline_is_late_and_one_a_second_before_is_on_time(clock, seller):
    late_case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    on_time_case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    deadline = late_case.deadline_at
    on_time = case_seller_reply(
        case_id=on_time_case.pk, seller=seller, body="Tracking 1Z999.", now=deadline - timedelta(seconds=1)
    )
    at_deadline = case_seller_reply(case_id=late_case.pk, seller=seller, body="Tracking 1Z999.", now=deadline)
    assert (on_time.is_late, at_deadline.is_late) == (False, True)
    on_time_case.refresh_from_db()
    assert on_time_case.status == CaseStatus.SELLER_REPLIED
    # a second message to a case answered in time is no late reply
    more = case_seller_reply(case_id=on_time_case.pk, seller=seller, body="Photo attached.", now=deadline)
    assert more.is_late is False


def test_when_the_agent_resolves_the_ticket_the_replied_case_is_resolved(clock, seller):
    case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    case_seller_reply(case_id=case.pk, seller=seller, body="Delivered to the neighbour.", now=clock.now)
    closed = case_close_for_ticket(ticket_id=case.ticket_id, now=clock.now)
    case.refresh_from_db()
    assert [c.pk for c in closed] == [case.pk]
    assert (case.status, case.resolved_at) == (CaseStatus.RESOLVED, clock.now)


def test_when_the_agent_resolves_without_waiting_the_open_case_is_cancelled(clock, seller):
    case = escalate(ticket_for(seller=seller, now=clock.now), now=clock.now)
    case_close_for_ticket(ticket_id=case.ticket_id, now=clock.now)
    case.refresh_from_db()
    assert case.status == CaseStatus.CANCELLED
    later = case_seller_reply(case_id=case.pk, seller=seller, body="Answer", now=clock.now)
    assert later.is_late
