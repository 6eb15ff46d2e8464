"""parse_email: MIME structure, HTML, attachments and their limits, threading
headers, and the messages it refuses."""

import base64

import pytest

from inquiries.intake.email_parsing import EmailRejected, RejectReason, parse_email

from .conftest import eml

LIMIT = 10 * 1024 * 1024


def parse(raw, limit=LIMIT):
    return parse_email(raw, max_attachment_bytes=limit)


def test_multipart_alternative_takes_the_plain_text_not_both():
    parsed = parse(eml("en_alternative_plain_html.eml"))
    assert parsed.body_text == (
        "Hi,\n\nthe blender I received makes a loud grinding noise. Can I get a replacement?\n\nBest,\nSam"
    )
    assert parsed.attachments == []


def test_html_only_mail_becomes_readable_text_without_script_style_or_history():
    # when
    parsed = parse(eml("de_html_only.eml"))
    # then: paragraphs, line breaks, table rows and list items on their own lines
    assert parsed.body_text == (
        "Guten Tag,\n\nmein Paket ist nicht angekommen.\nDie Sendungsverfolgung zeigt seit Tagen:\n\n"
        "Status In Zustellung\n\nBestellung 302-7654321-1234567\n\n- Bestellt am 2. März\n- Versand am 3. März\n\n"
        "Grüße\nAnna Schmidt"
    )
    for hidden in ("tracking", "margin", "Nachricht", "<", "&nbsp;"):
        assert hidden not in parsed.body_text
    # the Gmail quote is history: in the full text, not in the new text
    assert "> Ihre Bestellung wurde versandt." in parsed.full_text
    assert "Ihre Bestellung wurde versandt" not in parsed.body_text


def test_html_only_mail_with_the_charset_only_in_a_meta_tag():
    parsed = parse(eml("ja_html_only_meta_charset.eml"))
    assert parsed.body_text == "請求書（インボイス）を発行していただけますか。\n\n会社の経費で精算します。\n\n高橋"
    assert parsed.from_name == "" and parsed.from_address == "takahashi@corp.example.jp"


def test_nested_multiparts_give_one_body_and_every_attachment_with_its_decoded_name():
    # mixed[ alternative[ plain, related[ html, inline png ] ], pdf (RFC 2231 name), jpeg (RFC 2047 name), text file ]
    parsed = parse(eml("en_nested_attachments.eml"))
    assert parsed.body_text == (
        "Hello,\n\nthe lamp arrived broken, photos attached (one inline). My invoice is attached too."
        "\n\nRegards,\nMaria"
    )
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [
        ("lamp.png", "image/png"),
        ("Rechnung März.pdf", "application/pdf"),
        ("写真.jpg", "image/jpeg"),
        ("notes.txt", "text/plain"),
    ]
    assert parsed.attachments[0].payload.startswith(b"\x89PNG\r\n")
    assert parsed.attachments[1].payload.startswith(b"%PDF-1.4")
    assert (
        parsed.attachments[3].payload == b"Box dimensions: 40 x 30 x 20 cm"
    )  # the CRLF before a boundary is the boundary's
    assert parsed.rejected_attachments == []


def oversized_message(size: int) -> bytes:
    payload = base64.encodebytes(b"\xff\xd8" + b"\x00" * (size - 2)).replace(b"\n", b"\r\n")
    return (
        b"From: Big Sender <big@mail.example.com>\r\nTo: csba-us@csba.example.com\r\nSubject: photos\r\n"
        b"Message-ID: <big-1@mail.example.com>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n"
        b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe item is broken, see the photos.\r\n"
        b"--b1\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename=huge.jpg\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n"
        + payload
        + b"--b1\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename=small.png\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b1--\r\n"
    )


def test_a_20_mb_attachment_is_listed_as_rejected_and_not_kept_while_the_mail_is_taken():
    # given
    raw = oversized_message(20 * 1024 * 1024)
    # when
    parsed = parse(raw)
    # then
    assert parsed.body_text == "The item is broken, see the photos."
    assert [a.filename for a in parsed.attachments] == ["small.png"]
    rejected = parsed.rejected_attachments
    assert [(r.filename, r.content_type, r.size, r.reason) for r in rejected] == [
        ("huge.jpg", "image/jpeg", 20 * 1024 * 1024, "too_large")
    ]


