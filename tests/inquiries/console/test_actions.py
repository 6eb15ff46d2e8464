"""What an agent does to a ticket: reply, suggestion bookkeeping, refund,
return, replacement, resolve, reopen, merge."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail

from csba.errors import DomainError
from inquiries.console import services
from inquiries.models import Message, Ticket, TicketEvent
from inquiries.states import TicketStatus
from sellers.models import Refund, Return
from tests.factories import BuyerFactory, TicketFactory

from .conftest import NOW, SUGGESTION, covered_ticket

pytestmark = pytest.mark.django_db


def events_of(ticket, kind):
    return list(TicketEvent.objects.filter(ticket=ticket, kind=kind).order_by("pk"))


def test_a_reply_goes_to_the_buyer_by_email_after_commit_and_waits_for_the_buyer(
    agent, django_capture_on_commit_callbacks
):
    # given
    ticket = covered_ticket()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        message = services.ticket_reply(
            ticket_id=ticket.pk, agent=agent, body="It keeps drinks cold for 24 hours.", now=NOW
        )
    # then
    ticket.refresh_from_db()
    assert (message.direction, message.channel, message.author) == ("outbound", "email", agent)
    assert ticket.status == TicketStatus.PENDING_BUYER
    assert ticket.first_responded_at == NOW
    assert [m.to for m in mail.outbox] == [[ticket.buyer.email]]
    assert mail.outbox[0].body.startswith("It keeps drinks cold for 24 hours.\n")
    assert "http://127.0.0.1:8000/help/conversation/" in mail.outbox[0].body
    assert events_of(ticket, "reply_sent")[0].data["channel"] == "email"


def test_a_chat_reply_is_not_mailed_while_the_buyer_is_in_the_chat_window(
    agent, clock, django_capture_on_commit_callbacks
):
    from inquiries.presence import BUYER, presence_touch

    clock.set(NOW)
    ticket = covered_ticket(channel="chat")
    presence_touch(ticket_id=ticket.pk, who=BUYER, name="Ann", is_typing=False, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_reply(ticket_id=ticket.pk, agent=agent, body="Hello", now=NOW, after="keep")
    ticket.refresh_from_db()
    assert mail.outbox == []
    assert ticket.status == TicketStatus.OPEN
    assert Message.objects.get(ticket=ticket, direction="outbound").channel == "chat"


def test_an_empty_reply_is_refused_and_nothing_is_sent(agent):
    ticket = covered_ticket()
    with pytest.raises(DomainError) as refused:
        services.ticket_reply(ticket_id=ticket.pk, agent=agent, body="   ", now=NOW)
    assert refused.value.field_errors == {"body": ["Write a reply."]}
    assert not Message.objects.filter(ticket=ticket, direction="outbound").exists()


def test_sending_the_suggestion_unchanged_records_it_as_accepted(agent):
    # given
    ticket = covered_ticket(suggestion=SUGGESTION)
    # when
    services.ticket_reply(
        ticket_id=ticket.pk, agent=agent, body=SUGGESTION["reply"] + "\n", now=NOW, from_suggestion=True
    )
    # then
    [accepted] = events_of(ticket, "suggestion_accepted")
    assert accepted.data["edited"] is False
    ticket.refresh_from_db()
    assert ticket.suggestion["status"] == "accepted"


def test_sending_an_edited_suggestion_records_the_edit(agent):
    ticket = covered_ticket(suggestion=SUGGESTION)
    services.ticket_reply(
        ticket_id=ticket.pk, agent=agent, body=SUGGESTION["reply"] + " PS: enjoy!", now=NOW, from_suggestion=True
    )
    [accepted] = events_of(ticket, "suggestion_accepted")
    assert accepted.data["edited"] is True
    ticket.refresh_from_db()
    assert ticket.suggestion["status"] == "edited"


def test_a_reply_not_from_the_suggestion_leaves_it_pending(agent):
    ticket = covered_ticket(suggestion=SUGGESTION)
    services.ticket_reply(ticket_id=ticket.pk, agent=agent, body="My own words", now=NOW)
    assert events_of(ticket, "suggestion_accepted") == []
    ticket.refresh_from_db()
    assert "status" not in ticket.suggestion


def test_discarding_the_suggestion_keeps_it_marked(agent):
    ticket = covered_ticket(suggestion=SUGGESTION)
    services.ticket_suggestion_discard(ticket_id=ticket.pk, agent=agent, now=NOW, reason="Wrong product")
    ticket.refresh_from_db()
    assert ticket.suggestion["status"] == "discarded"
    assert ticket.suggestion["reply"] == SUGGESTION["reply"]
    assert events_of(ticket, "suggestion_discarded")[0].data["reason"] == "Wrong product"


def test_a_full_refund_refunds_what_is_left(agent):
    # given
    ticket = covered_ticket()
    # when
    refund = services.ticket_refund(
        ticket_id=ticket.pk, agent=agent, now=NOW, order_item_id=ticket.order_item_id, reason="Damaged"
    )
    # then
    assert (refund.kind, refund.amount, refund.currency, refund.ticket_id) == (
        "full",
        Decimal("20.00"),
        "USD",
        ticket.pk,
    )
    assert events_of(ticket, "refund_issued")[0].actor == agent


def test_a_partial_refund_then_no_more_than_is_left(agent):
    # given
    ticket = covered_ticket()
    services.ticket_refund(ticket_id=ticket.pk, agent=agent, now=NOW, amount=Decimal("5.00"))
    # when
    with pytest.raises(DomainError) as refused:
        services.ticket_refund(ticket_id=ticket.pk, agent=agent, now=NOW, amount=Decimal("15.01"))
    # then
    assert refused.value.code == "invalid_amount"
    assert list(Refund.objects.filter(order_item=ticket.order_item).values_list("kind", "amount")) == [
        ("partial", Decimal("5.00"))
    ]


def test_a_refund_on_an_item_of_another_order_is_refused(agent):
    ticket = covered_ticket()
    other = covered_ticket()
    with pytest.raises(DomainError) as refused:
        services.ticket_refund(ticket_id=ticket.pk, agent=agent, now=NOW, order_item_id=other.order_item_id)
    assert refused.value.code == "wrong_order_item"
    assert not Refund.objects.exists()


def test_a_return_inside_the_window_gets_a_prepaid_label(agent):
    ticket = covered_ticket()
    authorized = services.ticket_authorize_return(
        ticket_id=ticket.pk, agent=agent, now=NOW, quantity=1, reason="Does not fit"
    )
    assert authorized.has_prepaid_label is True
    assert authorized.rma_number.startswith("RMA-")
    assert events_of(ticket, "return_authorized")[0].data["policy"]["source"] == "standard"


def test_a_return_outside_the_window_is_refused(agent):
    ticket = covered_ticket()
    with pytest.raises(DomainError) as refused:
        services.ticket_authorize_return(ticket_id=ticket.pk, agent=agent, now=NOW + timedelta(days=60))
    assert refused.value.code == "return_window_closed"
    assert not Return.objects.exists()


def test_a_replacement_inside_the_window_is_recorded(agent):
    ticket = covered_ticket()
    data = services.ticket_send_replacement(ticket_id=ticket.pk, agent=agent, now=NOW, reason="Broken on arrival")
    assert data["order_item_id"] == ticket.order_item_id
    assert events_of(ticket, "replacement_sent")[0].data["reason"] == "Broken on arrival"


def test_an_action_without_an_order_is_a_domain_error(agent):
    ticket = TicketFactory()
    with pytest.raises(DomainError) as refused:
        services.ticket_refund(ticket_id=ticket.pk, agent=agent, now=NOW)
    assert refused.value.code == "no_order_item"


def test_resolve_with_a_code_invites_to_csat_after_commit(agent, monkeypatch, django_capture_on_commit_callbacks):
    # given
    from inquiries.tasks import csat as billing_tasks

    invited = []
    monkeypatch.setattr(billing_tasks.csat_invite_task, "delay", lambda ticket_id: invited.append(ticket_id))
    ticket = covered_ticket()
    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.ticket_resolve(ticket_id=ticket.pk, agent=agent, resolution="refunded", now=NOW, note="Full refund")
    # then: nothing before commit, the invitation after
    assert invited == []
    for callback in callbacks:
        callback()
    assert invited == [ticket.pk]
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolution, ticket.resolved_at) == (TicketStatus.RESOLVED, "refunded", NOW)
    changed = TicketEvent.objects.get(ticket=ticket, kind="status_changed")
    assert changed.data == {"from": "open", "to": "resolved", "resolution": "refunded", "note": "Full refund"}


def test_resolve_with_an_unknown_code_changes_nothing(agent):
    ticket = covered_ticket()
    with pytest.raises(DomainError) as refused:
        services.ticket_resolve(ticket_id=ticket.pk, agent=agent, resolution="made_up", now=NOW)
    assert refused.value.code == "invalid_resolution"
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN
    assert ticket.assigned_to is None  # the implicit claim rolled back too


def test_a_resolved_ticket_is_reopened_and_can_be_worked_again(agent):
    # given
    ticket = covered_ticket()
    services.ticket_resolve(ticket_id=ticket.pk, agent=agent, resolution="answered", now=NOW)
    with pytest.raises(DomainError) as refused:
        services.ticket_reply(ticket_id=ticket.pk, agent=agent, body="More", now=NOW)
    assert refused.value.code == "ticket_resolved"
    # when
    services.ticket_reopen(ticket_id=ticket.pk, agent=agent, now=NOW, reason="Buyer called back")
    # then
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolution, ticket.resolved_at) == (TicketStatus.OPEN, "", None)
    assert events_of(ticket, "status_changed")[-1].data["previous_resolution"] == "answered"
    services.ticket_reply(ticket_id=ticket.pk, agent=agent, body="More", now=NOW)


def test_only_a_resolved_ticket_can_be_reopened(agent):
    ticket = covered_ticket()
    with pytest.raises(DomainError) as refused:
        services.ticket_reopen(ticket_id=ticket.pk, agent=agent, now=NOW)
    assert refused.value.code == "not_resolved"


def test_a_reply_may_resolve_the_ticket(agent):
    ticket = covered_ticket()
    services.ticket_reply(ticket_id=ticket.pk, agent=agent, body="Done", now=NOW, after="resolve")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolution) == (TicketStatus.RESOLVED, "answered")


def test_a_duplicate_is_merged_into_the_ticket_that_stays(agent):
    # given two tickets of one buyer
    target = covered_ticket()
    duplicate = TicketFactory(marketplace=target.marketplace, buyer=target.buyer, order=target.order)
    Message.objects.create(
        ticket=duplicate, direction="inbound", author_kind="buyer", channel="chat", body="Any news?", sent_at=NOW
    )
    # when
    result = services.ticket_merge(ticket_id=duplicate.pk, into=target.reference, agent=agent, now=NOW)
    # then
    duplicate.refresh_from_db()
    assert result.target == target
    assert (duplicate.status, duplicate.merged_into, duplicate.resolution) == (TicketStatus.MERGED, target, "duplicate")
    assert events_of(target, "merged")[0].data == {"from": duplicate.pk}
    assert events_of(duplicate, "merged")[0].data == {"into": target.pk}


@pytest.mark.parametrize("into,code", [("CSBA-999999", "unknown_ticket"), ("nonsense", "invalid_target")])
def test_merge_into_a_missing_ticket_is_refused(agent, into, code):
    duplicate = covered_ticket()
    with pytest.raises(DomainError) as refused:
        services.ticket_merge(ticket_id=duplicate.pk, into=into, agent=agent, now=NOW)
    assert refused.value.code == code
    assert Ticket.objects.get(pk=duplicate.pk).status == TicketStatus.OPEN


def test_merge_into_itself_or_another_buyers_ticket_is_refused(agent):
    ticket = covered_ticket()
    stranger = TicketFactory(buyer=BuyerFactory())
    with pytest.raises(DomainError) as itself:
        services.ticket_merge(ticket_id=ticket.pk, into=str(ticket.pk), agent=agent, now=NOW)
    with pytest.raises(DomainError) as other:
        services.ticket_merge(ticket_id=ticket.pk, into=stranger.pk, agent=agent, now=NOW)
    assert (itself.value.code, other.value.code) == ("merge_into_self", "merge_other_buyer")
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.OPEN


def test_merge_into_a_closed_ticket_is_refused(agent):
    target = covered_ticket(status=TicketStatus.MERGED)
    duplicate = TicketFactory(buyer=target.buyer)
    with pytest.raises(DomainError) as refused:
        services.ticket_merge(ticket_id=duplicate.pk, into=target.pk, agent=agent, now=NOW)
    assert refused.value.code == "target_closed"


def test_default_macros_are_seeded_once():
    from inquiries.models import Macro

    assert services.macro_seed_defaults() == len(services.DEFAULT_MACROS)
    assert services.macro_seed_defaults() == 0
    assert set(Macro.objects.values_list("language", flat=True)) == {"en", "de", "ja"}
