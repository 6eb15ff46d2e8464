"""What an agent does to a ticket, one module per subject: ``holding``
(claim, take over, release), ``replies`` (replies, notes, suggestions set
aside), ``escalation`` (the case to the seller with its holding reply),
``resolution`` (refund, return, replacement, resolution, reopening,
merging), ``reclassify`` (an agent corrects the contact reason),
``suggestions`` (the suggested answer computed after intake), ``macros``,
``commitment`` (the first-reply commitment flags) and ``identity`` (verifying
the buyer of a contact that named someone's order)."""

from .bulk import MAX_BULK, BulkAction, BulkResult, tickets_bulk
from .escalation import ticket_escalate
from .holding import holder_name, ticket_assign, ticket_claim, ticket_release, ticket_take_over
from .identity import ticket_buyer_verify
from .macros import DEFAULT_MACROS, macro_seed_defaults
from .reclassify import ticket_reason_correct
from .replies import AfterReply, ticket_note, ticket_reply, ticket_suggestion_discard
from .resolution import (
    AGENT_RESOLUTIONS,
    MergeResult,
    ticket_authorize_return,
    ticket_merge,
    ticket_refund,
    ticket_refund_preview,
    ticket_reopen,
    ticket_resolve,
    ticket_send_replacement,
)
from .suggestions import suggestion_for, ticket_suggest

__all__ = [
    "MAX_BULK",
    "BulkAction",
    "BulkResult",
    "ticket_assign",
    "tickets_bulk",
    "AGENT_RESOLUTIONS",
    "DEFAULT_MACROS",
    "AfterReply",
    "MergeResult",
    "holder_name",
    "macro_seed_defaults",
    "suggestion_for",
    "ticket_authorize_return",
    "ticket_buyer_verify",
    "ticket_claim",
    "ticket_escalate",
    "ticket_merge",
    "ticket_note",
    "ticket_reason_correct",
    "ticket_refund",
    "ticket_refund_preview",
    "ticket_release",
    "ticket_reopen",
    "ticket_reply",
    "ticket_resolve",
    "ticket_send_replacement",
    "ticket_suggest",
    "ticket_suggestion_discard",
    "ticket_take_over",
]
