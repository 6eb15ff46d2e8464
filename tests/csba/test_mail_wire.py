"""The notification's wire form (csba.mail_wire) is byte for byte what
Django's own MIME objects serialise to, for every shape it lays out itself;
the other shapes take Django's path."""

import email
import email.policy
import itertools
import random

import pytest
from django.core import mail as django_mail
from django.core.mail import message as django_message

from csba.mail import NotificationMail
from csba.mail_wire import WireMessage

WORDS = ["Order", "Bestellung", "注文", "Grüße", "refund", "A-to-z", "Q&A", "<b>", '"quoted"', "=?x?=", "x" * 40, "é"]


def _text(rng: random.Random, *, long_lines: bool) -> str:
    lines = []
    for _ in range(rng.randint(1, 12)):
        words = rng.randint(0, 30) if not (long_lines and rng.random() < 0.02) else 400
        lines.append(" ".join(rng.choice(WORDS) for _ in range(words)))
    separator = rng.choice(["\n", "\r\n", "\r", "\n\n"])
    return separator.join(lines) + rng.choice(["", "\n", "\r\n"])


def _mail(rng: random.Random) -> NotificationMail:
    subject = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 14)))
    to = rng.choice(
        ["buyer@example.net", "Jörg Müller <j@example.de>", '"Doe, J." <jd@example.com>', "山田 <y@example.jp>"]
    )
    sender = rng.choice(["CSBA <csba-noreply@example.com>", "noreply@example.com", "Kundenservice Ü <k@example.de>"])
    headers = {}
    if rng.random() < 0.5:
        thread = f"<{rng.randint(1, 10**9)}@mail.example>"
        headers = {"In-Reply-To": thread, "References": thread}
    if rng.random() < 0.2:
        headers["X-CSBA-Kind"] = rng.choice(["reply", "Antwort ü", "x" * 100])
    mail = NotificationMail(subject, _text(rng, long_lines=True), sender, [to], headers=headers)
    mail.attach_alternative(_text(rng, long_lines=False), "text/html")
    return mail


@pytest.fixture
def fixed_date_and_id(monkeypatch):
    counter = itertools.count()
    monkeypatch.setattr(django_message, "formatdate", lambda localtime=False: "Tue, 10 Mar 2026 09:00:00 -0000")
    monkeypatch.setattr(django_message, "make_msgid", lambda domain=None: f"<{next(counter)}@{domain}>")


def test_the_wire_form_is_what_djangos_mime_objects_write(fixed_date_and_id):
    rng = random.Random(11)
    laid_out = 0
    for _ in range(1500):
        mail = _mail(rng)
        wire = mail.message()
        if not isinstance(wire, WireMessage):
            continue  # a line too long for RFC 5322: Django's quoted-printable path
        laid_out += 1
        theirs = mail.built_message(wire)
        for linesep in ("\n", "\r\n"):
            assert wire.as_bytes(linesep=linesep) == theirs.as_bytes(linesep=linesep)
    assert laid_out > 900  # most mails took the fast path


def test_other_shapes_take_djangos_path_and_the_wire_form_still_parses():
    mail = NotificationMail("Hi", "Body", "a@example.com", ["b@example.com"], cc=["c@example.com"])
    mail.attach_alternative("<p>Body</p>", "text/html")
    assert not isinstance(mail.message(), WireMessage)
    with_attachment = NotificationMail("Hi", "Body", "a@example.com", ["b@example.com"])
    with_attachment.attach("a.txt", "text", "text/plain")
    assert not isinstance(with_attachment.message(), WireMessage)
    # the fast path's message answers like Django's (headers, parts) and parses back
    mail = NotificationMail("Grüße", "Hallo\n", "a@example.com", ["b@example.com"], headers={"In-Reply-To": "<x@y>"})
    mail.attach_alternative("<p>Hallo</p>", "text/html")
    wire = mail.message()
    assert isinstance(wire, WireMessage)
    assert wire["In-Reply-To"] == "<x@y>" and wire.get_content_type() == "multipart/alternative"
    parsed = email.message_from_bytes(wire.as_bytes(), policy=email.policy.default)
    assert parsed["Subject"] == "Grüße" and parsed["Message-ID"] == wire["Message-ID"]
    plain, html = parsed.iter_parts()
    assert plain.get_content() == "Hallo\n" and html.get_content() == "<p>Hallo</p>"


def test_the_backends_write_and_send_the_wire_form(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    mail = NotificationMail("Status", "Ihre Bestellung ist unterwegs.", "a@example.com", ["b@example.com"])
    mail.attach_alternative("<p>Ihre Bestellung ist unterwegs.</p>", "text/html")
    assert django_mail.get_connection().send_messages([mail]) == 1
    (written,) = tmp_path.glob("*.log")
    parsed = email.message_from_string(written.read_text().split("\n" + "-" * 79)[0], policy=email.policy.default)
    assert parsed["To"] == "b@example.com" and parsed.get_body(("plain",)).get_content().startswith("Ihre Bestellung")


def test_the_multipart_header_folds_the_same_for_every_boundary_of_a_length():
    # the wire form folds Content-Type once per boundary length; every allowed boundary must fold alike
    from csba import mail_wire

    rng = random.Random(5)
    alphabet = "ABCXYZabcxyz0189=_"
    for length in range(1, 71):
        boundary = "".join(rng.choice(alphabet) for _ in range(length))
        for linesep in ("\n", "\r\n"):
            cached = mail_wire._multipart_header(length, linesep).replace(b"_" * length, boundary.encode(), 1)
            folded = mail_wire._policy(linesep).fold_binary(
                "Content-Type", f'multipart/alternative; boundary="{boundary}"'
            )
            assert cached == folded, (length, boundary)


def test_a_plain_subject_is_stored_as_django_stores_it():
    # the wire form keeps a short printable ASCII subject as it is: what forbid_multi_line_headers returns
    from csba import mail_wire

    rng = random.Random(3)
    alphabet = [chr(c) for c in range(32, 127)] + [" "] * 10 + ["=?utf-8?q?x?=", "[CSBA-12345]", "Re:", "é", "\t"]
    plain = 0
    for _ in range(5000):
        subject = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 70)))
        if mail_wire._is_plain_subject(subject):
            plain += 1
            assert django_message.forbid_multi_line_headers("Subject", subject, "utf-8") == ("Subject", subject)
    assert plain > 500
