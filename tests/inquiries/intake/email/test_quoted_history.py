"""The stored body is the new text of a reply: quoted history, attribution
lines, Outlook header blocks and signatures stripped (en, de, ja)."""

import pytest

from inquiries.intake.email_parsing import parse_email
from inquiries.intake.email_parsing.quotes import strip_quoted

from .conftest import eml


@pytest.mark.parametrize(
    "name,new_text,history",
    [
        (
            "en_reply_gmail.eml",  # "-- " signature, attribution wrapped over two lines, "> " quotes
            "Hi again,\n\nthe parcel is still not here. The driver's photo shows a door that is not mine.",
            "The carrier reports the parcel as delivered.",
        ),
        (
            "de_reply_outlook.eml",  # "____" rule, then Von:/Gesendet:/An:/Betreff:
            "Hallo,\n\nvielen Dank, der Ersatz ist angekommen. Die Sache ist damit erledigt.\n\nMit freundlichen Grüßen\nJürgen Weiß",
            "wir senden Ihnen einen Ersatz.",
        ),
        (
            "de_reply_original_message.eml",  # -----Ursprüngliche Nachricht-----
            "Guten Morgen,\n\nich warte immer noch auf die Erstattung.\n\nGruß\nKlaus",
            "wir erstatten den Betrag.",
        ),
        (
            "ja_reply_gmail.eml",  # 2026年3月11日(水) 14:00 名前 <addr>:
            "ご連絡ありがとうございます。\nまだ荷物が届いていません。",
            "配送状況を確認いたします。",
        ),
        (
            "ja_reply_no_message.eml",  # … のメッセージ:
            "返品の件、承知しました。明日発送します。\n\n佐藤",
            "返品の手続きをご案内します。",
        ),
        (
            "ja_reply_outlook.eml",  # -----Original Message----- with 差出人/送信日時/宛先/件名
            "承知いたしました。写真を添付します。",
            "破損箇所の写真をお送りください。",
        ),
    ],
)
def test_replies_keep_only_the_new_text(name, new_text, history):
    parsed = parse_email(eml(name), max_attachment_bytes=1024)
    assert parsed.body_text == new_text
    assert history in parsed.full_text


@pytest.mark.parametrize(
    "text,expected",
    [
        # inline answers between quoted lines keep the buyer's own lines
        (
            "> Did the parcel arrive?\nNo, it did not.\n> Was the box damaged?\nYes, badly.",
            "No, it did not.\nYes, badly.",
        ),
        # the German Thunderbird attribution
        ("Danke!\n\nAm 10.03.26 um 09:00 schrieb CSBA Support:\n> Hallo", "Danke!"),
        # a buyer's own sentence ending in "wrote:" without a date or address is not an attribution
        ("On Monday I wrote:\nthe box was empty.", "On Monday I wrote:\nthe box was empty."),
        # the signature delimiter without its trailing space (stripped by many clients)
        ("Please refund me.\n--\nJohn Smith\nACME Inc.", "Please refund me."),
        # a lone mobile footer
        ("Where is my order?\n\nSent from my iPhone", "Where is my order?"),
        ("Wo ist meine Bestellung?\n\nVon meinem iPhone gesendet", "Wo ist meine Bestellung?"),
        ("注文はどこですか？\n\niPhoneから送信", "注文はどこですか？"),
        # Outlook English header block without a separator line
        (
            "Thanks.\n\nFrom: CSBA Support <support@csba.example.com>\nSent: Tuesday, March 10, 2026 9:00 AM\n"
            "To: Jane\nSubject: RE: order\n\nold text",
            "Thanks.",
        ),
        # a line starting with "From:" that is not a header block stays
        (
            "From: my neighbour I heard the parcel was thrown over the fence.\nPlease check.",
            "From: my neighbour I heard the parcel was thrown over the fence.\nPlease check.",
        ),
        # -----Original Message----- in English
        ("ok\n\n-----Original Message-----\nFrom: x\nquoted", "ok"),
    ],
)
def test_strip_quoted(text, expected):
    assert strip_quoted(text) == expected


def test_a_forward_keeps_the_forwarded_text():
    raw = (
        b"From: Jane <jane@example.net>\r\nSubject: Fwd: order cancelled?\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        b"What does this mean?\r\n\r\n---------- Forwarded message ---------\r\nFrom: Shop <shop@example.com>\r\n"
        b"Date: Tue, 10 Mar 2026\r\nSubject: order cancelled\r\nTo: <jane@example.net>\r\n\r\n"
        b"Your order 111-1234567-1234567 was cancelled.\r\n"
    )
    parsed = parse_email(raw, max_attachment_bytes=1024)
    assert parsed.is_forward is True
    assert parsed.body_text.startswith("What does this mean?\n\n---------- Forwarded message ---------\nFrom: Shop")
    assert parsed.body_text.endswith("Your order 111-1234567-1234567 was cancelled.")


def test_html_blockquotes_are_history_too():
    raw = (
        b"From: a@example.com\r\nSubject: Re: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b"<div>Still waiting.</div><div>On Tue, Mar 10, 2026 at 9:00 AM CSBA &lt;s@csba.example.com&gt; wrote:</div>"
        b'<blockquote type="cite"><div>We are checking.</div></blockquote>'
    )
    parsed = parse_email(raw, max_attachment_bytes=1024)
    assert parsed.body_text == "Still waiting."
    assert "> We are checking." in parsed.full_text
