"""What the ticket page says about a ticket's history, in the viewer's
language: the audit trail (a label and a sentence per event, times in the
viewer's zone, amounts in their currency's format), the routing "why" and the
evidence labels. The events and the ticket store plain English and codes;
they are put into words here, at display time."""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from csba.formatting import money, when

from ..events import EventKind
from ..intake.routing import COVERED, IN_PROGRAM, UNVERIFIED_WHY
from ..models import Channel, Resolution
from ..reasons import Reason, Route
from ..states import CaseStatus, TicketStatus

EVENT_LABELS = {
    EventKind.OPENED: gettext_lazy("Opened"),
    EventKind.STATUS_CHANGED: gettext_lazy("Status changed"),
    EventKind.ROUTED: gettext_lazy("Routed"),
    EventKind.MESSAGE_RECEIVED: gettext_lazy("Message received"),
    EventKind.REPLY_SENT: gettext_lazy("Reply sent"),
    EventKind.NOTE_ADDED: gettext_lazy("Note added"),
    EventKind.CLAIMED: gettext_lazy("Claimed"),
    EventKind.TAKEN_OVER: gettext_lazy("Taken over"),
    EventKind.RELEASED: gettext_lazy("Released"),
    EventKind.ASSIGNED: gettext_lazy("Assigned"),
    EventKind.SUGGESTION_READY: gettext_lazy("Suggestion ready"),
    EventKind.SUGGESTION_ACCEPTED: gettext_lazy("Suggestion used"),
    EventKind.SUGGESTION_DISCARDED: gettext_lazy("Suggestion discarded"),
    EventKind.REASON_CORRECTED: gettext_lazy("Reason corrected"),
    EventKind.REFUND_ISSUED: gettext_lazy("Refund issued"),
    EventKind.RETURN_AUTHORIZED: gettext_lazy("Return authorized"),
    EventKind.REPLACEMENT_SENT: gettext_lazy("Replacement sent"),
    EventKind.CASE_OPENED: gettext_lazy("Case opened"),
    EventKind.CASE_STATUS_CHANGED: gettext_lazy("Case status changed"),
    EventKind.CASE_REMINDER_SENT: gettext_lazy("Case reminder sent"),
    EventKind.SELLER_REPLIED: gettext_lazy("Seller replied"),
    EventKind.LATE_SELLER_REPLY: gettext_lazy("Late seller reply"),
    EventKind.AUTO_RESOLVED: gettext_lazy("Resolved by CSBA"),
    EventKind.MERGED: gettext_lazy("Merged"),
    EventKind.COMMITMENT_BREACHED: gettext_lazy("Buyer commitment missed"),
    EventKind.CSAT_RECEIVED: gettext_lazy("CSAT received"),
    EventKind.SAFET_FILED: gettext_lazy("SAFE-T claim filed"),
    EventKind.SAFET_DECIDED: gettext_lazy("SAFE-T claim decided"),
    EventKind.SELLER_NOTIFIED: gettext_lazy("Seller notified"),
    EventKind.BUYER_VERIFIED: gettext_lazy("Buyer verified"),
}

# The fixed sentences services store as an event's "why" (English, one language for the trail).
WHY_TEXTS = {
    "Replied to the buyer.": gettext_lazy("Replied to the buyer."),
    "The buyer wrote again.": gettext_lazy("The buyer wrote again."),
    "Reopened by the agent.": gettext_lazy("Reopened by the agent."),
    "The agent resolved the ticket.": gettext_lazy("The agent resolved the ticket."),
    "Resolved by CSBA: the seller did not reply in time.": gettext_lazy(
        "Resolved by CSBA: the seller did not reply in time."
    ),
}

