"""Collision detection on the ticket page: the page's heartbeat says who else
views or types on the ticket (agents), whether the buyer is on its
conversation page or typing (chat), and whether the conversation moved on
since the page was drawn. The reply's own version check
(``ticket_reply(seen_message_id=…)``) is what keeps two answers from
crossing; this only warns early."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from csba import clock
from csba.roles import AGENTS, role_required
from sellers.selectors import agent_scope

from ...presence import BUYER, agent_key, presence_leave, presence_list, presence_touch
from .. import services
from ..selectors import conversation_version, ticket_holder_id, ticket_is_in_scope


def _line(presence, *, now, holder_id) -> str:
    if presence.who == BUYER:
        return _("The buyer is typing…") if presence.is_typing(now) else _("The buyer is on the conversation page.")
    if presence.is_typing(now):
        return _("%(name)s is typing a reply.") % {"name": presence.name}
    if holder_id is not None and presence.who == agent_key(holder_id):
        return _("%(name)s (who holds the ticket) is viewing it too.") % {"name": presence.name}
    return _("%(name)s is viewing this ticket too.") % {"name": presence.name}


@role_required(AGENTS)
@require_POST
def ticket_presence(request, pk: int):
    """The agent's heartbeat (``typing=1`` while it types a reply, ``leaving=1``
    when it leaves the page); answers who else is there and the conversation's version."""
    if not ticket_is_in_scope(ticket_id=pk, scope=agent_scope(request.user)):
        raise Http404("No such ticket.")
    now = clock.now()
    me = agent_key(request.user.pk)
    if request.POST.get("leaving") == "1":
        presence_leave(ticket_id=pk, who=me)
        return JsonResponse({"ok": True})
    presence_touch(
        ticket_id=pk,
        who=me,
        name=services.holder_name(request.user),
        is_typing=request.POST.get("typing") == "1",
        now=now,
    )
    holder_id = ticket_holder_id(ticket_id=pk)
    others = presence_list(ticket_id=pk, now=now, exclude=me)
    response = JsonResponse(
        {
            "others": [
                {
                    "who": p.who,
                    "name": p.name,
                    "typing": p.is_typing(now),
                    "text": _line(p, now=now, holder_id=holder_id),
                    "warn": p.who != BUYER,
                }
                for p in others
            ],
            "version": conversation_version(pk),
        }
    )
    response["Cache-Control"] = "no-store"
    return response
