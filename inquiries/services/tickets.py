"""What an agent does to a ticket in the console and the agent API: claim,
take over, release, reply, note, act under the return policy, escalate,
resolve, reopen, merge, and the bookkeeping of suggested answers.

Every service locks the ticket row (``csba.db.locked``) for its transaction.
The agent must hold the ticket to act on it: an unclaimed ticket is claimed on
the way (a ``claimed`` event), a ticket another agent holds is refused with
``DomainError(code="claimed_by_other")`` until it is taken over explicitly
(``ticket_take_over``, a ``taken_over`` event naming the previous holder).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from csba.db import locked
from csba.errors import DomainError

from .. import events
from ..models import ActorKind, Case, Message, Resolution, Ticket
from ..reasons import Route
from ..states import CaseStatus, InvalidTransition, TicketStatus
from .transitions import ticket_transition

# Event kinds of the console that events.EventKind does not name (the audit
# vocabulary is open: kinds are plain strings).
SUGGESTION_DISCARDED = "suggestion_discarded"

# Statuses in which nobody acts on the ticket any more (only notes are taken).
FINAL = frozenset({TicketStatus.TRANSFERRED, TicketStatus.MERGED})

# What an agent may choose when resolving (the others are set by the system).
AGENT_RESOLUTIONS = (
    Resolution.ANSWERED, Resolution.REFUNDED, Resolution.PARTIALLY_REFUNDED, Resolution.RETURN_AUTHORIZED,
    Resolution.REPLACED, Resolution.CANCELLED, Resolution.SELLER_RESOLVED, Resolution.NO_ACTION,
)


class AfterReply:
    """What happens to the ticket's status once a reply is sent."""

    WAIT_FOR_BUYER = "wait"
    RESOLVE = "resolve"
    KEEP = "keep"
    ALL = (WAIT_FOR_BUYER, RESOLVE, KEEP)


def holder_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _lock(ticket_id: int) -> Ticket:
    ticket = locked(Ticket.objects.filter(pk=ticket_id).select_related("assigned_to"))
    if ticket is None:
        raise DomainError(_("There is no ticket %(id)s.") % {"id": ticket_id}, code="unknown_ticket",
                          field_errors={"ticket": [_("Unknown ticket.")]})
    return ticket


def _claim(ticket: Ticket, agent, now: datetime, *, implicit: bool) -> None:
    ticket.assigned_to = agent
    ticket.claimed_at = now
    ticket.save(update_fields=["assigned_to", "claimed_at"])
    events.record(ticket_id=ticket.pk, kind=events.EventKind.CLAIMED, now=now, actor=agent, actor_kind=ActorKind.AGENT,
                  data={"implicit": implicit} if implicit else {})


def _refuse_held_by_other(ticket: Ticket) -> None:
    raise DomainError(
        _("%(ref)s is held by %(agent)s. Take it over to act on it.")
        % {"ref": ticket.reference, "agent": holder_name(ticket.assigned_to)},
        code="claimed_by_other", field_errors={"non_field_errors": [_("Held by another agent.")]},
    )


def _refuse_final(ticket: Ticket) -> None:
    raise DomainError(
        _("%(ref)s is %(status)s: nothing more can be done on it.")
        % {"ref": ticket.reference, "status": _(TicketStatus(ticket.status).label).lower()},
        code="ticket_closed", field_errors={"non_field_errors": [_("The ticket is closed.")]},
    )


def _held(ticket_id: int, agent, now: datetime, *, allow_resolved: bool = False) -> Ticket:
    """Lock the ticket and make sure ``agent`` holds it (claiming it if nobody does)."""
    ticket = _lock(ticket_id)
    if ticket.status in FINAL:
        _refuse_final(ticket)
    if ticket.status == TicketStatus.RESOLVED and not allow_resolved:
        raise DomainError(
            _("%(ref)s is resolved. Reopen it first.") % {"ref": ticket.reference}, code="ticket_resolved",
            field_errors={"non_field_errors": [_("The ticket is resolved.")]},
        )
    if ticket.assigned_to_id is None:
        _claim(ticket, agent, now, implicit=True)
    elif ticket.assigned_to_id != agent.pk:
        _refuse_held_by_other(ticket)
    return ticket


