"""The buyer's signed link to its conversation page (``/help/conversation/<token>/``).

Every reply mailed to a buyer carries one, and the chat and the web form
send the buyer there. The token is signed with SECRET_KEY and this module's
salt (``django.core.signing``): it cannot be forged or pointed at another
ticket. It expires ``BUYER_LINK_DAYS`` after it was issued, judged against
the injected ``now`` (the application clock, not the wall clock), and each
mail issues a fresh one."""

from __future__ import annotations

from collections.abc import Callable
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
    return buyer_link_maker(now=now)(ticket_id)


def buyer_link_maker(*, now: datetime) -> Callable[[int], str]:
    """``buyer_link_for`` for many tickets at one moment (a batch of mails):
    the signer, the expiry and the URL around the token made once."""
    signer = signing.Signer(salt=SALT)
    expires = int(buyer_link_expires_at(now).timestamp())
    marker = "token"  # the URL's only variable part: nothing in the path around it is quoted differently
    before, _, after = f"{settings.SITE_URL.rstrip('/')}{reverse('intake:conversation', args=[marker])}".partition(
        marker
    )
    return lambda ticket_id: f"{before}{signer.sign_object({'t': ticket_id, 'e': expires})}{after}"


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
