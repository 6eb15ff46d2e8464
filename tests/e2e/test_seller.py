"""Sellers in headless Chromium: the home that says what needs doing, a case
answered from a reply template (on a phone), the answer showing in the
agent's conversation; the insights dashboard with data and empty."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from inquiries.caselog.services import reply_template_save
from inquiries.models import CaseMessage
from inquiries.states import CaseStatus, TicketStatus
from tests.billing.test_portal import _history, _seller_in_us
from tests.factories import agent_user, seller_with_user
from tests.inquiries.caselog.conftest import escalate, ticket_for

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_seller_answers_a_case_from_a_template_on_a_phone_and_the_agent_sees_it_in_the_conversation(
    new_page, live_server, clock
):
    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    clock.set(now)
    seller = seller_with_user("kim", time_zone="America/New_York")
    case = escalate(ticket_for(seller=seller, now=now), now=now, question="When did you ship it?")
    reply_template_save(seller_id=seller.pk, name="Shipped", body="Shipped on Monday, order {order_number}.", now=now)
    agent_user("ann")
    page = new_page()
    page.set_viewport_size(PHONE)
    # when the seller logs in, it lands on its home, which lists the case with its countdown
    log_in(page, live_server, "kim", next_url="/seller/")
    expect(page.locator("#todo-cases")).to_contain_text("Cases awaiting your reply")
    expect(page.get_by_role("link", name=case.ticket.reference)).to_be_visible()
    # the countdown runs from the server's (frozen) clock: a minute may pass while the page loads
    expect(page.locator(".todo .countdown")).to_have_text(re.compile(r"^(24 h 0|23 h 5\d) min left$"))
    assert fits_the_screen(page)
    # when it opens the case, inserts its template and sends the reply
    page.get_by_role("link", name=case.ticket.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.ticket.reference)
    assert fits_the_screen(page)
    page.get_by_role("button", name="Insert").click()
    box = page.get_by_role("textbox", name="Your reply")
    expect(box).to_have_value(f"Shipped on Monday, order {case.ticket.order.order_number}.")
    box.press("End")
    box.press_sequentially(" Tracking 1Z999.")
    page.get_by_role("button", name="Send reply").click()
    # then
    expect(page.get_by_text("Your reply was sent to CSBA. Thank you.")).to_be_visible()
    case.refresh_from_db()
    assert case.status == CaseStatus.SELLER_REPLIED
    assert CaseMessage.objects.get(case=case, author_kind="seller").body.endswith("Tracking 1Z999.")
    # and the agent reads the answer in the ticket's conversation, where it happened
    agent = new_page()
    log_in(agent, live_server, "ann", next_url=f"/agent/tickets/{case.ticket_id}/")
    answer = agent.locator("#thread .case-entry.seller-answer")
    expect(answer).to_contain_text("Tracking 1Z999.")
    expect(agent.locator("#thread li").last).to_contain_text("Tracking 1Z999.")
    case.ticket.refresh_from_db()
    assert case.ticket.status == TicketStatus.SELLER_REPLIED


@pytest.mark.parametrize("language", ["en", "de", "ja", "zh-hans"])
def test_the_insights_dashboard_draws_its_charts_in_every_language(new_page, live_server, clock, language):
    clock.set(datetime(2026, 11, 20, tzinfo=UTC))
    seller = _seller_in_us("kim", preferred_language=language)
    _history(seller)
    page = new_page()
    log_in(page, live_server, "kim", next_url="/seller/billing/insights/")
    # the fee, CPU and reasons charts are drawn with their legends; nothing resolved: an empty state
    for chart in ("#chart-fee", "#chart-cpu", "#chart-reasons"):
        expect(page.locator(f"{chart} svg.chart")).to_be_visible()
    expect(page.locator("#chart-cpu .chart-legend li")).to_have_count(2)
    expect(page.locator("#chart-fcr .chart-empty")).to_be_visible()
    # nothing of the charts leaves its panel
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('.chart-panel')].filter(panel =>
               [...panel.querySelectorAll('svg, .chart-legend')].some(el => el.getBoundingClientRect().right > panel.getBoundingClientRect().right + 1)).length"""
    )
    assert overflow == 0
    if language == "ja":
        expect(page.locator("#chart-fee")).to_contain_text("2026年第4四半期")


def test_an_empty_dashboard_says_so_in_every_chart(new_page, live_server, clock):
    clock.set(datetime(2026, 11, 20, tzinfo=UTC))
    _seller_in_us("kim")
    page = new_page()
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "kim", next_url="/seller/billing/insights/")
    expect(page.locator(".chart-empty")).to_have_count(5)
    expect(page.locator("svg.chart")).to_have_count(0)
    expect(page.locator("#chart-csat")).to_contain_text("No ratings yet")
    expect(page.locator("#chart-fee")).to_contain_text("No statements yet")
    assert fits_the_screen(page)


def test_every_seller_page_fits_a_phone(new_page, live_server, clock):
    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    clock.set(now)
    seller = seller_with_user("kim", preferred_language="de", time_zone="Europe/Berlin")
    case = escalate(ticket_for(seller=seller, now=now), now=now)
    page = new_page()
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "kim", next_url="/seller/")
    for path in (
        "/seller/",
        "/seller/search/?q=parcel",
        "/seller/cases/",
        f"/seller/cases/{case.pk}/",
        "/seller/templates/",
        "/seller/messages/",
        "/seller/transfer/",
        "/seller/billing/",
        "/seller/billing/insights/",
        "/seller/billing/estimator/",
        "/seller/enrollment/",
        "/seller/enrollment/US/",
        "/seller/invitations/",
        "/seller/store/",
        "/seller/return-policy/US/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert fits_the_screen(page), path
