"""Property: whatever bytes arrive, parse_email returns a ParsedEmail or
raises EmailRejected with a real reason (never its "unreadable" safety net,
which would mean an exception escaped the parser), and every text it
returns can be stored (no surrogates, no NUL)."""

import base64
import quopri

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inquiries.intake.email_parsing import EmailRejected, ParsedEmail, RejectReason, parse_email

CHARSETS = [
    "utf-8",
    "UTF-8",
    "iso-8859-1",
    "ISO-8859-15",
    "windows-1252",
    "iso-2022-jp",
    "Shift_JIS",
    "EUC-JP",
    "us-ascii",
    "x-unknown",
    "unknown-8bit",
    "utf-16",
    "utf-7",
    "base64",
    "rot13",
    "unicode_escape",
    "idna",
    "",
    '"',
    "b\xe4d",
]
ENCODINGS = ["7bit", "8bit", "binary", "quoted-printable", "base64", "x-uuencode", "bogus", ""]
TYPES = [
    "text/plain",
    "text/html",
    "text/enriched",
    "image/png",
    "application/octet-stream",
    "message/rfc822",
    "message/delivery-status",
    "application/pgp-signature",
    "bogus",
    "text/plain; format=flowed; delsp=yes",
]
HEADER_NAMES = [
    "From",
    "To",
    "Cc",
    "Subject",
    "Message-ID",
    "In-Reply-To",
    "References",
    "Date",
    "Delivered-To",
    "Content-Type",
    "X-Anything",
]


def assert_storable(parsed: ParsedEmail) -> None:
    texts = [
        parsed.subject,
        parsed.body_text,
        parsed.full_text,
        parsed.from_name,
        parsed.from_address,
        *parsed.to_addresses,
        *(a.filename for a in parsed.attachments),
    ]
    for text in texts:
        assert "\x00" not in text
        text.encode("utf-8")  # raises on a lone surrogate


def check(raw: bytes) -> None:
    try:
        parsed = parse_email(raw, max_attachment_bytes=2048)
    except EmailRejected as rejected:
        assert rejected.reason_code != RejectReason.UNREADABLE, str(rejected)
        assert rejected.reason_code in vars(RejectReason).values()
        return
    assert_storable(parsed)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=4000))
def test_arbitrary_bytes(raw):
    check(raw)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_after_a_plausible_header(raw):
    check(
        b"From: Jane <jane@example.com>\r\nSubject: hi\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n' + raw
    )


text_bytes = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from(["Grüße €", "注文が届きません①", "Where is my order?", "> quoted\n-- \nsig"]).flatmap(
        lambda t: st.sampled_from(["utf-8", "cp1252", "cp932", "euc_jp", "iso2022_jp_2004", "utf-16"]).map(
            lambda c: t.encode(c, "replace")
        )
    ),
)


def encode_body(payload: bytes, encoding: str) -> bytes:
    if encoding == "base64":
        return base64.encodebytes(payload)
    if encoding == "quoted-printable":
        return quopri.encodestring(payload)
    return payload


def leaf(draw) -> bytes:
    content_type = draw(st.sampled_from(TYPES))
    charset = draw(st.sampled_from(CHARSETS))
    encoding = draw(st.sampled_from(ENCODINGS))
    disposition = draw(
        st.sampled_from(
            [
                "",
                "inline",
                'attachment; filename="a.txt"',
                "attachment; filename*=x''%ff%00",
                'attachment; filename="=?x-bad?B?@@@?="',
            ]
        )
    )
    body = encode_body(draw(text_bytes), encoding)
    head = f'Content-Type: {content_type}; charset="{charset}"\r\nContent-Transfer-Encoding: {encoding}\r\n'
    if disposition:
        head += f"Content-Disposition: {disposition}\r\n"
    return head.encode("utf-8", "surrogateescape") + b"\r\n" + body


@st.composite
def mime_part(draw, depth=0):
    if depth >= 3 or draw(st.booleans()):
        return leaf(draw)
    boundary = draw(st.sampled_from([f"b{depth}", "", "same", "=_x"]))
    subtype = draw(st.sampled_from(["mixed", "alternative", "related", "signed", "report", "digest"]))
    children = draw(st.lists(mime_part(depth=depth + 1), max_size=3))
    head = f'Content-Type: multipart/{subtype}; boundary="{boundary}"\r\n\r\npreamble\r\n'.encode()
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + child + b"\r\n" for child in children)
    closing = b"--" + boundary.encode() + b"--\r\n" if draw(st.booleans()) else b""
    return head + body + closing


@st.composite
def messages(draw):
    headers = draw(
        st.lists(
            st.tuples(
                st.sampled_from(HEADER_NAMES),
                st.one_of(
                    st.text(max_size=60).map(lambda t: t.encode("utf-8", "surrogatepass")),
                    st.binary(max_size=40),
                    st.sampled_from(
                        [
                            b"Jane <jane@example.com>",
                            b"=?utf-8?B?5rOo5g==?= <a@b.c>",
                            b"=?iso-2022-jp?B?GyRCJDMbKEI=?=",
                            b"<id@x> <id2@x>",
                            b"=?x-klingon?Q?=FF=00?=",
                            b'"unterminated <a@b',
                            b"CSBA-99999999999999999",
                        ]
                    ),
                ),
            ),
            max_size=8,
        )
    )
    raw = b"".join(
        name.encode() + b": " + value.replace(b"\r", b"").replace(b"\n", b" ") + b"\r\n" for name, value in headers
    )
    sender = draw(
        st.sampled_from(
            [b"From: Jane <jane@example.com>\r\n", b"From: =?utf-8?q?J=C3=BCrgen?= <j@example.de>\r\n", b""]
        )
    )
    return sender + raw + draw(mime_part())


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(messages())
def test_generated_mime_messages(raw):
    check(raw)
