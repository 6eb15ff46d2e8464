"""The writes of intake, one module per path: ``receive`` (one contact),
``batch`` (many at once), ``mail`` (raw email, the Maildir poller) and
``notifications`` (the seller told of a message routed to it)."""

from ..contacts import CLAIM_A_TO_Z, MAX_BODY_CHARS, Contact, IncomingAttachment, IntakeResult
from .batch import MAX_BATCH, BatchItem, contacts_receive_batch
from .mail import IngestReport, MailOutcome, mail_ingest_paths, mail_receive, maildir_ingest
from .notifications import ticket_notify_routed_away
from .receive import contact_receive

__all__ = [
    "CLAIM_A_TO_Z",
    "MAX_BATCH",
    "MAX_BODY_CHARS",
    "BatchItem",
    "Contact",
    "IncomingAttachment",
    "IngestReport",
    "IntakeResult",
    "MailOutcome",
    "contact_receive",
    "contacts_receive_batch",
    "mail_ingest_paths",
    "mail_receive",
    "maildir_ingest",
    "ticket_notify_routed_away",
]