# The routing decisions intake stores on the ticket (``inquiries.intake.routing``).
ROUTE_TEXTS = {
    COVERED: gettext_lazy(
        "Covered unit: ordered while the seller was enrolled in CSBA, in a channel its program covers."
    ),
    UNVERIFIED_WHY: gettext_lazy(
        "The contact named an order, but its email is not the order's buyer's: an agent verifies the buyer "
        "before the order is attached and anything of it is shared."
    ),
    "The seller's CSBA program does not cover this fulfilment channel.": gettext_lazy(
        "The seller's CSBA program does not cover this fulfilment channel."
    ),
    "Account and login questions go to marketplace support.": gettext_lazy(
        "Account and login questions go to marketplace support."
    ),
    "A-to-z Guarantee claims in this marketplace are answered by the seller.": gettext_lazy(
        "A-to-z Guarantee claims in this marketplace are answered by the seller."
    ),
    "Post-order inquiry without an order number: the agent identifies the order and checks coverage.": gettext_lazy(
        "Post-order inquiry without an order number: the agent identifies the order and checks coverage."
    ),
    "Other items of this order are not covered.": gettext_lazy("Other items of this order are not covered."),
    "The order has no items.": gettext_lazy("The order has no items."),
    "Seller-fulfilled unit of an order placed while the seller was enrolled in CSBA.": gettext_lazy(
        "Seller-fulfilled unit of an order placed while the seller was enrolled in CSBA."
    ),
    "Fulfilled by Amazon: not a CSBA unit.": gettext_lazy("Fulfilled by Amazon: not a CSBA unit."),
    "Seller-Fulfilled Prime: not a CSBA unit.": gettext_lazy("Seller-Fulfilled Prime: not a CSBA unit."),
    "The order was placed while the seller was not enrolled in CSBA.": gettext_lazy(
        "The order was placed while the seller was not enrolled in CSBA."
    ),
}
_SELLER_QUESTIONS = re.compile(r"^(?P<label>.+) questions are answered by the seller\.$")
_NOT_COVERED = "Not a CSBA unit: "
_TRANSFERRED = "Transferred by the seller; "

EVIDENCE_SOURCES = {
    "title": gettext_lazy("title"),
    "bullet": gettext_lazy("bullet point"),
    "description": gettext_lazy("description"),
    "attribute": gettext_lazy("attribute"),
    "order": gettext_lazy("order"),
    "shipment": gettext_lazy("shipment"),
    "policy": gettext_lazy("return policy"),
    "refund": gettext_lazy("refund"),
    "return": gettext_lazy("return"),
}


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def reason_text(code: str) -> str:
    """A contact reason's label in the viewer's language (the code if unknown)."""
    return _label(Reason, code)


def why_text(text: str) -> str:
    return str(WHY_TEXTS.get(text, text))


def evidence_source_text(source: str) -> str:
    return str(EVIDENCE_SOURCES.get(source, source))


def route_reason_text(text: str) -> str:
    """The routing decision stored on a ticket, in the viewer's language."""
    text = (text or "").strip()
    if text in ROUTE_TEXTS:
        return str(ROUTE_TEXTS[text])
    match = _SELLER_QUESTIONS.match(text)
    if match:
        with translation.override("en"):  # the label was stored in English
            reason = next((r for r in Reason if str(r.label) == match["label"]), None)
        label = _(reason.label) if reason is not None else match["label"]
        return _("%(reason)s questions are answered by the seller.") % {"reason": label}
    if text.startswith(_NOT_COVERED):
        return _("Not a CSBA unit: %(why)s") % {"why": route_reason_text(text[len(_NOT_COVERED) :])}
    if text.startswith(_TRANSFERRED):
        rest = text[len(_TRANSFERRED) :]
        return _("Transferred by the seller: %(why)s") % {"why": route_reason_text(rest[:1].upper() + rest[1:])}
    if text.startswith(IN_PROGRAM):
        return _("In the scope of the seller's program: %(program)s.") % {
            "program": text[len(IN_PROGRAM) :].rstrip(".")
        }
    if text.startswith(COVERED) and len(text) > len(COVERED):
        return f"{ROUTE_TEXTS[COVERED]} {route_reason_text(text[len(COVERED) :])}"
    return text


def _moment(value) -> str:
    if isinstance(value, datetime):
        return when(value)
    with suppress(TypeError, ValueError):
        return when(datetime.fromisoformat(str(value)))
    return str(value)


def _status_change(data: dict, choices) -> list[str]:
    parts = []
    if data.get("from"):
        parts.append(f"{_label(choices, data['from'])} → {_label(choices, data.get('to'))}")
    elif data.get("to"):
        parts.append(_label(choices, data["to"]))
    if data.get("resolution"):
        parts.append(_label(Resolution, data["resolution"]))
    if data.get("why"):
        parts.append(why_text(data["why"]))
    if data.get("deadline_at"):
        parts.append(_("seller answer due %(when)s") % {"when": _moment(data["deadline_at"])})
    if data.get("into"):
        parts.append(_("merged into %(ref)s") % {"ref": f"CSBA-{data['into']}"})
    if data.get("note"):
        parts.append(str(data["note"]))
    return parts


