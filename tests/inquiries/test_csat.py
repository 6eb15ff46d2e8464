"""CSAT: a signed, single-use, expiring one-click link emailed once after resolution."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail

from csba.errors import DomainError
from inquiries.models import CsatInvitation, TicketEvent
from inquiries.services.csat import csat_invite, csat_link_for, csat_record, csat_token_for
from inquiries.states import TicketStatus
from inquiries.tasks.csat import csat_invite_task
from tests.factories import BuyerFactory, TicketFactory

pytestmark = pytest.mark.django_db


def _resolved_ticket(clock, **fields):
    return TicketFactory(
        status=TicketStatus.RESOLVED,
        resolved_at=clock.now - timedelta(hours=1),
        buyer=BuyerFactory(email="ann@example.net", name="Ann"),
        **fields,
    )


def test_a_resolved_ticket_invites_the_buyer_once(clock):
    ticket = _resolved_ticket(clock)
    assert csat_invite(ticket_id=ticket.pk, now=clock.now) is True
    assert csat_invite_task(ticket.pk) is False
    [message] = mail.outbox
    assert message.to == ["ann@example.net"]
    assert f"{csat_link_for(ticket)}?score=5" in message.body
    assert f"{csat_link_for(ticket)}?score=1" in message.alternatives[0][0]
    assert CsatInvitation.objects.get().ticket == ticket


def test_no_invitation_for_open_tickets_or_without_a_buyer(clock):
    assert csat_invite(ticket_id=TicketFactory(status=TicketStatus.OPEN).pk, now=clock.now) is False
    assert (
        csat_invite(ticket_id=TicketFactory(status=TicketStatus.RESOLVED, resolved_at=clock.now).pk, now=clock.now)
        is False
    )
    assert mail.outbox == [] and not CsatInvitation.objects.exists()


def test_the_mail_link_shows_the_form_and_only_sending_it_records(client, clock):
    ticket = _resolved_ticket(clock)
    url = f"/csat/{csat_token_for(ticket)}/"
    assert csat_link_for(ticket).endswith(url)
    # when a mail scanner (or the buyer) follows the link of score 4
    response = client.get(f"{url}?score=4")
    # then the form shows with 4 chosen, and nothing is recorded
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="4" required checked' in page and 'value="5" required>' in page
    ticket.refresh_from_db()
    assert ticket.csat_score is None
    assert not TicketEvent.objects.filter(ticket=ticket, kind="csat_received").exists()
    # when the buyer sends the form
    response = client.post(url, {"score": "4"})
    # then
    assert response.status_code == 200 and "4 out of 5" in response.content.decode()
    ticket.refresh_from_db()
    assert (ticket.csat_score, ticket.csat_at) == (4, clock.now)
    assert TicketEvent.objects.filter(ticket=ticket, kind="csat_received", data__score=4).count() == 1
    # a second rating changes nothing, and the link now says it was rated
    response = client.post(url, {"score": "1"})
    assert "already rated" in response.content.decode()
    assert "already rated (4 out of 5)" in client.get(f"{url}?score=1").content.decode()
    ticket.refresh_from_db()
    assert ticket.csat_score == 4
    assert TicketEvent.objects.filter(ticket=ticket, kind="csat_received").count() == 1


def test_the_link_expires(clock):
    ticket = _resolved_ticket(clock)
    token = csat_token_for(ticket)
    with pytest.raises(DomainError) as error:
        csat_record(token=token, score=5, now=clock.now + timedelta(days=15))
    assert error.value.code == "link_expired"
    ticket.refresh_from_db()
    assert ticket.csat_score is None


@pytest.mark.parametrize("tamper", [lambda t: t[:-2] + "xx", lambda t: t.replace(":", "", 1), lambda t: "garbage"])
def test_a_forged_link_is_refused_without_a_500(client, clock, tamper):
    ticket = _resolved_ticket(clock)
    response = client.get(f"/csat/{tamper(csat_token_for(ticket))}/?score=5")
    assert response.status_code == 400 and "not valid" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.csat_score is None


def test_scores_outside_one_to_five_are_refused(client, clock):
    ticket = _resolved_ticket(clock)
    for score in ("0", "6", "five", ""):
        assert client.post(f"/csat/{csat_token_for(ticket)}/", {"score": score}).status_code == 400
    # an odd score in the link only chooses nothing
    assert "checked" not in client.get(f"/csat/{csat_token_for(ticket)}/?score=9").content.decode()
    ticket.refresh_from_db()
    assert ticket.csat_score is None
    assert client.post(f"/csat/{csat_token_for(ticket)}/", {"score": "2"}).status_code == 200
    ticket.refresh_from_db()
    assert ticket.csat_score == 2


def test_ratings_feed_the_statement(clock):
    from datetime import date, datetime

    from billing.services import month_close
    from tests.billing.helpers import UTC, at, contacts, enrolled_seller

    seller = enrolled_seller()
    tickets = contacts(seller, 3, at(2026, 10, 3))
    for ticket, score in zip(tickets, (5, 4, 2)):
        csat_record(token=csat_token_for(ticket), score=score, now=at(2026, 10, 4))
    month_close(marketplace="US", month=date(2026, 10, 1), now=datetime(2026, 11, 2, tzinfo=UTC))
    statement = seller.statements.get()
    assert statement.csat == Decimal("3.67") and statement.inputs["csat"]["ratings"] == 3