def _transition(ticket: Ticket, target: str, *, now: datetime, agent, data=None, extra_fields=()) -> None:
    try:
        ticket_transition(ticket, target, now=now, actor=agent, actor_kind=ActorKind.AGENT, data=data,
                          extra_fields=extra_fields)
    except InvalidTransition as error:
        raise DomainError(
            _("A ticket that is %(current)s cannot become %(target)s.")
            % {"current": _(TicketStatus(error.current).label).lower(), "target": _(TicketStatus(error.target).label).lower()},
            code="invalid_transition", field_errors={"non_field_errors": [_("Not possible in this status.")]},
        ) from error


# --- claim and collision --------------------------------------------------------------------------------------


@transaction.atomic
def ticket_claim(*, ticket_id: int, agent, now: datetime) -> Ticket:
    """Claim a ticket for ``agent``. Of two simultaneous claims exactly one
    wins: the row lock serialises them and the second sees the first's claim
    (``claimed_by_other``). Claiming a ticket one already holds does nothing."""
    ticket = _lock(ticket_id)
    if ticket.status in FINAL or ticket.status == TicketStatus.RESOLVED:
        raise DomainError(
            _("%(ref)s is closed and cannot be claimed.") % {"ref": ticket.reference}, code="ticket_closed",
            field_errors={"non_field_errors": [_("The ticket is closed.")]},
        )
    if ticket.route != Route.CSBA:
        _refuse_final(ticket)
    if ticket.assigned_to_id == agent.pk:
        return ticket
    if ticket.assigned_to_id is not None:
        _refuse_held_by_other(ticket)
    _claim(ticket, agent, now, implicit=False)
    return ticket


@transaction.atomic
def ticket_take_over(*, ticket_id: int, agent, now: datetime, reason: str = "") -> Ticket:
    """Take a ticket over from whoever holds it, with a ``taken_over`` audit
    event naming the previous holder (and ``reason``). On an unclaimed ticket
    this is a plain claim."""
    ticket = _lock(ticket_id)
    if ticket.status in FINAL:
        _refuse_final(ticket)
    previous = ticket.assigned_to
    if previous is None:
        _claim(ticket, agent, now, implicit=False)
        return ticket
    if previous.pk == agent.pk:
        return ticket
    ticket.assigned_to = agent
    ticket.claimed_at = now
    ticket.save(update_fields=["assigned_to", "claimed_at"])
    events.record(ticket_id=ticket.pk, kind=events.EventKind.TAKEN_OVER, now=now, actor=agent, actor_kind=ActorKind.AGENT,
                  data={"from_user_id": previous.pk, "from": holder_name(previous), "reason": reason[:500]})
    return ticket


@transaction.atomic
def ticket_release(*, ticket_id: int, agent, now: datetime) -> Ticket:
    """Give a held ticket back to the queue. Only its holder can release it."""
    ticket = _lock(ticket_id)
    if ticket.assigned_to_id is None:
        return ticket
    if ticket.assigned_to_id != agent.pk:
        _refuse_held_by_other(ticket)
    ticket.assigned_to = None
    ticket.claimed_at = None
    ticket.save(update_fields=["assigned_to", "claimed_at"])
    events.record(ticket_id=ticket.pk, kind=events.EventKind.RELEASED, now=now, actor=agent, actor_kind=ActorKind.AGENT)
    return ticket


# --- messages and suggestions ---------------------------------------------------------------------------------


