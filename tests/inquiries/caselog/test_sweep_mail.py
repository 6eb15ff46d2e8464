"""The buyers' reply mails a sweep causes: one batch, several languages and
zones, each mail in its buyer's language with the texts of that language
(translated once per language, not per mail), its own reference and link."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail

from inquiries.buyer_links import buyer_link_for, buyer_link_maker, buyer_path_for, buyer_token_read
from inquiries.caselog.services import case_sweep_overdue
from tests.factories import SellerFactory

from .conftest import escalate, ticket_for

pytestmark = pytest.mark.django_db


def test_one_batch_mails_each_buyer_in_its_language(clock, django_capture_on_commit_callbacks):
    # given overdue cases of English, German and Japanese buyers, one with an ampersand in its subject
    seller = SellerFactory(notification_email="s@example.com")
    tickets = {
        "en": ticket_for(seller=seller, now=clock.now, valid_tracking=False, subject="Lid & cup"),
        "de": ticket_for(code="DE", seller=seller, now=clock.now, valid_tracking=False, subject="Deckel"),
        "ja": ticket_for(code="JP", seller=seller, now=clock.now, valid_tracking=False, subject="ふた"),
    }
    for ticket in tickets.values():
        escalate(ticket, now=clock.now)
    mail.outbox.clear()
    clock.advance(timedelta(hours=25))
    # when one sweep resolves them and its mail job runs
    with django_capture_on_commit_callbacks(execute=True):
        assert case_sweep_overdue(now=clock.now) == 3
    # then each buyer got one mail in its language, with its reference and a link to its own conversation
    to_buyer = {m.to[0]: m for m in mail.outbox if m.to[0] != "s@example.com"}
    assert len(to_buyer) == 3
    sent = {language: to_buyer[ticket.buyer.email] for language, ticket in tickets.items()}
    assert sent["en"].subject == f"[{tickets['en'].reference}] Re: Lid & cup"  # a header, not HTML: not escaped
    assert sent["de"].subject == f"[{tickets['de'].reference}] AW: Deckel"
    assert sent["ja"].subject == f"[{tickets['ja'].reference}] Re: ふた"
    assert f"Your reference: {tickets['en'].reference}." in sent["en"].body
    assert "The link works until" in sent["en"].body and "Der Link gilt bis" in sent["de"].body
    assert f"Ihre Referenz: {tickets['de'].reference}." in sent["de"].body
    assert f"お問い合わせ番号：{tickets['ja'].reference}" in sent["ja"].body
    assert '<html lang="ja">' in sent["ja"].alternatives[0][0]
    for language, ticket in tickets.items():
        link = next(line for line in sent[language].body.splitlines() if "/help/conversation/" in line)
        token = link.rstrip("/").rsplit("/", 1)[1]
        assert buyer_token_read(token, now=clock.now) == ticket.pk


def test_the_link_maker_makes_the_single_link(clock):
    make = buyer_link_maker(now=clock.now)
    assert make(42) == buyer_link_for(42, now=clock.now)
    assert make(42) == f"{settings.SITE_URL.rstrip('/')}{buyer_path_for(42, now=clock.now)}"
    assert buyer_token_read(make(42).rstrip("/").rsplit("/", 1)[1], now=clock.now) == 42
