"""Email intake reports and keeps what it refuses: a duplicate attachment is
named as dropped, a refused mail is kept whole up to the mail size limit, a
mail over the limit is refused without being read whole, and no NUL from a
header reaches the database."""

from __future__ import annotations

import base64
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from inquiries.intake.services.mail import mail_receive, maildir_ingest
from inquiries.models import Attachment, RejectedMessage, Ticket
from sellers.models import Buyer

pytestmark = pytest.mark.django_db

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x01" * 64).decode()


def mail_with_the_same_file_twice() -> bytes:
    part = (
        '--b\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename="{name}"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n" + PNG + "\r\n"
    )
    return (
        "From: Ann <ann@example.net>\r\nTo: csba-us@example.com\r\nSubject: Broken lid\r\n"
        "Message-ID: <dup-1@example.net>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        "--b\r\nContent-Type: text/plain\r\n\r\nThe lid arrived broken, photos attached.\r\n"
        + part.format(name="lid.png")
        + part.format(name="lid-again.png")
        + "--b--\r\n"
    ).encode()


def test_a_duplicate_attachment_is_reported_as_dropped(tmp_path, clock, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "01.eml").write_bytes(mail_with_the_same_file_twice())
    out = StringIO()
    call_command("ingest_mail", str(tmp_path / "mail"), stdout=out)
    assert "attachment 'lid-again.png' dropped: duplicate" in out.getvalue()
    assert Attachment.objects.count() == 1


def test_a_refused_mail_is_kept_whole_up_to_the_size_limit(clock):
    big = b"From: robot@example.net\r\nAuto-Submitted: auto-replied\r\nSubject: Out of office\r\n\r\n" + b"x" * (
        3 * 1024 * 1024
    )
    outcome = mail_receive(raw=big, now=clock.now, source_name="t")
    assert outcome.status == "rejected" and outcome.reason == "auto_reply"
    assert bytes(RejectedMessage.objects.get().raw) == big  # over the old 2 MiB cut


def test_a_mail_over_the_limit_is_refused_and_its_first_bytes_kept_without_reading_it_whole(tmp_path, clock, settings):
    settings.CSBA_MAX_MAIL_BYTES = 50_000
    maildir = tmp_path / "Maildir"
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True)
    huge = b"From: ann@example.net\r\nSubject: Hi\r\n\r\n" + b"y" * 200_000
    (maildir / "new" / "1700000000.1.host").write_bytes(huge)
    report = maildir_ingest(path=str(maildir), now=clock.now)
    [outcome] = report.outcomes
    assert (outcome.status, outcome.reason) == ("rejected", "too_large")
    kept = RejectedMessage.objects.get()
    assert bytes(kept.raw) == huge[:50_000] and "50,000 bytes" in kept.detail
    assert Ticket.objects.count() == 0
    (tmp_path / "big.eml").write_bytes(huge)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("ingest_mail", str(tmp_path / "big.eml"), stdout=out)
    assert "rejected (too_large:" in out.getvalue()


def test_no_nul_from_a_header_is_stored(clock):
    refused = b"Auto-Submitted: auto\x00-replied\r\nFrom: Ann <ann@example.net>\r\nMessage-ID: <n\x00ul@example.net>\r\n\r\nHi\r\n"
    mail_receive(raw=refused, now=clock.now, source_name="nul\x00name")
    kept = RejectedMessage.objects.get()
    assert "\x00" not in kept.detail + kept.source_name + kept.message_id
    taken = (
        b"From: Ann\x00 Lee <ann@example.net>\r\nTo: csba-us@example.com\r\nSubject: Where\x00 is it\r\n"
        b"Message-ID: <ok\x00-1@example.net>\r\n\r\nWhere is my parcel?\r\n"
    )
    outcome = mail_receive(raw=taken, now=clock.now, source_name="t")
    ticket = Ticket.objects.get(pk=outcome.ticket_id)
    values = [ticket.subject, Buyer.objects.get().name, *ticket.messages.values_list("external_message_id", flat=True)]
    assert all("\x00" not in v for v in values) and ticket.subject == "Where is it"
