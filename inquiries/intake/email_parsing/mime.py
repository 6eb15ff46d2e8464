"""The MIME tree of one message walked in order: text parts (decoded by
``charsets``, HTML turned into text by ``html``), forwarded messages
(message/rfc822, kept whole with their own sender and Message-ID), and
attachments within the limits."""

from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from email.message import Message

from .charsets import clean_text, decode_bytes, decode_header_value
from .forwards import ForwardedOriginal, original_of_part
from .headers import Headers
from .html import html_to_text
from .quotes import strip_quoted

MAX_DEPTH = 20
SIGNATURE_TYPES = {"application/pgp-signature", "application/pkcs7-signature", "application/x-pkcs7-signature"}


@dataclass(frozen=True)
class ParsedAttachment:
    filename: str
    content_type: str
    payload: bytes = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.payload)


@dataclass(frozen=True)
class RejectedAttachment:
    filename: str
    content_type: str
    size: int
    reason: str  # "too_large" | "too_many" | "total_too_large" | "duplicate"


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _param(part: Message, name: str) -> str:
    value = safe(lambda: part.get_param(name), None)
    if isinstance(value, tuple):  # RFC 2231: (charset, language, value)
        value = value[-1]
    return str(value or "").strip().lower()


def safe(call, default):
    try:
        return call()
    except Exception:
        return default


def tidy_body(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _unflow(text: str, *, delsp: bool) -> str:
    """RFC 3676 format=flowed: a line ending in a space continues on the next."""
    out: list[str] = []
    buffer = ""
    for line in text.split("\n"):
        quoted = line.startswith(">")
        if line.startswith(" "):
            line = line[1:]  # space-stuffing
        if not quoted and line.endswith(" ") and line.rstrip() != "--":
            buffer += line[:-1] if delsp else line
            continue
        if buffer and quoted:
            out.append(buffer)
            buffer = ""
        out.append(buffer + line)
        buffer = ""
    if buffer:
        out.append(buffer)
    return "\n".join(out)


_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.\-]+)", re.IGNORECASE)


