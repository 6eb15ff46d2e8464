"""The buyer's signed link to its conversation page (``/help/conversation/<token>/``).

Every reply mailed to a buyer carries one, and the chat and the web form
send the buyer there. The token is signed with SECRET_KEY and this module's
salt (``django.core.signing``): it cannot be forged or pointed at another
ticket. It expires ``BUYER_LINK_DAYS`` after it was issued, judged against
the injected ``now`` (the application clock, not the wall clock), and each
mail issues a fresh one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from csba.errors import DomainError

SALT = "csba.buyer-conversation"


def link_days() -> int:
    return int(getattr(settings, "BUYER_LINK_DAYS", 30))


def buyer_link_expires_at(now: datetime) -> datetime:
    return now + timedelta(days=link_days())


def buyer_token_for(ticket_id: int, *, now: datetime) -> str:
    expires = int(buyer_link_expires_at(now).timestamp())
    return signing.Signer(salt=SALT).sign_object({"t": ticket_id, "e": expires})


def buyer_path_for(ticket_id: int, *, now: datetime) -> str:
    return reverse("intake:conversation", args=[buyer_token_for(ticket_id, now=now)])


def buyer_link_for(ticket_id: int, *, now: datetime) -> str:
    """The absolute link for mail (``SITE_URL``)."""
    return f"{settings.SITE_URL.rstrip('/')}{buyer_path_for(ticket_id, now=now)}"


def buyer_token_read(token: str, *, now: datetime) -> int:
    """The ticket id of a genuine, unexpired token; DomainError otherwise
    (``invalid_link``, ``link_expired``)."""
    try:
        payload = signing.Signer(salt=SALT).unsign_object(token)
        ticket_id, expires = int(payload["t"]), datetime.fromtimestamp(int(payload["e"]), tz=UTC)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise DomainError(_("This conversation link is not valid."), code="invalid_link") from None
    if now >= expires:
        raise DomainError(
            _("This conversation link has expired. Write to us again and we will send you a new one."),
            code="link_expired",
        )
    return ticket_id
