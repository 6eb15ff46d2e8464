"""``{% load billing_format %}``: kept for the billing templates; the filters
are the project's (``csba.formatting``, also ``{% load csba_format %}``)."""

from django import template

from csba import formatting

register = template.Library()

register.filter("money", formatting.money)
register.filter("percent", formatting.percent)
