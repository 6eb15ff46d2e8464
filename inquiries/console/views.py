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
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from csba import clock
from csba.errors import DomainError
from csba.forms import add_domain_errors
from csba.roles import AGENTS, role_required
from sellers.models import Marketplace
from sellers.selectors import marketplace_list

from ..events import EventKind
from ..models import Channel, Resolution
from ..reasons import Reason
from ..states import TICKET_FINAL, TICKET_QUEUE_CLOSED, CaseStatus, TicketStatus
from . import forms as f
from . import services
from .selectors import QueueFilters, closed_window, queue_neighbour, queue_position, ticket_page, ticket_queue

SESSION_FILTERS = "agent_queue_filters"


def _marketplaces() -> list[Marketplace]:
    return marketplace_list()


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
    local = timezone.localtime(deadline)
    shown = {
        "at": deadline,
        "iso": deadline.isoformat(),
        "title": local.strftime("%Y-%m-%d %H:%M %Z"),
        "short": local.strftime("%m-%d %H:%M"),
    }
    if seconds < 0:
        return {**shown, "text": _("%(time)s overdue") % {"time": duration_text(seconds)}, "state": "overdue"}
    state = "soon" if seconds < _due_soon_seconds() else "ok"
    return {**shown, "text": _("in %(time)s") % {"time": duration_text(seconds)}, "state": state}


def _due_soon_seconds() -> float:
    from .selectors import due_soon_window

    return due_soon_window().total_seconds()


def _i18n() -> dict:
    """Strings the script needs (countdowns, polling, shortcuts), in the UI language."""
    return {
        "days": _("%(days)s d %(hours)s h"),
        "hours": _("%(hours)s h %(minutes)s min"),
        "minutes": _("%(minutes)s min"),
        "in": _("in %(time)s"),
        "overdue": _("%(time)s overdue"),
        "new_tickets": _("%(count)s new tickets in the queue."),
        "one_new_ticket": _("1 new ticket in the queue."),
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
    marketplaces = _marketplaces()
    form = f.QueueFilterForm(request.GET, marketplaces=marketplaces)
    filters = form.filters()
    result = ticket_queue(filters=filters, agent_id=request.user.pk, now=now, page=form.page_number())
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
        "i18n": _i18n(),
    }


@role_required(AGENTS)
@require_GET
def queue(request):
    return render(request, "inquiries/agent/queue.html", _queue_context(request, fragment=False))


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
    return f.QueueFilterForm(stored, marketplaces=_marketplaces()).filters()


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
    )
    if target is None:
        messages.info(request, _("No more tickets in this view of the queue."))
        return redirect(reverse("agent:queue") + _query(filters))
    return redirect("agent:ticket", pk=target)


# --- the ticket page ------------------------------------------------------------------------------------------

EVENT_LABELS = {
    EventKind.OPENED: "Opened",
    EventKind.STATUS_CHANGED: "Status changed",
    EventKind.ROUTED: "Routed",
    EventKind.MESSAGE_RECEIVED: "Message received",
    EventKind.REPLY_SENT: "Reply sent",
    EventKind.NOTE_ADDED: "Note added",
    EventKind.CLAIMED: "Claimed",
    EventKind.TAKEN_OVER: "Taken over",
    EventKind.RELEASED: "Released",
    EventKind.SUGGESTION_READY: "Suggestion ready",
    EventKind.SUGGESTION_ACCEPTED: "Suggestion used",
    EventKind.SUGGESTION_DISCARDED: "Suggestion discarded",
    EventKind.REFUND_ISSUED: "Refund issued",
    EventKind.RETURN_AUTHORIZED: "Return authorized",
    EventKind.REPLACEMENT_SENT: "Replacement sent",
    EventKind.CASE_OPENED: "Case opened",
    EventKind.CASE_STATUS_CHANGED: "Case status changed",
    EventKind.CASE_REMINDER_SENT: "Case reminder sent",
    EventKind.SELLER_REPLIED: "Seller replied",
    EventKind.LATE_SELLER_REPLY: "Late seller reply",
    EventKind.AUTO_RESOLVED: "Resolved by CSBA",
    EventKind.MERGED: "Merged",
    EventKind.COMMITMENT_BREACHED: "Buyer commitment missed",
    EventKind.CSAT_RECEIVED: "CSAT received",
    EventKind.SAFET_FILED: "SAFE-T claim filed",
    EventKind.SAFET_DECIDED: "SAFE-T claim decided",
    EventKind.SELLER_NOTIFIED: "Seller notified",
}

