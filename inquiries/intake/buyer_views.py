"""The buyer's conversation page (``/help/conversation/<token>/``, also the
chat window): the messages with customer service, a box to answer, and who
is there. Public pages reached by a signed link (``inquiries.buyer_links``).

The page's script asks ``…/updates/`` every few seconds for the message list
alone (HTML) and the presence line, so what the buyer is typing stays where
it is; it sends an answer with fetch and clears the box only once the answer
is taken. Without the script the page works with plain form posts."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from csba import clock
from csba.errors import DomainError
from csba.formatting import when, zone_name
from csba.forms import add_domain_errors
from csba.mail import zone
from csba.middleware import TZ_COOKIE

from ..buyer_links import buyer_token_read
from ..models import Channel
from ..presence import BUYER, presence_list, presence_touch
from ..states import TICKET_FINAL, TicketStatus
from .forms import BuyerReplyForm
from .selectors import BuyerConversation, buyer_conversation_get
from .services import Contact, contact_receive


def _speak_to_the_buyer(request, ticket) -> None:
    """The page in the language the buyer wrote in and, until the page's
    script reports the browser's zone (``csba_tz``), the marketplace's zone
    (unless the buyer chose a language, or a logged-in user has its own)."""
    if "django_language" not in request.COOKIES and not request.GET.get("lang") and ticket.language:
        if check_for_language(ticket.language):
            translation.activate(ticket.language)
            request.LANGUAGE_CODE = translation.get_language()
    if TZ_COOKIE not in request.COOKIES and not request.user.is_authenticated:
        timezone.activate(zone(ticket.marketplace.time_zone))


def _is_fetch(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _conversation(token: str, now) -> BuyerConversation:
    try:
        ticket_id = buyer_token_read(token, now=now)
    except DomainError as error:
        raise _LinkRefused(error) from None
    conversation = buyer_conversation_get(ticket_id=ticket_id)
    if conversation is None:
        raise Http404(_("This conversation no longer exists."))
    return conversation


class _LinkRefused(Exception):
    def __init__(self, error: DomainError):
        self.error = error


def _refused(request, refused: _LinkRefused):
    status = 410 if refused.error.code == "link_expired" else 400
    if _is_fetch(request):
        return JsonResponse({"detail": refused.error.message, "code": refused.error.code}, status=status)
    return render(request, "inquiries/intake/conversation_refused.html", {"error": refused.error}, status=status)


def _opened(request, token: str, now):
    """(the conversation of a genuine link, set up in the buyer's language and
    zone, None) or (None, the page that refuses the link)."""
    try:
        current = _conversation(token, now)
    except _LinkRefused as refused:
        return None, _refused(request, refused)
    _speak_to_the_buyer(request, current.ticket)
    return current, None


def status_text(conversation: BuyerConversation) -> str:
    """Where the inquiry stands, in the buyer's words."""
    ticket = conversation.ticket
    if ticket.status == TicketStatus.OPEN:
        return _("We received your message and will reply by %(due)s.") % {"due": when(ticket.first_response_due_at)}
    if ticket.status == TicketStatus.PENDING_BUYER:
        return _("We replied. If you still need help, write to us below.")
    if ticket.status in (TicketStatus.AWAITING_SELLER, TicketStatus.SELLER_REPLIED):
        return _("We are checking with the seller and will get back to you.")
    if ticket.status == TicketStatus.RESOLVED:
        return _("This inquiry is resolved. If you need more help, write below and we will pick it up again.")
    return _("Your message was passed to the seller, who will answer you directly.")


def presence_text(*, ticket_id: int, now) -> str:
    """ "Ann is typing…" / "Ann from customer service has joined." (agents only)."""
    agents = [p for p in presence_list(ticket_id=ticket_id, now=now) if p.is_agent]
    typing = next((p for p in agents if p.is_typing(now)), None)
    if typing is not None:
        return _("%(name)s is typing…") % {"name": _first_name(typing.name)}
    if agents:
        return _("%(name)s from customer service has joined.") % {"name": _first_name(agents[0].name)}
    return ""


def _first_name(name: str) -> str:
    return (name or "").split(" ")[0] or _("An agent")


def _poll_seconds(ticket) -> int:
    if ticket.channel == Channel.CHAT:
        return int(getattr(settings, "BUYER_CHAT_POLL_SECONDS", 3))
    return int(getattr(settings, "BUYER_PAGE_POLL_SECONDS", 15))


def _list_context(conversation: BuyerConversation, now) -> dict:
    return {
        "conversation": conversation,
        "ticket": conversation.ticket,
        "status_text": status_text(conversation),
        "presence_text": presence_text(ticket_id=conversation.ticket.pk, now=now),
        "zone": zone_name(),
        "zone_note": _("Times are shown in %(tz)s.") % {"tz": zone_name()},
    }


@require_http_methods(["GET", "POST"])
def conversation(request, token: str):
    now = clock.now()
    current, refused = _opened(request, token, now)
    if refused is not None:
        return refused
    ticket = current.ticket
    can_answer = ticket.status not in TICKET_FINAL
    form = BuyerReplyForm(request.POST or None)
    if request.method == "POST" and can_answer and form.is_valid():
        key = form.cleaned_data["submission_key"]
        try:
            contact_receive(
                contact=Contact(
                    channel=Channel.CHAT if ticket.channel == Channel.CHAT else Channel.WEB_FORM,
                    marketplace_code=ticket.marketplace.code,
                    body=form.cleaned_data["text"],
                    ticket_reference=ticket.pk,
                    buyer_email=ticket.buyer.email if ticket.buyer else None,
                    # One message per key: a double click or a resent request adds nothing.
                    external_message_id=f"web:{ticket.pk}:{key}" if key else None,
                ),
                now=now,
            )
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            if _is_fetch(request):
                return JsonResponse({"ok": True})
            return redirect(reverse("intake:conversation", args=[token]) + "#reply")
    if request.method == "POST" and _is_fetch(request):
        return JsonResponse({"ok": False, "errors": form.errors}, status=400)
    context = {
        **_list_context(current, now),
        "form": form if request.method == "POST" else BuyerReplyForm(initial={"submission_key": get_random_string(24)}),
        "can_answer": can_answer,
        "is_chat": ticket.channel == Channel.CHAT,
        "updates_url": reverse("intake:conversation-updates", args=[token]),
        "poll_seconds": _poll_seconds(ticket),
        "i18n_buyer": {
            "sending": _("Sending…"),
            "sent": _("Sent."),
            "failed": _("Not sent: check your connection and try again. Your text is kept."),
        },
    }
    return render(request, "inquiries/intake/conversation.html", context, status=400 if form.errors else 200)


@require_GET
def conversation_updates(request, token: str):
    """The message list alone (HTML), where the inquiry stands and who is
    there, for the page's script; its call is also the buyer's heartbeat
    (``?typing=1`` while the buyer types)."""
    now = clock.now()
    current, refused = _opened(request, token, now)
    if refused is not None:
        return refused
    ticket = current.ticket
    presence_touch(
        ticket_id=ticket.pk,
        who=BUYER,
        name=ticket.buyer.name if ticket.buyer else "",
        is_typing=request.GET.get("typing") == "1",
        now=now,
    )
    context = _list_context(current, now)
    response = JsonResponse(
        {
            "html": render_to_string("inquiries/intake/_conversation_messages.html", context, request=request),
            "last": current.last_message_id,
            "status": context["status_text"],
            "presence": context["presence_text"],
            "zone": context["zone"],
            "zone_note": context["zone_note"],
        }
    )
    response["Cache-Control"] = "no-store"
    return response
