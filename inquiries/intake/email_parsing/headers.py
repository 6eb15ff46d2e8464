"""Header fields read raw and decoded leniently: the sender, recipients,
message ids, and whether a message was sent by a machine."""

from __future__ import annotations

import re
from email.message import Message
from email.utils import getaddresses

from .charsets import clean_text, decode_header_value


def _safe(call, default):
    try:
        return call()
    except Exception:
        return default


class Headers:
    """Raw header values by lower-cased name (the email package keeps raw
    8-bit bytes as surrogates; ``decode_header_value`` repairs them)."""

    def __init__(self, message: Message):
        self.values: dict[str, list[str]] = {}
        for name, value in _safe(lambda: list(message.raw_items()), []):
            # NUL is never part of a header (and breaks PostgreSQL wherever it is stored or echoed).
            self.values.setdefault(str(name).replace("\x00", "").strip().lower(), []).append(
                str(value).replace("\x00", "")
            )
        self.names = set(self.values)

    def first(self, name: str) -> str | None:
        values = self.values.get(name)
        return values[0] if values else None

    def all(self, name: str) -> list[str]:
        return self.values.get(name, [])


_ADDRESS = re.compile(r"^[^@\s<>()\[\],;:\"\\]+@[^@\s<>()\[\],;:\"\\]+$")
_ADDRESS_IN_TEXT = re.compile(r"[^@\s<>()\[\],;:\"\\]+@[^@\s<>()\[\],;:\"\\]+")


def _normalise_address(address: str) -> str | None:
    address = clean_text(address or "").strip().strip("<>").strip()
    if not _ADDRESS.match(address):
        return None
    local, _, domain = address.rpartition("@")
    domain = domain.rstrip(".").lower()
    return f"{local}@{domain}" if local and domain else None


def unfold(value: str) -> str:
    value = clean_text(re.sub(r"\r?\n(?=[ \t])", "", value or ""))
    return value.replace("\r", " ").replace("\n", " ")


def _addresses(value: str) -> list[tuple[str, str]]:
    """(display name, address) pairs; display names RFC 2047-decoded after the
    split, so an encoded comma cannot split a name."""
    value = unfold(value)
    pairs = _safe(lambda: getaddresses([value]), [])
    found: list[tuple[str, str]] = []
    for name, address in pairs:
        normalised = _normalise_address(address)
        if normalised:
            found.append((re.sub(r"\s+", " ", decode_header_value(name or "")).strip().strip('"').strip(), normalised))
    if not found:  # Malformed list: take whatever looks like an address.
        for address in _ADDRESS_IN_TEXT.findall(value):
            normalised = _normalise_address(address)
            if normalised:
                found.append(("", normalised))
    return found


def sender(value: str | None) -> tuple[str, str | None]:
    if not value:
        return "", None
    pairs = _addresses(value)
    return pairs[0] if pairs else ("", None)


def recipients(headers: Headers) -> list[str]:
    """Where the mail was delivered first (Delivered-To, X-Original-To), then To and Cc."""
    seen: list[str] = []
    for name in ("delivered-to", "x-original-to", "to", "cc"):
        for value in headers.all(name):
            for _, address in _addresses(value):
                if address.lower() not in seen:
                    seen.append(address.lower())
    return seen[:50]


def message_ids(value: str) -> list[str]:
    """Message ids without angle brackets, in order, de-duplicated."""
    value = unfold(value)
    found = re.findall(r"<([^<>\s]+)>", value) or re.findall(r"[^\s<>,;\"()]+@[^\s<>,;\"()]+", value)
    ids: list[str] = []
    for item in found:
        item = item.strip()[:998]
        if item and item not in ids:
            ids.append(item)
    return ids


def automatic(headers: Headers, content_type: str) -> str | None:
    """Out-of-office replies and bounces are not buyer contacts (RFC 3834):
    threading them would reopen tickets."""
    submitted = (headers.first("auto-submitted") or "").strip().lower()
    if submitted and not submitted.startswith("no"):
        return f"An automatic message (Auto-Submitted: {submitted[:40]})."
    precedence = (headers.first("precedence") or "").strip().lower()
    if precedence in ("auto_reply", "junk", "bulk"):
        return f"An automatic message (Precedence: {precedence})."
    if "x-autoreply" in headers.names or "x-autorespond" in headers.names:
        return "An automatic reply (X-Autoreply)."
    if content_type == "multipart/report":
        return "A delivery or read report, not a message from the buyer."
    return None
