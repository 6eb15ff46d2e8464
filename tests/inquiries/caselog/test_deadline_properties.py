"""Deadlines are calendar hours in UTC, whatever the time zone and across
daylight-saving changes; the sweep follows the moved clock exactly."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csba import clock as csba_clock
from inquiries.caselog.services import case_sweep_overdue
from inquiries.states import CaseStatus

from .conftest import escalate, ticket_for

ZONES = ["America/Los_Angeles", "America/New_York", "Europe/Berlin", "Asia/Tokyo", "Asia/Shanghai", "UTC"]
# Around the 2026 DST changes in the US (Mar 8, Nov 1) and the EU (Mar 29, Oct 25).
MOMENTS = st.datetimes(
    min_value=datetime(2026, 3, 6), max_value=datetime(2026, 3, 31), timezones=st.just(UTC)
) | st.datetimes(min_value=datetime(2026, 10, 23), max_value=datetime(2026, 11, 3), timezones=st.just(UTC))


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(opened=MOMENTS, code=st.sampled_from(["US", "DE", "JP"]), zone=st.sampled_from(ZONES))
def test_the_deadline_is_exact_calendar_hours_in_any_zone_across_dst(clock, opened, code, zone):
    # given a moment near a DST change, seen from the seller's zone
    csba_clock.freeze(opened)
    case = escalate(ticket_for(code=code, now=opened), now=opened)
    hours = case.marketplace.seller_reply_hours
    # then the stored deadline is exactly that many elapsed hours later (UTC)
    assert case.deadline_at == opened + timedelta(hours=hours)
    # and shown in the seller's zone it is the same instant (wall clocks may differ by the DST hour)
    local_open, local_deadline = opened.astimezone(ZoneInfo(zone)), case.deadline_at.astimezone(ZoneInfo(zone))
    assert local_deadline.astimezone(UTC) - local_open.astimezone(UTC) == timedelta(hours=hours)
    # the wall-clock gap is the hours plus the DST shift in between (23 h or 25 h across a change)
    wall = local_deadline.replace(tzinfo=None) - local_open.replace(tzinfo=None)
    assert wall == timedelta(hours=hours) + (local_deadline.utcoffset() - local_open.utcoffset())


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(opened=MOMENTS, code=st.sampled_from(["US", "JP"]), early=st.integers(min_value=1, max_value=3600))
def test_the_sweep_resolves_exactly_at_the_deadline_on_a_moved_clock(clock, opened, code, early):
    csba_clock.freeze(opened)
    case = escalate(ticket_for(code=code, now=opened, valid_tracking=False), now=opened)
    before = csba_clock.advance(timedelta(hours=case.marketplace.seller_reply_hours) - timedelta(seconds=early))
    assert case_sweep_overdue(now=before) == 0
    at = csba_clock.advance(timedelta(seconds=early))
    assert case_sweep_overdue(now=at) == 1
    case.refresh_from_db()
    assert (case.status, case.resolved_at) == (CaseStatus.AUTO_RESOLVED, case.deadline_at)


@pytest.mark.django_db
def test_a_los_angeles_deadline_across_the_spring_change_shows_one_hour_later_on_the_wall(client, clock):
    from tests.factories import seller_with_user

    # given a seller in Los Angeles and a case opened on Saturday 7 March 2026, 12:00 PST (20:00 UTC)
    seller = seller_with_user("la-seller", time_zone="America/Los_Angeles")
    opened = datetime(2026, 3, 7, 20, 0, tzinfo=UTC)
    clock.set(opened)
    case = escalate(ticket_for(seller=seller, now=opened), now=opened)
    # then 24 h later is Sunday 13:00 PDT (clocks went forward at 02:00)
    client.force_login(seller.user)
    body = client.get(f"/seller/cases/{case.pk}/").content.decode()
    assert "Mar 8, 2026, 1:00 PM PDT" in body
