"""The agent console's ticket page (browser pages for the agents role): the queue, its
polled results fragment, the ticket page and one POST view per action.

Views read the clock once, parse a form, call a service and redirect; a
DomainError (or an invalid form) re-renders the ticket page with the errors
on the form that was sent (HTTP 400), never a 500.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from csba import clock
from csba.errors import DomainError
from csba.formatting import money, when
from csba.forms import add_domain_errors
from csba.roles import AGENTS, role_required
from sellers.selectors import agent_scope

from ...models import AuthorKind, Resolution
from ...reasons import Reason
from ...states import TICKET_FINAL, CaseStatus, TicketStatus
from .. import forms as f
from .. import services, texts
from ..selectors import agent_list, ticket_page
from .queue import countdown, script_texts

# --- the ticket page ------------------------------------------------------------------------------------------

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
    "assign": f.AssignForm,
    "reason": f.ReasonForm,
}
ITEM_ACTIONS = {"refund", "return", "replacement"}


def _form_kwargs(name: str, page) -> dict:
    if name in ITEM_ACTIONS:
        return {"items": page.items}
    if name == "assign":
        return {"agents": agent_list()}
    return {}


NO_FORM_ACTIONS = {"claim", "release", "verify_buyer"}


def _build_forms(page, request) -> dict:
    forms = {}
    for name, form_class in ACTION_FORMS.items():
        forms[name] = form_class(prefix=name, **_form_kwargs(name, page))
    initial_body = ""
    from_suggestion = False
    suggestion = page.suggestion
    if request.GET.get("use_suggestion") and suggestion and suggestion.is_escalation:
        # The drafted case and its holding reply go together, through "Ask the seller".
        forms["escalate"] = f.EscalateForm(
            prefix="escalate",
            initial={"question": suggestion.case_question, "holding_reply": suggestion.reply, "from_suggestion": True},
        )
    elif request.GET.get("use_suggestion") and suggestion:
        initial_body, from_suggestion = suggestion.reply, True
    elif request.GET.get("macro", "").isdigit():
        chosen = next((m for m in page.macros if m.macro.pk == int(request.GET["macro"])), None)
        initial_body = chosen.text if chosen else ""
    forms["reply"] = f.ReplyForm(
        prefix="reply",
        initial={"body": initial_body, "from_suggestion": from_suggestion, "seen": page.conversation_version},
    )
    return forms


def conversation(page) -> list[dict]:
    """The ticket's messages and its cases (the question to the seller, the
    seller's answers, follow-ups) in one thread, oldest first: the seller's
    answer shows where it happened in the conversation."""
    entries = [{"kind": "message", "at": m.sent_at, "order": (0, m.pk), "message": m} for m in page.thread]
    for case in page.cases:
        entries.append(
            {"kind": "case", "at": case.opened_at, "order": (1, case.pk, 0), "case": case, "text": case.question}
        )
        for cm in case.messages.all():
            is_seller = cm.author_kind == AuthorKind.SELLER
            entries.append(
                {
                    "kind": "case",
                    "at": cm.sent_at,
                    "order": (1, case.pk, cm.pk),
                    "case": case,
                    "text": cm.body,
                    "is_seller": is_seller,
                    "is_late": cm.is_late,
                    "attachments": list(cm.attachments.all()),
                }
            )
    return sorted(entries, key=lambda entry: (entry["at"], entry["order"]))


def _render_ticket(
    request,
    page,
    *,
    forms: dict,
    failed: str = "",
    status: int = 200,
    refund_preview=None,
    refund_reason: str = "",
    new_after: int | None = None,
):
    ticket = page.ticket
    user = request.user
    is_mine = ticket.assigned_to_id == user.pk
    is_held_by_other = ticket.assigned_to_id is not None and not is_mine
    now = page.now
    for case in page.cases:
        case.due = countdown(case.deadline_at, now) if case.status == CaseStatus.AWAITING_SELLER else None
    events = [
        {"event": event, "label": texts.event_label(event.kind), "details": texts.event_details(event.kind, event.data)}
        for event in page.events
    ]
    context = {
        "page": page,
        "ticket": ticket,
        "forms": forms,
        "failed": failed,
        "failed_form": forms.get(failed),
        "is_escalate_open": failed == "escalate" or bool(forms["escalate"].initial.get("from_suggestion")),
        "refund_preview": refund_preview,
        "refund_reason": refund_reason,
        "new_after": new_after,
        "presence_url": reverse("agent:presence", args=[ticket.pk]),
        "presence_seconds": getattr(settings, "AGENT_PRESENCE_SECONDS", 5),
        "events": events,
        "thread": conversation(page),
        "is_mine": is_mine,
        "is_held_by_other": is_held_by_other,
        "holder": services.holder_name(ticket.assigned_to),
        "can_act": not is_held_by_other and ticket.status not in TICKET_FINAL,
        "is_resolved": ticket.status == TicketStatus.RESOLVED,
        "is_final": ticket.status in TICKET_FINAL,
        "due": countdown(ticket.first_response_due_at, now) if ticket.first_responded_at is None else None,
        "reason_label": Reason(ticket.reason).label if ticket.reason in Reason.values else ticket.reason,
        "classifier_guess": texts.reason_text((ticket.classification or {}).get("runner_up", "")),
        "classifier_said": texts.reason_text((ticket.classification or {}).get("reason", "")),
        "resolution_label": Resolution(ticket.resolution).label if ticket.resolution in Resolution.values else "",
        "i18n": script_texts(),
        "now": now,
        "route_reason": texts.route_reason_text(ticket.route_reason),
        "evidence": [
            {**item, "source_label": texts.evidence_source_text(item["source"])}
            for item in (page.suggestion.evidence_view() if page.suggestion else [])
        ],
    }
    return render(request, "inquiries/agent/ticket.html", context, status=status)


def _page_or_404(request, pk: int):
    """The ticket page, or 404 for a ticket that is not there or outside the agent's marketplaces."""
    page = ticket_page(ticket_id=pk, now=clock.now(), scope=agent_scope(request.user))
    if page is None:
        raise Http404(_("No such ticket."))
    return page


