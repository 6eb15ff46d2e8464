"""Times in the viewer's zone and money in each currency's own format, through
Django's localisation (``csba.formatting``, ``{% load csba_format %}``):
the filters themselves, then the pages that used to show raw UTC and
"1980.00 JPY" (the audit trail, the JP case page)."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from csba import formatting
from inquiries.caselog.services import case_sweep_overdue
from inquiries.console.services import ticket_refund
from inquiries.console.texts import event_details, route_reason_text
from inquiries.events import EventKind
from tests.factories import SellerFactory, agent_user, seller_with_user
from tests.inquiries.caselog.conftest import escalate, ticket_for
from tests.inquiries.console.conftest import NOW, covered_ticket

MOMENT = datetime(2026, 12, 2, 21, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    "language,currency,amount,expected",
    [
        ("en", "USD", "7.5", "$7.50"),
        ("en", "JPY", "1980.00", "¥1,980"),
        ("ja", "JPY", "1980", "¥1,980"),
        ("de", "EUR", "1234.5", "1.234,50 €"),
        ("de", "USD", "-7.5", "-7,50 $"),
        ("en", "USD", "0.125", "$0.125"),  # a fee per unit below a cent keeps its places
        ("zh-hans", "EUR", "3", "€3.00"),
        ("zh-hans", "JPY", "3500", "¥3,500"),  # a comma every three digits, not Django's "3500"
        ("en", "CHF", "12", "12.00 CHF"),  # no symbol known: the code after the amount
        ("en", "USD", None, "—"),
    ],
)
def test_money_has_each_currencys_format_in_the_viewers_language(language, currency, amount, expected):
    with translation.override(language):
        assert formatting.money(amount, currency) == expected


@pytest.mark.parametrize(
    "language,zone,long,short,day",
    [
        ("en", "America/Los_Angeles", "Dec 2, 2026, 1:05 PM PST", "Dec 2, 2026, 1:05 PM", "Dec 2, 2026"),
        ("de", "Europe/Berlin", "02.12.2026, 22:05 CET", "02.12.2026, 22:05", "02.12.2026"),
        ("ja", "Asia/Tokyo", "2026年12月3日 06:05 JST", "2026/12/03 06:05", "2026年12月3日"),
        ("zh-hans", "Asia/Shanghai", "2026年12月3日 05:05 CST", "2026/12/03 05:05", "2026年12月3日"),
    ],
)
def test_moments_are_shown_in_the_viewers_zone_and_language(language, zone, long, short, day):
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        assert formatting.when(MOMENT) == long
        assert formatting.when(MOMENT, "short") == short
        assert formatting.day(MOMENT) == day


def test_a_date_is_a_day_whatever_the_zone():
    with translation.override("de"), timezone.override(zoneinfo.ZoneInfo("Asia/Tokyo")):
        assert formatting.day(date(2026, 1, 31)) == "31.01.2026"
        assert formatting.month(date(2026, 1, 1)) == "Jan 2026"
    with translation.override("en"):
        assert formatting.when(None) == "" and formatting.percent(Decimal("0.04")) == "4.0%"


def test_the_audit_trail_speaks_the_viewers_language_zone_and_currency():
    data = {"from": "open", "to": "awaiting_seller", "case_id": 1, "deadline_at": "2026-12-03T22:00:00+00:00"}
    with translation.override("en"), timezone.override(zoneinfo.ZoneInfo("America/Los_Angeles")):
        assert (
            event_details(EventKind.STATUS_CHANGED, data)
            == "Open → Awaiting seller · seller answer due Dec 3, 2026, 2:00 PM PST"
        )
        refund = {"amount": "1980.00", "currency": "JPY", "kind": "partial", "reason": ""}
        assert event_details(EventKind.REFUND_ISSUED, refund) == "¥1,980 · partial refund"
    with translation.override("de"):
        assert event_details(
            EventKind.STATUS_CHANGED, {"from": "open", "to": "pending_buyer", "why": "Replied to the buyer."}
        ) == ("Offen → Wartet auf Käufer · Dem Käufer geantwortet.")


def test_routing_decisions_are_translated_at_display():
    with translation.override("de"):
        assert route_reason_text("Invoice questions are answered by the seller.") == (
            "Fragen zu Rechnung werden vom Verkäufer beantwortet."
        )
        assert route_reason_text("Not a CSBA unit: Fulfilled by Amazon: not a CSBA unit.").startswith(
            "Keine CSBA-Einheit"
        )
        assert (
            route_reason_text("Something nobody wrote a table line for.") == "Something nobody wrote a table line for."
        )


@pytest.mark.django_db
def test_the_ticket_page_shows_no_raw_utc_and_formats_refunds(client):
    # given an agent in Los Angeles and a refund of part of a ticket's item
    agent = agent_user("pacific")
    from sellers.models import StaffProfile

    StaffProfile.objects.update_or_create(user=agent, defaults={"time_zone": "America/Los_Angeles", "language": "en"})
    ticket = covered_ticket()
    ticket_refund(ticket_id=ticket.pk, agent=agent, now=NOW, amount=Decimal("7.50"))
    client.force_login(agent)
    # when
    page = client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    # then the trail says "$7.50" and shows Pacific times, never ISO strings with offsets
    assert "$7.50 · partial refund" in page
    local = timezone.localtime(NOW, zoneinfo.ZoneInfo("America/Los_Angeles"))
    assert formatting.when(local, "short") in page
    assert "+00:00<" not in page and "T02:00:00" not in page.split("<time")[0]
    assert "7.50 USD" not in page


@pytest.mark.django_db
def test_the_jp_case_page_shows_jst_and_yen(client, clock):
    # given a Japanese seller whose case was resolved by CSBA after the 6-hour deadline
    seller = seller_with_user("kyoto", preferred_language="ja", time_zone="Asia/Tokyo")
    ticket = ticket_for(code="JP", seller=seller, now=clock.now, valid_tracking=False)
    ticket.order_item.unit_price = Decimal("1980.00")
    ticket.order_item.save(update_fields=["unit_price"])
    case = escalate(ticket, now=clock.now)
    case_sweep_overdue(now=clock.now + timedelta(hours=7))
    client.force_login(seller.user)
    # when
    page = client.get(f"/seller/cases/{case.pk}/").content.decode()
    # then the deadline of the decision's grounds is in JST, the price in yen's format
    deadline = case.deadline_at.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert f"{deadline:%Y}年{deadline.month}月{deadline.day}日 {deadline:%H:%M} JST" in page
    assert "UTC" not in page
    assert "¥1,980" in page and "JPY" not in page.split("<script")[0]


@pytest.mark.django_db
def test_the_buyers_reply_of_a_decision_has_its_currencys_format():
    from inquiries.models import Direction, Message

    seller = SellerFactory(preferred_language="ja", time_zone="Asia/Tokyo")
    ticket = ticket_for(code="JP", seller=seller, now=NOW, valid_tracking=False)
    ticket.order_item.unit_price = Decimal("1980.00")
    ticket.order_item.save(update_fields=["unit_price"])
    escalate(ticket, now=NOW)
    case_sweep_overdue(now=NOW + timedelta(hours=7))
    body = Message.objects.get(ticket=ticket, direction=Direction.OUTBOUND).body
    assert "¥1,980" in body and "JPY" not in body
