"""The wire form (RFC 5322 bytes) of the common notification — plain text
with one HTML alternative, no attachments — laid out directly, byte for byte
what Django's ``EmailMessage.message().as_bytes()`` writes for it.

Django builds a tree of ``email`` MIME objects per message (each part's
charset, parameters and transfer encoding set through the package's parsers)
and then walks it with a generator: about 0.3 ms a mail, as much as
rendering its templates. A sweep mails thousands of buyers at once. Here the
headers are the values Django would store (through its own
``forbid_multi_line_headers``, ``formatdate`` and ``make_msgid``), folded by
the same policy, and each part is written as the generator writes an 8bit or
7bit UTF-8 text part. Anything else (attachments, Cc, Reply-To, headers that
replace Django's own, a line longer than RFC 5322 allows, which Django sends
quoted-printable) takes Django's path. ``tests/csba/test_mail_wire.py``
compares both on thousands of generated mails."""

from __future__ import annotations

import email.policy
import re
from functools import lru_cache

from django.conf import settings
from django.core.mail import message as django_message


class _PlainHeadersFirst(type(email.policy.compat32)):  # type: ignore[misc]
    """Django's mail policy (``compat32``) with a short cut for the common
    header: printable ASCII on one line, short enough not to fold, written as
    it is (what the full algorithm writes for it, a test holds them equal);
    any other header goes through ``compat32``'s folding unchanged."""

    def _fold(self, name, value, sanitize):
        if (
            isinstance(value, str)
            and value.isascii()
            and value.isprintable()
            and len(name) + 2 + len(value) <= (self.max_line_length or 78)
            and "  " not in value
            and value == value.strip()
        ):
            return f"{name}: {value}{self.linesep}"
        return super()._fold(name, value, sanitize)


MAIL_POLICY = _PlainHeadersFirst()


_NEWLINE = re.compile(r"\r\n|\r|\n")
# Headers Django's message() sets itself or reads from extra headers: a mail that sets them takes Django's path.
_OWN_HEADERS = frozenset({"from", "to", "cc", "reply-to", "date", "message-id"})


class WireMessage:
    """What ``NotificationMail.message()`` returns on the fast path: the
    headers and parts, serialised by ``as_bytes`` (what the mail backends
    call). Anything else asked of it is answered by the ``email.message``
    Django builds for the same mail (made on first use)."""

    def __init__(self, headers: list[tuple[str, str]], boundary: str, parts: list[tuple[str, str]], build):
        self._headers, self._boundary, self._parts, self._build = headers, boundary, parts, build
        self._built = None

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        policy = _policy(linesep)
        others = self._headers[1:]  # Content-Type comes first: its fold is the same for every boundary
        slot = (_SLOT * len(self._boundary)).encode()
        out = [_multipart_header(len(self._boundary), linesep).replace(slot, self._boundary.encode(), 1)]
        out.extend(policy.fold_binary(name, value) for name, value in others)
        out.append(linesep.encode())
        dash = f"--{self._boundary}".encode()
        for index, (content_type, text) in enumerate(self._parts):
            out.append((linesep if index else "").encode() + dash + linesep.encode())
            out.append(_part_headers(content_type, text.isascii(), linesep))
            out.append(_NEWLINE.sub(linesep, text).encode())
        out.append(f"{linesep}--{self._boundary}--{linesep}".encode())
        return b"".join(out)

    def header(self, name: str) -> str:
        return next(value for key, value in self._headers if key == name)

    def get_charset(self):
        return None  # a multipart message has none (the file and console backends decode as UTF-8)

    def get_boundary(self) -> str:
        return self._boundary

    def __getattr__(self, name: str):
        if self._built is None:
            self._built = self._build(self)
        return getattr(self._built, name)

    def __getitem__(self, name: str):
        return self.__getattr__("__getitem__")(name)