def test_the_attachment_count_and_total_size_are_limited():
    parts = b"".join(
        b"--b1\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=f%d.pdf\r\n\r\n"
        % i
        + bytes([65 + i]) * size
        + b"\r\n"
        for i, size in enumerate([600, 600, 600, 100, 100])
    )
    raw = (
        b"From: a@example.com\r\nSubject: files\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n"
        b"--b1\r\nContent-Type: text/plain\r\n\r\nfiles attached\r\n" + parts + b"--b1--\r\n"
    )
    # when: 1,000 bytes each, 3 at most, 1,500 bytes together
    parsed = parse_email(raw, max_attachment_bytes=1000, max_attachments=3, max_total_attachment_bytes=1500)
    # then
    assert [(a.filename, a.content_type, a.size) for a in parsed.attachments] == [
        ("f0.pdf", "application/pdf", 600),
        ("f1.pdf", "application/pdf", 600),
        ("f3.pdf", "application/pdf", 100),
    ]
    assert [(r.filename, r.reason) for r in parsed.rejected_attachments] == [
        ("f2.pdf", "total_too_large"),
        ("f4.pdf", "too_many"),
    ]


def test_attachment_names_cannot_point_outside_their_folder():
    raw = (
        b"From: a@example.com\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n"
        b"--b1\r\nContent-Type: text/plain\r\n\r\nsee file\r\n"
        b'--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="..\\\\..\\\\etc/.passwd"\r\n\r\n'
        b"data\r\n--b1\r\nContent-Type: image/png\r\nContent-Disposition: attachment\r\n\r\npng\r\n--b1--\r\n"
    )
    assert [a.filename for a in parse(raw).attachments] == ["passwd", "attachment-2.png"]


def test_a_forwarded_message_rfc822_part_is_kept_as_text_with_its_headers():
    parsed = parse(eml("en_forwarded_rfc822.eml"))
    assert parsed.is_forward is True
    assert parsed.body_text == (
        "The seller refuses my refund, see the attached message. Can you help?\n\n"
        "---------- Forwarded message ----------\nFrom: Gadget Shop <orders@gadgetshop.example.com>\n"
        "Date: Wed, 11 Mar 2026 18:00:00 -0500\nSubject: Your refund request\nTo: jane.doe@mail.example.net\n\n"
        "Dear customer, we cannot refund order 111-9998887-7776665 because the item was opened.\n"
        "Gadget Shop – Customer Service"
    )
    assert "111-9998887-7776665" in parsed.full_text


@pytest.mark.parametrize(
    "name,message_id,in_reply_to,references,reference",
    [
        (
            "en_reply_gmail.eml",
            "CAF-en-2.2026031107@mail.example.net",
            "20260310150500.csba-out-77@csba.example.com",
            ["CAF-en-1.2026031008@mail.example.net", "20260310150500.csba-out-77@csba.example.com"],
            1,
        ),
        ("de_reply_outlook.eml", "AM0PR01-outlook-de@post.example.de", "4f2a.de-latin1@post.example.de", [], 7),
        (
            "ja_reply_gmail.eml",
            "ja-reply-gmail-1@mail.example.jp",
            "csba-out-ja-3@csba.example.com",
            ["20260311101500.ja-jis@mail.example.jp", "csba-out-ja-3@csba.example.com"],
            3,
        ),
        ("ja_reply_outlook.eml", "ja-outlook-reply@example.co.jp", None, [], 5),
    ],
)
def test_threading_headers_and_the_ticket_reference_in_the_subject(
    name, message_id, in_reply_to, references, reference
):
    parsed = parse(eml(name))
    assert (parsed.message_id, parsed.in_reply_to, parsed.references, parsed.ticket_reference) == (
        message_id,
        in_reply_to,
        references,
        reference,
    )