def _one_line_ending(text: str) -> str:
    """Browsers send textarea lines ending in CRLF; messages keep LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _normalised(text: str) -> str:
    return " ".join((text or "").split())


@transaction.atomic
def ticket_reply(
    *, ticket_id: int, agent, body: str, now: datetime, after: str = AfterReply.WAIT_FOR_BUYER,
    from_suggestion: bool = False, resolution: str = Resolution.ANSWERED,
) -> Message:
    """Send ``body`` to the buyer by the ticket's channel (email after commit).
    ``after``: wait for the buyer (the ticket leaves the queue until the buyer
    writes), resolve it, or keep its status. ``from_suggestion``: the reply
    started from the suggested answer; a ``suggestion_accepted`` event records
    whether the agent edited it."""
    from .messaging import ticket_send_to_buyer

    if not (body or "").strip():
        raise DomainError(_("The reply is empty."), code="empty_reply", field_errors={"body": [_("Write a reply.")]})
    if after not in AfterReply.ALL:
        raise DomainError(_("Unknown choice after the reply."), code="invalid_after",
                          field_errors={"after": [_("Choose what happens next.")]})
    body = _one_line_ending(body)
    ticket = _held(ticket_id, agent, now)
    suggestion = ticket.suggestion or None
    data: dict[str, Any] = {}
    if from_suggestion and suggestion and suggestion.get("reply"):
        is_edited = _normalised(body) != _normalised(suggestion["reply"])
        data["suggestion"] = "edited" if is_edited else "accepted"
    message = ticket_send_to_buyer(ticket=ticket, body=body, now=now, author=agent, data=data)
    if "suggestion" in data:
        events.record(ticket_id=ticket.pk, kind=events.EventKind.SUGGESTION_ACCEPTED, now=now, actor=agent,
                      actor_kind=ActorKind.AGENT,
                      data={"edited": data["suggestion"] == "edited", "message_id": message.pk,
                            "decision": suggestion.get("decision", "")})
        ticket.suggestion = {**suggestion, "status": data["suggestion"], "status_at": now.isoformat()}
        ticket.save(update_fields=["suggestion"])
    if after == AfterReply.RESOLVE:
        _resolve(ticket, agent=agent, resolution=resolution, now=now, note="")
    elif after == AfterReply.WAIT_FOR_BUYER and ticket.status in (TicketStatus.OPEN, TicketStatus.SELLER_REPLIED):
        _transition(ticket, TicketStatus.PENDING_BUYER, now=now, agent=agent, data={"why": "Replied to the buyer."})
    return message


@transaction.atomic
def ticket_note(*, ticket_id: int, agent, body: str, now: datetime) -> Message:
    """An internal note (never shown to the buyer). Any agent may add one,
    whoever holds the ticket and whatever its status."""
    from .messaging import ticket_add_note

    if not (body or "").strip():
        raise DomainError(_("The note is empty."), code="empty_note", field_errors={"body": [_("Write a note.")]})
    ticket = _lock(ticket_id)
    return ticket_add_note(ticket=ticket, body=_one_line_ending(body), now=now, author=agent)


@transaction.atomic
def ticket_suggestion_discard(*, ticket_id: int, agent, now: datetime, reason: str = "") -> Ticket:
    """Set the suggested answer aside (it stays on the ticket, marked discarded)."""
    ticket = _held(ticket_id, agent, now)
    if not ticket.suggestion:
        raise DomainError(_("This ticket has no suggested answer."), code="no_suggestion")
    ticket.suggestion = {**ticket.suggestion, "status": "discarded", "status_at": now.isoformat()}
    ticket.save(update_fields=["suggestion"])
    events.record(ticket_id=ticket.pk, kind=SUGGESTION_DISCARDED, now=now, actor=agent, actor_kind=ActorKind.AGENT,
                  data={"reason": reason[:300], "decision": ticket.suggestion.get("decision", "")})
    return ticket


# --- actions under the return policy --------------------------------------------------------------------------


@transaction.atomic
def ticket_refund(
    *, ticket_id: int, agent, now: datetime, order_item_id: int | None = None, amount: Decimal | None = None,
    reason: str = "",
):
    """A full (``amount`` None) or partial refund on an item of the ticket's order."""
    from .actions import refund_issue

    ticket = _held(ticket_id, agent, now)
    return refund_issue(ticket=ticket, now=now, order_item_id=order_item_id, amount=amount, reason=reason, actor=agent)


@transaction.atomic
def ticket_authorize_return(
    *, ticket_id: int, agent, now: datetime, order_item_id: int | None = None, quantity: int = 1, reason: str = "",
):
    """A return authorization (RMA) with a prepaid label where the applicable
    policy gives one; refused outside the policy's return window."""
    from .actions import return_authorize

    ticket = _held(ticket_id, agent, now)
    return return_authorize(ticket=ticket, now=now, order_item_id=order_item_id, quantity=quantity, reason=reason,
                            actor=agent)


