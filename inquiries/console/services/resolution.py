"""What an agent decides on a ticket: refunds, returns and replacements under
the return policy, resolution, reopening, merging (escalation to the seller is
in ``escalation.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from csba.db import locked
from csba.dispatch import Task, enqueue_on_commit
from csba.errors import DomainError
from csba.prepared import Param, PreparedRead

from ... import events
from ...models import ActorKind, Case, Resolution, Ticket
from ...reasons import Route
from ...states import CASE_OPEN, TICKET_FINAL, TicketStatus
from .holding import agent_transition, refuse_held_by_other, ticket_held, ticket_read

# What an agent may choose when resolving (the others are set by the system).
AGENT_RESOLUTIONS = (
    Resolution.ANSWERED,
    Resolution.REFUNDED,
    Resolution.PARTIALLY_REFUNDED,
    Resolution.RETURN_AUTHORIZED,
    Resolution.REPLACED,
    Resolution.CANCELLED,
    Resolution.SELLER_RESOLVED,
    Resolution.NO_ACTION,
)


@transaction.atomic
def ticket_refund(
    *,
    ticket_id: int,
    agent,
    now: datetime,
    order_item_id: int | None = None,
    amount: Decimal | None = None,
    reason: str = "",
    expected_refunded: Decimal | None = None,
):
    """A full (``amount`` None) or partial refund on an item of the ticket's
    order. ``expected_refunded``: what the agent saw refunded when it
    confirmed (``ticket_refund_preview``); a change since refuses the refund."""
    from ...services.remedies import refund_issue

    ticket = ticket_held(ticket_id, agent, now)
    return refund_issue(
        ticket=ticket,
        now=now,
        order_item_id=order_item_id,
        amount=amount,
        reason=reason,
        actor=agent,
        expected_refunded=expected_refunded,
    )


def ticket_refund_preview(*, ticket_id: int, agent, now: datetime, order_item_id: int | None, amount: Decimal | None):
    """What ``ticket_refund`` would refund, checked by the same rule, for the
    agent to confirm: nothing is written and nothing locked. Refused like the
    refund itself (another agent holds the ticket, the amount is too high)."""
    from ...services.remedies import refund_preview

    ticket = ticket_read(ticket_id)
    if ticket.assigned_to_id not in (None, agent.pk):
        refuse_held_by_other(ticket)
    if ticket.status in TICKET_FINAL or ticket.status == TicketStatus.RESOLVED:
        raise DomainError(
            _("%(ref)s is closed: nothing can be refunded on it.") % {"ref": ticket.reference},
            code="ticket_closed",
            field_errors={"non_field_errors": [_("The ticket is closed.")]},
        )
    return refund_preview(ticket=ticket, order_item_id=order_item_id, amount=amount)


@transaction.atomic
def ticket_authorize_return(
    *,
    ticket_id: int,
    agent,
    now: datetime,
    order_item_id: int | None = None,
    quantity: int = 1,
    reason: str = "",
):
    """A return authorization (RMA) with a prepaid label where the applicable
    policy gives one; refused outside the policy's return window."""
    from ...services.remedies import return_authorize

    ticket = ticket_held(ticket_id, agent, now)
    return return_authorize(
        ticket=ticket, now=now, order_item_id=order_item_id, quantity=quantity, reason=reason, actor=agent
    )


@transaction.atomic
def ticket_send_replacement(
    *, ticket_id: int, agent, now: datetime, order_item_id: int | None = None, reason: str = ""
):
    """A replacement of an item, within the applicable return window."""
    from ...services.remedies import replacement_send

    ticket = ticket_held(ticket_id, agent, now)
    return replacement_send(ticket=ticket, now=now, order_item_id=order_item_id, reason=reason, actor=agent)


# --- resolution, reopening, merging ---------------------------------------------------------------------------


# Whether the ticket being resolved has a case still open: compiled once (csba.prepared).
OPEN_CASE_READ = PreparedRead(
    lambda ticket_id: Case.objects.filter(ticket_id=ticket_id, status__in=CASE_OPEN).only("pk").order_by()[:1],
    ticket_id=Param.INT,
)


def ticket_resolve_held(ticket: Ticket, *, agent, resolution: str, now: datetime, note: str) -> None:
    if resolution not in Resolution.values:
        raise DomainError(
            _("Unknown resolution code."),
            code="invalid_resolution",
            field_errors={"resolution": [_("Choose a resolution.")]},
        )
    has_open_case = bool(OPEN_CASE_READ(ticket_id=ticket.pk))
    ticket.resolved_at = now
    ticket.resolution = resolution
    agent_transition(
        ticket,
        TicketStatus.RESOLVED,
        now=now,
        agent=agent,
        data={"resolution": resolution, **({"note": note[:500]} if note else {})},
        extra_fields=("resolved_at", "resolution"),
    )
    if has_open_case:
        from ...caselog.services.cases import case_close_for_ticket

        case_close_for_ticket(ticket_id=ticket.pk, now=now, actor=agent)
    _csat_invite_on_commit(ticket.pk)


