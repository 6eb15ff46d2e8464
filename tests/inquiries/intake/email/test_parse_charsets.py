"""parse_email on real messages: every charset and transfer encoding we meet."""

import pytest

from inquiries.intake.email_parsing import parse_email

from .conftest import eml

LIMIT = 10 * 1024 * 1024


def parse(name):
    return parse_email(eml(name), max_attachment_bytes=LIMIT)


@pytest.mark.parametrize(
    "name,from_name,subject,in_body",
    [
        (
            "en_utf8_quoted_printable.eml",
            "Jane Doe",
            "Where is my order?",
            "has not arrived yet \u2014 the tracking page says \u201cdelivered\u201d since Monday, but there is nothing at my door. "
            "I paid \u20ac24.99",
        ),
        (
            "de_iso8859_1_8bit.eml",
            "Jürgen Weiß",
            "Beschädigte Lieferung",
            "kam beschädigt an: der Karton war aufgerissen",
        ),
        (
            "de_iso8859_15_quoted_printable.eml",
            "Oezlem Sahin",
            "Erstattung 10 €",
            "ich habe für den Artikel 39,90 € bezahlt, auf der Rechnung stehen aber 49,90 €.",
        ),
        (
            "de_windows1252_base64.eml",
            "Müller, Klaus",
            "Wo ist mein Paket? – „unterwegs“",
            "der Händler schrieb „Ware ist unterwegs“ – seit zwei Wochen passiert nichts. Ich habe 129,00 € bezahlt…",
        ),
        (
            "ja_iso2022jp.eml",
            "山田 太郎",
            "商品が破損していました",
            "中のカップが割れていました。①交換 ②返金 のどちらかをお願いします。",
        ),
        (
            "ja_shift_jis_base64.eml",
            "佐藤 花子",
            "注文した商品が届きません",
            "先週注文したイヤホンがまだ届いていません。\n追跡番号を教えていただけますか？",
        ),
        ("ja_euc_jp_8bit.eml", "鈴木 一郎", "返品について", "購入したシャツのサイズが合わないので返品したいです。"),
    ],
)
def test_each_charset_and_transfer_encoding_decodes_headers_and_body(name, from_name, subject, in_body):
    # when
    parsed = parse(name)
    # then
    assert parsed.from_name == from_name
    assert parsed.subject == subject
    assert in_body in parsed.body_text
    assert "\ufffd" not in parsed.body_text + parsed.subject + parsed.from_name
    assert "\r" not in parsed.body_text


def test_the_sender_recipients_and_message_id_are_read():
    parsed = parse("en_utf8_quoted_printable.eml")
    assert parsed.from_address == "jane.doe@mail.example.net"
    assert parsed.to_addresses == ["csba-us@csba.example.com"]  # Delivered-To and To name the same mailbox
    assert parsed.message_id == "CAF-en-1.2026031008@mail.example.net"
    assert parsed.in_reply_to is None and parsed.references == []
    assert parsed.ticket_reference is None


def test_iso_2022_jp_with_nec_special_characters_falls_back_to_the_cp932_mapping():
    # ① is NEC row 13: Python's strict iso2022_jp codec refuses it, Japanese mailers send it anyway.
    raw = eml("ja_iso2022jp.eml")
    body = raw.split(b"\r\n\r\n", 1)[1]
    with pytest.raises(UnicodeDecodeError):
        body.decode("iso2022_jp")
    assert "①交換 ②返金" in parse_email(raw, max_attachment_bytes=LIMIT).body_text


def test_latin1_declared_but_utf8_sent_is_read_as_utf8():
    raw = (
        "From: a@example.de\r\nSubject: x\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\nGrüße aus Köln\r\n"
    ).encode()
    assert parse_email(raw, max_attachment_bytes=LIMIT).body_text == "Grüße aus Köln"


def test_utf8_declared_but_windows1252_sent_is_read_as_windows1252():
    raw = (
        b"From: a@example.de\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n" + "Grüße – 5 €".encode("cp1252") + b"\r\n"
    )
    assert parse_email(raw, max_attachment_bytes=LIMIT).body_text == "Grüße – 5 €"


def test_shift_jis_body_without_any_charset_is_recognised_as_japanese():
    raw = (
        b"From: a@example.jp\r\nSubject: x\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + "荷物が届きません。確認してください。".encode("cp932")
        + b"\r\n"
    )
    assert parse_email(raw, max_attachment_bytes=LIMIT).body_text == "荷物が届きません。確認してください。"


def test_raw_8bit_utf8_and_shift_jis_in_headers_are_decoded():
    raw = (
        b"From: "
        + "山田 太郎".encode("cp932")
        + b" <taro@example.jp>\r\nSubject: "
        + "Grüße".encode()
        + b"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n"
    )
    parsed = parse_email(raw, max_attachment_bytes=LIMIT)
    assert (parsed.from_name, parsed.subject) == ("山田 太郎", "Grüße")


def test_encoded_words_split_inside_a_multibyte_character_are_joined_before_decoding():
    # "注文" in UTF-8 is e6 b3 a8 e6 96 87: split after the fourth byte, across two encoded words.
    raw = (
        b"From: a@example.jp\r\nSubject: =?UTF-8?B?5rOo5g==?=\r\n =?UTF-8?B?loc=?= =?UTF-8?Q?_CSBA-42?=\r\n"
        b"Content-Type: text/plain\r\n\r\nhello\r\n"
    )
    parsed = parse_email(raw, max_attachment_bytes=LIMIT)
    assert parsed.subject == "注文 CSBA-42"
    assert parsed.ticket_reference == 42


def test_an_encoded_comma_in_a_display_name_does_not_split_the_address():
    raw = b"From: =?utf-8?q?Doe=2C_Jane?= <Jane@Example.NET>\r\nSubject: x\r\n\r\nhello\r\n"
    parsed = parse_email(raw, max_attachment_bytes=LIMIT)
    assert (parsed.from_name, parsed.from_address) == ("Doe, Jane", "Jane@example.net")


def test_an_unknown_charset_in_a_header_is_guessed_not_fatal():
    raw = b"From: =?x-unknown?Q?J=FCrgen?= <j@example.de>\r\nSubject: =?x-foo?Q?Gr=C3=BC=C3=9Fe?=\r\n\r\nhello\r\n"
    parsed = parse_email(raw, max_attachment_bytes=LIMIT)
    assert (parsed.from_name, parsed.subject) == ("Jürgen", "Grüße")


def test_format_flowed_lines_are_joined():
    raw = (
        b"From: a@example.com\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8; format=flowed; delsp=no\r\n\r\n"
        b"My parcel was left at the wrong \r\naddress, please help.\r\n\r\nThanks\r\n"
    )
    assert (
        parse_email(raw, max_attachment_bytes=LIMIT).body_text
        == "My parcel was left at the wrong address, please help.\n\nThanks"
    )


def test_nul_and_control_characters_never_reach_the_text():
    raw = b"From: a@example.com\r\nSubject: a\x00b\r\nContent-Type: text/plain\r\n\r\nhel\x00lo\x07 there\r\n"
    parsed = parse_email(raw, max_attachment_bytes=LIMIT)
    assert (parsed.subject, parsed.body_text) == ("ab", "hello there")
