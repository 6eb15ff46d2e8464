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
        {TicketStatus.PENDING_BUYER, TicketStatus.AWAITING_SELLER, TicketStatus.RESOLVED,
         TicketStatus.TRANSFERRED, TicketStatus.MERGED}
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

# States an agent works in the queue (not waiting on someone else, not closed).
TICKET_ACTIONABLE = frozenset({TicketStatus.OPEN, TicketStatus.SELLER_REPLIED})
TICKET_CLOSED = frozenset({TicketStatus.RESOLVED, TicketStatus.TRANSFERRED, TicketStatus.MERGED})

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
