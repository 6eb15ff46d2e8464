"""Actions on several tickets of the queue at once: assign, apply a macro,
resolve, merge. Each ticket goes through the same service as the single
action on its page (its own transaction, lock, checks and audit events), so
a bulk action can do nothing a single one could not; a ticket the service
refuses is reported with the reason and the others go on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from csba.errors import DomainError

from ..selectors import macro_for_ticket
from .holding import ticket_assign
from .replies import AfterReply, ticket_reply
from .resolution import ticket_merge, ticket_resolve

MAX_BULK = 100


class BulkAction:
    ASSIGN = "assign"
    MACRO = "macro"
    RESOLVE = "resolve"
    MERGE = "merge"
    ALL = (ASSIGN, MACRO, RESOLVE, MERGE)


@dataclass
class BulkResult:
    action: str
    done: list[int] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    target: int | None = None  # merge: the ticket that stays


def tickets_bulk(
    *,
    action: str,
    ticket_ids: list[int],
    agent,
    now: datetime,
    assignee=None,
    macro=None,
    resolution: str = "",
    into: int | None = None,
) -> BulkResult:
    """Apply ``action`` to each ticket (at most ``MAX_BULK``), one service call each.
    merge: every other ticket into ``into`` (by default the oldest of them)."""
    ids = list(dict.fromkeys(ticket_ids))
    if not ids or len(ids) > MAX_BULK or action not in BulkAction.ALL:
        raise DomainError(
            _("Choose between 1 and %(max)s tickets and an action.") % {"max": MAX_BULK},
            code="invalid_bulk",
            field_errors={"tickets": [_("Choose between 1 and %(max)s tickets.") % {"max": MAX_BULK}]},
        )
    result = BulkResult(action=action)
    if action == BulkAction.MERGE:
        result.target = into if into is not None else min(ids)
        ids = [i for i in ids if i != result.target]
        if not ids:
            raise DomainError(
                _("Choose the tickets to merge into %(ref)s.") % {"ref": f"CSBA-{result.target}"},
                code="invalid_bulk",
                field_errors={"tickets": [_("Choose at least two tickets.")]},
            )
    for ticket_id in ids:
        try:
            _apply(
                action,
                ticket_id,
                agent=agent,
                now=now,
                assignee=assignee,
                macro=macro,
                resolution=resolution,
                into=result.target,
            )
        except DomainError as error:
            result.refused.append((ticket_id, error.message))
        else:
            result.done.append(ticket_id)
    return result


def _apply(action: str, ticket_id: int, *, agent, now, assignee, macro, resolution, into) -> None:
    if action == BulkAction.ASSIGN:
        ticket_assign(ticket_id=ticket_id, agent=agent, assignee=assignee, now=now)
    elif action == BulkAction.MACRO:
        language, body = macro_for_ticket(macro=macro, ticket_id=ticket_id)
        if language != macro.language:
            raise DomainError(
                _("The macro is in %(macro)s, the ticket in %(ticket)s.")
                % {"macro": macro.language, "ticket": language},
                code="macro_language",
            )
        ticket_reply(ticket_id=ticket_id, agent=agent, body=body, now=now, after=AfterReply.WAIT_FOR_BUYER)
    elif action == BulkAction.RESOLVE:
        ticket_resolve(ticket_id=ticket_id, agent=agent, resolution=resolution, now=now)
    else:
        ticket_merge(ticket_id=ticket_id, into=into, agent=agent, now=now)