def event_details(kind: str, data: dict) -> str:
    """One line saying what an event did, from its stored data."""
    data = data or {}
    parts: list[str] = []
    if kind == EventKind.OPENED:
        if data.get("route"):
            parts.append(_("to %(route)s") % {"route": _label(Route, data["route"])})
        if data.get("channel"):
            parts.append(_label(Channel, data["channel"]))
        if data.get("why"):
            parts.append(route_reason_text(data["why"]))
    elif kind == EventKind.STATUS_CHANGED:
        parts = _status_change(data, TicketStatus)
    elif kind in (EventKind.CASE_OPENED, EventKind.CASE_STATUS_CHANGED):
        parts = _status_change(data, CaseStatus)
    elif kind in (EventKind.MESSAGE_RECEIVED, EventKind.REPLY_SENT):
        if data.get("channel"):
            parts.append(_label(Channel, data["channel"]))
        if data.get("suggestion") == "accepted":
            parts.append(_("the suggested answer as it was"))
        elif data.get("suggestion") == "edited":
            parts.append(_("the suggested answer, edited"))
    elif kind == EventKind.CLAIMED and data.get("implicit"):
        parts.append(_("on the agent's first action"))
    elif kind in (EventKind.TAKEN_OVER, EventKind.ASSIGNED):
        if data.get("from"):
            parts.append(_("from %(name)s") % {"name": data["from"]})
        if data.get("to"):
            parts.append(_("to %(name)s") % {"name": data["to"]})
        if data.get("reason"):
            parts.append(str(data["reason"]))
    elif kind == EventKind.SUGGESTION_READY:
        parts.append(_("ask the seller") if data.get("decision") == "escalate" else _("answer the buyer"))
    elif kind == EventKind.SUGGESTION_ACCEPTED:
        parts.append(_("edited") if data.get("edited") else _("as suggested"))
    elif kind == EventKind.REFUND_ISSUED:
        parts.append(money(data.get("amount"), data.get("currency", "")))
        parts.append(_("full refund") if data.get("kind") == "full" else _("partial refund"))
        if data.get("is_a_to_z"):
            parts.append(_("A-to-z Guarantee"))
        if data.get("reason"):
            parts.append(str(data["reason"]))
    elif kind == EventKind.RETURN_AUTHORIZED:
        parts.append(f"{data.get('rma_number', '')} × {data.get('quantity', 1)}")
        parts.append(_("prepaid return label") if data.get("prepaid_label") else _("no prepaid label"))
    elif kind == EventKind.REPLACEMENT_SENT:
        parts.append(f"{data.get('asin', '')} × {data.get('quantity', 1)}")
        if data.get("reason"):
            parts.append(str(data["reason"]))
    elif kind == EventKind.CASE_REMINDER_SENT and data.get("deadline_at"):
        parts.append(_("seller answer due %(when)s") % {"when": _moment(data["deadline_at"])})
    elif kind in (EventKind.SELLER_REPLIED, EventKind.LATE_SELLER_REPLY) and data.get("attachments"):
        parts.append(_("%(count)s attachment(s)") % {"count": data["attachments"]})
    elif kind == EventKind.MERGED:
        if data.get("from"):
            parts.append(_("%(ref)s merged into this ticket") % {"ref": f"CSBA-{data['from']}"})
        if data.get("into"):
            parts.append(_("merged into %(ref)s") % {"ref": f"CSBA-{data['into']}"})
    elif kind == EventKind.REASON_CORRECTED:
        parts.append(f"{_label(Reason, data.get('from'))} → {_label(Reason, data.get('to'))}")
    elif kind == EventKind.COMMITMENT_BREACHED and data.get("due_at"):
        parts.append(_("first reply was due %(when)s") % {"when": _moment(data["due_at"])})
    elif kind == EventKind.CSAT_RECEIVED:
        parts.append(_("%(score)s out of 5") % {"score": data.get("score")})
    elif kind == EventKind.BUYER_VERIFIED and data.get("order_number"):
        parts.append(_("order %(number)s attached") % {"number": data["order_number"]})
    elif kind == EventKind.SELLER_NOTIFIED and data.get("to"):
        parts.append(str(data["to"]))
    elif kind in (EventKind.SAFET_DECIDED, EventKind.SAFET_FILED, EventKind.SUGGESTION_DISCARDED):
        parts += [str(data[key]) for key in ("status", "ground", "reason", "note") if data.get(key)]
    return " · ".join(part for part in parts if part)


def event_label(kind: str) -> str:
    return str(EVENT_LABELS.get(kind, kind.replace("_", " ").capitalize()))