ACTION_FORMS = {
    "reply": f.ReplyForm,
    "note": f.NoteForm,
    "refund": f.RefundForm,
    "return": f.ReturnForm,
    "replacement": f.ReplacementForm,
    "escalate": f.EscalateForm,
    "resolve": f.ResolveForm,
    "reopen": f.ReopenForm,
    "merge": f.MergeForm,
    "take_over": f.TakeOverForm,
    "discard": f.DiscardForm,
}
ITEM_ACTIONS = {"refund", "return", "replacement"}
NO_FORM_ACTIONS = {"claim", "release"}


def _build_forms(page, request) -> dict:
    forms = {}
    for name, form_class in ACTION_FORMS.items():
        kwargs = {"items": page.items} if name in ITEM_ACTIONS else {}
        forms[name] = form_class(prefix=name, **kwargs)
    initial_body = ""
    from_suggestion = False
    if request.GET.get("use_suggestion") and page.suggestion:
        initial_body, from_suggestion = page.suggestion.reply, True
    elif request.GET.get("macro", "").isdigit():
        chosen = next((m for m in page.macros if m.macro.pk == int(request.GET["macro"])), None)
        initial_body = chosen.text if chosen else ""
    forms["reply"] = f.ReplyForm(prefix="reply", initial={"body": initial_body, "from_suggestion": from_suggestion})
    return forms


def _render_ticket(request, page, *, forms: dict, failed: str = "", status: int = 200):
    ticket = page.ticket
    user = request.user
    is_mine = ticket.assigned_to_id == user.pk
    is_held_by_other = ticket.assigned_to_id is not None and not is_mine
    now = page.now
    for case in page.cases:
        case.due = countdown(case.deadline_at, now) if case.status == CaseStatus.AWAITING_SELLER else None
    events = [
        {
            "event": event,
            "label": _(EVENT_LABELS.get(event.kind, event.kind.replace("_", " ").capitalize())),
            "details": ", ".join(f"{k}: {v}" for k, v in (event.data or {}).items() if v not in ("", None, {}, [])),
        }
        for event in page.events
    ]
    context = {
        "page": page,
        "ticket": ticket,
        "forms": forms,
        "failed": failed,
        "failed_form": forms.get(failed),
        "events": events,
        "is_mine": is_mine,
        "is_held_by_other": is_held_by_other,
        "holder": services.holder_name(ticket.assigned_to),
        "can_act": not is_held_by_other and ticket.status not in TICKET_FINAL,
        "is_resolved": ticket.status == TicketStatus.RESOLVED,
        "is_final": ticket.status in TICKET_FINAL,
        "due": countdown(ticket.first_response_due_at, now) if ticket.first_responded_at is None else None,
        "reason_label": Reason(ticket.reason).label if ticket.reason in Reason.values else ticket.reason,
        "resolution_label": Resolution(ticket.resolution).label if ticket.resolution in Resolution.values else "",
        "i18n": _i18n(),
        "now": now,
    }
    return render(request, "inquiries/agent/ticket.html", context, status=status)


def _page_or_404(pk: int):
    page = ticket_page(ticket_id=pk, now=clock.now())
    if page is None:
        raise Http404(_("No such ticket."))
    return page


@role_required(AGENTS)
@require_GET
def ticket_detail(request, pk):
    page = _page_or_404(pk)
    return _render_ticket(request, page, forms=_build_forms(page, request))


