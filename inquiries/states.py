"""Ticket and case states, their allowed transitions, and the check every
state change goes through (``inquiries.transitions``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PENDING_BUYER = "pending_buyer", _("Waiting for buyer")
    AWAITING_SELLER = "awaiting_seller", _("Awaiting seller")
    SELLER_REPLIED = "seller_replied", _("Seller replied")
    RESOLVED = "resolved", _("Resolved")
    TRANSFERRED = "transferred", _("Routed away from CSBA")
    MERGED = "merged", _("Merged")


class CaseStatus(models.TextChoices):
    AWAITING_SELLER = "awaiting_seller", _("Awaiting seller")
    SELLER_REPLIED = "seller_replied", _("Seller replied")
    RESOLVED = "resolved", _("Resolved")
    AUTO_RESOLVED = "auto_resolved", _("Resolved by CSBA")
    CANCELLED = "cancelled", _("Cancelled")


# Where a ticket may enter the table (intake) and where it may go from each state.
TICKET_INITIAL = frozenset({TicketStatus.OPEN, TicketStatus.TRANSFERRED})
TICKET_TRANSITIONS: dict[str, frozenset[str]] = {
    TicketStatus.OPEN: frozenset(
        {
            TicketStatus.PENDING_BUYER,
            TicketStatus.AWAITING_SELLER,
            TicketStatus.RESOLVED,
            TicketStatus.TRANSFERRED,
            TicketStatus.MERGED,
        }
    ),
    TicketStatus.PENDING_BUYER: frozenset(
        {TicketStatus.OPEN, TicketStatus.AWAITING_SELLER, TicketStatus.RESOLVED, TicketStatus.MERGED}
    ),
    TicketStatus.AWAITING_SELLER: frozenset({TicketStatus.SELLER_REPLIED, TicketStatus.RESOLVED}),
    TicketStatus.SELLER_REPLIED: frozenset(
        {TicketStatus.PENDING_BUYER, TicketStatus.AWAITING_SELLER, TicketStatus.RESOLVED, TicketStatus.MERGED}
    ),
    TicketStatus.RESOLVED: frozenset({TicketStatus.OPEN}),
    TicketStatus.TRANSFERRED: frozenset(),
    TicketStatus.MERGED: frozenset(),
}

# Status groups: the one place that names a set of statuses. Tuples, in the
# order the queue lists them (it reads one status at a time, in this order).

# States an agent works in the queue (not waiting on someone else, not closed).
TICKET_ACTIONABLE = (TicketStatus.OPEN, TicketStatus.SELLER_REPLIED)
# Still being worked: by an agent, or waiting on the buyer or the seller.
TICKET_IN_PROGRESS = (
    TicketStatus.OPEN,
    TicketStatus.PENDING_BUYER,
    TicketStatus.AWAITING_SELLER,
    TicketStatus.SELLER_REPLIED,
)
TICKET_CLOSED = (TicketStatus.RESOLVED, TicketStatus.TRANSFERRED, TicketStatus.MERGED)
# Nobody acts on the ticket any more (only notes are taken); a resolved one can be reopened.
TICKET_FINAL = (TicketStatus.TRANSFERRED, TicketStatus.MERGED)
# An agent may ask the seller (open a case, or follow up on a replied one).
TICKET_ESCALATABLE = (TicketStatus.OPEN, TicketStatus.PENDING_BUYER, TicketStatus.SELLER_REPLIED)
# A buyer writing again brings these back to the queue.
TICKET_REOPENED_BY_BUYER = (TicketStatus.PENDING_BUYER, TicketStatus.RESOLVED)
# The statuses an agent can pick in the queue (transferred tickets never show there).
TICKET_QUEUE_CHOICES = (*TICKET_IN_PROGRESS, TicketStatus.RESOLVED, TicketStatus.MERGED)
# Closed tickets pile up for ever: the queue shows those of the last days only.
TICKET_QUEUE_CLOSED = (TicketStatus.RESOLVED, TicketStatus.MERGED)
# Tickets the buyer commitment (first reply within two days) is judged on:
# CSBA works or worked them (not routed away, not merged into another).
TICKET_COMMITTED = (*TICKET_IN_PROGRESS, TicketStatus.RESOLVED)

# A case the seller still has to answer, or has answered and the agent not yet closed.
CASE_OPEN = (CaseStatus.AWAITING_SELLER, CaseStatus.SELLER_REPLIED)
CASE_ANSWERED = (CaseStatus.SELLER_REPLIED, CaseStatus.RESOLVED)
# A seller's reply to a closed case is kept as a late note and changes nothing.
CASE_CLOSED = (CaseStatus.RESOLVED, CaseStatus.AUTO_RESOLVED, CaseStatus.CANCELLED)
# Closed because the agent resolved the ticket (shown in the seller's case history).
CASE_CLOSED_BY_AGENT = (CaseStatus.RESOLVED, CaseStatus.CANCELLED)

CASE_INITIAL = frozenset({CaseStatus.AWAITING_SELLER})
CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.AWAITING_SELLER: frozenset({CaseStatus.SELLER_REPLIED, CaseStatus.AUTO_RESOLVED, CaseStatus.CANCELLED}),
    CaseStatus.SELLER_REPLIED: frozenset({CaseStatus.RESOLVED, CaseStatus.AWAITING_SELLER}),
    CaseStatus.RESOLVED: frozenset(),
    CaseStatus.AUTO_RESOLVED: frozenset(),
    CaseStatus.CANCELLED: frozenset(),
}


class InvalidTransition(Exception):
    def __init__(self, kind: str, current: str, target: str):
        super().__init__(f"A {kind} cannot go from {current!r} to {target!r}.")
        self.kind = kind
        self.current = current
        self.target = target


def check_ticket_transition(current: str | None, target: str) -> None:
    allowed = TICKET_INITIAL if current is None else TICKET_TRANSITIONS.get(current, frozenset())
    if target not in allowed:
        raise InvalidTransition("ticket", str(current), target)


def check_case_transition(current: str | None, target: str) -> None:
    allowed = CASE_INITIAL if current is None else CASE_TRANSITIONS.get(current, frozenset())
    if target not in allowed:
        raise InvalidTransition("case", str(current), target)
