"""A sweep emails each seller once: the full decision for a single case, a
digest listing every case when it resolved several; a decision not mailed
(a sweep killed before its mail job) is sent by the next sweep, once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inquiries.caselog.auto_resolution import ground_text
from inquiries.caselog.services import case_sweep_overdue
from inquiries.caselog.services.notices import case_decisions_notify
from inquiries.events import EventKind
from inquiries.models import Case, TicketEvent
from tests.factories import SellerFactory

from .conftest import escalate, ticket_for

pytestmark = pytest.mark.django_db


def test_a_sweep_sends_one_mail_per_seller_a_digest_for_several_cases(clock, django_capture_on_commit_callbacks):
    # given a German seller with three overdue cases and another seller with one
    many = SellerFactory(preferred_language="de", business_country="DE", notification_email="viele@example.de")
    one = SellerFactory(notification_email="one@example.com")
    cases = [
        escalate(ticket_for(code="DE", seller=many, now=clock.now, valid_tracking=False), now=clock.now)
        for _ in range(3)
    ]
    single = escalate(ticket_for(seller=one, now=clock.now, valid_tracking=False), now=clock.now)
    mail.outbox.clear()
    clock.advance(timedelta(hours=25))
    # when the sweep runs (its mail job after it)
    with django_capture_on_commit_callbacks(execute=True):
        assert case_sweep_overdue(now=clock.now) == 4
    # then one digest in German to the first seller, one full decision to the other
    to_seller = {m.to[0]: m for m in mail.outbox if m.to[0] in {"viele@example.de", "one@example.com"}}
    assert len([m for m in mail.outbox if m.to[0] == "viele@example.de"]) == 1
    digest = to_seller["viele@example.de"]
    assert digest.subject == "CSBA hat 3 Ihrer Fälle gelöst"
    assert all(case.ticket.reference in digest.body for case in cases)
    assert digest.alternatives and all(f"/seller/cases/{c.pk}/" in digest.alternatives[0][0] for c in cases)
    assert to_seller["one@example.com"].subject == f"Case {single.ticket.reference} was resolved by CSBA"
    # the single case's mail gives its whole decision (the digest job reads only outcomes of the others)
    single.refresh_from_db()
    decided = to_seller["one@example.com"].body
    assert single.resolution["grounds"] and single.resolution["refunds"]
    undated = [g for g in single.resolution["grounds"] if g["code"] != "seller_no_reply"]  # dates: seller's zone
    assert undated and all(f"- {ground_text(g, 'en')}\n" in decided for g in undated)
    assert "Decision: Refund issued" in decided
    assert "Refund issued:" in decided and "A-to-z Guarantee" in decided
    assert ("SAFE-T" in decided) == single.resolution["is_safet_eligible"]
    assert "SAFE-T" in digest.body  # the digest's notice of claims: one of its cases had a full refund
    # and each case is marked and has its event, once
    assert not Case.objects.filter(resolution_notified_at__isnull=True).exists()
    assert TicketEvent.objects.filter(kind=EventKind.SELLER_NOTIFIED, data__email="auto_resolved").count() == 4
    assert case_decisions_notify(now=clock.now) == 0


def test_decisions_left_unmailed_go_out_with_the_next_sweep(clock, django_capture_on_commit_callbacks):
    seller = SellerFactory(notification_email="s@example.com")
    for _ in range(2):
        escalate(ticket_for(seller=seller, now=clock.now, valid_tracking=False), now=clock.now)
    clock.advance(timedelta(hours=25))
    # given a sweep whose mail job was lost (the worker died after the last batch)
    with django_capture_on_commit_callbacks(execute=False):
        case_sweep_overdue(now=clock.now)
    mail.outbox.clear()
    # when the next sweep finds nothing overdue
    with django_capture_on_commit_callbacks(execute=True):
        assert case_sweep_overdue(now=clock.now) == 0
    # then it still sends the waiting decisions, in one digest
    assert [m.to[0] for m in mail.outbox] == ["s@example.com"]
    with django_capture_on_commit_callbacks(execute=True):
        case_sweep_overdue(now=clock.now)
    assert len(mail.outbox) == 1


def test_the_mail_a_sweep_causes_costs_the_same_queries_for_one_case_or_many(clock, django_capture_on_commit_callbacks):
    # the buyers' replies (one mail each) and the sellers' digests: a constant number of queries per sweep
    def mail_queries(cases: int) -> int:
        seller = SellerFactory(notification_email=f"s{cases}@example.com")
        for _ in range(cases):
            escalate(ticket_for(seller=seller, now=clock.now, valid_tracking=False), now=clock.now)
        clock.advance(timedelta(hours=25))
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            assert case_sweep_overdue(now=clock.now) == cases
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as queries:
            for callback in callbacks:
                callback()
        assert len(mail.outbox) == cases + 1  # a reply to each buyer, one mail to the seller
        return len(queries)

    few = mail_queries(1)
    assert mail_queries(6) == few <= 8


def test_a_batch_never_splits_a_sellers_decisions_between_two_mails(clock, django_capture_on_commit_callbacks):
    # given two sellers with three resolved, unmailed cases each
    first = SellerFactory(notification_email="first@example.com")
    second = SellerFactory(notification_email="second@example.com")
    for seller in (first, second):
        for _ in range(3):
            escalate(ticket_for(seller=seller, now=clock.now, valid_tracking=False), now=clock.now)
    clock.advance(timedelta(hours=25))
    with django_capture_on_commit_callbacks(execute=False):
        assert case_sweep_overdue(now=clock.now) == 6
    mail.outbox.clear()
    # when the mail job takes them four at a time (the second seller's cases would straddle two batches)
    assert case_decisions_notify(now=clock.now, batch_size=4) == 2
    # then each seller gets one digest of its three cases
    to_sellers = [m for m in mail.outbox if m.to[0] in {"first@example.com", "second@example.com"}]
    assert sorted(m.to[0] for m in to_sellers) == ["first@example.com", "second@example.com"]
    assert [m.subject for m in to_sellers] == ["CSBA resolved 3 of your cases"] * 2
    assert not Case.objects.filter(resolution_notified_at__isnull=True).exists()
    assert TicketEvent.objects.filter(kind=EventKind.SELLER_NOTIFIED, data__digest_of=3).count() == 6


def test_the_sweep_and_its_mail_jobs_run_their_batches_without_cyclic_collections(
    clock, django_capture_on_commit_callbacks, monkeypatch
):
    # a batch's short-lived objects would otherwise make the collector walk all the worker holds (csba.collector)
    import gc

    from inquiries.caselog import auto_resolution
    from inquiries.caselog.services import notices
    from inquiries.services import messaging

    seller = SellerFactory(notification_email="gc@example.com")
    for _ in range(3):
        escalate(ticket_for(seller=seller, now=clock.now, valid_tracking=False), now=clock.now)
    clock.advance(timedelta(hours=25))
    mail.outbox.clear()
    seen: dict[str, list[bool]] = {}

    def spying(name: str, original):
        def spy(*args, **kwargs):
            seen.setdefault(name, []).append(gc.isenabled())
            return original(*args, **kwargs)

        return spy

    for module, name in (
        (auto_resolution, "resolve_batch"),
        (messaging, "messages_email_to_buyers"),
        (notices, "_send"),
    ):
        monkeypatch.setattr(module, name, spying(name, getattr(module, name)))
    with django_capture_on_commit_callbacks(execute=True):
        assert case_sweep_overdue(now=clock.now) == 3
    # the sweep's batch, the buyers' replies and the seller's digest ran with the collector paused
    assert seen == {"resolve_batch": [False], "messages_email_to_buyers": [False], "_send": [False]}
    assert gc.isenabled()  # and it runs again after them
    assert len(mail.outbox) == 4  # three replies, one digest
