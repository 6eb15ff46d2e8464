"""CSAT: after a ticket is resolved the buyer gets a one-click rating link.

The link carries a signed token (ticket id and resolution time; Django's
signing with SECRET_KEY and this module's salt): it cannot be forged, it
expires ``CSAT_LINK_DAYS`` after the resolution (judged against the
injected ``now``), and a ticket takes one rating (a conditional update).
Ratings land on ``Ticket.csat_score`` / ``csat_at`` with a ``csat_received``
audit event, and feed the statements and the insights dashboard.

The ticket-resolution code enqueues ``Task.CSAT_INVITE`` on commit
(``csba.dispatch``; the task keeps its name ``billing.tasks.csat_invite_task``);
the invitation is emailed once per resolution.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from csba.db import locked
from csba.errors import DomainError
from csba.mail import send_templated_mail
from csba.prepared import Param, PreparedRead

from .. import events
from ..models import ActorKind, CsatInvitation, Ticket
from ..reasons import Route
from ..states import TicketStatus

SALT = "billing.csat"
SCORES = (1, 2, 3, 4, 5)


def _link_days() -> int:
    return int(getattr(settings, "CSAT_LINK_DAYS", 14))


def csat_token_for(ticket: Ticket) -> str:
    issued = ticket.resolved_at or ticket.opened_at
    return signing.Signer(salt=SALT).sign_object({"t": ticket.pk, "r": int(issued.timestamp())})


def csat_link_for(ticket: Ticket) -> str:
    """The public rating page of a resolved ticket (absolute URL); append
    ``?score=N`` for the one-click links of the email."""
    return f"{settings.SITE_URL}/csat/{csat_token_for(ticket)}/"


def csat_token_read(token: str) -> tuple[int, datetime]:
    """(ticket id, issue time) of a genuine token; DomainError otherwise."""
    try:
        payload = signing.Signer(salt=SALT).unsign_object(token)
        return int(payload["t"]), datetime.fromtimestamp(int(payload["r"]), tz=UTC)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise DomainError(_("This rating link is not valid."), code="invalid_link") from None


def csat_link_expires_at(issued_at: datetime) -> datetime:
    return issued_at + timedelta(days=_link_days())


def csat_record(*, token: str, score, now: datetime) -> Ticket:
    """Record the buyer's rating (1–5). Refuses (DomainError) a forged link,
    an expired one (``invalid_link``, ``link_expired``), a second rating of
    the ticket (``already_rated``) and a score outside 1–5 (``invalid_score``)."""
    ticket_id, issued_at = csat_token_read(token)
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if score not in SCORES:
        raise DomainError(
            _("Choose a rating from 1 to 5."),
            code="invalid_score",
            field_errors={"score": [_("Choose a rating from 1 to 5.")]},
        )
    if now >= csat_link_expires_at(issued_at):
        raise DomainError(_("This rating link has expired."), code="link_expired")
    with transaction.atomic():
        ticket = locked(Ticket.objects.filter(pk=ticket_id))
        if ticket is None:
            raise DomainError(_("This rating link is not valid."), code="invalid_link")
        # The conditional update makes the link single-use even without the lock.
        if not Ticket.objects.filter(pk=ticket.pk, csat_score__isnull=True).update(csat_score=score, csat_at=now):
            raise DomainError(_("Thank you, this contact was already rated."), code="already_rated")
        CsatInvitation.objects.filter(ticket_id=ticket.pk, rated_at__isnull=True).update(rated_at=now, score=score)
        events.record(
            ticket_id=ticket.pk,
            kind=events.EventKind.CSAT_RECEIVED,
            now=now,
            actor_kind=ActorKind.BUYER,
            data={"score": score},
        )
        ticket.csat_score, ticket.csat_at = score, now
        return ticket


# The resolved ticket with its buyer and marketplace, locked: one statement compiled once (csba.prepared).
_INVITED = PreparedRead(
    lambda pk: Ticket.objects.filter(pk=pk).select_related("buyer", "marketplace").select_for_update(of=("self",)),
    pk=Param.INT,
)


def csat_invite(*, ticket_id: int, now: datetime) -> bool:
    """Email the buyer of a resolved CSBA ticket the rating links, once per
    resolution (CsatInvitation's unique constraint), not after a rating, and
    not without a buyer email. Returns whether an email was sent."""
    with transaction.atomic():
        ticket = next(iter(_INVITED(pk=ticket_id)), None)
        if (
            ticket is None
            or ticket.status != TicketStatus.RESOLVED
            or ticket.route != Route.CSBA
            or ticket.resolved_at is None
            or ticket.csat_score is not None
        ):
            return False
        buyer = ticket.buyer
        if buyer is None or not buyer.email:
            return False
        expires_at = csat_link_expires_at(datetime.fromtimestamp(int(ticket.resolved_at.timestamp()), tz=UTC))
        if now >= expires_at:
            return False
        try:
            with transaction.atomic():
                CsatInvitation.objects.create(
                    ticket=ticket, resolved_at=ticket.resolved_at, email=buyer.email, sent_at=now, expires_at=expires_at
                )
        except IntegrityError:
            return False
        link = csat_link_for(ticket)
        send_templated_mail(
            template="inquiries/email/csat_invite",
            to=buyer.email,
            language=ticket.language or "en",
            time_zone=ticket.marketplace.time_zone,
            context={
                "ticket": ticket,
                "buyer": buyer,
                "link": link,
                "expires_at": expires_at,
                "scores": [(score, f"{link}?score={score}") for score in reversed(SCORES)],
            },
        )
        return True
