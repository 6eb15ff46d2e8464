"""Email intake end to end: mail_receive, the API endpoint
/api/v1/contacts/email/, `manage.py ingest_mail PATH` and the Maildir poller.
A mail becomes a ticket exactly once, a reply threads onto it, a mail that
cannot be taken is kept as a RejectedMessage with its reason."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from inquiries.intake.services import mail as mail_intake
from inquiries.intake.services.mail import mail_receive, maildir_ingest
from inquiries.models import Attachment, Message, RejectedMessage, Ticket, TicketEvent
from tests.factories import T0, EnrollmentFactory, OrderFactory, OrderItemFactory, SellerFactory, UserFactory

from .conftest import eml
from .test_parse_structure import oversized_message

pytestmark = pytest.mark.django_db

FIRST = "en_utf8_quoted_printable.eml"
REPLY = "en_reply_gmail.eml"


def receive(raw, clock, name="test"):
    return mail_receive(raw=raw, now=clock.now, source_name=name)


def reply_by_subject(
    ticket_id: int, sender: str = "jane.doe@mail.example.net", message_id: str = "subj-reply-1"
) -> bytes:
    return (
        f"From: Jane Doe <{sender}>\r\nTo: csba-us@csba.example.com\r\nSubject: Re: [CSBA-{ticket_id}] Where is my order?\r\n"
        f"Message-ID: <{message_id}@mail.example.net>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "Any news about my parcel?\r\n"
    ).encode()


def test_a_mail_becomes_a_ticket_and_the_reply_threads_onto_it_with_only_its_new_text(clock):
    # given
    first = receive(eml(FIRST), clock)
    clock.advance(timedelta(hours=20))
    # when
    reply = receive(eml(REPLY), clock)
    # then
    assert (first.status, reply.status) == ("created", "threaded")
    assert reply.ticket_id == first.ticket_id
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.marketplace.code, ticket.language, ticket.subject) == (
        "email",
        "US",
        "en",
        "Where is my order?",
    )
    assert ticket.buyer.email == "jane.doe@mail.example.net" and ticket.buyer.name == "Jane Doe"
    messages = list(ticket.messages.order_by("sent_at"))
    assert [m.external_message_id for m in messages] == [
        "CAF-en-1.2026031008@mail.example.net",
        "CAF-en-2.2026031107@mail.example.net",
    ]
    assert messages[0].body.startswith("Hello,\n\nmy order 111-2223334-4445556 has not arrived yet \u2014")
    assert messages[1].body == (
        "Hi again,\n\nthe parcel is still not here. The driver's photo shows a door that is not mine."
    )
    assert messages[1].in_reply_to == "20260310150500.csba-out-77@csba.example.com"
    assert TicketEvent.objects.filter(ticket=ticket, kind="message_received", data__threaded=True).count() == 1
    assert RejectedMessage.objects.count() == 0


def test_the_same_mail_twice_is_one_ticket_and_the_second_is_reported_as_duplicate(clock):
    first = receive(eml(FIRST), clock)
    receive(eml(REPLY), clock)
    again = receive(eml(FIRST), clock)
    reply_again = receive(eml(REPLY), clock)
    assert (again.status, again.ticket_id) == ("duplicate", first.ticket_id)
    assert (reply_again.status, reply_again.ticket_id) == ("duplicate", first.ticket_id)
    assert (Ticket.objects.count(), Message.objects.count()) == (1, 2)


def test_a_reply_without_threading_headers_threads_by_the_ticket_reference_in_its_subject(clock):
    ticket_id = receive(eml(FIRST), clock).ticket_id
    outcome = receive(reply_by_subject(ticket_id), clock)
    assert (outcome.status, outcome.ticket_id) == ("threaded", ticket_id)
    assert Ticket.objects.get().messages.last().body == "Any news about my parcel?"


def test_a_ticket_reference_from_another_sender_does_not_attach_to_someone_elses_ticket(clock):
    ticket_id = receive(eml(FIRST), clock).ticket_id
    outcome = receive(reply_by_subject(ticket_id, sender="mallory@evil.example.com"), clock)
    assert outcome.status == "created" and outcome.ticket_id != ticket_id
    assert Ticket.objects.get(pk=ticket_id).messages.count() == 1


def test_a_mail_naming_a_covered_order_is_tied_to_that_order(clock):
    # given a seller-fulfilled order placed while its seller was enrolled
    seller = SellerFactory()
    EnrollmentFactory(seller=seller, requested_at=T0, effective_at=T0)
    order = OrderFactory(seller=seller, placed_at=T0 + timedelta(days=3), order_number="111-2223334-4445556")
    OrderItemFactory(order=order)
    # when
    outcome = receive(eml(FIRST), clock)
    # then
    ticket = Ticket.objects.get(pk=outcome.ticket_id)
    assert (ticket.order, ticket.route, ticket.reason) == (order, "csba", "where_is_my_order")


@pytest.mark.parametrize(
    "name,marketplace,language",
    [
        ("de_iso8859_1_8bit.eml", "DE", "de"),
        ("ja_iso2022jp.eml", "JP", "ja"),
        ("ja_shift_jis_base64.eml", "JP", "ja"),
        ("de_html_only.eml", "DE", "de"),
    ],
)
def test_german_and_japanese_mail_reach_their_marketplace_in_their_language(clock, name, marketplace, language):
    outcome = receive(eml(name), clock)
    ticket = Ticket.objects.get(pk=outcome.ticket_id)
    assert (outcome.status, ticket.marketplace.code, ticket.language) == ("created", marketplace, language)


def test_attachments_are_stored_with_their_names_and_sizes(clock):
    outcome = receive(eml("en_nested_attachments.eml"), clock)
    stored = Attachment.objects.filter(message__ticket_id=outcome.ticket_id).order_by("pk")
    assert [(a.filename, a.content_type, a.size) for a in stored] == [
        ("lamp.png", "image/png", 70),
        ("Rechnung März.pdf", "application/pdf", 77),
        ("写真.jpg", "image/jpeg", 1046),
        ("notes.txt", "text/plain", 31),
    ]
    with stored[1].file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF-1.4")


def test_an_attachment_over_the_limit_is_dropped_and_said_so_while_the_mail_is_taken(clock, settings):
    # (the 20 MB case itself runs through the parser and the API; the limit is a setting)
    settings.CSBA_MAX_ATTACHMENT_BYTES = 4000
    outcome = receive(oversized_message(5000), clock)
    assert outcome.status == "created"
    assert outcome.detail == "attachment 'huge.jpg' dropped: too_large"
    assert list(Attachment.objects.values_list("filename", flat=True)) == ["small.png"]


@pytest.mark.parametrize(
    "name,reason",
    [
        ("broken_mime.eml", "broken_mime"),
        ("unknown_charset.eml", "unknown_charset"),
        ("no_sender.eml", "no_sender"),
        ("empty_body.eml", "empty_body"),
        ("quoted_only_reply.eml", "empty_body"),
    ],
)
def test_a_mail_that_cannot_be_taken_is_kept_as_a_rejected_message_with_its_reason(clock, name, reason):
    outcome = receive(eml(name), clock, name=name)
    assert (outcome.status, outcome.reason) == ("rejected", reason)
    rejected = RejectedMessage.objects.get()
    assert (rejected.reason, rejected.channel, rejected.source_name) == (reason, "email", name)
    assert bytes(rejected.raw) == eml(name)
    assert rejected.detail
    assert Ticket.objects.count() == 0


def test_a_body_over_100_000_characters_is_rejected_with_the_limit_named(clock):
    raw = (
        b"From: a@example.com\r\nTo: csba-us@csba.example.com\r\nSubject: long\r\nMessage-ID: <long-1@example.com>\r\n"
        b"Content-Type: text/plain\r\n\r\n" + b"where is my order " * 6000 + b"\r\n"
    )
    outcome = receive(raw, clock)
    assert (outcome.status, outcome.reason) == ("rejected", "invalid_contact")
    assert "at most 100,000 are accepted" in outcome.detail
    assert RejectedMessage.objects.get().message_id == "long-1@example.com"


def test_a_very_long_message_id_is_stored_as_its_digest_and_still_deduplicates(clock):
    long_id = "x" * 400 + "@example.com"
    raw = (
        f"From: a@example.com\r\nTo: csba-us@csba.example.com\r\nSubject: hi\r\nMessage-ID: <{long_id}>\r\n\r\n"
        "Where is my order?\r\n"
    ).encode()
    first, again = receive(raw, clock), receive(raw, clock)
    assert (first.status, again.status, again.ticket_id) == ("created", "duplicate", first.ticket_id)
    assert Message.objects.get().external_message_id.startswith("sha256:")


# --- the API -----------------------------------------------------------------


@pytest.fixture
def api(client):
    client.force_login(UserFactory(username="mail-gateway", roles=["integrators"]))
    return client


def post_mail(client, raw: bytes):
    return client.post("/api/v1/contacts/email/", raw, content_type="message/rfc822")


def test_the_api_takes_a_raw_mail_once_and_threads_the_reply(api, clock):
    created = post_mail(api, eml(FIRST))
    again = post_mail(api, eml(FIRST))
    reply = post_mail(api, eml(REPLY))
    assert (created.status_code, again.status_code, reply.status_code) == (201, 200, 200)
    ticket_id = created.json()["ticket"]
    assert created.json()["status"] == "created"
    assert again.json() == {"status": "duplicate", "ticket": ticket_id, "detail": ""}
    assert reply.json() == {"status": "threaded", "ticket": ticket_id, "detail": ""}
    assert Message.objects.filter(ticket_id=ticket_id).count() == 2


def test_the_api_answers_a_bad_mail_with_400_and_the_reason_and_keeps_it(api, clock):
    response = post_mail(api, eml("unknown_charset.eml"))
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_charset"
    assert "x-klingon-piqad" in response.json()["errors"]["message"][0]
    assert RejectedMessage.objects.get().reason == "unknown_charset"


def test_the_api_takes_a_mail_with_a_20_mb_attachment_and_names_the_dropped_file(api, clock):
    response = post_mail(api, oversized_message(20 * 1024 * 1024))
    assert response.status_code == 201
    assert response.json()["detail"] == "attachment 'huge.jpg' dropped: too_large"


def test_the_api_refuses_an_empty_request_with_400(api, clock):
    response = api.post("/api/v1/contacts/email/", b"", content_type="message/rfc822")
    assert response.status_code == 400 and response.json()["code"] == "not_a_message"


def test_the_api_needs_an_integrator_agent_or_operator(client, clock):
    client.force_login(UserFactory(username="a-seller", roles=["sellers"]))
    assert post_mail(client, eml(FIRST)).status_code == 403
    assert Ticket.objects.count() == 0


# --- manage.py ingest_mail and the Maildir poller --------------------------------


def make_maildir(root, files: dict[str, bytes]):
    for sub in ("new", "cur", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for name, raw in files.items():
        (root / "new" / name).write_bytes(raw)
    return root


def test_ingest_mail_reports_each_message_and_fails_when_one_is_rejected(tmp_path, clock):
    # given a Maildir with a mail, its reply and a mail without sender
    maildir = make_maildir(
        tmp_path / "Maildir",
        {
            "1773130000.M1P1.mx": eml(FIRST),
            "1773130001.M2P1.mx": eml(REPLY),
            "1773130002.M3P1.mx": eml("no_sender.eml"),
        },
    )
    out = StringIO()
    # when
    with pytest.raises(CommandError, match="1 message\\(s\\) rejected"):
        call_command("ingest_mail", str(maildir), stdout=out)
    # then
    ticket = Ticket.objects.get()
    lines = out.getvalue().splitlines()
    assert lines == [
        f"{maildir}/new/1773130000.M1P1.mx: created → CSBA-{ticket.pk}",
        f"{maildir}/new/1773130001.M2P1.mx: threaded → CSBA-{ticket.pk}",
        f"{maildir}/new/1773130002.M3P1.mx: rejected (no_sender: The message has no sender address (From).)",
        "3 message(s): 1 created, 1 rejected, 1 threaded",
    ]
    assert ticket.messages.count() == 2
    assert RejectedMessage.objects.get().source_name == f"{maildir}/new/1773130002.M3P1.mx"


def test_ingest_mail_succeeds_on_a_folder_of_eml_files_and_a_rerun_only_finds_duplicates(tmp_path, clock):
    folder = tmp_path / "mails"
    folder.mkdir()
    (folder / "01-first.eml").write_bytes(eml(FIRST))
    (folder / "02-reply.eml").write_bytes(eml(REPLY))
    first_run, second_run = StringIO(), StringIO()
    call_command("ingest_mail", str(folder), stdout=first_run)
    call_command("ingest_mail", str(folder / "02-reply.eml"), stdout=second_run)
    assert first_run.getvalue().splitlines()[-1] == "2 message(s): 1 created, 1 threaded"
    assert second_run.getvalue().splitlines() == [
        f"{folder}/02-reply.eml: duplicate → CSBA-{Ticket.objects.get().pk}",
        "1 message(s): 1 duplicate",
    ]


def test_ingest_mail_on_a_missing_path_is_an_error(tmp_path, clock):
    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("ingest_mail", str(tmp_path / "nope"), stdout=StringIO())


def test_the_poller_takes_new_mail_once_and_moves_it_to_cur_as_seen(tmp_path, clock):
    maildir = make_maildir(tmp_path / "Maildir", {"1773130000.M1P1.mx": eml(FIRST)})
    first = maildir_ingest(path=str(maildir), now=clock.now)
    (maildir / "new" / "1773130005.M5P1.mx").write_bytes(eml(REPLY))
    second = maildir_ingest(path=str(maildir), now=clock.now)
    third = maildir_ingest(path=str(maildir), now=clock.now)
    assert (first.as_dict(), second.as_dict(), third.as_dict()) == ({"created": 1}, {"threaded": 1}, {})
    assert sorted(p.name for p in (maildir / "cur").iterdir()) == ["1773130000.M1P1.mx:2,S", "1773130005.M5P1.mx:2,S"]
    assert list((maildir / "new").iterdir()) == []
    assert (maildir / "cur" / "1773130000.M1P1.mx:2,S").read_bytes() == eml(FIRST)  # moved, not rewritten


def test_the_poller_records_a_message_that_breaks_intake_and_goes_on(tmp_path, clock, monkeypatch):
    # given a message whose intake fails unexpectedly, before a good one
    maildir = make_maildir(
        tmp_path / "Maildir", {"1.poison.mx": b"From: a@example.com\r\n\r\npoison\r\n", "2.good.mx": eml(FIRST)}
    )
    real = mail_intake.mail_receive

    def failing(*, raw, now, source_name):
        if b"poison" in raw:
            raise RuntimeError("boom")
        return real(raw=raw, now=now, source_name=source_name)

    monkeypatch.setattr(mail_intake, "mail_receive", failing)
    # when
    report = maildir_ingest(path=str(maildir), now=clock.now)
    # then
    assert [(o.status, o.reason) for o in report.outcomes] == [("rejected", "intake_error"), ("created", "")]
    assert RejectedMessage.objects.get().detail == "Intake failed: RuntimeError: boom"
    assert sorted(p.name for p in (maildir / "cur").iterdir()) == ["1.poison.mx:2,S", "2.good.mx:2,S"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_mail_posted_concurrently_makes_one_ticket_and_its_reply_one_message():
    """Eight threads post the same mail at once, then eight the same reply: one
    ticket, one threaded message; the others are told it was a duplicate."""
    import threading

    from django.db import connection
    from django.test import Client

    UserFactory(username="mail-c", roles=["integrators"])

    def burst(raw: bytes) -> list[tuple[int, str, int]]:
        results, barrier = [], threading.Barrier(8)

        def submit():
            client = Client()
            client.login(username="mail-c", password="pw-123456")
            barrier.wait()
            response = post_mail(client, raw)
            results.append((response.status_code, response.json()["status"], response.json()["ticket"]))
            connection.close()

        threads = [threading.Thread(target=submit) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results

    firsts = burst(eml(FIRST))
    replies = burst(eml(REPLY))
    ticket = Ticket.objects.get()
    assert sorted(status for _, status, _ in firsts) == ["created"] + ["duplicate"] * 7
    assert sorted(status for _, status, _ in replies) == ["duplicate"] * 7 + ["threaded"]
    assert {t for _, _, t in firsts + replies} == {ticket.pk}
    assert ticket.messages.count() == 2
