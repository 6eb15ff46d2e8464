"""Formatting for billing pages and emails: percentages and money."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "JPY": "¥"}


def _decimal(value):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def percent(value, places=1):
    """0.04 → "4.0%"; empty → "—"."""
    number = _decimal(value)
    if number is None:
        return "—"
    places = int(places)
    shown = (number * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{number_format(shown, places)}%"


@register.filter
def money(value, currency=""):
    """An amount with its currency symbol; four places kept for rates below a cent."""
    number = _decimal(value)
    if number is None:
        return "—"
    normalized = number.normalize()
    places = max(0, -normalized.as_tuple().exponent) if normalized != normalized.to_integral() else 0
    places = max(places, 0 if currency == "JPY" else 2)
    symbol = CURRENCY_SYMBOLS.get(currency, "")
    text = number_format(
        number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), places, force_grouping=True
    )
    return f"{symbol}{text}" if symbol else f"{text} {currency}".strip()
