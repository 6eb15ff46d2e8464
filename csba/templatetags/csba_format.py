"""``{% load csba_format %}``: the project's formatting filters (``csba.formatting``).

{{ ticket.opened_at|when }}          Dec 2, 2026, 1:00 PM PST (viewer's zone)
{{ message.sent_at|when:"short" }}   Dec 2, 2026, 1:00 PM
{{ shipment.shipped_at|day }}        Dec 2, 2026
{{ refund.amount|money:"JPY" }}      ¥1,980
{{ statement.cpu|percent }}          4.0%
{{ statement.month|month }}          Dec 2026
<time datetime="{{ x|iso }}">        2026-12-02T21:00:00+00:00 (machine-readable)
"""

from django import template

from csba import formatting

register = template.Library()

register.filter("when", formatting.when, expects_localtime=True)
register.filter("day", formatting.day, expects_localtime=True)
register.filter("month", formatting.month)
register.filter("money", formatting.money)
register.filter("percent", formatting.percent)
register.filter("number", formatting.number)


@register.filter
def iso(value) -> str:
    """The moment for ``<time datetime>`` and scripts (UTC offset included)."""
    return value.isoformat() if hasattr(value, "isoformat") else ""


@register.simple_tag
def current_zone() -> str:
    return formatting.zone_name()