def _csat_invite_on_commit(ticket_id: int) -> None:
    """Invite the buyer to the CSAT survey after commit (the email leaves the agent's request)."""
    enqueue_on_commit(Task.CSAT_INVITE, ticket_id)


@transaction.atomic
def ticket_resolve(*, ticket_id: int, agent, resolution: str, now: datetime, note: str = "") -> Ticket:
    """Resolve with a resolution code. Closes the ticket's case when the
    seller has answered it (``cases.case_close_for_ticket``) and invites the
    buyer to the CSAT survey after commit (``billing.services.csat_invite``
    where it exists)."""
    ticket = ticket_held(ticket_id, agent, now)
    ticket_resolve_held(ticket, agent=agent, resolution=resolution, now=now, note=note)
    return ticket


@transaction.atomic
def ticket_reopen(*, ticket_id: int, agent, now: datetime, reason: str = "") -> Ticket:
    """Reopen a resolved ticket; the reopening agent holds it."""
    ticket = ticket_held(ticket_id, agent, now, allow_resolved=True)
    if ticket.status != TicketStatus.RESOLVED:
        raise DomainError(
            _("Only a resolved ticket can be reopened."),
            code="not_resolved",
            field_errors={"non_field_errors": [_("The ticket is not resolved.")]},
        )
    previous = ticket.resolution
    ticket.resolved_at = None
    ticket.resolution = ""
    agent_transition(
        ticket,
        TicketStatus.OPEN,
        now=now,
        agent=agent,
        data={"why": reason[:500] or "Reopened by the agent.", "previous_resolution": previous},
        extra_fields=("resolved_at", "resolution"),
    )
    return ticket


def _parse_reference(value) -> int | None:
    text = str(value or "").strip().upper().removeprefix("CSBA-").removeprefix("#")
    return int(text) if text.isdigit() else None


@dataclass(frozen=True)
class MergeResult:
    duplicate: Ticket
    target: Ticket


@transaction.atomic
def ticket_merge(*, ticket_id: int, into, agent, now: datetime) -> MergeResult:
    """Merge the duplicate ``ticket_id`` into ``into`` (an id or a
    ``CSBA-<id>`` reference): the duplicate is closed as merged (resolution
    duplicate) and its messages show in the target's thread. Both must be
    CSBA tickets of the same marketplace and buyer; both rows are locked in
    id order."""
    target_id = _parse_reference(into)
    if target_id is None:
        raise DomainError(
            _("Give the ticket to merge into, for example CSBA-123."),
            code="invalid_target",
            field_errors={"into": [_("A ticket reference such as CSBA-123.")]},
        )
    if target_id == ticket_id:
        raise DomainError(
            _("A ticket cannot be merged into itself."),
            code="merge_into_self",
            field_errors={"into": [_("Choose another ticket.")]},
        )
    first, second = sorted([ticket_id, target_id])
    locked(Ticket.objects.filter(pk=first))
    locked(Ticket.objects.filter(pk=second))
    target = Ticket.objects.filter(pk=target_id).first()
    if target is None:
        raise DomainError(
            _("There is no ticket %(id)s.") % {"id": f"CSBA-{target_id}"},
            code="unknown_ticket",
            field_errors={"into": [_("Unknown ticket.")]},
        )
    duplicate = ticket_held(ticket_id, agent, now)
    if target.status in TICKET_FINAL or target.route != Route.CSBA:
        raise DomainError(
            _("%(ref)s is closed; merge into the ticket that is still being worked.") % {"ref": target.reference},
            code="target_closed",
            field_errors={"into": [_("Closed ticket.")]},
        )
    if target.marketplace_id != duplicate.marketplace_id or (
        target.buyer_id and duplicate.buyer_id and target.buyer_id != duplicate.buyer_id
    ):
        raise DomainError(
            _("Only tickets of the same buyer in the same marketplace can be merged."),
            code="merge_other_buyer",
            field_errors={"into": [_("Another buyer's ticket.")]},
        )
    duplicate.merged_into = target
    duplicate.resolution = Resolution.DUPLICATE
    duplicate.resolved_at = now
    agent_transition(
        duplicate,
        TicketStatus.MERGED,
        now=now,
        agent=agent,
        data={"into": target.pk},
        extra_fields=("merged_into", "resolution", "resolved_at"),
    )
    events.record(
        ticket_id=target.pk,
        kind=events.EventKind.MERGED,
        now=now,
        actor=agent,
        actor_kind=ActorKind.AGENT,
        data={"from": duplicate.pk},
    )
    events.record(
        ticket_id=duplicate.pk,
        kind=events.EventKind.MERGED,
        now=now,
        actor=agent,
        actor_kind=ActorKind.AGENT,
        data={"into": target.pk},
    )
    return MergeResult(duplicate=duplicate, target=target)