@role_required(AGENTS)
@require_GET
def ticket_detail(request, pk):
    page = _page_or_404(request, pk)
    return _render_ticket(request, page, forms=_build_forms(page, request))


def _success_message(action: str, result, data: dict) -> str:
    if action == "claim":
        return _("You hold this ticket now.")
    if action == "take_over":
        return _("You took the ticket over.")
    if action == "assign":
        return _("Assigned to %(name)s.") % {"name": services.holder_name(result.assigned_to)}
    if action == "release":
        return _("The ticket is back in the queue.")
    if action == "reply":
        return _("Reply sent to the buyer.")
    if action == "note":
        return _("Note added.")
    if action == "refund":
        return _("Refund of %(amount)s issued.") % {"amount": money(result.amount, result.currency)}
    if action == "return":
        label = _("with a prepaid return label") if result.has_prepaid_label else _("without a prepaid label")
        return _("Return %(rma)s authorized %(label)s.") % {"rma": result.rma_number, "label": label}
    if action == "replacement":
        return _("Replacement recorded.")
    if action == "escalate" and not data["holding_reply"].strip():
        return _("Case opened: the seller is asked to answer by %(deadline)s.") % {"deadline": when(result.deadline_at)}
    if action == "escalate":
        return _("Case opened: the seller is asked to answer by %(deadline)s. The buyer was sent your reply.") % {
            "deadline": when(result.deadline_at)
        }
    if action == "resolve":
        return _("Ticket resolved.")
    if action == "reopen":
        return _("Ticket reopened.")
    if action == "merge":
        return _("%(duplicate)s was merged into this ticket.") % {"duplicate": result.duplicate.reference}
    if action == "discard":
        return _("Suggestion discarded.")
    if action == "verify_buyer":
        return _("Buyer verified: the order is attached to the ticket.")
    if action == "reason":
        return _("Reason corrected; the correction is kept for training the classifier.")
    return _("Done.")


def _call(action: str, *, pk: int, user, data: dict, now):
    """Call the service behind an action with the form's cleaned data."""
    if action == "claim":
        return services.ticket_claim(ticket_id=pk, agent=user, now=now)
    if action == "assign":
        return services.ticket_assign(ticket_id=pk, agent=user, assignee=data["assignee"], now=now)
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
            seen_message_id=data.get("seen"),
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
            expected_refunded=data["expected_refunded"],
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
            return services.ticket_escalate(
                ticket_id=pk,
                agent=user,
                question=data["question"],
                now=now,
                holding_reply=data["holding_reply"],
                from_suggestion=data["from_suggestion"],
            )
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
    if action == "verify_buyer":
        return services.ticket_buyer_verify(ticket_id=pk, agent=user, now=now)
    if action == "reason":
        return services.ticket_reason_correct(ticket_id=pk, agent=user, reason=data["reason"], now=now)
    raise Http404


def _refund_confirmation(request, page, form):
    """The refund's first step: the page again, with exactly what would be
    refunded to confirm (nothing is written); a refused amount goes back on the form."""
    data = form.cleaned_data
    try:
        preview = services.ticket_refund_preview(
            ticket_id=page.ticket.pk,
            agent=request.user,
            now=page.now,
            order_item_id=data["order_item"],
            amount=data["amount"],
        )
    except DomainError as error:
        add_domain_errors(form, error)
        forms = _build_forms(page, request)
        forms["refund"] = form
        return _render_ticket(request, page, forms=forms, failed="refund", status=400)
    return _render_ticket(
        request, page, forms=_build_forms(page, request), refund_preview=preview, refund_reason=data["reason"]
    )


@role_required(AGENTS)
@require_POST
def ticket_action(request, pk, action):
    if action not in ACTION_FORMS and action not in NO_FORM_ACTIONS:
        raise Http404(_("No such action."))
    page = _page_or_404(request, pk)
    now = page.now
    form = None
    data: dict = {}
    new_after = None
    if action in ACTION_FORMS:
        form = ACTION_FORMS[action](request.POST, prefix=action, **_form_kwargs(action, page))
        if form.is_valid():
            data = form.cleaned_data
    if action == "refund" and form is not None and form.is_valid() and not data["confirmed"]:
        return _refund_confirmation(request, page, form)
    if form is None or form.is_valid():
        try:
            result = _call(action, pk=pk, user=request.user, data=data, now=now)
        except DomainError as error:
            if form is None:
                messages.error(request, error.message)
                return redirect("agent:ticket", pk=pk)
            add_domain_errors(form, error)
            if error.code == "conversation_changed":
                # Answer the conversation as it is now: the next send carries the new version.
                form.data = form.data.copy()
                form.data["reply-seen"] = str(page.conversation_version)
                new_after = data.get("seen") or 0
        else:
            messages.success(request, _success_message(action, result, data))
            if action == "release":
                return redirect("agent:queue")
            if action == "merge":
                return redirect("agent:ticket", pk=result.target.pk)
            return redirect("agent:ticket", pk=pk)
    forms = _build_forms(page, request)
    forms[action] = form
    return _render_ticket(request, page, forms=forms, failed=action, status=400, new_after=new_after)
