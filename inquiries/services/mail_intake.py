"""Email intake: raw RFC 5322 messages (API, `ingest_mail`, the Maildir poller)
become contacts. A message that cannot be taken is kept as a RejectedMessage
with its reason; nothing already accepted is lost."""
from __future__ import annotations

import mailbox
import os
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings

from csba.errors import DomainError

from ..models import Channel, RejectedMessage
from .intake import Contact, IncomingAttachment, IntakeResult, contact_receive

DEFAULT_MARKETPLACE_BY_LANGUAGE = {"de": "DE", "ja": "JP"}


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
    return DEFAULT_MARKETPLACE_BY_LANGUAGE.get((language or "")[:2], "US")


def _order_number_in(text: str) -> str | None:
    import re

    match = re.search(r"\b(\d{3}-\d{7}-\d{7})\b", text)
    return match.group(1) if match else None


def mail_receive(*, raw: bytes, now: datetime, source_name: str = "api") -> MailOutcome:
    """Parse one raw message and take it in. Returns what happened; records a
    RejectedMessage for a message that cannot be taken."""
    from ..email_parsing import EmailRejected, parse_email

    try:
        parsed = parse_email(raw, max_attachment_bytes=settings.CSBA_MAX_ATTACHMENT_BYTES)
    except EmailRejected as rejected:
        _reject(raw=raw, reason=rejected.reason_code, detail=str(rejected), source_name=source_name, now=now)
        return MailOutcome(source_name, "rejected", reason=rejected.reason_code, detail=str(rejected))
    body = parsed.body_text or ""
    language = None
    try:
        from ..classification import detect_language

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
        order_number=_order_number_in(f"{parsed.subject}\n{parsed.full_text or body}"),
        language=language,
        idempotency_key=f"email:{parsed.message_id}" if parsed.message_id else None,
        external_message_id=parsed.message_id or None,
        thread_ids=[i for i in [parsed.in_reply_to, *reversed(parsed.references or [])] if i],
        ticket_reference=parsed.ticket_reference,
        attachments=[IncomingAttachment(a.filename or "attachment", a.content_type, a.payload) for a in parsed.attachments],
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
    detail = ""
    if parsed.rejected_attachments:
        detail = "; ".join(f"attachment {a.filename!r} dropped: {a.reason}" for a in parsed.rejected_attachments)
    return MailOutcome(source_name, status, ticket_id=result.ticket.pk, detail=detail)


def _rejected_outcome(raw, error: DomainError, source_name, now, message_id) -> MailOutcome:
    _reject(raw=raw, reason=error.code, detail=error.message, source_name=source_name, now=now, message_id=message_id)
    return MailOutcome(source_name, "rejected", reason=error.code, detail=error.message)


def _reject(*, raw: bytes, reason: str, detail: str, source_name: str, now: datetime, message_id: str | None = None):
    RejectedMessage.objects.create(
        received_at=now, channel=Channel.EMAIL, reason=reason[:40], detail=detail[:2000], source_name=source_name[:300],
        message_id=(message_id or "")[:300], raw=raw[: 2 * 1024 * 1024],
    )


def mail_ingest_paths(*, path: str, now: datetime) -> IngestReport:
    """Ingest a single .eml file, a folder of .eml files, or a Maildir."""
    from ..email_parsing import iter_mail_files

    report = IngestReport()
    for name, raw in iter_mail_files(path):
        report.outcomes.append(mail_receive(raw=raw, now=now, source_name=name))
    return report


def maildir_ingest(*, path: str, now: datetime) -> IngestReport:
    """The poller: every message in the Maildir's new/ is taken in and moved to
    cur/ (marked seen), so each is read once; a crash before the move only means
    a re-read, which the Message-ID makes harmless."""
    report = IngestReport()
    if not os.path.isdir(path):
        os.makedirs(os.path.join(path, "new"), exist_ok=True)
        os.makedirs(os.path.join(path, "cur"), exist_ok=True)
        os.makedirs(os.path.join(path, "tmp"), exist_ok=True)
    box = mailbox.Maildir(path, factory=None, create=True)
    for key in sorted(box.iterkeys()):
        msg = box.get_message(key)
        if "S" in msg.get_flags():
            continue
        with box.get_file(key) as handle:
            raw = handle.read()
        report.outcomes.append(mail_receive(raw=raw, now=now, source_name=f"maildir:{key}"))
        msg.set_subdir("cur")
        msg.add_flag("S")
        box[key] = msg
    return report