@transaction.atomic
def ticket_send_replacement(*, ticket_id: int, agent, now: datetime, order_item_id: int | None = None, reason: str = ""):
    """A replacement of an item, within the applicable return window."""
    from .actions import replacement_send

    ticket = _held(ticket_id, agent, now)
    return replacement_send(ticket=ticket, now=now, order_item_id=order_item_id, reason=reason, actor=agent)


# --- escalation, resolution, reopening, merging ---------------------------------------------------------------


@transaction.atomic
def ticket_escalate(*, ticket_id: int, agent, question: str, now: datetime) -> Case:
    """Ask the seller through the case log (``cases.case_open``, which sets
    the deadline, moves the ticket to awaiting the seller and notifies it)."""
    from .cases import case_open

    if not (question or "").strip():
        raise DomainError(_("Write the question for the seller."), code="empty_question",
                          field_errors={"question": [_("Write the question for the seller.")]})
    ticket = _held(ticket_id, agent, now)
    if ticket.seller_id is None:
        raise DomainError(_("This ticket has no seller to ask (no order)."), code="no_seller",
                          field_errors={"question": [_("Identify the order first.")]})
    return case_open(ticket_id=ticket.pk, question=question.strip(), now=now, actor=agent)


def _resolve(ticket: Ticket, *, agent, resolution: str, now: datetime, note: str) -> None:
    if resolution not in Resolution.values:
        raise DomainError(_("Unknown resolution code."), code="invalid_resolution",
                          field_errors={"resolution": [_("Choose a resolution.")]})
    has_open_case = Case.objects.filter(
        ticket_id=ticket.pk, status__in=[CaseStatus.AWAITING_SELLER, CaseStatus.SELLER_REPLIED]
    ).exists()
    ticket.resolved_at = now
    ticket.resolution = resolution
    _transition(ticket, TicketStatus.RESOLVED, now=now, agent=agent,
                data={"resolution": resolution, **({"note": note[:500]} if note else {})},
                extra_fields=("resolved_at", "resolution"))
    if has_open_case:
        from .cases import case_close_for_ticket

        case_close_for_ticket(ticket_id=ticket.pk, now=now, actor=agent)
    _csat_invite_on_commit(ticket.pk)


def _csat_invite_on_commit(ticket_id: int) -> None:
    """Invite the buyer to the CSAT survey after commit, through billing's task
    (the email leaves the agent's request)."""
    from billing.tasks import csat_invite_task

    transaction.on_commit(lambda: csat_invite_task.delay(ticket_id), robust=True)


@transaction.atomic
def ticket_resolve(*, ticket_id: int, agent, resolution: str, now: datetime, note: str = "") -> Ticket:
    """Resolve with a resolution code. Closes the ticket's case when the
    seller has answered it (``cases.case_close_for_ticket``) and invites the
    buyer to the CSAT survey after commit (``billing.services.csat_invite``
    where it exists)."""
    ticket = _held(ticket_id, agent, now)
    _resolve(ticket, agent=agent, resolution=resolution, now=now, note=note)
    return ticket


