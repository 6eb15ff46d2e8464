"""Every write of the case log, one module per subject: ``cases`` (open,
seller reply, close), ``sweep`` (the overdue sweep and reminders), ``safet``
(reimbursement claims), ``notices`` (the emails to sellers), ``templates``
(the seller's reply templates)."""

from .cases import (
    MAX_ATTACHMENTS,
    MAX_QUESTION_CHARS,
    MAX_REPLY_CHARS,
    SELLER_REPLIED_PRIORITY,
    Notice,
    case_close_for_ticket,
    case_open,
    case_seller_reply,
)
from .notices import case_notify, safet_claim_notify
from .safet import safet_claim_decide, safet_claim_file
from .sweep import case_auto_resolve, case_overdue_backlog, case_remind_due, case_sweep_overdue, reminder_lead
from .templates import MAX_TEMPLATES, reply_template_delete, reply_template_save

__all__ = [
    "MAX_ATTACHMENTS",
    "MAX_QUESTION_CHARS",
    "MAX_REPLY_CHARS",
    "MAX_TEMPLATES",
    "SELLER_REPLIED_PRIORITY",
    "Notice",
    "case_auto_resolve",
    "case_close_for_ticket",
    "case_notify",
    "case_open",
    "case_overdue_backlog",
    "case_remind_due",
    "case_seller_reply",
    "case_sweep_overdue",
    "reminder_lead",
    "reply_template_delete",
    "reply_template_save",
    "safet_claim_decide",
    "safet_claim_file",
    "safet_claim_notify",
]