def test_message_ids_without_brackets_and_junk_around_them_are_read():
    raw = (
        b"From: a@example.com\r\nSubject: Re: csba-12 and CSBA-13\r\nMessage-ID: plain-id@example.com\r\n"
        b"In-Reply-To: <first@example.com> (Jane's message of Tuesday)\r\n"
        b"References: <a@x> <b@x>\r\n\t<a@x>\r\n\r\nthanks\r\n"
    )
    parsed = parse(raw)
    assert (parsed.message_id, parsed.in_reply_to, parsed.references) == (
        "plain-id@example.com",
        "first@example.com",
        ["a@x", "b@x"],
    )
    assert parsed.ticket_reference == 12


@pytest.mark.parametrize(
    "raw,reason",
    [
        (eml("broken_mime.eml"), RejectReason.BROKEN_MIME),
        (
            b"From: a@example.com\r\nSubject: x\r\nContent-Type: multipart/mixed\r\n\r\nno boundary parameter at all\r\n",
            RejectReason.BROKEN_MIME,
        ),
        (
            b"From: a@example.com\r\nSubject: x\r\nContent-Type: multipart/alternative; boundary=q\r\n\r\n--q--\r\n",
            RejectReason.BROKEN_MIME,
        ),
        (eml("unknown_charset.eml"), RejectReason.UNKNOWN_CHARSET),
        (eml("no_sender.eml"), RejectReason.NO_SENDER),
        (b"From: Undisclosed\r\nSubject: x\r\n\r\nhello\r\n", RejectReason.NO_SENDER),
        (eml("empty_body.eml"), RejectReason.EMPTY_BODY),
        (eml("quoted_only_reply.eml"), RejectReason.EMPTY_BODY),
        (b"", RejectReason.NOT_A_MESSAGE),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", RejectReason.NOT_A_MESSAGE),
        (
            b"From: a@example.com\r\nAuto-Submitted: auto-replied\r\nSubject: Out of office\r\n\r\nI am away.\r\n",
            RejectReason.AUTO_REPLY,
        ),
    ],
)
def test_messages_that_cannot_become_a_contact_are_refused_with_a_reason(raw, reason):
    with pytest.raises(EmailRejected) as refused:
        parse(raw)
    assert refused.value.reason_code == reason
    assert str(refused.value)


def test_an_unreadable_part_next_to_a_readable_one_does_not_refuse_the_mail():
    raw = (
        b"From: a@example.com\r\nSubject: x\r\nContent-Type: multipart/alternative; boundary=q\r\n\r\n"
        b"--q\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\n\xf8\xd0\x81\xf8\xd1\x9d\r\n"
        b"--q\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Where is my order?</p>\r\n--q--\r\n"
    )
    parsed = parse(raw)
    assert parsed.body_text == "Where is my order?"
    assert any("x-klingon" in note for note in parsed.notes)


def test_an_attachment_only_mail_is_taken_with_an_empty_body():
    raw = (
        b"From: a@example.com\r\nSubject: the photo you asked for\r\nContent-Type: multipart/mixed; boundary=q\r\n\r\n"
        b"--q\r\nContent-Type: image/jpeg; name=damage.jpg\r\nContent-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ\r\n--q--\r\n"
    )
    parsed = parse(raw)
    assert parsed.body_text == ""
    assert [a.filename for a in parsed.attachments] == ["damage.jpg"]


def test_a_mail_whose_only_attachment_is_too_large_is_refused_as_empty():
    raw = (
        b"From: a@example.com\r\nSubject: photo\r\nContent-Type: multipart/mixed; boundary=q\r\n\r\n"
        b"--q\r\nContent-Type: image/jpeg; name=damage.jpg\r\n\r\n" + b"x" * 2000 + b"\r\n--q--\r\n"
    )
    with pytest.raises(EmailRejected) as refused:
        parse(raw, limit=1000)
    assert refused.value.reason_code == RejectReason.EMPTY_BODY
    assert "too large" in str(refused.value)
