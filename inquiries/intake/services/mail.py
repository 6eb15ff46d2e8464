"""Email intake: raw RFC 5322 messages (API, `ingest_mail`, the Maildir poller)
become contacts; mail to a CSBA transfer address is a seller's transfer
(``transfer_mail``). A message that cannot be taken is kept as a RejectedMessage
with its reason; nothing already accepted is lost."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings

from csba.errors import DomainError
from sellers.models import Marketplace

from ...models import Channel, Message, RejectedMessage
from ..contacts import Contact, IncomingAttachment, IntakeResult, message_key
from .receive import contact_receive
from .transfer_mail import transfer_address_for, transfer_mail_receive

# Why a message over CSBA_MAX_MAIL_BYTES was refused (its first bytes are kept).
TOO_LARGE = "too_large"

logger = logging.getLogger(__name__)


@dataclass
class MailOutcome:
    name: str
    status: str  # "created" | "threaded" | "duplicate" | "rejected"
    ticket_id: int | None = None
    reason: str = ""
    detail: str = ""


@dataclass
class IngestReport:
    outcomes: list[MailOutcome] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return sum(1 for o in self.outcomes if o.status == "rejected")

    def as_dict(self) -> dict:
        counts: dict[str, int] = {}
        for outcome in self.outcomes:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
        return counts


def _marketplace_for(parsed, language: str | None) -> str:
    """Which marketplace a mail belongs to: the address it was sent to
    (csba-de@…, …@amazon.de style) or else the buyer's language."""
    for address in parsed.to_addresses or ():
        lowered = address.lower()
        for code in ("us", "de", "jp"):
            if f"-{code}@" in lowered or lowered.endswith(f".{code}") or lowered.endswith(".co.jp") and code == "jp":
                return code.upper()
    return Marketplace.code_for_language(language)


def _order_number_in(text: str) -> str | None:
    match = re.search(r"\b(\d{3}-\d{7}-\d{7})\b", text)
    return match.group(1) if match else None


def _describe(error: DomainError) -> str:
    details = "; ".join(f"{name}: {' '.join(map(str, messages))}" for name, messages in error.field_errors.items())
    return f"{error.message} ({details})" if details else error.message


def mail_receive(*, raw: bytes, now: datetime, source_name: str = "api") -> MailOutcome:
    """Parse one raw message and take it in. Returns what happened; records a
    RejectedMessage for a message that cannot be taken."""
    from ..email_parsing import EmailRejected, parse_email

    limit = settings.CSBA_MAX_MAIL_BYTES
    if len(raw) > limit:
        detail = f"The message is larger than {limit:,} bytes; its first {limit:,} bytes are kept."
        _reject(raw=raw, reason=TOO_LARGE, detail=detail, source_name=source_name, now=now)
        return MailOutcome(source_name, "rejected", reason=TOO_LARGE, detail=detail)
    try:
        parsed = parse_email(raw, max_attachment_bytes=settings.CSBA_MAX_ATTACHMENT_BYTES)
    except EmailRejected as rejected:
        _reject(raw=raw, reason=rejected.reason_code, detail=str(rejected), source_name=source_name, now=now)
        return MailOutcome(source_name, "rejected", reason=rejected.reason_code, detail=str(rejected))
    message_id = message_key(parsed.message_id)
    if message_id:  # A re-read or resubmitted message: say so, change nothing.
        known = Message.objects.filter(external_message_id=message_id).values_list("ticket_id", flat=True).first()
        if known is not None:
            return MailOutcome(source_name, "duplicate", ticket_id=known)
    transfer_address = transfer_address_for(parsed.to_addresses)
    if transfer_address is not None:  # a seller forwarding a buyer's mail to CSBA
        try:
            transferred = transfer_mail_receive(parsed=parsed, address=transfer_address, now=now)
        except DomainError as error:
            return _rejected_outcome(raw, error, source_name, now, parsed.message_id)
        status = "created" if transferred.created else "duplicate"
        return MailOutcome(source_name, status, ticket_id=transferred.ticket.pk)
    body = parsed.body_text or ""
    language = None
    try:
        from ...classification import detect_language

        language = detect_language(f"{parsed.subject}\n{body}") if body.strip() else None
    except ImportError:  # pragma: no cover - the classifier ships with the app
        language = None
    contact = Contact(
        channel=Channel.EMAIL,
        marketplace_code=_marketplace_for(parsed, language),
        body=body,
        subject=parsed.subject or "",
        buyer_email=parsed.from_address,
        buyer_name=parsed.from_name or None,
        # The buyer's own words first: the quoted history may name an older order.
        order_number=_order_number_in(f"{parsed.subject}\n{body}") or _order_number_in(parsed.full_text or ""),
        language=language,
        idempotency_key=f"email:{message_id}" if message_id else None,
        external_message_id=message_id,
        thread_ids=[message_key(i) for i in [parsed.in_reply_to, *reversed(parsed.references or [])] if i],
        ticket_reference=parsed.ticket_reference,
        attachments=[
            IncomingAttachment(a.filename or "attachment", a.content_type, a.payload) for a in parsed.attachments
        ],
    )
    try:
        result: IntakeResult = contact_receive(contact=contact, now=now)
    except DomainError as error:
        # An unknown order number in a mail is not fatal: take the mail without it.
        if error.code in {"unknown_order", "order_in_other_marketplace"} and contact.order_number:
            contact.order_number = None
            try:
                result = contact_receive(contact=contact, now=now)
            except DomainError as again:
                return _rejected_outcome(raw, again, source_name, now, parsed.message_id)
        else:
            return _rejected_outcome(raw, error, source_name, now, parsed.message_id)
    status = "threaded" if result.threaded else ("created" if result.created else "duplicate")
    return MailOutcome(source_name, status, ticket_id=result.ticket.pk, detail=dropped_attachments(parsed))


