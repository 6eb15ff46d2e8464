"""The agent console (browser pages for the agents role): the queue, its
polled results fragment, the ticket page and one POST view per action.

Views read the clock once, parse a form, call a service and redirect; a
DomainError (or an invalid form) re-renders the ticket page with the errors
on the form that was sent (HTTP 400), never a 500.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from csba import clock
from csba.errors import DomainError
from csba.formatting import when
from csba.roles import AGENTS, role_required
from sellers.models import Marketplace
from sellers.selectors import agent_scope, marketplace_list_for

from ...models import Channel
from ...reasons import Reason
from ...states import TICKET_QUEUE_CLOSED, TicketStatus
from .. import forms as f
from .. import services
from ..selectors import (
    QueueFilters,
    agent_list,
    closed_window,
    macro_choice_list,
    queue_neighbour,
    queue_position,
    ticket_queue,
    tickets_in_scope,
)

SESSION_FILTERS = "agent_queue_filters"


def _marketplaces(request) -> list[Marketplace]:
    """The marketplaces the agent works (the filter offers only those)."""
    return marketplace_list_for(agent_scope(request.user))


def _query(filters: QueueFilters, **extra) -> str:
    params = {**filters.as_params(), **{k: v for k, v in extra.items() if v not in (None, "")}}
    return "?" + urlencode(params) if params else "?"


def duration_text(seconds: float) -> str:
    """A short duration in the UI language: "2 d 4 h", "3 h 20 min", "12 min"."""
    minutes = int(abs(seconds)) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)s min") % {"minutes": minutes}


def countdown(deadline, now) -> dict | None:
    """What the countdown of a deadline shows before the script takes over,
    with the deadline in the viewer's time zone."""
    if deadline is None:
        return None
    seconds = (deadline - now).total_seconds()
    shown = {"at": deadline, "iso": deadline.isoformat(), "title": when(deadline), "short": when(deadline, "short")}
    if seconds < 0:
        return {**shown, "text": _("%(time)s overdue") % {"time": duration_text(seconds)}, "state": "overdue"}
    state = "soon" if seconds < _due_soon_seconds() else "ok"
    return {**shown, "text": _("in %(time)s") % {"time": duration_text(seconds)}, "state": state}


def _due_soon_seconds() -> float:
    from ..selectors import due_soon_window

    return due_soon_window().total_seconds()


def script_texts() -> dict:
    """Strings the script needs (countdowns, polling, shortcuts), in the UI language."""
    return {
        "days": _("%(days)s d %(hours)s h"),
        "hours": _("%(hours)s h %(minutes)s min"),
        "minutes": _("%(minutes)s min"),
        "in": _("in %(time)s"),
        "overdue": _("%(time)s overdue"),
        "new_tickets": _("%(count)s new tickets in the queue."),
        "one_new_ticket": _("1 new ticket in the queue."),
        "selected": _("%(count)s selected"),
        "soon_ms": int(_due_soon_seconds() * 1000),
    }


def _labels() -> dict[str, dict[str, str]]:
    """Reason, channel and status labels in the UI language, once per request."""
    return {
        "reason": {r.value: _(r.label) for r in Reason},
        "channel": {c.value: _(c.label) for c in Channel},
        "status": {s.value: _(s.label) for s in TicketStatus},
    }


def _queue_rows(rows, *, user_id: int, now) -> list[dict]:
    """Everything a queue line shows, computed here: the template only prints
    (a page of fifty lines stays a few milliseconds of rendering)."""
    labels = _labels()
    url = reverse("agent:ticket", args=[0])[:-2] + "{}/"
    lines = []
    for row in rows:
        subject = row.subject if len(row.subject) <= 80 else row.subject[:79] + "…"
        lines.append(
            {
                "id": row.id,
                "reference": row.reference,
                "url": url.format(row.id),
                "subject": subject,
                "marketplace": row.marketplace,
                "language": row.language,
                "reason": labels["reason"].get(row.reason, row.reason),
                "channel": labels["channel"].get(row.channel, row.channel),
                "status": labels["status"].get(row.status, row.status),
                "priority": row.priority,
                "is_mine": row.assigned_to_id == user_id,
                "holder": row.assigned_to_username or "",
                "due": countdown(row.first_response_due_at, now) if row.first_responded_at is None else None,
                "case_due": countdown(row.case_deadline_at, now) if row.case_status == "awaiting_seller" else None,
                "case_status": row.case_status,
            }
        )
    return lines


def _filter_fields(form, filters: QueueFilters) -> list[dict]:
    """The filter selects as plain option lists (cheaper to render than widgets)."""
    fields = []
    for name in ("marketplace", "language", "reason", "channel", "status", "due", "assignee", "sort"):
        current = getattr(filters, name)
        fields.append(
            {
                "name": name,
                "id": f"id_{name}",
                "label": form.fields[name].label,
                "options": [(str(value), label, str(value) == current) for value, label in form.fields[name].choices],
            }
        )
    return fields