def laid_out(mail, boundary: str) -> WireMessage | None:
    """``mail`` (an ``EmailMultiAlternatives``) as a ``WireMessage`` with
    ``boundary``, or None when it is not the common shape."""
    encoding = mail.encoding or settings.DEFAULT_CHARSET
    if (
        encoding.lower() != "utf-8"
        or mail.attachments
        or mail.cc
        or mail.reply_to
        or not mail.body
        or mail.content_subtype != "plain"
        or mail.alternative_subtype != "alternative"
        or len(mail.alternatives) != 1
        or mail.alternatives[0][1] != "text/html"
        or any(name.lower() in _OWN_HEADERS for name in mail.extra_headers)
    ):
        return None
    texts = [mail.body, mail.alternatives[0][0]]
    if not all(isinstance(text, str) and not _has_long_line(text) for text in texts):
        return None

    if not _BOUNDARY.fullmatch(boundary):
        return None

    def header(name: str, value) -> tuple[str, str]:
        return django_message.forbid_multi_line_headers(name, value, encoding)

    headers = [
        ("Content-Type", f'multipart/alternative; boundary="{boundary}"'),
        ("MIME-Version", "1.0"),
        ("Subject", mail.subject) if _is_plain_subject(mail.subject) else header("Subject", mail.subject),
        _sender_header(mail.from_email, encoding),
    ]
    if mail.to:
        headers.append(header("To", ", ".join(str(v) for v in mail.to)))
    headers.append(header("Date", django_message.formatdate(localtime=settings.EMAIL_USE_LOCALTIME)))
    headers.append(header("Message-ID", django_message.make_msgid(domain=django_message.DNS_NAME)))
    headers.extend(header(name, value) for name, value in mail.extra_headers.items())
    return WireMessage(headers, boundary, [("text/plain", texts[0]), ("text/html", texts[1])], mail.built_message)


def _has_long_line(text: str) -> bool:
    """A line Django would send quoted-printable (longer than RFC 5322's 998 octets)."""
    limit = django_message.RFC5322_EMAIL_LINE_LENGTH_LIMIT
    if len(text) <= limit // 4:
        return False
    lines = text.splitlines()  # a line of at most limit / 4 characters has at most limit octets
    return max(map(len, lines)) > limit // 4 and any(
        len(line.encode(errors="surrogateescape")) > limit for line in lines
    )


def _is_plain_subject(subject) -> bool:
    """A subject Django stores as it is: printable ASCII, single spaces, too short for ``Header``
    to fold (what ``forbid_multi_line_headers`` returns for it; the wire test holds them equal)."""
    return (
        isinstance(subject, str)
        and len(subject) <= 60
        and subject.isascii()
        and subject.isprintable()
        and "  " not in subject
        and subject == subject.strip()
    )


# The boundaries ``csba.mail`` picks: letters, digits, "=" and "_" (no character the folding splits at),
# so the folded Content-Type depends on the boundary's length only: folded once per length and line end.
_BOUNDARY = re.compile(r"[A-Za-z0-9=_]{1,70}")
_SLOT = "_"  # a boundary of this many "_" is what the cached fold holds; "_" occurs nowhere else in it


@lru_cache(maxsize=8)
def _multipart_header(length: int, linesep: str) -> bytes:
    slot = _SLOT * length
    return _policy(linesep).fold_binary("Content-Type", f'multipart/alternative; boundary="{slot}"')


@lru_cache(maxsize=16)
def _sender_header(from_email: str, encoding: str) -> tuple[str, str]:
    """The From header as Django stores it (its address parsed and its name encoded): the same sender on every mail."""
    return django_message.forbid_multi_line_headers("From", from_email, encoding)


@lru_cache(maxsize=8)
def _policy(linesep: str):
    return MAIL_POLICY.clone(linesep=linesep)


@lru_cache(maxsize=16)
def _part_headers(content_type: str, is_ascii: bool, linesep: str) -> bytes:
    """A text part's headers as Django's ``SafeMIMEText`` writes them, and the blank line."""
    policy = _policy(linesep)
    return b"".join(
        [
            policy.fold_binary("Content-Type", f'{content_type}; charset="utf-8"'),
            policy.fold_binary("MIME-Version", "1.0"),
            policy.fold_binary("Content-Transfer-Encoding", "7bit" if is_ascii else "8bit"),
            linesep.encode(),
        ]
    )
