"""Reading buyer email: raw RFC 5322 bytes to a ParsedEmail, or EmailRejected.

    parse_email(raw, *, max_attachment_bytes) -> ParsedEmail
    EmailRejected(reason_code, message)          reason codes: RejectReason
    iter_mail_files(path) -> (name, bytes)...    an .eml file, a folder of them, a Maildir

One module per subject: ``parser`` (MIME tree, limits), ``headers`` (sender,
recipients, message ids, machine-sent mail), ``charsets``
(bytes to text, RFC 2047), ``html`` (HTML mail to text), ``quotes`` (the new
text of a reply), ``forwards`` (the original of a forwarded message),
``mime`` (the walk of the MIME tree), ``files`` (mail on disk). See docs/email_intake.md.
"""

from .files import iter_mail_files, read_mail_file
from .forwards import ForwardedOriginal
from .parser import EmailRejected, ParsedAttachment, ParsedEmail, RejectedAttachment, RejectReason, parse_email

__all__ = [
    "EmailRejected",
    "ForwardedOriginal",
    "ParsedAttachment",
    "ParsedEmail",
    "RejectReason",
    "RejectedAttachment",
    "iter_mail_files",
    "read_mail_file",
    "parse_email",
]
