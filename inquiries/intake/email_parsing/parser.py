"""parse_email: one raw RFC 5322 message to what intake needs, or EmailRejected.

The MIME tree is read with the standard library (``email.policy.default``);
text parts are decoded by ``charsets`` (declared charset, its family, then
careful guesses), HTML parts turned into text by ``html``, the new text of a
reply separated from its history by ``quotes``. Header fields are read raw
and decoded leniently here, because the email package's header objects
replace undecodable bytes and, on some inputs, raise.

Nothing but EmailRejected leaves parse_email: an unexpected failure becomes
``EmailRejected("unreadable")`` (and is logged), so a poison message is
recorded as rejected instead of stopping intake.
"""

from __future__ import annotations

import email.policy
import logging
import re
from dataclasses import dataclass, field
from email.parser import BytesParser

from .charsets import decode_header_value
from .forwards import ForwardedOriginal, inline_original
from .headers import Headers, automatic, message_ids, recipients, sender
from .mime import MimeCollector, ParsedAttachment, RejectedAttachment, safe, tidy_body
from .quotes import is_forward, strip_quoted

logger = logging.getLogger(__name__)

MAX_ATTACHMENTS = 20
# All stored attachments of one message together: this many times the per-attachment limit.
TOTAL_ATTACHMENT_FACTOR = 3
TICKET_REFERENCE = re.compile(r"\bCSBA-(\d{1,12})\b", re.IGNORECASE)


class RejectReason:
    """Why parse_email refused a message (EmailRejected.reason_code)."""

    NOT_A_MESSAGE = "not_a_message"
    NO_SENDER = "no_sender"
    BROKEN_MIME = "broken_mime"
    UNKNOWN_CHARSET = "unknown_charset"
    EMPTY_BODY = "empty_body"
    AUTO_REPLY = "auto_reply"
    UNREADABLE = "unreadable"


class EmailRejected(Exception):
    """The message cannot become a contact; ``reason_code`` says why (RejectReason)."""

    def __init__(self, reason_code: str, message: str):
        super().__init__(message)
        self.reason_code = reason_code
        self.message = message


@dataclass
class ParsedEmail:
    message_id: str | None
    in_reply_to: str | None
    references: list[str]
    from_address: str
    from_name: str
    to_addresses: list[str]
    subject: str
    body_text: str
    full_text: str
    attachments: list[ParsedAttachment]
    rejected_attachments: list[RejectedAttachment]
    ticket_reference: int | None
    is_forward: bool = False
    notes: list[str] = field(default_factory=list)
    # A forwarded message's original (sender, Message-ID, text) and what the
    # forwarder wrote above it: a seller's transfer of a buyer's mail.
    forwarded: ForwardedOriginal | None = None
    forward_note: str = ""


def parse_email(
    raw: bytes,
    *,
    max_attachment_bytes: int,
    max_attachments: int = MAX_ATTACHMENTS,
    max_total_attachment_bytes: int | None = None,
) -> ParsedEmail:
    """Parse one raw message. Raises EmailRejected (and nothing else) for a
    message that cannot become a contact. Attachments over the limits are
    listed in ``rejected_attachments``, not stored."""
    try:
        return _parse(
            raw,
            max_attachment_bytes=max_attachment_bytes,
            max_attachments=max_attachments,
            max_total=max_total_attachment_bytes or TOTAL_ATTACHMENT_FACTOR * max_attachment_bytes,
        )
    except EmailRejected:
        raise
    except RecursionError:
        raise EmailRejected(RejectReason.BROKEN_MIME, "The message is nested too deeply to read.") from None
    except Exception as error:  # A parser bug must not stop intake: the raw message is kept as rejected.
        logger.exception("email parsing failed")
        raise EmailRejected(
            RejectReason.UNREADABLE, f"The message could not be read ({type(error).__name__})."
        ) from None


