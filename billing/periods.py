"""Billing months in a marketplace's own time zone.

A billing month is named by its first day (a ``date``); its bounds are local
midnights converted to UTC, so October in Los Angeles runs from
2026-10-01 07:00 UTC to 2026-11-01 07:00 UTC (daylight saving included).
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time


def zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    """The first day of the month ``count`` months after ``month`` (negative: before)."""
    index = month.year * 12 + (month.month - 1) + count
    return date(index // 12, index % 12 + 1, 1)


def month_start_utc(month: date, time_zone: str) -> datetime:
    """Local midnight on the month's first day, as an aware UTC datetime."""
    return datetime.combine(first_of_month(month), time(0), tzinfo=zone(time_zone)).astimezone(UTC)


def month_bounds(month: date, time_zone: str) -> tuple[datetime, datetime]:
    """``[start, end)`` of the month in UTC."""
    return month_start_utc(month, time_zone), month_start_utc(add_months(month, 1), time_zone)


def local_month(moment: datetime, time_zone: str) -> date:
    """The month (its first day) that ``moment`` falls in, in the time zone."""
    return first_of_month(moment.astimezone(zone(time_zone)).date())


def last_closed_month(now: datetime, time_zone: str) -> date:
    """The month before the current local month: the one the cycle closes once
    the marketplace's local time has passed midnight on the 1st."""
    return add_months(local_month(now, time_zone), -1)


def is_month_over(month: date, time_zone: str, now: datetime) -> bool:
    return month_bounds(month, time_zone)[1] <= now


def parse_month(text: str) -> date:
    """``YYYY-MM`` (or a full ISO date) to the month's first day; ValueError otherwise."""
    text = (text or "").strip()
    if len(text) == 7:
        year, month = text.split("-")
        return date(int(year), int(month), 1)
    return first_of_month(date.fromisoformat(text))


def quarter_of(month: date) -> str:
    return f"{month.year}-Q{(month.month - 1) // 3 + 1}"
