"""A seller's reply racing the sweep at the deadline (issue 12 item 7), on
PostgreSQL with two connections: one defined winner, whoever locks the case
first, and a consistent result either way (never an auto-resolved case with
an on-time reply, never an answered case that was also auto-resolved)."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, transaction

from inquiries.caselog.services import case_seller_reply, case_sweep_overdue
from inquiries.events import EventKind
from inquiries.models import Case, CaseMessage, TicketEvent
from inquiries.states import CaseStatus, TicketStatus
from tests.factories import SellerFactory

from .conftest import escalate, ticket_for
from .test_concurrency import _in_thread

T = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _case():
    seller = SellerFactory()
    return seller, escalate(ticket_for(seller=seller, now=T, valid_tracking=False), now=T)


def _outcome(case):
    case.refresh_from_db()
    message = CaseMessage.objects.get(case=case, author_kind="seller")
    kinds = set(TicketEvent.objects.filter(case=case).values_list("kind", flat=True))
    return case.status, case.ticket.status, message.is_late, kinds


def test_the_sweep_locking_first_wins_and_the_reply_becomes_a_late_note():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    seller, case = _case()
    deadline = case.deadline_at
    swept, replying, results = threading.Event(), threading.Event(), []

    def sweep_holding_its_transaction():
        # the sweep has locked and resolved the case, and not committed yet
        with transaction.atomic():
            resolved = case_sweep_overdue(now=deadline)
            swept.set()
            replying.wait(timeout=10)
            threading.Event().wait(0.3)  # the reply is now waiting on the ticket's lock
        return resolved

    sweeper = _in_thread(sweep_holding_its_transaction, results)
    sweeper.start()
    assert swept.wait(timeout=10)
    replying.set()
    # when the seller replies a second before the deadline, while the sweep holds the case
    message = case_seller_reply(
        case_id=case.pk, seller=seller, body="Shipped today.", now=deadline - timedelta(seconds=1)
    )
    sweeper.join()
    # then the sweep won: the case is CSBA's decision, the reply a late note
    assert results == [1]
    assert message.is_late is True
    status, ticket_status, is_late, kinds = _outcome(case)
    assert (status, ticket_status, is_late) == (CaseStatus.AUTO_RESOLVED, TicketStatus.RESOLVED, True)
    assert EventKind.LATE_SELLER_REPLY in kinds and EventKind.SELLER_REPLIED not in kinds


def test_the_reply_locking_first_wins_and_the_sweep_leaves_the_case_alone():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    seller, case = _case()
    deadline = case.deadline_at
    replied, swept, results = threading.Event(), threading.Event(), []

    def reply_holding_its_transaction():
        with transaction.atomic():
            message = case_seller_reply(
                case_id=case.pk, seller=seller, body="Shipped today.", now=deadline - timedelta(seconds=1)
            )
            replied.set()
            swept.wait(timeout=10)
        return message

    replier = _in_thread(reply_holding_its_transaction, results)
    replier.start()
    assert replied.wait(timeout=10)
    # when the sweep runs at the deadline while the reply holds the case: it skips the locked case
    first = case_sweep_overdue(now=deadline)
    swept.set()
    replier.join()
    # and on its next run the case is answered
    second = case_sweep_overdue(now=deadline + timedelta(minutes=1))
    # then the reply won
    assert (first, second) == (0, 0)
    assert results[0].is_late is False
    status, ticket_status, is_late, kinds = _outcome(case)
    assert (status, ticket_status, is_late) == (CaseStatus.SELLER_REPLIED, TicketStatus.SELLER_REPLIED, False)
    assert EventKind.SELLER_REPLIED in kinds and EventKind.AUTO_RESOLVED not in kinds


def test_a_reply_and_a_sweep_started_together_always_end_consistently():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    outcomes = set()
    for _ in range(8):
        seller, case = _case()
        deadline = case.deadline_at
        barrier, results = threading.Barrier(2), []

        def reply(case=case, seller=seller, deadline=deadline, barrier=barrier):
            barrier.wait()
            return case_seller_reply(case_id=case.pk, seller=seller, body="Here.", now=deadline - timedelta(seconds=1))

        def sweep(deadline=deadline, barrier=barrier):
            barrier.wait()
            return case_sweep_overdue(now=deadline)

        threads = [_in_thread(reply, results), _in_thread(sweep, results)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not [r for r in results if isinstance(r, Exception)], results
        status, ticket_status, is_late, kinds = _outcome(case)
        # exactly one winner, and everything agrees with it
        assert (status, ticket_status, is_late) in {
            (CaseStatus.AUTO_RESOLVED, TicketStatus.RESOLVED, True),
            (CaseStatus.SELLER_REPLIED, TicketStatus.SELLER_REPLIED, False),
        }
        assert (EventKind.AUTO_RESOLVED in kinds) == (status == CaseStatus.AUTO_RESOLVED)
        assert (EventKind.SELLER_REPLIED in kinds) == (status == CaseStatus.SELLER_REPLIED)
        outcomes.add(status)
    assert Case.objects.count() == 8 and outcomes  # which side won each time is up to the scheduler