def _queue_context(request, *, fragment: bool):
    now = clock.now()
    marketplaces = _marketplaces(request)
    form = f.QueueFilterForm(request.GET, marketplaces=marketplaces)
    filters = form.filters()
    result = ticket_queue(
        filters=filters,
        agent_id=request.user.pk,
        now=now,
        page=form.page_number(),
        scope=agent_scope(request.user),
    )
    tabs = {
        "assignee": [
            {
                "label": label,
                "count": result.counts["assignee"][value],
                "url": _query(filters.but(assignee=value)),
                "is_current": filters.assignee == value,
            }
            for value, label in (("", _("Everyone")), ("mine", _("Mine")), ("unassigned", _("Unassigned")))
        ],
        "due": [
            {
                "label": label,
                "count": result.counts["due"][value],
                "url": _query(filters.but(due=value)),
                "is_current": filters.due == value,
            }
            for value, label in (("", _("Any time")), ("soon", _("Due soon")), ("overdue", _("Overdue")))
        ],
    }
    if not fragment and request.session.get(SESSION_FILTERS) != filters.as_params():
        request.session[SESSION_FILTERS] = filters.as_params()
    return {
        "filter_fields": [] if fragment else _filter_fields(form, filters),
        "queue": result,
        "rows": _queue_rows(result.rows, user_id=request.user.pk, now=now),
        "filters": filters,
        "tabs": tabs,
        "now": now,
        "now_iso": now.isoformat(),
        "closed_days": closed_window().days if filters.status in TICKET_QUEUE_CLOSED else None,
        "previous_url": _query(filters, page=result.page - 1) if result.has_previous else "",
        "next_url": _query(filters, page=result.page + 1) if result.has_next else "",
        "fragment_url": reverse("agent:queue_fragment")
        + _query(filters, page=result.page if result.page > 1 else None),
        "poll_seconds": getattr(settings, "AGENT_QUEUE_POLL_SECONDS", 10),
        "i18n": script_texts(),
    }


@role_required(AGENTS)
@require_GET
def queue(request):
    context = _queue_context(request, fragment=False)
    context["bulk_form"] = f.BulkForm(prefix="bulk", agents=agent_list(), macros=macro_choice_list())
    return render(request, "inquiries/agent/queue.html", context)


@role_required(AGENTS)
@require_POST
def queue_bulk(request):
    """The bulk bar: one action on the ticked tickets, each through its own
    service; what was done and what was refused (and why) come back as messages."""
    form = f.BulkForm(request.POST, prefix="bulk", agents=agent_list(), macros=macro_choice_list())
    back = reverse("agent:queue") + _query(_session_filters(request))
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect(back)
    data = form.cleaned_data
    # Only tickets of the agent's marketplaces (and a merge target among them): the others are "no such ticket".
    visible = tickets_in_scope(ticket_ids=[*data["tickets"], data["into"] or 0], scope=agent_scope(request.user))
    hidden = [pk for pk in data["tickets"] if pk not in visible]
    if data["into"] is not None and data["into"] not in visible:
        messages.error(request, _("There is no ticket %(id)s.") % {"id": f"CSBA-{data['into']}"})
        return redirect(back)
    for pk in hidden:
        messages.warning(
            request, _("Not done on %(ref)s: %(why)s") % {"ref": f"CSBA-{pk}", "why": _("No such ticket.")}
        )
    if len(hidden) == len(data["tickets"]):
        return redirect(back)
    try:
        result = services.tickets_bulk(
            action=data["action"],
            ticket_ids=[pk for pk in data["tickets"] if pk in visible],
            agent=request.user,
            now=clock.now(),
            assignee=data["assignee"],
            macro=data["macro"],
            resolution=data["resolution"],
            into=data["into"],
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(back)
    done = ", ".join(f"CSBA-{pk}" for pk in result.done)
    if result.done:
        messages.success(request, _bulk_done(result, done))
    for pk, why in result.refused:
        messages.warning(request, _("Not done on %(ref)s: %(why)s") % {"ref": f"CSBA-{pk}", "why": why})
    return redirect(back)


def _bulk_done(result, done: str) -> str:
    if result.action == "assign":
        return _("Assigned: %(tickets)s.") % {"tickets": done}
    if result.action == "macro":
        return _("Macro sent: %(tickets)s.") % {"tickets": done}
    if result.action == "resolve":
        return _("Resolved: %(tickets)s.") % {"tickets": done}
    return _("Merged into %(target)s: %(tickets)s.") % {"target": f"CSBA-{result.target}", "tickets": done}


@role_required(AGENTS)
@require_GET
def queue_fragment(request):
    """The queue's results (counts, rows, pages) alone: polled by the page."""
    response = render(request, "inquiries/agent/_queue_results.html", _queue_context(request, fragment=True))
    response["Cache-Control"] = "no-store"
    return response


def _session_filters(request) -> QueueFilters:
    stored = QueryDict(mutable=True)
    stored.update(request.session.get(SESSION_FILTERS) or {})
    return f.QueueFilterForm(stored, marketplaces=_marketplaces(request)).filters()


@role_required(AGENTS)
@require_GET
def next_ticket(request):
    """The next (``?direction=previous``: previous) ticket after ``?after=<id>``
    in the agent's last queue view that the agent may work."""
    now = clock.now()
    filters = _session_filters(request)
    after_id = request.GET.get("after", "")
    after = queue_position(ticket_id=int(after_id)) if after_id.isdigit() else None
    target = queue_neighbour(
        filters=filters,
        agent_id=request.user.pk,
        now=now,
        after=after,
        forward=after is None or request.GET.get("direction") != "previous",
        scope=agent_scope(request.user),
    )
    if target is None:
        messages.info(request, _("No more tickets in this view of the queue."))
        return redirect(reverse("agent:queue") + _query(filters))
    return redirect("agent:ticket", pk=target)
