"""Moments, days, money and shares as a person reads them: in the active
language's own formats (Django's localisation: ``csba/formats/<lang>`` first,
then Django's) and the active time zone (the viewer's, set by
``csba.middleware``). Templates use these through ``{% load csba_format %}``
(``|when``, ``|day``, ``|money``, …); Python code that writes a sentence for a
person (a success message, an email) calls them directly. Nothing else
formats a date or an amount by hand."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats, timezone, translation

# ISO 4217 minor units of the currencies that do not have two.
MINOR_UNITS = {"JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0}
SYMBOLS = {"USD": "$", "EUR": "€", "JPY": "¥", "GBP": "£", "CNY": "¥", "CAD": "CA$", "AUD": "A$", "INR": "₹"}
STYLES = {"long": "WHEN_FORMAT", "short": "WHEN_SHORT_FORMAT", "time": "TIME_OF_DAY_FORMAT"}


def _local(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


# Format characters finer than a minute (or whole texts that include seconds): such formats are not remembered.
_SECONDS = frozenset("suvUcrB")
_remembered: dict[tuple, str] = {}
_REMEMBER_AT_MOST = 50_000


def _date_format(value: date, name: str) -> str:
    """``formats.date_format(value, name)``, remembered per (language, format,
    zone, minute or day): a sweep or a mail batch writes the same few days
    and minutes thousands of times, and Django's formatter parses the format
    and looks up translated month names on every call. The project's formats
    show nothing finer than a minute; one that does is formatted every time."""
    language = translation.get_language()
    fmt = formats.get_format(name, language)
    if isinstance(value, datetime):
        if _SECONDS.intersection(fmt):
            return formats.date_format(value, name)
        key = (language, fmt, value.tzinfo, value.utcoffset(), value.replace(second=0, microsecond=0, tzinfo=None))
    else:
        key = (language, fmt, value)
    text = _remembered.get(key)
    if text is None:
        if len(_remembered) >= _REMEMBER_AT_MOST:
            _remembered.clear()
        text = _remembered[key] = formats.date_format(value, name)
    return text


def when(value, style: str = "long") -> str:
    """A moment in the viewer's zone: "Dec 2, 2026, 1:00 PM PST" (long, with
    the zone), "Dec 2, 2026, 1:00 PM" (short), "1:00 PM" (time)."""
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime):
        return day(value)
    return _date_format(_local(value), STYLES.get(style, STYLES["long"]))


def day(value) -> str:
    """The day of a moment (in the viewer's zone) or a date: "Dec 2, 2026"."""
    if value in (None, ""):
        return ""
    value = _local(value)
    if isinstance(value, datetime):
        value = value.date()
    return _date_format(value, "DAY_FORMAT") if isinstance(value, date) else str(value)


def month(value) -> str:
    """A month: "Dec 2026", "Dez. 2026", "2026年12月"."""
    if value in (None, ""):
        return ""
    value = _local(value)
    return formats.date_format(value, "MONTH_FORMAT") if isinstance(value, date) else str(value)


def zone_name() -> str:
    return timezone.get_current_timezone_name()


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def minor_units(currency: str) -> int:
    return MINOR_UNITS.get((currency or "").upper(), 2)


def money(value, currency: str = "") -> str:
    """An amount in its currency's own format for the viewer's language:
    "$7.50", "7,50 €", "¥1,980". Places beyond the minor unit are kept for
    rates below it (a fee of $0.125 per unit); empty → "—"."""
    number = _decimal(value)
    if number is None:
        return "—"
    currency = (currency or "").upper()
    places = minor_units(currency)
    normalized = number.normalize()
    if normalized != normalized.to_integral():
        places = max(places, -normalized.as_tuple().exponent)
    amount = abs(number).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = formats.number_format(amount, places, force_grouping=True)
    symbol = SYMBOLS.get(currency)
    shown = formats.get_format("CURRENCY_FORMAT").format(symbol=symbol, amount=text) if symbol else f"{text} {currency}"
    return f"-{shown.strip()}" if number < 0 else shown.strip()


def percent(value, places: int = 1) -> str:
    """A share as a percentage: 0.04 → "4.0%" ("4,0 %" reads the same in German here); empty → "—"."""
    number = _decimal(value)
    if number is None:
        return "—"
    places = int(places)
    shown = (number * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{formats.number_format(shown, places)}%"


def number(value, places: int | None = None) -> str:
    """A plain number with the language's separators (1,234 / 1.234)."""
    parsed = _decimal(value)
    if parsed is None:
        return "—"
    return formats.number_format(parsed, places, force_grouping=True)