def _success_message(action: str, result) -> str:
    if action == "claim":
        return _("You hold this ticket now.")
    if action == "take_over":
        return _("You took the ticket over.")
    if action == "release":
        return _("The ticket is back in the queue.")
    if action == "reply":
        return _("Reply sent to the buyer.")
    if action == "note":
        return _("Note added.")
    if action == "refund":
        return _("Refund of %(amount)s %(currency)s issued.") % {"amount": result.amount, "currency": result.currency}
    if action == "return":
        label = _("with a prepaid return label") if result.has_prepaid_label else _("without a prepaid label")
        return _("Return %(rma)s authorized %(label)s.") % {"rma": result.rma_number, "label": label}
    if action == "replacement":
        return _("Replacement recorded.")
    if action == "escalate":
        return _("Case opened: the seller is asked to answer by %(deadline)s.") % {
            "deadline": _local(result.deadline_at)
        }
    if action == "resolve":
        return _("Ticket resolved.")
    if action == "reopen":
        return _("Ticket reopened.")
    if action == "merge":
        return _("%(duplicate)s was merged into this ticket.") % {"duplicate": result.duplicate.reference}
    if action == "discard":
        return _("Suggestion discarded.")
    return _("Done.")


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M %Z")


def _call(action: str, *, pk: int, user, data: dict, now):
    """Call the service behind an action with the form's cleaned data."""
    if action == "claim":
        return services.ticket_claim(ticket_id=pk, agent=user, now=now)
    if action == "take_over":
        return services.ticket_take_over(ticket_id=pk, agent=user, now=now, reason=data["reason"])
    if action == "release":
        return services.ticket_release(ticket_id=pk, agent=user, now=now)
    if action == "reply":
        return services.ticket_reply(
            ticket_id=pk,
            agent=user,
            body=data["body"],
            now=now,
            after=data["after"],
            from_suggestion=data["from_suggestion"],
        )
    if action == "note":
        return services.ticket_note(ticket_id=pk, agent=user, body=data["body"], now=now)
    if action == "refund":
        return services.ticket_refund(
            ticket_id=pk,
            agent=user,
            now=now,
            order_item_id=data["order_item"],
            amount=data["amount"],
            reason=data["reason"],
        )
    if action == "return":
        return services.ticket_authorize_return(
            ticket_id=pk,
            agent=user,
            now=now,
            order_item_id=data["order_item"],
            quantity=data["quantity"],
            reason=data["reason"],
        )
    if action == "replacement":
        return services.ticket_send_replacement(
            ticket_id=pk, agent=user, now=now, order_item_id=data["order_item"], reason=data["reason"]
        )
    if action == "escalate":
        try:
            return services.ticket_escalate(ticket_id=pk, agent=user, question=data["question"], now=now)
        except ImportError as error:
            raise DomainError(
                _("Escalation is not available: the case log is not installed."), code="case_log_missing"
            ) from error
    if action == "resolve":
        return services.ticket_resolve(
            ticket_id=pk, agent=user, resolution=data["resolution"], now=now, note=data["note"]
        )
    if action == "reopen":
        return services.ticket_reopen(ticket_id=pk, agent=user, now=now, reason=data["reason"])
    if action == "merge":
        return services.ticket_merge(ticket_id=pk, into=data["into"], agent=user, now=now)
    if action == "discard":
        return services.ticket_suggestion_discard(ticket_id=pk, agent=user, now=now, reason=data["reason"])
    raise Http404


@role_required(AGENTS)
@require_POST
def ticket_action(request, pk, action):
    if action not in ACTION_FORMS and action not in NO_FORM_ACTIONS:
        raise Http404(_("No such action."))
    page = _page_or_404(pk)
    now = page.now
    form = None
    data: dict = {}
    if action in ACTION_FORMS:
        kwargs = {"items": page.items} if action in ITEM_ACTIONS else {}
        form = ACTION_FORMS[action](request.POST, prefix=action, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
    if form is None or form.is_valid():
        try:
            result = _call(action, pk=pk, user=request.user, data=data, now=now)
        except DomainError as error:
            if form is None:
                messages.error(request, error.message)
                return redirect("agent:ticket", pk=pk)
            add_domain_errors(form, error)
        else:
            messages.success(request, _success_message(action, result))
            if action == "release":
                return redirect("agent:queue")
            if action == "merge":
                return redirect("agent:ticket", pk=result.target.pk)
            return redirect("agent:ticket", pk=pk)
    forms = _build_forms(page, request)
    forms[action] = form
    return _render_ticket(request, page, forms=forms, failed=action, status=400)
