"""Operators see rejected mail in the admin, download the raw message, and
take it in again once the reason is gone."""

import pytest

from inquiries.intake.services.mail import mail_receive
from inquiries.models import RejectedMessage, Ticket
from tests.factories import agent_user, operator_user

from .conftest import eml

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejected(clock):
    mail_receive(raw=eml("unknown_charset.eml"), now=clock.now, source_name="maildir:1.mx")
    return RejectedMessage.objects.get()


def test_an_operator_lists_rejected_mail_and_downloads_the_raw_message(client, rejected):
    client.force_login(operator_user())
    listing = client.get("/admin/inquiries/rejectedmessage/")
    raw = client.get(f"/admin/inquiries/rejectedmessage/{rejected.pk}/raw/")
    assert listing.status_code == 200
    assert "unknown_charset" in listing.content.decode()
    assert (raw.status_code, raw["Content-Type"], raw.content) == (200, "message/rfc822", eml("unknown_charset.eml"))


def test_an_agent_cannot_open_rejected_mail(client, rejected):
    client.force_login(agent_user())
    assert client.get(f"/admin/inquiries/rejectedmessage/{rejected.pk}/raw/").status_code == 302


def test_taking_a_message_in_again_replaces_its_rejection_with_a_ticket(client, clock):
    # given a mail rejected for a reason that has since gone (here: a stored raw that now parses)
    RejectedMessage.objects.create(
        received_at=clock.now,
        channel="email",
        reason="intake_error",
        detail="boom",
        source_name="maildir:2.mx",
        raw=eml("en_utf8_quoted_printable.eml"),
    )
    still_bad = RejectedMessage.objects.create(
        received_at=clock.now,
        channel="email",
        reason="no_sender",
        detail="",
        source_name="maildir:3.mx",
        raw=eml("no_sender.eml"),
    )
    client.force_login(operator_user())
    # when
    response = client.post(
        "/admin/inquiries/rejectedmessage/",
        {"action": "take_in_again", "_selected_action": list(RejectedMessage.objects.values_list("pk", flat=True))},
    )
    # then
    assert response.status_code == 302
    assert Ticket.objects.count() == 1
    remaining = RejectedMessage.objects.get()
    assert (remaining.reason, remaining.source_name) == ("no_sender", "maildir:3.mx")
    assert remaining.pk != still_bad.pk