class MimeCollector:
    """Walks the MIME tree: text parts in order, forwarded messages,
    attachments within the limits."""

    def __init__(self, *, max_attachment_bytes: int, max_attachments: int, max_total: int):
        self.max_attachment_bytes = max_attachment_bytes
        self.max_attachments = max_attachments
        self.max_total = max_total
        self.texts: list[tuple[str, str]] = []  # ("plain" | "html", text)
        # (new text block, full text block, the original with its own sender and Message-ID)
        self.forwarded: list[tuple[str, str, ForwardedOriginal]] = []
        self.attachments: list[ParsedAttachment] = []
        self.rejected: list[RejectedAttachment] = []
        self.undecodable: list[str] = []
        self.notes: list[str] = []
        self.broken = False
        self._stored_bytes = 0
        self._digests: set[str] = set()

    def walk(self, part: Message, *, depth: int) -> None:
        if depth > MAX_DEPTH:
            self.broken = True
            self.notes.append("MIME parts nested too deeply were skipped.")
            return
        content_type = safe(part.get_content_type, "text/plain").lower()
        maintype = content_type.split("/", 1)[0]
        if maintype == "multipart":
            children = part.get_payload() if part.is_multipart() else None
            children = [child for child in children or [] if isinstance(child, Message)]
            if not children:
                self.broken = True
                return
            if content_type == "multipart/alternative":
                self._alternative(children, depth=depth)
            else:  # mixed, related, signed, digest, unknown multiparts: every part in order
                for child in children:
                    self.walk(child, depth=depth + 1)
            return
        if content_type in ("message/rfc822", "message/global"):
            self._forwarded(part, depth=depth)
            return
        if maintype == "message" or content_type in SIGNATURE_TYPES:
            return  # delivery-status, disposition-notification, partial, signatures: nothing for the agent
        disposition = safe(part.get_content_disposition, None)
        filename = safe(part.get_filename, None)
        if content_type in ("text/plain", "text/html") and disposition != "attachment" and (not filename or depth == 0):
            self._text(part, content_type)
        else:
            self._attachment(part, content_type, filename)

    def _alternative(self, children: list[Message], *, depth: int) -> None:
        """Body text from one alternative (plain text preferred, else the
        richest readable one); attachments (inline images) from all."""
        choices: list[list[tuple[str, str]]] = []
        forwarded: list[list[tuple[str, str]]] = []
        for child in children:
            mark, forward_mark = len(self.texts), len(self.forwarded)
            self.walk(child, depth=depth + 1)
            choices.append(self.texts[mark:])
            forwarded.append(self.forwarded[forward_mark:])
            del self.texts[mark:]
            del self.forwarded[forward_mark:]
        readable = [i for i, texts in enumerate(choices) if any(t.strip() for _, t in texts)]
        plain = [i for i in readable if all(kind == "plain" for kind, _ in choices[i])]
        chosen = plain[0] if plain else (readable[-1] if readable else None)
        if chosen is not None:
            self.texts.extend(choices[chosen])
            self.forwarded.extend(forwarded[chosen])

    def _text(self, part: Message, content_type: str) -> None:
        payload = self._payload(part)
        if payload is None:
            return
        charset = safe(lambda: part.get_content_charset(None), None)
        if not charset and content_type == "text/html":
            meta = _META_CHARSET.search(payload[:8192])
            charset = meta.group(1).decode("ascii", "replace") if meta else None
        text = decode_bytes(payload, charset)
        if text is None:
            self.undecodable.append(str(charset or ""))
            self.notes.append(f"A text part in charset {charset!r} could not be decoded and was skipped.")
            return
        text = clean_text(text).replace("\r\n", "\n").replace("\r", "\n")
        if content_type == "text/html":
            self.texts.append(("html", html_to_text(text)))
            return
        if _param(part, "format") == "flowed":
            delsp = _param(part, "delsp") == "yes"
            text = _unflow(text, delsp=delsp)
        self.texts.append(("plain", text))

    def _payload(self, part: Message) -> bytes | None:
        payload = safe(lambda: part.get_payload(decode=True), None)
        if isinstance(payload, str):
            payload = payload.encode("utf-8", "surrogateescape")
        if payload is None:
            self.notes.append("A part without readable content was skipped.")
        return payload

    def _forwarded(self, part: Message, *, depth: int) -> None:
        inner = safe(part.get_payload, None)
        inner = inner[0] if isinstance(inner, list) and inner and isinstance(inner[0], Message) else None
        if inner is None:
            self.notes.append("A forwarded message without content was skipped.")
            return
        headers = Headers(inner)
        mark = len(self.texts)
        self.walk(inner, depth=depth + 1)
        texts = self.texts[mark:]
        del self.texts[mark:]
        text = tidy_body("\n\n".join(t for _, t in texts if t.strip()))
        lines = ["---------- Forwarded message ----------"]
        for name, label in (("from", "From"), ("date", "Date"), ("subject", "Subject"), ("to", "To")):
            value = headers.first(name)
            if value:
                lines.append(f"{label}: {_one_line(decode_header_value(value))}")
        head = "\n".join(lines)
        if text.strip():
            original = original_of_part(inner, text)
            self.forwarded.append((f"{head}\n\n{strip_quoted(text)}", f"{head}\n\n{text}", original))

    def _attachment(self, part: Message, content_type: str, filename: str | None) -> None:
        payload = self._payload(part)
        if not payload:
            return
        name = _attachment_name(filename, content_type, len(self.attachments) + len(self.rejected) + 1)
        if content_type == "application/octet-stream":
            content_type = mimetypes.guess_type(name)[0] or content_type
        size = len(payload)
        reason = None
        if size > self.max_attachment_bytes:
            reason = "too_large"
        elif len(self.attachments) >= self.max_attachments:
            reason = "too_many"
        elif self._stored_bytes + size > self.max_total:
            reason = "total_too_large"
        if reason:
            self.rejected.append(RejectedAttachment(name, content_type, size, reason))
            return
        digest = hashlib.sha256(payload).hexdigest()
        if digest in self._digests:  # the same file twice (an inline image in two alternatives): kept once, said so
            self.rejected.append(RejectedAttachment(name, content_type, size, "duplicate"))
            return
        self._digests.add(digest)
        self._stored_bytes += size
        self.attachments.append(ParsedAttachment(name, content_type[:100], payload))


def _attachment_name(filename: str | None, content_type: str, number: int) -> str:
    """A safe base name: no directories, no control characters, at most 200 characters."""
    name = decode_header_value(str(filename)) if filename else ""
    name = name.replace("\\", "/").split("/")[-1]
    name = re.sub(r"[\x00-\x1f\x7f<>:\"|?*]", "_", name).strip().lstrip(".").strip()
    if not name:
        extension = safe(lambda: mimetypes.guess_extension(content_type), None) or ".bin"
        name = f"attachment-{number}{extension}"
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: 200 - len(extension) - 1] + "." + extension) if dot and len(extension) <= 10 else name[:200]
    return name
