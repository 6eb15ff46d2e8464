"""Notification mail (csba.mail): the MIME boundary is chosen when the
message is built, so serialising a mail compiles no regular expression (the
email package compiles one per message for a boundary it picks itself); its
headers are written as Django's compat32 policy writes them, with a short cut
for the plain ones."""

import email
import email.generator
import email.policy
import random
import string
from datetime import UTC, datetime

from csba.mail import MAIL_POLICY, boundary_absent_from, recipient_locale
from inquiries.services.messaging import buyer_reply_mail, buyer_reply_texts


def _mail():
    with recipient_locale("de", "Europe/Berlin"):
        return buyer_reply_mail(
            ticket_id=7,
            subject="Deckel kaputt",
            body="Hallo,\n\nwir haben Ihnen 12,99 € erstattet.\n\n--\nIhr Team",
            to="buyer@example.net",
            link="https://csba.example/help/conversation/x/",
            texts=buyer_reply_texts(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)),
            thread="a@b",
        )


def test_a_notification_serialises_without_compiling_a_regex_and_parses_back(monkeypatch):
    def refuse(cls, pattern, flags):
        raise AssertionError(f"a regex compiled while serialising: {pattern!r}")

    monkeypatch.setattr(email.generator.Generator, "_compile_re", classmethod(refuse))
    raw = _mail().message().as_bytes()
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed.get_boundary().startswith("=_csba_")
    assert parsed["Subject"] == "[CSBA-7] AW: Deckel kaputt"
    plain, html = parsed.iter_parts()
    assert "12,99 € erstattet" in plain.get_content() and "--\nIhr Team" in plain.get_content()
    assert html.get_content_type() == "text/html" and "12,99 € erstattet" in html.get_content()
    assert '<html lang="de">' in html.get_content()  # the recipient's language, not the default
    # the texts of the recipient's language and zone: the link's last day in Berlin is already Jan 1
    assert "Der Link gilt bis 01.01.2027. Ihre Referenz: CSBA-7." in plain.get_content()
    assert "Gespräch ansehen und antworten" in html.get_content()
    assert parsed["In-Reply-To"] == "<a@b>"


def test_each_mail_gets_its_own_boundary():
    assert _mail().message().get_boundary() != _mail().message().get_boundary()


def test_a_boundary_found_in_the_text_is_drawn_again(monkeypatch):
    tokens = iter(["aaaa", "bbbb"])
    monkeypatch.setattr("csba.mail.secrets.token_hex", lambda n: next(tokens))
    assert boundary_absent_from(["quoted: =_csba_aaaa"]) == "=_csba_bbbb"


def test_the_mail_policy_writes_every_header_as_compat32_does():
    rng = random.Random(5)
    alphabet = string.ascii_letters + string.digits + " <>@.,;:=\"'()[]-_/\t"
    values = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120))) for _ in range(3000)]
    values += [
        "[CSBA-1] Re: Lid broken",
        "CSBA <noreply@csba.example>",
        'multipart/alternative; boundary="=_csba_0123"',
        "a  b",
        " leading",
        "trailing ",
        "Grüße aus Köln",
        "ご注文について",
        "x" * 90,
        "word " * 30,
    ]
    for name in ("Subject", "To", "Content-Type", "X-Long-Header-Name-For-Folding"):
        for value in values:
            for linesep in ("\n", "\r\n"):
                ours, theirs = MAIL_POLICY.clone(linesep=linesep), email.policy.compat32.clone(linesep=linesep)
                assert ours.fold_binary(name, value) == theirs.fold_binary(name, value), (name, value)