def _parse(raw, *, max_attachment_bytes: int, max_attachments: int, max_total: int) -> ParsedEmail:
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise EmailRejected(RejectReason.NOT_A_MESSAGE, "The message must be given as raw bytes.")
    raw = bytes(raw)
    if not raw.strip():
        raise EmailRejected(RejectReason.NOT_A_MESSAGE, "The message is empty.")
    message = BytesParser(policy=email.policy.default).parsebytes(raw)
    headers = Headers(message)
    if not headers.names:
        raise EmailRejected(RejectReason.NOT_A_MESSAGE, "No header fields: this is not an email message (RFC 5322).")
    from_name, from_address = sender(headers.first("from"))
    if not from_address:
        raise EmailRejected(RejectReason.NO_SENDER, "The message has no sender address (From).")
    content_type = safe(message.get_content_type, "text/plain").lower()
    machine_sent = automatic(headers, content_type)
    if machine_sent:
        raise EmailRejected(RejectReason.AUTO_REPLY, machine_sent)

    subject = re.sub(r"\s+", " ", decode_header_value(headers.first("subject") or "")).strip()[:998]
    collector = MimeCollector(
        max_attachment_bytes=max_attachment_bytes, max_attachments=max_attachments, max_total=max_total
    )
    collector.walk(message, depth=0)

    text = tidy_body("\n\n".join(t for _, t in collector.texts if t.strip()))
    forward = is_forward(subject, text)
    new_text = text if forward else strip_quoted(text)
    forwarded_new = [block for block, _, _ in collector.forwarded]
    body_text = "\n\n".join(part for part in [new_text, *forwarded_new] if part.strip())
    full_text = "\n\n".join(part for part in [text, *(full for _, full, _ in collector.forwarded)] if part.strip())
    # The first forwarded original: attached (message/rfc822), else inline in the text.
    forward_note, original = text, None
    if collector.forwarded:
        original = collector.forwarded[0][2]
    elif forward:
        found = inline_original(text)
        if found is not None:
            forward_note, original = found

    if not collector.texts and not collector.forwarded:
        if collector.broken and not collector.attachments:
            raise EmailRejected(
                RejectReason.BROKEN_MIME,
                "The MIME structure is broken (multipart without usable boundary) and no text part could be read.",
            )
        if collector.undecodable:
            charsets = ", ".join(sorted({c or "none" for c in collector.undecodable}))
            raise EmailRejected(
                RejectReason.UNKNOWN_CHARSET, f"The text is in a charset that cannot be decoded ({charsets})."
            )
    if not body_text.strip() and not collector.attachments:
        if text.strip():
            raise EmailRejected(RejectReason.EMPTY_BODY, "The message holds only quoted text, nothing new.")
        why = " (its only attachment was refused: too large)" if collector.rejected else ""
        raise EmailRejected(RejectReason.EMPTY_BODY, f"The message has no text{why}.")

    own_ids = message_ids(headers.first("message-id") or "")
    references = message_ids(" ".join(headers.all("references")))
    in_reply_to = message_ids(headers.first("in-reply-to") or "")
    reference = TICKET_REFERENCE.search(subject)
    return ParsedEmail(
        message_id=own_ids[0] if own_ids else None,
        in_reply_to=in_reply_to[0] if in_reply_to else None,
        references=references[-50:],
        from_address=from_address,
        from_name=from_name,
        to_addresses=recipients(headers),
        subject=subject,
        body_text=body_text,
        full_text=full_text,
        attachments=collector.attachments,
        rejected_attachments=collector.rejected,
        ticket_reference=int(reference.group(1)) if reference else None,
        is_forward=forward,
        notes=collector.notes,
        forwarded=original,
        forward_note=strip_quoted(forward_note) if original is not None else "",
    )


__all__ = ["EmailRejected", "ParsedAttachment", "ParsedEmail", "RejectReason", "RejectedAttachment", "parse_email"]