@transaction.atomic
def ticket_reopen(*, ticket_id: int, agent, now: datetime, reason: str = "") -> Ticket:
    """Reopen a resolved ticket; the reopening agent holds it."""
    ticket = _held(ticket_id, agent, now, allow_resolved=True)
    if ticket.status != TicketStatus.RESOLVED:
        raise DomainError(_("Only a resolved ticket can be reopened."), code="not_resolved",
                          field_errors={"non_field_errors": [_("The ticket is not resolved.")]})
    previous = ticket.resolution
    ticket.resolved_at = None
    ticket.resolution = ""
    _transition(ticket, TicketStatus.OPEN, now=now, agent=agent,
                data={"why": reason[:500] or "Reopened by the agent.", "previous_resolution": previous},
                extra_fields=("resolved_at", "resolution"))
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
        raise DomainError(_("Give the ticket to merge into, for example CSBA-123."), code="invalid_target",
                          field_errors={"into": [_("A ticket reference such as CSBA-123.")]})
    if target_id == ticket_id:
        raise DomainError(_("A ticket cannot be merged into itself."), code="merge_into_self",
                          field_errors={"into": [_("Choose another ticket.")]})
    first, second = sorted([ticket_id, target_id])
    locked(Ticket.objects.filter(pk=first))
    locked(Ticket.objects.filter(pk=second))
    target = Ticket.objects.filter(pk=target_id).first()
    if target is None:
        raise DomainError(_("There is no ticket %(id)s.") % {"id": f"CSBA-{target_id}"}, code="unknown_ticket",
                          field_errors={"into": [_("Unknown ticket.")]})
    duplicate = _held(ticket_id, agent, now)
    if target.status in FINAL or target.route != Route.CSBA:
        raise DomainError(_("%(ref)s is closed; merge into the ticket that is still being worked.")
                          % {"ref": target.reference}, code="target_closed", field_errors={"into": [_("Closed ticket.")]})
    if target.marketplace_id != duplicate.marketplace_id or (
        target.buyer_id and duplicate.buyer_id and target.buyer_id != duplicate.buyer_id
    ):
        raise DomainError(_("Only tickets of the same buyer in the same marketplace can be merged."),
                          code="merge_other_buyer", field_errors={"into": [_("Another buyer's ticket.")]})
    duplicate.merged_into = target
    duplicate.resolution = Resolution.DUPLICATE
    duplicate.resolved_at = now
    _transition(duplicate, TicketStatus.MERGED, now=now, agent=agent, data={"into": target.pk},
                extra_fields=("merged_into", "resolution", "resolved_at"))
    events.record(ticket_id=target.pk, kind=events.EventKind.MERGED, now=now, actor=agent, actor_kind=ActorKind.AGENT,
                  data={"from": duplicate.pk})
    events.record(ticket_id=duplicate.pk, kind=events.EventKind.MERGED, now=now, actor=agent, actor_kind=ActorKind.AGENT,
                  data={"into": target.pk})
    return MergeResult(duplicate=duplicate, target=target)


# --- macros ---------------------------------------------------------------------------------------------------

DEFAULT_MACROS = [
    ("Greeting and follow-up", "en", "",
     "Hello {buyer_name},\n\nThank you for contacting us about order {order_number}. \n\nKind regards,\nCustomer Service"),
    ("Tracking shared", "en", "where_is_my_order",
     "Hello {buyer_name},\n\nYour order {order_number} is on its way; you can follow it with the tracking link in "
     "your order details. Reference: {ticket_reference}.\n\nKind regards,\nCustomer Service"),
    ("Refund issued", "en", "refund",
     "Hello {buyer_name},\n\nWe have issued a refund for order {order_number}. It usually reaches your account within "
     "3–5 business days.\n\nKind regards,\nCustomer Service"),
    ("Begrüßung", "de", "",
     "Guten Tag {buyer_name},\n\nvielen Dank für Ihre Nachricht zur Bestellung {order_number}. \n\nMit freundlichen "
     "Grüßen\nIhr Kundenservice"),
    ("Erstattung veranlasst", "de", "refund",
     "Guten Tag {buyer_name},\n\nwir haben für die Bestellung {order_number} eine Erstattung veranlasst. Sie ist in der "
     "Regel innerhalb von 3–5 Werktagen auf Ihrem Konto.\n\nMit freundlichen Grüßen\nIhr Kundenservice"),
    ("ご挨拶", "ja", "",
     "{buyer_name} 様\n\nご注文 {order_number} についてお問い合わせいただきありがとうございます。\n\n今後ともよろしくお願いいたします。"),
    ("返金のお知らせ", "ja", "refund",
     "{buyer_name} 様\n\nご注文 {order_number} の返金手続きを行いました。通常 3～5 営業日で反映されます。\n\n"
     "今後ともよろしくお願いいたします。"),
]


def macro_seed_defaults() -> int:
    """Create the default macros that are missing (by name and language);
    for the demo and fresh installations. Returns how many were created."""
    from ..models import Macro

    created = 0
    for name, language, reason, body in DEFAULT_MACROS:
        _, is_new = Macro.objects.get_or_create(name=name, language=language, defaults={"reason": reason, "body": body})
        created += is_new
    return created
