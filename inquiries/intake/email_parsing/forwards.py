"""The original of a forwarded message: who wrote it, its Message-ID, subject,
date and text, whether it came as an attachment (message/rfc822, with its own
header fields) or inline in the forwarder's text ("---------- Forwarded
message ---------", "Begin forwarded message:", Outlook's "From:/Sent:"
block, and their German and Japanese forms).

A seller transferring a buyer's mail to CSBA forwards it; intake keeps the
buyer as the sender and the original Message-ID (duplicates suppressed)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import Message

from .charsets import decode_header_value
from .headers import Headers, message_ids, sender
from .quotes import FORWARD_MARKER, SEPARATOR, header_block_at

HOW_ATTACHED = "attachment"
HOW_INLINE = "inline"

# Header labels of inline forwards, by what they mean.
FIELDS = {
    "from": ("from", "von", "差出人", "送信者", "de", "van"),
    "date": ("date", "sent", "datum", "gesendet", "日付", "送信日時", "envoyé"),
    "subject": ("subject", "betreff", "件名", "objet"),
    "to": ("to", "an", "宛先", "à"),
    "cc": ("cc", "kopie"),
    "message_id": ("message-id", "message-id:"),
}
LABEL = re.compile(r"^\s*\**\s*([A-Za-zÀ-ÿ\-]+|[\u3040-\u30ff\u4e00-\u9fff]+)\s*\**\s*[:：]\s?(.*)$")


@dataclass(frozen=True)
class ForwardedOriginal:
    from_name: str
    from_address: str | None
    message_id: str | None
    subject: str
    date: str
    body_text: str
    how: str  # HOW_ATTACHED | HOW_INLINE


def original_of_part(inner: Message, body_text: str) -> ForwardedOriginal:
    """The original of a forward attached as message/rfc822 (``body_text``:
    its text, already decoded by the walk)."""
    headers = Headers(inner)
    name, address = sender(headers.first("from"))
    ids = message_ids(headers.first("message-id") or "")
    return ForwardedOriginal(
        from_name=name,
        from_address=address,
        message_id=ids[0] if ids else None,
        subject=_one_line(decode_header_value(headers.first("subject") or "")),
        date=_one_line(decode_header_value(headers.first("date") or "")),
        body_text=body_text.strip(),
        how=HOW_ATTACHED,
    )


def _field_of(label: str) -> str | None:
    label = label.strip().lower()
    return next((name for name, labels in FIELDS.items() if label in labels), None)


def inline_original(text: str) -> tuple[str, ForwardedOriginal] | None:
    """(the forwarder's own note above it, the original) of a message
    forwarded inline, or None when the text holds no forwarded message."""
    lines = (text or "").replace("\r\n", "\n").split("\n")
    start = next(
        (
            index
            for index, line in enumerate(lines)
            if FORWARD_MARKER.match(line) or SEPARATOR.match(line) or header_block_at(lines, index)
        ),
        None,
    )
    if start is None:
        return None
    index = start + 1 if (FORWARD_MARKER.match(lines[start]) or SEPARATOR.match(lines[start])) else start
    while index < len(lines) and not lines[index].strip():
        index += 1
    found: dict[str, str] = {}
    while index < len(lines) and lines[index].strip():
        match = LABEL.match(lines[index])
        name = _field_of(match.group(1)) if match else None
        if name is None:
            break
        value = match.group(2).strip()
        # A long header value wraps onto the next line (indented, or an address on its own).
        while index + 1 < len(lines) and lines[index + 1].startswith((" ", "\t")):
            index += 1
            value += " " + lines[index].strip()
        found.setdefault(name, value)
        index += 1
    if "from" not in found:
        return None
    body = "\n".join(lines[index:]).strip()
    name, address = sender(found["from"])
    ids = message_ids(found.get("message_id", ""))
    note = "\n".join(lines[:start]).strip()
    return note, ForwardedOriginal(
        from_name=name,
        from_address=address,
        message_id=ids[0] if ids else None,
        subject=_one_line(found.get("subject", "")),
        date=_one_line(found.get("date", "")),
        body_text=body,
        how=HOW_INLINE,
    )


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()