def dropped_attachments(parsed) -> str:
    """What was not kept of a taken message's attachments, file by file (a
    duplicate of a file already kept included)."""
    return "; ".join(f"attachment {a.filename!r} dropped: {a.reason}" for a in parsed.rejected_attachments)


def _rejected_outcome(raw, error: DomainError, source_name, now, message_id) -> MailOutcome:
    detail = _describe(error)
    _reject(raw=raw, reason=error.code, detail=detail, source_name=source_name, now=now, message_id=message_id)
    return MailOutcome(source_name, "rejected", reason=error.code, detail=detail)


def _receive_one_of_many(*, raw: bytes, now: datetime, source_name: str) -> MailOutcome:
    """mail_receive for batch paths: an unexpected failure on one message is
    recorded as a rejected message and the batch goes on (a poison message
    must not block the Maildir). If even the record fails, the error stands."""
    try:
        return mail_receive(raw=raw, now=now, source_name=source_name)
    except Exception as error:
        logger.exception("email intake failed for %s", source_name)
        detail = f"Intake failed: {type(error).__name__}: {error}"
        _reject(raw=raw, reason="intake_error", detail=detail, source_name=source_name, now=now)
        return MailOutcome(source_name, "rejected", reason="intake_error", detail=detail)


def _reject(*, raw: bytes, reason: str, detail: str, source_name: str, now: datetime, message_id: str | None = None):
    """Keep a refused message whole (up to CSBA_MAX_MAIL_BYTES) with why; its
    text fields without NUL characters (they come from the message)."""
    RejectedMessage.objects.create(
        received_at=now,
        channel=Channel.EMAIL,
        reason=_text(reason)[:40],
        detail=_text(detail)[:2000],
        source_name=_text(source_name)[:300],
        message_id=_text(message_id or "")[:300],
        raw=bytes(raw[: settings.CSBA_MAX_MAIL_BYTES]),
    )


def _text(value: str) -> str:
    return value.replace("\x00", "")


def mail_ingest_paths(*, path: str, now: datetime) -> IngestReport:
    """Ingest a single .eml file, a folder of .eml files, or a Maildir."""
    from ..email_parsing import iter_mail_files

    report = IngestReport()
    for name, raw in iter_mail_files(path, max_bytes=settings.CSBA_MAX_MAIL_BYTES):
        report.outcomes.append(_receive_one_of_many(raw=raw, now=now, source_name=name))
    return report


def maildir_ingest(*, path: str, now: datetime) -> IngestReport:
    """The poller: every message in the Maildir's new/ (and any in cur/ not yet
    marked seen) is taken in and moved to cur/ with the S flag, so each is read
    once; a crash before the move only means a re-read, which the Message-ID
    makes harmless. The files are renamed, never rewritten."""
    from ..email_parsing import read_mail_file

    report = IngestReport()
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(path, sub), exist_ok=True)
    for sub in ("new", "cur"):
        folder = os.path.join(path, sub)
        for name in sorted(os.listdir(folder)):
            if name.startswith("."):
                continue
            unique, _, info = name.partition(":")
            flags = info.partition(",")[2] if info.startswith("2,") else ""
            if sub == "cur" and "S" in flags:
                continue
            source = os.path.join(folder, name)
            try:
                raw = read_mail_file(source, max_bytes=settings.CSBA_MAX_MAIL_BYTES)
            except (FileNotFoundError, IsADirectoryError):  # taken by a concurrent poll, or not a message
                continue
            report.outcomes.append(_receive_one_of_many(raw=raw, now=now, source_name=f"maildir:{unique}"))
            seen = "".join(sorted(set(flags) | {"S"}))
            os.replace(source, os.path.join(path, "cur", f"{unique}:2,{seen}"))
    return report
